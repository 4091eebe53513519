import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_MONEY } from '../../src/consensus/amounts.js';
import type { BlockConnection } from '../../src/consensus/connect-block.js';
import { bip30Enforced, connectBlock } from '../../src/consensus/connect-block.js';
import { SEQUENCE_LOCKTIME_GRANULARITY } from '../../src/consensus/locktime.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { runScriptChecks } from '../../src/consensus/script-check.js';
import { getBlockScriptFlags } from '../../src/consensus/script-flags.js';
import { blockSubsidy } from '../../src/consensus/subsidy.js';
import { checkTxInputs } from '../../src/consensus/tx-inputs.js';
import { sha256 } from '../../src/crypto/hash.js';
import {
  CONSENSUS_SCRIPT_VERIFY_FLAGS,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_WITNESS,
} from '../../src/script/flags.js';
import { OP_0, OP_CHECKSIG } from '../../src/script/opcodes.js';
import type { Block } from '../../src/wire/block.js';
import { concatBytes, equalBytes } from '../../src/wire/bytes.js';
import type { Transaction } from '../../src/wire/tx.js';
import { txid } from '../../src/wire/tx.js';
import { ANYONE, Key, MemoryCoinView, type SpendInput, spend, TestChain } from '../support/chain-builder.js';
import { outcome } from './helpers.js';

const params = REGTEST_PARAMS;

let chain: TestChain;
const alice = Key.fromSeed(2);
const bob = Key.fromSeed(3);

beforeAll(() => {
  chain = new TestChain(params);
  chain.extend(110);
});

/** A block on the tip with these transactions, its coinbase claiming subsidy + `fees`, mined. */
const block = (txs: Transaction[], fees = 0n): Block => chain.mine(chain.template(txs, { fees }));
const payTo = (value: bigint, scriptPubKey: Uint8Array = ANYONE) => [{ value, scriptPubKey }];
const SUBSIDY = blockSubsidy(1);

