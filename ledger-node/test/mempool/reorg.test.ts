import { describe, expect, it } from 'vitest';
import { ancestorsOf } from '../../src/mempool/entry.js';
import type { RemovalReason } from '../../src/mempool/mempool.js';
import type { Block } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import type { Transaction } from '../../src/wire/tx.js';
import { NULL_TXID, txid } from '../../src/wire/tx.js';
import { Key, outputOf, P2WSH_TRUE, spend } from '../support/chain-builder.js';
import { NOW, newPool } from './harness.js';

const alice = Key.fromSeed(2);
const out = (value: bigint) => ({ value, scriptPubKey: P2WSH_TRUE });
const key = (tx: Transaction) => toHex(txid(tx));

function coinbase(height: number): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: NULL_TXID, vout: 0xffffffff },
        scriptSig: Uint8Array.of(2, height & 0xff, height >> 8),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [out(150_000_000n)],
    locktime: 0,
  };
}

const block = (txs: Transaction[]): Block => ({ header: {} as never, txs });

/**
 * A pool with: a → b (b spends a), c → c2, and `free` alone; a block with a coinbase, a and x,
 * where x double-spends c's input.
 */
function scenario() {
  const { pool, chain } = newPool();
  const a = spend([{ ...chain.coin(alice.p2wpkh, 100_000n), key: alice }], [out(90_000n)]);
  const b = spend([outputOf(a, 0)], [out(80_000n)]);
  const cCoin = chain.coin(P2WSH_TRUE, 50_000n);
  const c = spend([cCoin], [out(40_000n)]);
  const c2 = spend([outputOf(c, 0)], [out(30_000n)]);
  const x = spend([cCoin], [out(45_000n)]);
  for (const tx of [a, b, c, c2]) pool.accept(tx, NOW);
  const removed: [string, RemovalReason][] = [];
  pool.on('removed', (e, why) => removed.push([e.key, why]));
  return { pool, chain, a, b, c, c2, x, removed };
}

describe('connecting a block', () => {
  it('removes the mined transactions and those conflicting with it; children of mined ones stay', () => {
    const { pool, chain, a, b, c, c2, x, removed } = scenario();
    const cb = coinbase(201);
    chain.height = 201;
    for (const tx of [cb, a, x]) chain.confirm(tx, 201);
    pool.removeForBlock(block([cb, a, x]), NOW + 30);

    expect(removed).toContainEqual([key(a), 'block']);
    expect(removed).toContainEqual([key(c), 'conflict']);
    expect(removed).toContainEqual([key(c2), 'conflict']);
    expect(removed.length).toBe(3);
    const eb = pool.get(txid(b))!;
    expect(pool.size).toBe(1);
    expect(eb.parents.size).toBe(0);
    expect(eb.ancestorCount).toBe(1);
    expect(eb.ancestorSize).toBe(eb.vsize);
    expect(eb.ancestorFees).toBe(eb.fee);
  });
});

describe('disconnecting a block', () => {
  it('returns its transactions to the pool, parents first, relinking pool children', () => {
    const { pool, chain, a, b, x } = scenario();
    const before = chain.view.clone();
    const cb = coinbase(201);
    chain.height = 201;
    for (const tx of [cb, a, x]) chain.confirm(tx, 201);
    pool.removeForBlock(block([cb, a, x]), NOW + 30);

    // x's child in the same block: the reinsertion must order it after x whatever the input order.
    const x2 = spend([outputOf(x, 0)], [out(44_000n)]);
    chain.view = before;
    chain.height = 200;
    const added: string[] = [];
    pool.on('added', (e) => added.push(e.key));
    const r = pool.reinsertDisconnected([x2, cb, x, a], NOW + 60);
    expect(r.rejected).toEqual([]);
    expect(added).toEqual([key(x), key(x2), key(a)]);
    const ea = pool.get(txid(a))!;
    const eb = pool.get(txid(b))!;
    expect([...eb.parents]).toEqual([ea]);
    expect(eb.ancestorCount).toBe(2);
    expect(eb.ancestorFees).toBe(ea.fee + eb.fee);
    expect(ea.descendantCount).toBe(2);
    expect(ea.descendantSize).toBe(ea.vsize + eb.vsize);
    expect(pool.get(txid(x2))!.ancestorCount).toBe(2);
    expect([...ancestorsOf(eb)]).toEqual([ea]);
  });

  it('drops a returned transaction the new chain invalidated, with its pool descendants', () => {
    const { pool, chain, a, b, removed } = scenario();
    const before = chain.view.clone();
    chain.height = 201;
    chain.confirm(a, 201);
    pool.removeForBlock(block([coinbase(201), a]), NOW + 30);
    // The other branch spent a's input: a cannot return, and b (spending a) must go.
    chain.view = before;
    chain.spend(a.inputs[0]!.prevout);
    const r = pool.reinsertDisconnected([a], NOW + 60);
    expect(r.rejected.map((j) => j.error.reason)).toEqual(['missing-inputs']);
    expect(removed).toContainEqual([key(b), 'reorg']);
    expect(pool.has(txid(b))).toBe(false);
  });

  it('removes entries no longer final or mature at the lower tip', () => {
    const { pool, chain } = newPool();
    // Accepted at tip 200 (next block 201): a lock time of 200 and a coinbase from 101 just pass.
    const locked = spend([{ ...chain.coin(alice.p2wpkh, 100_000n), key: alice }], [out(90_000n)], {
      locktime: 200,
      sequence: 0xfffffffe,
    });
    const young = spend([chain.coin(P2WSH_TRUE, 100_000n, { height: 101, coinbase: true })], [out(90_000n)]);
    const relative = spend(
      [{ ...chain.coin(P2WSH_TRUE, 100_000n, { height: 195 }), sequence: 6 }],
      [out(90_000n)],
    );
    const fine = spend([chain.coin(P2WSH_TRUE, 100_000n)], [out(90_000n)]);
    for (const tx of [locked, young, relative, fine]) pool.accept(tx, NOW);
    const removed: [string, RemovalReason][] = [];
    pool.on('removed', (e, why) => removed.push([e.key, why]));

    chain.height = 199;
    pool.reinsertDisconnected([coinbase(200)], NOW + 60);
    expect(removed.map(([k]) => k).sort()).toEqual([key(locked), key(young), key(relative)].sort());
    expect(removed.every(([, why]) => why === 'reorg')).toBe(true);
    expect([...pool.entries()].map((e) => e.key)).toEqual([key(fine)]);
  });
});
