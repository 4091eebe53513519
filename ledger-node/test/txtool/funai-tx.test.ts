import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { addressToScript } from '../../src/address/address.js';
import { FUNAI_MAINNET, FUNAI_REGTEST } from '../../src/address/networks.js';
import { sha256d } from '../../src/crypto/hash.js';
import { decodeRawTransaction as decodeTx } from '../../src/txtool/decode.js';
import { fromHex, hashToHex, toHex } from '../../src/wire/bytes.js';
import { encodeTx } from '../../src/wire/tx.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'funai-tx.js');

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input });
}

// Bitcoin's genesis coinbase: every explorer and bitcoind print the same facts about it.
const GENESIS_COINBASE =
  '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000';

describe('funai-tx', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'bin', 'funai-tx.js'))) {
      execFileSync(process.execPath, [
        join(root, '..', 'node_modules', 'typescript', 'bin', 'tsc'),
        '-b',
        root,
      ]);
    }
  });

  it('decodes Bitcoin genesis coinbase as decoderawtransaction does', () => {
    const r = run(['-json', GENESIS_COINBASE]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.txid).toBe('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
    expect(j.hash).toBe(j.txid);
    expect([j.version, j.size, j.vsize, j.weight, j.locktime]).toEqual([1, 204, 204, 816, 0]);
    expect(j.vin).toEqual([
      {
        coinbase: GENESIS_COINBASE.slice(84, 84 + 0x4d * 2),
        sequence: 4294967295,
      },
    ]);
    expect(j.vout).toHaveLength(1);
    expect(j.vout[0].value).toBe(50);
    expect(j.vout[0].n).toBe(0);
    expect(j.vout[0].scriptPubKey.type).toBe('pubkey');
    expect(j.vout[0].scriptPubKey.address).toBeUndefined();
    expect(j.vout[0].scriptPubKey.asm).toMatch(/^04678afdb0fe.* OP_CHECKSIG$/);
  });

  it('decodes a segwit transaction: wtxid, weight, witness and decoded signatures', () => {
    // Build a P2WPKH spend by hand so every expected figure is computed independently here.
    const sig = `3044${'02200'.padEnd(68, '1')}${'0220'.padEnd(68, '2')}01`;
    const pub = `02${'33'.repeat(32)}`;
    const hex =
      '02000000' + // version
      '0001' + // marker, flag
      '01' + // one input
      '11'.repeat(32) +
      '05000000' +
      '00' + // empty scriptSig
      'fdffffff' +
      '01' + // one output
      '00e1f50500000000' + // 1 FAI
      '160014' +
      '44'.repeat(20) +
      '02' + // two witness items
      (sig.length / 2).toString(16) +
      sig +
      '21' +
      pub +
      '00000000';
    const r = run(['-json', hex]);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    const stripped = `02000000${hex.slice(12, hex.indexOf('02' + (sig.length / 2).toString(16) + sig))}00000000`;
    expect(j.txid).toBe(hashToHex(sha256d(fromHex(stripped))));
    expect(j.hash).toBe(hashToHex(sha256d(fromHex(hex))));
    expect(j.size).toBe(hex.length / 2);
    expect(j.weight).toBe((stripped.length / 2) * 3 + hex.length / 2);
    expect(j.vsize).toBe(Math.ceil(j.weight / 4));
    expect(j.vin[0]).toEqual({
      txid: '11'.repeat(32),
      vout: 5,
      scriptSig: { asm: '', hex: '' },
      txinwitness: [sig, pub],
      sequence: 0xfffffffd,
    });
    expect(j.vout[0].value).toBe(1);
    expect(j.vout[0].scriptPubKey.type).toBe('witness_v0_keyhash');
    expect(j.vout[0].scriptPubKey.address).toMatch(/^fai1q/);
    expect(addressToScript(j.vout[0].scriptPubKey.address, FUNAI_MAINNET)).toEqual(
      fromHex(`0014${'44'.repeat(20)}`),
    );
  });

  it('creates and edits transactions with bitcoin-tx commands', () => {
    const script = fromHex(`0014${'ab'.repeat(20)}`);
    const created = run([
      '-create',
      '-regtest',
      `in=${'aa'.repeat(32)}:1`,
      `in=${'bb'.repeat(32)}:0:7`,
      `outscript=0.5:0 0x14 0x${'ab'.repeat(20)}`,
      'outdata=deadbeef',
      'locktime=100',
      'replaceable=0',
      'delin=1',
    ]);
    expect(created.stderr).toBe('');
    const tx = decodeTx(fromHex(created.stdout.trim()));
    expect(tx.version).toBe(2);
    expect(tx.locktime).toBe(100);
    expect(tx.inputs).toHaveLength(1);
    expect(hashToHex(tx.inputs[0]!.prevout.txid)).toBe('aa'.repeat(32));
    expect(tx.inputs[0]!.sequence).toBe(0xfffffffd);
    expect(tx.outputs[0]!.value).toBe(50_000_000n);
    expect(tx.outputs[0]!.scriptPubKey).toEqual(script);
    expect(toHex(tx.outputs[1]!.scriptPubKey)).toBe('6a04deadbeef');
    // The regtest address of that script decodes back through outaddr.
    const json = JSON.parse(run(['-json', '-regtest', created.stdout.trim()]).stdout);
    const regtestAddress = json.vout[0].scriptPubKey.address as string;
    expect(regtestAddress.startsWith(`${FUNAI_REGTEST.bech32Hrp}1`)).toBe(true);
    const again = run(['-create', '-regtest', `outaddr=0.5:${regtestAddress}`]);
    expect(decodeTx(fromHex(again.stdout.trim())).outputs[0]!.scriptPubKey).toEqual(script);
    // The same address is not valid on mainnet.
    const wrong = run(['-create', `outaddr=0.5:${regtestAddress}`]);
    expect(wrong.status).toBe(1);
  });

  it('reads a transaction without inputs, which the BIP144 marker makes ambiguous', () => {
    const created = run(['-create', `outscript=1:1`]).stdout.trim();
    expect(created).toBe(`02000000000100e1f50500000000015100000000`);
    const j = JSON.parse(run(['-json', created]).stdout);
    expect(j.vin).toEqual([]);
    expect(j.vout[0].scriptPubKey.asm).toBe('1');
  });

  it('prints the txid with -txid and reads standard input with -', () => {
    const r = run(['-txid', '-'], `${GENESIS_COINBASE}\n`);
    expect(r.stdout.trim()).toBe('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
    expect(toHex(encodeTx(decodeTx(fromHex(GENESIS_COINBASE))))).toBe(GENESIS_COINBASE);
  });

  it.each([
    ['not hex', ['-json', 'zz']],
    ['truncated', ['-json', GENESIS_COINBASE.slice(0, 100)]],
    ['trailing bytes', ['-json', `${GENESIS_COINBASE}00`]],
    ['no transaction', ['-json']],
    ['unknown option', ['-frobnicate', GENESIS_COINBASE]],
    ['bad command', [GENESIS_COINBASE, 'outaddr=1:notanaddress']],
  ])('rejects %s with exit 1 and a one-line error', (_name, args) => {
    const r = run(args);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: /);
  });
});
