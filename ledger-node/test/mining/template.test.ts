import { beforeAll, describe, expect, it } from 'vitest';
import { scriptToAddress } from '../../src/address/address.js';
import { checkTransaction } from '../../src/consensus/check-tx.js';
import { MAX_BLOCK_WEIGHT } from '../../src/consensus/limits.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { decodeCompact } from '../../src/consensus/pow.js';
import { runScriptChecks } from '../../src/consensus/script-check.js';
import { blockSubsidy } from '../../src/consensus/subsidy.js';
import { sha256 } from '../../src/crypto/hash.js';
import { Mempool } from '../../src/mempool/mempool.js';
import {
  buildCoinbase,
  coinbaseScriptSig,
  fitCoinbaseSize,
  withCoinbaseScriptSig,
} from '../../src/mining/template/coinbase.js';
import { selectPackages } from '../../src/mining/template/select.js';
import {
  type BlockTemplate,
  createBlockTemplate,
  withExtraNonce,
} from '../../src/mining/template/template.js';
import { OP_TRUE } from '../../src/script/opcodes.js';
import { scriptForP2WSH } from '../../src/script/standard.js';
import { blockWeight } from '../../src/wire/block.js';
import { equalBytes, toHex } from '../../src/wire/bytes.js';
import type { Transaction, TxOut } from '../../src/wire/tx.js';
import { txid, txSize, txVsize } from '../../src/wire/tx.js';
import { findWitnessCommitmentIndex } from '../../src/wire/witness-commitment.js';
import { Key, type SpendInput, spend, TestChain } from '../consensus/helpers.js';

const params = REGTEST_PARAMS;
const alice = Key.fromSeed(2);
const miner = Key.fromSeed(9);
const TRUE_SCRIPT = Uint8Array.of(OP_TRUE);
const P2WSH_TRUE = scriptForP2WSH(sha256(TRUE_SCRIPT));

let chain: TestChain;
/** Confirmed outputs of the funding block, each 2,000,000 units to alice (P2WPKH) or P2PKH. */
let funds: SpendInput[];
let legacyFunds: SpendInput[];

beforeAll(() => {
  chain = new TestChain(params);
  chain.extend(105);
  const fundOut: TxOut[] = [
    ...Array.from({ length: 40 }, () => ({ value: 2_000_000n, scriptPubKey: alice.p2wpkh })),
    ...Array.from({ length: 4 }, () => ({ value: 2_000_000n, scriptPubKey: alice.p2pkh })),
  ];
  const fundTotal = 44n * 2_000_000n;
  const cb = chain.coinbaseInput(1);
  const fee = 10_000n;
  const fund = spend(
    [cb],
    [...fundOut, { value: cb.coin.output.value - fundTotal - fee, scriptPubKey: miner.p2pkh }],
  );
  chain.add(chain.mine(chain.template([fund], { fees: fee })));
  const id = txid(fund);
  const all = fund.outputs.map((output, vout) => ({
    outpoint: { txid: id, vout },
    coin: { output, height: chain.height, isCoinbase: false },
    key: alice,
  }));
  funds = all.slice(0, 40);
  legacyFunds = all.slice(40, 44);
});

/** A fresh pool over the test chain's tip. */
function pool(): Mempool {
  return new Mempool({
    chain: {
      getCoin: (o) => chain.view.getCoin(o),
      tipHeight: () => chain.height,
      medianTimePast: (h) => chain.medianTimePast(h),
    },
    params,
  });
}

function tip() {
  const h = chain.tip.block.header;
  return {
    hash: chain.tip.hash,
    height: chain.height,
    time: h.time,
    bits: h.bits,
    medianTimePast: chain.medianTimePast(chain.height),
  };
}

function template(mempool: Mempool, opts: { maxWeight?: number } = {}): BlockTemplate {
  return createBlockTemplate({
    tip: tip(),
    params,
    mempool,
    payout: miner.p2wpkh,
    extraNonce: 7,
    time: chain.now,
    ...opts,
  });
}

/** A spend of `input` paying `rate` units per vbyte to P2WSH(OP_TRUE) outputs (`outputs` of them). */
function spendAt(input: SpendInput, rate: bigint, outputs = 1, outScript = P2WSH_TRUE): Transaction {
  const shape = (fee: bigint): Transaction => {
    const each = (input.coin.output.value - fee) / BigInt(outputs);
    return spend(
      [input],
      Array.from({ length: outputs }, () => ({ value: each, scriptPubKey: outScript })),
    );
  };
  const vsize = BigInt(txVsize(shape(0n)));
  return shape(rate * (vsize + 1n));
}

