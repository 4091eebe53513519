import { describe, expect, it } from 'vitest';
import type { RemovalReason } from '../../src/mempool/mempool.js';
import type { Transaction } from '../../src/wire/tx.js';
import { txid, txVsize } from '../../src/wire/tx.js';
import { outputOf, P2WSH_TRUE, spend } from '../support/chain-builder.js';
import { type FakeChain, NOW, newPool, outcome, rejection } from './harness.js';

const out = (value: bigint) => ({ value, scriptPubKey: P2WSH_TRUE });

/** A chain of `n` transactions from one fresh coin, each spending the previous one's output. */
function chainOf(chain: FakeChain, n: number, fee = 200n): Transaction[] {
  const txs: Transaction[] = [];
  let input = chain.coin(P2WSH_TRUE, 1_000_000n);
  let value = 1_000_000n;
  for (let i = 0; i < n; i++) {
    value -= fee;
    const tx = spend([input], [out(value)]);
    txs.push(tx);
    input = outputOf(tx, 0);
  }
  return txs;
}

describe('chain limits', () => {
  it('takes 25 transactions in a chain, not 26 (too-long-mempool-chain)', () => {
    const { pool, chain } = newPool();
    const txs = chainOf(chain, 26);
    for (const tx of txs.slice(0, 25)) pool.accept(tx, NOW);
    expect(pool.get(txid(txs[24]!))!.ancestorCount).toBe(25);
    expect(pool.get(txid(txs[0]!))!.descendantCount).toBe(25);
    const r = rejection(() => pool.accept(txs[25]!, NOW));
    expect(r.reason).toBe('too-long-mempool-chain');
    expect(r.detail).toBe('too many unconfirmed ancestors [limit: 25]');
    expect(pool.size).toBe(25);
  });

  it('takes 24 children of one parent, not 25 (descendant limit)', () => {
    const { pool, chain } = newPool();
    const parent = spend(
      [chain.coin(P2WSH_TRUE, 1_000_000n)],
      Array.from({ length: 30 }, () => out(30_000n)),
    );
    pool.accept(parent, NOW);
    for (let i = 0; i < 24; i++) pool.accept(spend([outputOf(parent, i)], [out(29_000n)]), NOW);
    const r = rejection(() => pool.accept(spend([outputOf(parent, 24)], [out(29_000n)]), NOW));
    expect(r.reason).toBe('too-long-mempool-chain');
    expect(r.detail).toMatch(/^too many descendants for tx [0-9a-f]{64} \[limit: 25\]$/);
  });

  it('bounds the virtual size of ancestors', () => {
    const { pool, chain } = newPool({ ancestorSizeLimitVbytes: 500 });
    const txs = chainOf(chain, 10);
    const vsize = txVsize(txs[0]!);
    const fit = Math.floor(500 / vsize);
    for (const tx of txs.slice(0, fit)) pool.accept(tx, NOW);
    const r = rejection(() => pool.accept(txs[fit]!, NOW));
    expect(r.detail).toBe('exceeds ancestor size limit [limit: 500]');
  });
});

describe('the memory cap', () => {
  /** Independent one-in one-out spends paying `rate` units per vbyte. */
  function spendAt(chain: FakeChain, rate: bigint): Transaction {
    const coin = chain.coin(P2WSH_TRUE, 1_000_000n);
    const vsize = BigInt(txVsize(spend([coin], [out(1n)])));
    return spend([coin], [out(1_000_000n - rate * vsize)]);
  }

  it('evicts the lowest fee rates first, then asks newcomers to pay more than what it evicted', () => {
    const probe = newPool();
    probe.pool.accept(spendAt(probe.chain, 10n), NOW);
    const usage = probe.pool.memoryUsage;
    const { pool, chain } = newPool({ maxMempoolBytes: 5 * usage + usage / 2 });
    const removed: [bigint, RemovalReason][] = [];
    pool.on('removed', (e, why) => removed.push([e.fee / BigInt(e.vsize), why]));
    for (const rate of [10n, 50n, 20n, 40n, 30n]) pool.accept(spendAt(chain, rate), NOW);
    expect(pool.size).toBe(5);
    expect(removed).toEqual([]);

    pool.accept(spendAt(chain, 60n), NOW);
    expect(removed).toEqual([[10n, 'sizelimit']]);
    expect([...pool.entries()].map((e) => e.fee / BigInt(e.vsize)).sort((a, b) => Number(a - b))).toEqual([
      20n,
      30n,
      40n,
      50n,
      60n,
    ]);
    // What was evicted plus the incremental relay fee.
    expect(pool.minFeeRate(NOW)).toBe(11_000n);
    expect(pool.info(NOW).mempoolMinFee).toBe(11_000n);

    expect(rejection(() => pool.accept(spendAt(chain, 5n), NOW)).reason).toBe('mempool min fee not met');
    // Above the minimum but the lowest in a full pool: accepted, then evicted at once.
    expect(rejection(() => pool.accept(spendAt(chain, 15n), NOW)).reason).toBe('mempool full');
    expect(pool.minFeeRate(NOW)).toBe(16_000n);
    expect(pool.size).toBe(5);

    // The minimum only decays once a block has come: then it halves every 12 hours.
    const later = NOW + 12 * 3600;
    expect(pool.minFeeRate(later)).toBe(16_000n);
    pool.removeForBlock({ header: {} as never, txs: [] }, NOW);
    expect(pool.minFeeRate(later)).toBe(8_000n);
    expect(outcome(() => pool.accept(spendAt(chain, 9n), later))).toBe('mempool full');
  });

  it('judges a parent by its descendants: a low-fee parent with a high-fee child outlives a medium one', () => {
    const probe = newPool();
    probe.pool.accept(spendAt(probe.chain, 10n), NOW);
    const usage = probe.pool.memoryUsage;
    const { pool, chain } = newPool({ maxMempoolBytes: 3 * usage + usage / 2 });
    const parent = spendAt(chain, 1n);
    pool.accept(parent, NOW);
    const vsize = BigInt(txVsize(parent));
    const child = spend([outputOf(parent, 0)], [out(parent.outputs[0]!.value - 100n * vsize)]);
    pool.accept(child, NOW);
    const medium = spendAt(chain, 20n);
    pool.accept(medium, NOW);
    pool.accept(spendAt(chain, 30n), NOW);
    expect(pool.has(txid(medium))).toBe(false);
    expect(pool.has(txid(parent))).toBe(true);
    expect(pool.has(txid(child))).toBe(true);
  });
});

describe('expiry', () => {
  const AGE = 336 * 3600;

  it('drops entries older than 336 hours with their descendants', () => {
    const { pool, chain } = newPool();
    const [a, b] = chainOf(chain, 2);
    pool.accept(a!, NOW);
    pool.accept(b!, NOW + 100);
    const young = chainOf(chain, 1)[0]!;
    pool.accept(young, NOW + AGE - 50);
    const removed: RemovalReason[] = [];
    pool.on('removed', (_e, why) => removed.push(why));

    expect(pool.expire(NOW + AGE)).toBe(0);
    expect(pool.expire(NOW + AGE + 1)).toBe(2);
    expect(removed).toEqual(['expiry', 'expiry']);
    expect([...pool.entries()].map((e) => e.tx)).toEqual([young]);
  });

  it('expires during acceptance', () => {
    const { pool, chain } = newPool();
    const old = chainOf(chain, 1)[0]!;
    pool.accept(old, NOW);
    pool.accept(chainOf(chain, 1)[0]!, NOW + AGE + 1);
    expect(pool.has(txid(old))).toBe(false);
    expect(pool.size).toBe(1);
  });
});