describe('connectBlock: a valid block', () => {
  it('spends with real P2PKH and P2WPKH signatures, within the block too, and returns the UTXO changes', () => {
    const height = chain.height + 1;
    const cbIn = chain.coinbaseInput(1);
    // tx1: the miner's P2PKH coinbase -> alice (P2WPKH) + bob (P2PKH), fee 1,000.
    const tx1 = spend(
      [cbIn],
      [
        { value: 100_000_000n, scriptPubKey: alice.p2wpkh },
        { value: SUBSIDY - 100_000_000n - 1_000n, scriptPubKey: bob.p2pkh },
      ],
    );
    const tx1id = txid(tx1);
    // tx2: alice spends tx1's first output in the same block, fee 500.
    const aliceIn: SpendInput = {
      outpoint: { txid: tx1id, vout: 0 },
      coin: { output: tx1.outputs[0]!, height, isCoinbase: false },
      key: alice,
    };
    const tx2 = spend([aliceIn], [{ value: 100_000_000n - 500n, scriptPubKey: bob.p2wpkh }]);
    const b = block([tx1, tx2], 1_500n);

    const c: BlockConnection = chain.check(b);
    expect(c.fees).toBe(1_500n);
    expect(c.blockReward).toBe(SUBSIDY + 1_500n);
    expect(c.flags).toBe(CONSENSUS_SCRIPT_VERIFY_FLAGS);
    expect(c.scriptChecks.map((s) => [s.txIndex, s.inputIndex])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(c.scriptChecks[1]!.spent).toEqual(tx1.outputs[0]);
    expect(() => runScriptChecks(c.scriptChecks)).not.toThrow();

    // Undo data: each spent coin, including the one created and spent inside the block.
    expect(c.undo).toEqual([[cbIn.coin], [aliceIn.coin]]);
    // Only the pre-existing coin is removed; the in-block coin never reaches the UTXO set.
    expect(c.spent).toEqual([cbIn.outpoint]);
    const created = c.created.map(
      (e) => `${equalBytes(e.outpoint.txid, tx1id) ? 'tx1' : 'other'}:${e.outpoint.vout}`,
    );
    expect(created).toEqual(['other:0', 'tx1:1', 'other:0']);
    expect(c.created[0]!.coin.isCoinbase).toBe(true);
    expect(c.created[2]!.coin).toEqual({ output: tx2.outputs[0], height, isCoinbase: false });

    chain.add(b);
    expect(chain.view.getCoin(cbIn.outpoint)).toBeUndefined();
    expect(chain.view.getCoin({ txid: tx1id, vout: 0 })).toBeUndefined();
    expect(chain.view.getCoin({ txid: tx1id, vout: 1 })?.output.value).toBe(SUBSIDY - 100_001_000n);
  });

  it('leaves provably unspendable outputs out of the UTXO set', () => {
    const tx = spend(
      [chain.coinbaseInput(2)],
      [
        { value: 0n, scriptPubKey: Uint8Array.of(0x6a, 1, 2) },
        { value: SUBSIDY, scriptPubKey: ANYONE },
      ],
    );
    const c = chain.check(block([tx]));
    expect(c.created.map((e) => e.outpoint.vout)).toEqual([0, 1]);
    expect(
      c.created.filter((e) => equalBytes(e.outpoint.txid, txid(tx))).map((e) => e.outpoint.vout),
    ).toEqual([1]);
  });

  it('connects the genesis block to nothing', () => {
    const c = connectBlock(params.genesis, 0, new MemoryCoinView(), chain, params);
    expect(c.created).toEqual([]);
    expect(c.scriptChecks).toEqual([]);
  });
});

describe('script checks', () => {
  it('mandatory-script-verify-flag-failed: a signature by the wrong key', () => {
    const input = { ...chain.coinbaseInput(3), key: alice };
    const c = chain.check(block([spend([input], payTo(SUBSIDY))]));
    expect(outcome(() => runScriptChecks(c.scriptChecks))).toBe(
      'mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)',
    );
  });

  it('mandatory-script-verify-flag-failed: a segwit signature over the wrong amount', () => {
    const fund = spend([chain.coinbaseInput(4)], payTo(SUBSIDY, alice.p2wpkh));
    const height = chain.height + 1;
    const aliceIn: SpendInput = {
      outpoint: { txid: txid(fund), vout: 0 },
      coin: { output: { value: SUBSIDY - 1n, scriptPubKey: alice.p2wpkh }, height, isCoinbase: false },
      key: alice,
    };
    const c = chain.check(block([fund, spend([aliceIn], payTo(SUBSIDY - 1n))], 1n));
    expect(outcome(() => runScriptChecks(c.scriptChecks))).toMatch(/^mandatory-script-verify-flag-failed \(/);
  });

  it('flags in force: P2SH and witness always, the rest from height 1', () => {
    expect(getBlockScriptFlags(0, params)).toBe(SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS);
    expect(getBlockScriptFlags(1, params)).toBe(CONSENSUS_SCRIPT_VERIFY_FLAGS);
    expect(getBlockScriptFlags(5_000_000, params)).toBe(CONSENSUS_SCRIPT_VERIFY_FLAGS);
  });
});

describe('connectBlock: inputs', () => {
  it('bad-txns-inputs-missingorspent: an unknown outpoint, and a coin spent twice in one block', () => {
    const ghost: SpendInput = {
      ...chain.coinbaseInput(5),
      outpoint: { txid: new Uint8Array(32).fill(7), vout: 0 },
    };
    expect(outcome(() => chain.check(block([spend([ghost], payTo(1n))], SUBSIDY - 1n)))).toBe(
      'bad-txns-inputs-missingorspent',
    );
    const input = chain.coinbaseInput(5);
    const twice = block([spend([input], payTo(1n)), spend([input], payTo(2n))]);
    expect(outcome(() => chain.check(twice))).toBe('bad-txns-inputs-missingorspent');
  });

  it('bad-txns-premature-spend-of-coinbase: 99 blocks deep, not 100', () => {
    const next = chain.height + 1;
    const young = chain.coinbaseInput(next - 99);
    expect(outcome(() => chain.check(block([spend([young], payTo(SUBSIDY))])))).toBe(
      'bad-txns-premature-spend-of-coinbase',
    );
    const mature = chain.coinbaseInput(next - 100);
    expect(outcome(() => chain.check(block([spend([mature], payTo(SUBSIDY))])))).toBe('ok');
  });

  it('bad-txns-inputvalues-outofrange: a coin above MAX_MONEY', () => {
    const view = chain.view.clone();
    const outpoint = { txid: sha256(Uint8Array.of(1)), vout: 0 };
    const coin = { output: { value: MAX_MONEY + 1n, scriptPubKey: ANYONE }, height: 1, isCoinbase: false };
    view.add(outpoint, coin);
    expect(outcome(() => chain.check(block([spend([{ outpoint, coin }], payTo(1n))]), view))).toBe(
      'bad-txns-inputvalues-outofrange',
    );
  });

  it('bad-txns-in-belowout: outputs worth more than the inputs', () => {
    const tx = spend([chain.coinbaseInput(6)], payTo(SUBSIDY + 1n));
    expect(outcome(() => chain.check(block([tx])))).toBe('bad-txns-in-belowout');
  });

  it('bad-txns-fee-outofrange: outputs that sum negative (as only checkTxInputs sees them)', () => {
    const input = chain.coinbaseInput(6);
    const tx = spend([input], payTo(-MAX_MONEY));
    expect(outcome(() => checkTxInputs(tx, chain.view, chain.height + 1))).toBe('bad-txns-fee-outofrange');
    expect(checkTxInputs(spend([input], payTo(1n)), chain.view, chain.height + 1).fee).toBe(SUBSIDY - 1n);
  });

  it('bad-txns-accumulated-fee-outofrange: two fees of MAX_MONEY', () => {
    const view = chain.view.clone();
    const inputs = [1, 2].map((n) => {
      const outpoint = { txid: sha256(Uint8Array.of(n)), vout: 0 };
      const coin = { output: { value: MAX_MONEY, scriptPubKey: ANYONE }, height: 1, isCoinbase: false };
      view.add(outpoint, coin);
      return { outpoint, coin };
    });
    const b = block(inputs.map((i) => spend([i], payTo(0n))));
    expect(outcome(() => chain.check(b, view))).toBe('bad-txns-accumulated-fee-outofrange');
  });

  it('bad-txns-BIP30: before BIP34 (or with BIP34 after height 1), a transaction whose outputs are already unspent', () => {
    const b = block([]);
    const height = chain.height + 1;
    const view = chain.view.clone();
    view.add(
      { txid: txid(b.txs[0]!), vout: 0 },
      { output: { value: 1n, scriptPubKey: ANYONE }, height: 1, isCoinbase: true },
    );
    // The same chain under rules whose BIP34 starts later: below its height, and above it too
    // (a pre-BIP34 coinbase may have pushed a future height, Core's BIP34_IMPLIES_BIP30_LIMIT).
    for (const bip34Height of [height + 1, height]) {
      const later = { ...params, bip34Height };
      expect(bip30Enforced(height, later)).toBe(true);
      expect(outcome(() => connectBlock(b, height, view, chain, later))).toBe('bad-txns-BIP30');
    }
    expect(
      outcome(() => connectBlock(b, height, chain.view, chain, { ...params, bip34Height: height + 1 })),
    ).toBe('ok');
  });

  it('BIP30 is implied once BIP34 is active from height 1: the outputs are not looked up', () => {
    expect(params.bip34Height).toBe(1);
    expect(bip30Enforced(0, params)).toBe(true);
    expect(bip30Enforced(1, params)).toBe(false);
    const b = block([]);
    const own = txid(b.txs[0]!);
    const asked: string[] = [];
    const view = chain.view.clone();
    const spy = {
      getCoin: (o: { txid: Uint8Array; vout: number }) => {
        if (equalBytes(o.txid, own)) asked.push(`${o.vout}`);
        return view.getCoin(o);
      },
    };
    expect(outcome(() => chain.check(b, spy))).toBe('ok');
    expect(asked).toEqual([]);
  });

  it('bad-cb-amount: the coinbase claims one unit more than subsidy + fees', () => {
    const tx = spend([chain.coinbaseInput(7)], payTo(SUBSIDY - 10n));
    expect(outcome(() => chain.check(block([tx], 10n)))).toBe('ok');
    expect(outcome(() => chain.check(block([tx], 11n)))).toBe('bad-cb-amount');
    expect(outcome(() => chain.check(block([], 1n)))).toBe('bad-cb-amount');
  });

  it('bad-blk-sigops: witness sigops push the cost over 80,000', () => {
    const script = (n: number) => new Uint8Array(n).fill(OP_CHECKSIG);
    const make = (n: number) => {
      const view = chain.view.clone();
      const outpoint = { txid: sha256(Uint8Array.of(n & 0xff, n >> 8)), vout: 0 };
      const p2wsh = concatBytes(Uint8Array.of(OP_0, 32), sha256(script(n)));
      const coin = { output: { value: 1000n, scriptPubKey: p2wsh }, height: 1, isCoinbase: false };
      view.add(outpoint, coin);
      const tx = spend([{ outpoint, coin }], payTo(1000n));
      tx.inputs[0]!.witness = [script(n)];
      return { b: block([tx]), view };
    };
    // The coinbase's P2PKH output costs 4 (one legacy sigop); witness sigops cost 1 each.
    const ok = make(79_996);
    expect(outcome(() => chain.check(ok.b, ok.view))).toBe('ok');
    const bad = make(79_997);
    expect(outcome(() => chain.check(bad.b, bad.view))).toBe('bad-blk-sigops');
  });
});

describe('connectBlock: BIP68 sequence locks', () => {
  let coinHeight: number;
  let input: SpendInput;

  beforeAll(() => {
    // A fresh non-coinbase coin of bob's at the next height.
    const fund = spend([chain.coinbaseInput(8)], payTo(SUBSIDY, bob.p2pkh));
    chain.add(block([fund]));
    coinHeight = chain.height;
    input = {
      outpoint: { txid: txid(fund), vout: 0 },
      coin: chain.view.getCoin({ txid: txid(fund), vout: 0 })!,
      key: bob,
    };
  });

  const relative = (sequence: number, version = 2) =>
    spend([{ ...input, sequence }], payTo(SUBSIDY), { version });

  it('height locks: n blocks after the coin, not before', () => {
    // The next block is coinHeight + 1: a lock of 1 is met, 2 is not.
    expect(chain.height + 1 - coinHeight).toBe(1);
    expect(outcome(() => chain.check(block([relative(1)])))).toBe('ok');
    expect(outcome(() => chain.check(block([relative(2)])))).toBe('bad-txns-nonfinal');
  });

  it('the disable flag and version 1 turn relative locks off', () => {
    expect(outcome(() => chain.check(block([relative(0x80000000 | 50)])))).toBe('ok');
    expect(outcome(() => chain.check(block([relative(50, 1)])))).toBe('ok');
  });

  it('time locks: 512-second units from the median time past before the coin', () => {
    const oneUnit = 0x00400000 | 1;
    // The parent's MTP is only 30 s past the MTP before the coin's block.
    expect(chain.medianTimePast(chain.height) - chain.medianTimePast(coinHeight - 1)).toBeLessThan(
      2 ** SEQUENCE_LOCKTIME_GRANULARITY,
    );
    expect(outcome(() => chain.check(block([relative(oneUnit)])))).toBe('bad-txns-nonfinal');
    expect(outcome(() => chain.check(block([relative(0x00400000)])))).toBe('ok');
  });

  it('a coin created in the same block carries no height yet: any lock fails', () => {
    const fund = spend([chain.coinbaseInput(9)], payTo(SUBSIDY, bob.p2pkh));
    const inBlock: SpendInput = {
      outpoint: { txid: txid(fund), vout: 0 },
      coin: { output: fund.outputs[0]!, height: chain.height + 1, isCoinbase: false },
      key: bob,
    };
    expect(
      outcome(() => chain.check(block([fund, spend([{ ...inBlock, sequence: 0 }], payTo(SUBSIDY))]))),
    ).toBe('ok');
    expect(
      outcome(() => chain.check(block([fund, spend([{ ...inBlock, sequence: 1 }], payTo(SUBSIDY))]))),
    ).toBe('bad-txns-nonfinal');
  });
});