/** Output `vout` of an unconfirmed P2WSH(OP_TRUE) spend, ready to spend again (no signature). */
function child(parent: Transaction, rate: bigint): Transaction {
  const out = parent.outputs[0]!;
  const tx: Transaction = {
    version: 2,
    inputs: [
      {
        prevout: { txid: txid(parent), vout: 0 },
        scriptSig: new Uint8Array(0),
        sequence: 0xffffffff,
        witness: [TRUE_SCRIPT],
      },
    ],
    outputs: [{ value: 0n, scriptPubKey: P2WSH_TRUE }],
    locktime: 0,
  };
  const vsize = BigInt(txVsize(tx));
  tx.outputs[0]!.value = out.value - rate * vsize;
  return tx;
}

/** Every consensus check on the mined template block, scripts included; returns the fees it claims. */
function expectValid(t: BlockTemplate): bigint {
  const mined = chain.mine(t.block);
  const connection = chain.check(mined);
  runScriptChecks(connection.scriptChecks);
  return connection.fees;
}

describe('coinbase size (BIP54)', () => {
  it('a coinbase that would be 64 bytes without witness gets one more scriptSig byte', () => {
    // Height 20 pushes as 2 bytes, extra nonce 0 as OP_0, one 1-byte output: 64 bytes.
    const raw = buildCoinbase(20, [{ value: 1n, scriptPubKey: Uint8Array.of(OP_TRUE) }], 0);
    expect(txSize(raw, false)).toBe(64);
    expect(() => checkTransaction(raw)).toThrow('bad-txns-size');
    const fitted = withCoinbaseScriptSig(raw, 20, 0);
    expect(txSize(fitted, false)).toBe(65);
    expect(fitted.inputs[0]!.scriptSig).toEqual(Uint8Array.of(...coinbaseScriptSig(20, 0), 0));
    checkTransaction(fitted);
    // Any other size is left alone.
    const other = withCoinbaseScriptSig(raw, 20, 1_000);
    expect(other.inputs[0]!.scriptSig).toEqual(coinbaseScriptSig(20, 1_000));
    expect(fitCoinbaseSize(other)).toBe(other);
  });
});

