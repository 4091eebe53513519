import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ancestorsOf, descendantsOf, type MempoolEntry } from '../../src/mempool/entry.js';
import { MempoolRejection } from '../../src/mempool/errors.js';
import type { Mempool } from '../../src/mempool/mempool.js';
import { toHex } from '../../src/wire/bytes.js';
import type { Transaction } from '../../src/wire/tx.js';
import { outputOf, P2WSH_TRUE, type SpendInput, spend } from '../support/chain-builder.js';
import { type FakeChain, NOW, newPool, RBF } from './harness.js';

/** What a pool must always satisfy, whatever happened to it. */
function checkInvariants(pool: Mempool, chain: FakeChain): void {
  const entries = [...pool.entries()];
  const byKey = new Map(entries.map((e) => [e.key, e]));
  let usage = 0;
  let vsize = 0;
  let fees = 0n;
  const spent = new Set<string>();
  for (const e of entries) {
    usage += e.memoryUsage;
    vsize += e.vsize;
    fees += e.fee;
    const parents = new Set<MempoolEntry>();
    for (const input of e.tx.inputs) {
      const k = `${toHex(input.prevout.txid)}:${input.prevout.vout}`;
      expect(spent.has(k)).toBe(false);
      spent.add(k);
      expect(pool.spenderOf(input.prevout)).toBe(e);
      const parent = byKey.get(toHex(input.prevout.txid));
      if (parent) {
        expect(parent.tx.outputs[input.prevout.vout]).toBeDefined();
        parents.add(parent);
      } else {
        expect(chain.getCoin(input.prevout)).toBeDefined();
      }
    }
    expect(e.parents).toEqual(parents);
    for (const p of e.parents) expect(p.children.has(e)).toBe(true);
    for (const c of e.children) expect(c.parents.has(e)).toBe(true);

    const anc = ancestorsOf(e);
    const desc = descendantsOf(e);
    expect(e.ancestorCount).toBe(anc.size + 1);
    expect(e.ancestorSize).toBe([...anc].reduce((s, a) => s + a.vsize, e.vsize));
    expect(e.ancestorFees).toBe([...anc].reduce((s, a) => s + a.fee, e.fee));
    expect(e.ancestorSigOpCost).toBe([...anc].reduce((s, a) => s + a.sigOpCost, e.sigOpCost));
    expect(e.descendantCount).toBe(desc.size + 1);
    expect(e.descendantSize).toBe([...desc].reduce((s, d) => s + d.vsize, e.vsize));
    expect(e.descendantFees).toBe([...desc].reduce((s, d) => s + d.fee, e.fee));
  }
  expect(pool.memoryUsage).toBe(usage);
  expect(pool.totalVsize).toBe(vsize);
  expect(pool.totalFees).toBe(fees);
}

const op = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('spend' as const),
      inputs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      outputs: fc.integer({ min: 1, max: 3 }),
      fee: fc.integer({ min: 400, max: 20_000 }),
      rbf: fc.boolean(),
      conflict: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('mine' as const), pick: fc.array(fc.nat(), { maxLength: 4 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('trim' as const),
      fraction: fc.double({ min: 0.3, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      seconds: fc.integer({ min: 0, max: 200 * 3600 }),
    }),
  },
);

describe('mempool invariants (property)', () => {
  it('running totals, links and spent outpoints stay consistent under any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 60 }), (ops) => {
        const { pool, chain } = newPool();
        // Spendable outputs, confirmed or not (they may be spent already: then it is a conflict).
        const outputs: SpendInput[] = Array.from({ length: 6 }, () => chain.coin(P2WSH_TRUE, 100_000_000n));
        const blocks: { view: FakeChain['view']; txs: Transaction[] }[] = [];
        let now = NOW;
        for (const o of ops) {
          if (o.kind === 'spend') {
            // Unspent outputs, or (to exercise conflicts and replacement) any output.
            const candidates = o.conflict ? outputs : outputs.filter((x) => !pool.spenderOf(x.outpoint));
            if (candidates.length === 0) continue;
            const ins = [...new Set(o.inputs.map((i) => candidates[i % candidates.length]!))].map((x) => ({
              ...x,
              sequence: o.rbf ? RBF : 0xffffffff,
            }));
            const total = ins.reduce((s, i) => s + i.coin.output.value, 0n);
            const each = (total - BigInt(o.fee)) / BigInt(o.outputs);
            if (each < 1_000n) continue;
            const tx = spend(
              ins,
              Array.from({ length: o.outputs }, () => ({ value: each, scriptPubKey: P2WSH_TRUE })),
            );
            try {
              pool.accept(tx, now);
              for (let v = 0; v < o.outputs; v++) outputs.push(outputOf(tx, v));
            } catch (e) {
              if (!(e instanceof MempoolRejection)) throw e;
            }
          } else if (o.kind === 'mine') {
            // A valid block: the picked entries with their ancestors, parents first.
            const entries = [...pool.entries()];
            if (entries.length === 0) continue;
            const set = new Set<MempoolEntry>();
            for (const p of o.pick) {
              const e = entries[p % entries.length]!;
              set.add(e);
              for (const a of ancestorsOf(e)) set.add(a);
            }
            const txs = [...set].sort((a, b) => a.ancestorCount - b.ancestorCount).map((e) => e.tx);
            blocks.push({ view: chain.view.clone(), txs });
            chain.height++;
            for (const tx of txs) chain.confirm(tx, chain.height);
            pool.removeForBlock({ header: {} as never, txs }, now);
          } else if (o.kind === 'disconnect') {
            const last = blocks.pop();
            if (!last) continue;
            chain.view = last.view;
            chain.height--;
            pool.reinsertDisconnected(last.txs, now);
          } else if (o.kind === 'trim') {
            pool.trimToSize(Math.floor(pool.memoryUsage * o.fraction));
          } else {
            now += o.seconds;
            pool.expire(now);
          }
          checkInvariants(pool, chain);
        }
      }),
      { numRuns: 100 },
    );
  });
});
