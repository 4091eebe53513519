import { describe, expect, it } from 'vitest';
import { MissingInputsError } from '../../src/mempool/errors.js';
import { toHex } from '../../src/wire/bytes.js';
import type { Transaction } from '../../src/wire/tx.js';
import { txid } from '../../src/wire/tx.js';
import { Key, outputOf, P2WSH_TRUE, spend } from '../support/chain-builder.js';
import { type FakeChain, NOW, newPool } from './harness.js';

const alice = Key.fromSeed(2);
const out = (value: bigint) => ({ value, scriptPubKey: P2WSH_TRUE });
const key = (tx: Transaction) => toHex(txid(tx));

function missing(f: () => unknown): MissingInputsError {
  try {
    f();
  } catch (e) {
    if (e instanceof MissingInputsError) return e;
    throw e;
  }
  throw new Error('expected missing-inputs');
}

/** A parent paying two P2WSH(OP_TRUE) outputs, and a child of each output. */
function family(chain: FakeChain) {
  const parent = spend([{ ...chain.coin(alice.p2wpkh, 100_000n), key: alice }], [out(45_000n), out(45_000n)]);
  const child = spend([outputOf(parent, 0)], [out(40_000n)]);
  const grandchild = spend([outputOf(child, 0)], [out(35_000n)]);
  return { parent, child, grandchild };
}

describe('orphan transactions', () => {
  it('keeps a child that arrives before its parent and accepts it when the parent arrives', () => {
    const { pool, chain } = newPool();
    const { parent, child, grandchild } = family(chain);
    const e1 = missing(() => pool.accept(grandchild, NOW, { keepOrphan: true, peer: 'p1' }));
    const e2 = missing(() => pool.accept(child, NOW, { keepOrphan: true, peer: 'p1' }));
    expect(e1.orphaned && e2.orphaned).toBe(true);
    expect(e2.missingParents.map(toHex)).toEqual([key(parent)]);
    expect(pool.orphans.size).toBe(2);
    expect(pool.size).toBe(0);

    const r = pool.accept(parent, NOW);
    expect(r.orphans.map((e) => e.key)).toEqual([key(child), key(grandchild)]);
    expect(pool.size).toBe(3);
    expect(pool.orphans.size).toBe(0);
    expect(pool.get(txid(grandchild))!.ancestorCount).toBe(3);
  });

  it('waits for every missing parent', () => {
    const { pool, chain } = newPool();
    const a = spend([chain.coin(P2WSH_TRUE, 50_000n)], [out(40_000n)]);
    const b = spend([chain.coin(P2WSH_TRUE, 50_000n)], [out(40_000n)]);
    const both = spend([outputOf(a, 0), outputOf(b, 0)], [out(70_000n)]);
    const err = missing(() => pool.accept(both, NOW, { keepOrphan: true }));
    expect(err.missingParents.map(toHex).sort()).toEqual([key(a), key(b)].sort());
    expect(pool.accept(a, NOW).orphans).toEqual([]);
    expect(pool.orphans.has(key(both))).toBe(true);
    expect(pool.accept(b, NOW).orphans.map((e) => e.key)).toEqual([key(both)]);
  });

  it('drops an orphan that turns out invalid once its parent is known', () => {
    const { pool, chain } = newPool();
    const { parent } = family(chain);
    const greedy = spend([outputOf(parent, 0)], [out(45_000n)]); // no fee
    missing(() => pool.accept(greedy, NOW, { keepOrphan: true }));
    expect(pool.accept(parent, NOW).orphans).toEqual([]);
    expect(pool.orphans.size).toBe(0);
    expect(pool.size).toBe(1);
  });

  it('is bounded: past 100 orphans the oldest go, and heavy ones are not kept', () => {
    const { pool, chain } = newPool({ maxOrphanTxWeight: 1_000 });
    const orphans: Transaction[] = [];
    for (let i = 0; i < 120; i++) {
      const { child } = family(chain);
      orphans.push(child);
      missing(() => pool.accept(child, NOW + i, { keepOrphan: true }));
    }
    expect(pool.orphans.size).toBe(100);
    expect(orphans.slice(0, 20).some((o) => pool.orphans.has(key(o)))).toBe(false);
    expect(orphans.slice(20).every((o) => pool.orphans.has(key(o)))).toBe(true);

    const { parent } = family(chain);
    const heavy = spend(
      [outputOf(parent, 0)],
      Array.from({ length: 40 }, () => out(1_000n)),
    );
    expect(missing(() => pool.accept(heavy, NOW, { keepOrphan: true })).orphaned).toBe(false);
  });

  it('expires orphans after 20 minutes and drops those of a departed peer', () => {
    const { pool, chain } = newPool();
    const first = family(chain).child;
    const second = family(chain).child;
    missing(() => pool.accept(first, NOW, { keepOrphan: true, peer: 'p1' }));
    missing(() => pool.accept(second, NOW + 1_000, { keepOrphan: true, peer: 'p2' }));
    expect(pool.orphans.expire(NOW + 1_199)).toBe(0);
    expect(pool.orphans.expire(NOW + 1_200)).toBe(1);
    expect(pool.orphans.has(key(second))).toBe(true);
    expect(pool.orphans.removeForPeer('p2')).toBe(1);
    expect(pool.orphans.size).toBe(0);
  });

  it('drops orphans a block includes or conflicts with', () => {
    const { pool, chain } = newPool();
    const { parent, child } = family(chain);
    const rival = spend([outputOf(parent, 0)], [out(30_000n)]);
    missing(() => pool.accept(child, NOW, { keepOrphan: true }));
    pool.removeForBlock({ header: {} as never, txs: [parent, rival] }, NOW);
    expect(pool.orphans.size).toBe(0);
  });
});