describe('createBlockTemplate', () => {
  it('builds a valid coinbase-only block on an empty pool', () => {
    const t = template(pool());
    expect(t.height).toBe(chain.height + 1);
    expect(t.block.txs.length).toBe(1);
    expect(t.coinbaseValue).toBe(blockSubsidy(t.height));
    expect(t.witnessCommitment).toBeNull();
    expect(findWitnessCommitmentIndex(t.block.txs[0]!)).toBe(-1);
    expect(t.block.txs[0]!.inputs[0]!.scriptSig).toEqual(coinbaseScriptSig(t.height, 7));
    expect(t.minTime).toBe(chain.medianTimePast(chain.height) + 1);
    expect(t.curTime).toBe(chain.now);
    expect(t.bits).toBe(chain.tip.block.header.bits);
    expect(t.target).toBe(decodeCompact(t.bits).target);
    expect(equalBytes(t.previousBlockHash, chain.tip.hash)).toBe(true);
    expect(expectValid(t)).toBe(0n);
  });

  it('mines a low-fee parent with a high-fee child (CPFP) before a medium-fee transaction', () => {
    const mp = pool();
    const parent = spendAt(funds[0]!, 1n);
    const kid = child(parent, 100n);
    const medium = spendAt(funds[1]!, 20n);
    for (const tx of [parent, medium, kid]) mp.accept(tx, chain.now);

    const t = template(mp);
    expect(t.block.txs.slice(1).map((tx) => toHex(txid(tx)))).toEqual(
      [parent, kid, medium].map((tx) => toHex(txid(tx))),
    );
    expect(t.transactions[1]!.depends).toEqual([1]);
    expect(t.transactions[0]!.depends).toEqual([]);
    const fees = t.transactions.reduce((s, x) => s + x.fee, 0n);
    expect(t.fees).toBe(fees);
    expect(t.coinbaseValue).toBe(blockSubsidy(t.height) + fees);
    expect(expectValid(t)).toBe(fees);

    // Room for two transactions only: the package (parent + child) wins over the medium one.
    const packageWeight = [parent, kid].reduce((w, tx) => w + 4 * txVsize(tx), 0);
    const small = template(mp, { maxWeight: 4_000 + packageWeight + 4 });
    expect(small.block.txs.slice(1).map((tx) => toHex(txid(tx)))).toEqual(
      [parent, kid].map((tx) => toHex(txid(tx))),
    );
    expectValid(small);
  });

  it('ranks a package by its ancestor fee rate, not by the child’s own rate', () => {
    const mp = pool();
    // The child pays 30/vB, but with its 1/vB parent the package pays about 15/vB: below 20/vB.
    const parent = spendAt(funds[37]!, 1n);
    const kid = child(parent, 30n);
    const medium = spendAt(funds[38]!, 20n);
    for (const tx of [parent, kid, medium]) mp.accept(tx, chain.now);
    const t = template(mp);
    expect(t.block.txs.slice(1).map((tx) => toHex(txid(tx)))).toEqual(
      [medium, parent, kid].map((tx) => toHex(txid(tx))),
    );
    expect(t.transactions[2]!.depends).toEqual([2]);
    expectValid(t);
  });

  it('carries the witness commitment when a transaction has a witness, and not otherwise', () => {
    const withWitness = pool();
    withWitness.accept(spendAt(funds[2]!, 5n), chain.now);
    const t = template(withWitness);
    const cb = t.block.txs[0]!;
    const index = findWitnessCommitmentIndex(cb);
    expect(index).toBe(cb.outputs.length - 1);
    expect(toHex(t.witnessCommitment!)).toBe(toHex(cb.outputs[index]!.scriptPubKey));
    expect(cb.inputs[0]!.witness).toEqual([new Uint8Array(32)]);
    expectValid(t);

    const legacy = pool();
    legacy.accept(spendAt(legacyFunds[0]!, 5n, 1, alice.p2pkh), chain.now);
    const t2 = template(legacy);
    expect(t2.block.txs.length).toBe(2);
    expect(t2.witnessCommitment).toBeNull();
    expect(findWitnessCommitmentIndex(t2.block.txs[0]!)).toBe(-1);
    expectValid(t2);
  });

  it('keeps within the block weight limit, leaving out the lowest fee rates', () => {
    const mp = pool();
    // 30 transactions of about 170,000 weight: about 5.1 M in all.
    const big = funds.slice(5, 35).map((f, i) => spendAt(f, BigInt(2 + i), 1_000));
    for (const tx of big) mp.accept(tx, chain.now);
    const t = template(mp);
    const included = new Set(t.block.txs.slice(1).map((tx) => toHex(txid(tx))));
    expect(included.size).toBeGreaterThan(15);
    expect(included.size).toBeLessThan(30);
    expect(t.weight).toBe(blockWeight(t.block));
    expect(t.weight).toBeLessThanOrEqual(MAX_BLOCK_WEIGHT);
    // Higher rates come later in `big`: what is included is a suffix of it.
    const ranks = big.map((tx) => included.has(toHex(txid(tx))));
    expect(ranks).toEqual(big.map((_, i) => i >= 30 - included.size));
    expect(expectValid(t)).toBe(t.fees);
  });

  it('pays an address, and a new extra nonce changes only the coinbase and the Merkle root', () => {
    const mp = pool();
    mp.accept(spendAt(funds[3]!, 3n), chain.now);
    const address = scriptToAddress(miner.p2pkh, params.addressPrefixes)!;
    const t = createBlockTemplate({ tip: tip(), params, mempool: mp, payout: address, time: chain.now });
    expect(t.block.txs[0]!.outputs[0]!.scriptPubKey).toEqual(miner.p2pkh);
    const again = withExtraNonce(t, 123_456);
    expect(again.txs[0]!.inputs[0]!.scriptSig).toEqual(coinbaseScriptSig(t.height, 123_456));
    expect(equalBytes(again.header.merkleRoot, t.block.header.merkleRoot)).toBe(false);
    expect(again.txs.slice(1)).toEqual(t.block.txs.slice(1));
    expectValid({ ...t, block: again });
  });

  it('leaves out transactions not final at the height being built', () => {
    const mp = pool();
    // Final in the next block (lock time = tip height), not in one at the tip's own height.
    const tx = spend(
      [{ ...funds[4]!, sequence: 0xfffffffe }],
      [{ value: 1_990_000n, scriptPubKey: P2WSH_TRUE }],
      {
        locktime: chain.height,
      },
    );
    mp.accept(tx, chain.now);
    const opts = {
      maxWeight: 3_996_000,
      minFeeRate: 1_000n,
      lockTimeCutoff: chain.medianTimePast(chain.height),
    };
    expect(selectPackages(mp.entries(), { ...opts, height: chain.height + 1 }).entries.length).toBe(1);
    expect(selectPackages(mp.entries(), { ...opts, height: chain.height }).entries.length).toBe(0);
  });

  it('leaves out packages below the minimum fee rate', () => {
    const mp = pool();
    mp.accept(spendAt(funds[35]!, 2n), chain.now);
    mp.accept(spendAt(funds[36]!, 9n), chain.now);
    const t = createBlockTemplate({
      tip: tip(),
      params,
      mempool: mp,
      payout: miner.p2wpkh,
      time: chain.now,
      minFeeRate: 5_000n,
    });
    expect(t.transactions.length).toBe(1);
    expect(t.transactions[0]!.fee).toBeGreaterThan(5n * BigInt(txVsize(t.transactions[0]!.tx)));
  });
});
