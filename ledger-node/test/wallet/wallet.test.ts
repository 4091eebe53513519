import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HDKey } from '@scure/bip32';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scriptToAddress } from '../../src/address/address.js';
import { BITCOIN_MAINNET } from '../../src/address/networks.js';
import { SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS } from '../../src/script/flags.js';
import { verifyInput } from '../../src/script/interpreter.js';
import { scriptForNullData } from '../../src/script/standard.js';
import { selectCoins } from '../../src/wallet/coin-selection.js';
import { accountPath, derivePublic, mnemonicSeed } from '../../src/wallet/hd.js';
import { Wallet, WalletError } from '../../src/wallet/wallet.js';
import type { Block } from '../../src/wire/block.js';
import { hashToHex, toHex } from '../../src/wire/bytes.js';
import { type Transaction, txid } from '../../src/wire/tx.js';

const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

let dir: string;
let height = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'funai-wallet-'));
  height = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function coinbasePaying(script: Uint8Array, value: bigint): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: Uint8Array.of(1, ++height, 0),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value, scriptPubKey: script }],
    locktime: 0,
  };
}

function block(txs: Transaction[]): Block {
  return {
    header: {
      version: 4,
      prevBlock: new Uint8Array(32),
      merkleRoot: new Uint8Array(32),
      time: 1000 + height,
      bits: 0,
      nonce: 0,
    },
    txs,
  };
}

function hashOf(n: number): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? n : 0));
}

describe('wallet', () => {
  it('derives BIP84 keys: the published first receive address of the test mnemonic', () => {
    // BIP84's test vector (coin type 0): m/84'/0'/0'/0/0 of the "abandon ... about" mnemonic.
    const account = HDKey.fromMasterSeed(mnemonicSeed(MNEMONIC)).derive("m/84'/0'/0'").publicExtendedKey;
    const key = derivePublic(account, 0, 0);
    expect(toHex(key.publicKey)).toBe('0330d54fd0dd420a6e5f8d3624f5f3482cae350f79d5f0753bf5beef9c2d91af3c');
    expect(scriptToAddress(key.scriptPubKey, BITCOIN_MAINNET)).toBe(
      'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
    );
    // Our own paths differ per network, so a regtest wallet never yields mainnet keys.
    expect(accountPath('main')).toBe("m/84'/4645'/0'");
    expect(accountPath('regtest')).toBe("m/84'/1'/0'");
    const w = Wallet.create(join(dir, 'w.json'), 'regtest', { mnemonic: MNEMONIC });
    const expected = derivePublic(
      HDKey.fromMasterSeed(mnemonicSeed(MNEMONIC)).derive("m/84'/1'/0'").publicExtendedKey,
      0,
      0,
    );
    expect(w.newScript(0)).toEqual(expected.scriptPubKey);
    expect(w.newScript(0)).not.toEqual(expected.scriptPubKey);
  });

  it('tracks coins through blocks, matures coinbases, spends with valid signatures', () => {
    const w = Wallet.create(join(dir, 'w.json'), 'regtest', { mnemonic: MNEMONIC });
    const mine = w.newScript();
    const cb = coinbasePaying(mine, 150_000_000n);
    w.blockConnected(block([cb]), 1, hashOf(1));
    expect(w.balances(1, 100)).toEqual({ trusted: 0n, untrustedPending: 0n, immature: 150_000_000n });
    expect(w.balances(101, 100).trusted).toBe(150_000_000n);
    expect(() =>
      w.createTransaction({ outputs: [{ value: 1n, scriptPubKey: mine }], feeRate: 1n }, 100, 100),
    ).toThrow(/Insufficient funds/);

    const payee = scriptForNullData(Uint8Array.of(0x46, 0x41, 0x49, 1, 0));
    const other = Uint8Array.from([0x00, 0x14, ...new Uint8Array(20).fill(7)]);
    const tx = w.createTransaction(
      {
        outputs: [
          { value: 50_000_000n, scriptPubKey: other },
          { value: 0n, scriptPubKey: payee },
        ],
        feeRate: 2n,
      },
      101,
      100,
    );
    // Every input verifies under the consensus interpreter.
    const flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
    expect(verifyInput(tx, 0, cb.outputs[0]!, flags)).toBe('OK');
    const change = tx.outputs[2]!;
    expect(w.isMine(change.scriptPubKey)).toBe(true);
    const fee = 150_000_000n - 50_000_000n - change.value;
    expect(fee).toBeGreaterThan(0n);
    expect(fee).toBeLessThan(1000n);

    w.txAccepted(tx, 2000);
    expect(w.balances(101, 100)).toEqual({ trusted: change.value, untrustedPending: 0n, immature: 0n });
    expect(w.listUnspent(101, 100)).toEqual([]);
    expect(w.listUnspent(101, 100, 0).map((u) => u.txid)).toEqual([hashToHex(txid(tx))]);

    // Reloading from disk keeps everything.
    const again = Wallet.load(join(dir, 'w.json'), 'regtest');
    expect(again.balances(101, 100)).toEqual(w.balances(101, 100));
    expect(again.listTransactions().map((t) => t.txid)).toEqual(w.listTransactions().map((t) => t.txid));
    expect(statSync(join(dir, 'w.json')).mode & 0o777).toBe(0o600);
  });

  it('undoes a disconnected block and releases coins of removed mempool txs', () => {
    const w = Wallet.create(join(dir, 'w.json'), 'regtest');
    const cb = coinbasePaying(w.newScript(), 1000n);
    const b = block([cb]);
    w.blockConnected(b, 1, hashOf(1));
    expect(w.balances(1, 100).immature).toBe(1000n);
    w.blockDisconnected(b, 1);
    expect(w.balances(1, 100)).toEqual({ trusted: 0n, untrustedPending: 0n, immature: 0n });
    expect(w.listTransactions()).toEqual([]);
  });

  it('encrypts the mnemonic: locked wallets cannot sign, wrong passphrases are refused', async () => {
    const w = Wallet.create(join(dir, 'w.json'), 'regtest', { mnemonic: MNEMONIC });
    const mine = w.newScript();
    w.blockConnected(block([coinbasePaying(mine, 10_000n)]), 1, hashOf(1));
    await w.encrypt('correct horse');
    expect(w.isLocked).toBe(true);
    const pay = { outputs: [{ value: 1000n, scriptPubKey: mine }], feeRate: 1n };
    expect(() => w.createTransaction(pay, 200, 100)).toThrow(WalletError);
    await expect(w.unlock('wrong', 60)).rejects.toMatchObject({ code: -14 });
    await w.unlock('correct horse', 60);
    expect(w.createTransaction(pay, 200, 100).inputs).toHaveLength(1);
    w.lock();
    expect(() => w.createTransaction(pay, 200, 100)).toThrow(/walletpassphrase/);
    // The file holds no mnemonic in clear.
    const reloaded = Wallet.load(join(dir, 'w.json'), 'regtest');
    expect(reloaded.isLocked).toBe(true);
  });

  it('refuses a wallet file of another network', () => {
    Wallet.create(join(dir, 'w.json'), 'regtest');
    expect(() => Wallet.load(join(dir, 'w.json'), 'main')).toThrow(/network/);
  });
});

describe('coin selection', () => {
  const coin = (value: bigint) => ({ value, inputVsize: 68, ref: value });

  it('finds a changeless set when one exists', () => {
    const s = selectCoins([coin(5000n), coin(30_000n), coin(20_068n + 11n + 31n)], {
      target: 20_000n,
      feeRate: 1n,
      baseVsize: 11 + 31,
      changeVsize: 31,
      minChange: 1000n,
    });
    expect(s.change).toBe(0n);
    expect(s.coins.map((c) => c.ref)).toEqual([20_068n + 11n + 31n]);
  });

  it('falls back to largest-first with change, and fails when funds are short', () => {
    const req = { target: 40_000n, feeRate: 1n, baseVsize: 42, changeVsize: 31, minChange: 1000n };
    const s = selectCoins([coin(5000n), coin(30_000n), coin(25_000n)], req);
    const total = s.coins.reduce((a, c) => a + c.value, 0n);
    expect(total - req.target - s.fee).toBe(s.change);
    expect(s.fee).toBe(BigInt(42 + 68 * s.coins.length + 31));
    expect(() => selectCoins([coin(5000n)], req)).toThrow(/Insufficient/);
  });
});
