// Model test of docs/protocol.md §14.9: random sequences of ledger connects, disconnects and
// reconnects (with blocks published as they are elected) end in the state of a fresh node that
// only ever saw the final ledger chain and the same published blocks.
import { toHex } from '@funai/ledger-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ForkChoice, type LedgerBlockEvent } from '../../src/index.js';
import { type BlockPlan, type CommitPlan, forkView, LedgerSim } from './fork-choice-harness.js';

const START = 50;

const commitPlan = (producer: number): fc.Arbitrary<CommitPlan> =>
  fc.record({
    producer: fc.constant(producer),
    bid: fc.integer({ min: 1, max: 4 }),
    parent: fc.constantFrom<CommitPlan['parent']>(
      'tip',
      'tip',
      'tip',
      'tip',
      'tip',
      'tip',
      'genesis',
      'bogus',
    ),
    wrongCheck: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
    lieAboutSeed: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
  });
/** Each producer commits in three blocks of four (so that damped weights grow and winners are frequent). */
const commitsOfBlock: fc.Arbitrary<CommitPlan[]> = fc
  .tuple(...[0, 1, 2].map((p) => fc.option(commitPlan(p), { freq: 4 })))
  .map((xs) => xs.filter((x): x is CommitPlan => x !== null));
const blockPlan: fc.Arbitrary<BlockPlan> = fc.record({
  salt: fc.integer({ min: 0, max: 2 }),
  register: fc.subarray([0, 1, 2], { maxLength: 1 }),
  commits: commitsOfBlock,
});
type Action =
  | { t: 'extend'; plan: BlockPlan; publish: boolean }
  | { t: 'disconnect'; depth: number }
  | { t: 'reconnect'; count: number };
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ t: fc.constant('extend' as const), plan: blockPlan, publish: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('disconnect' as const), depth: fc.integer({ min: 1, max: 4 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('reconnect' as const), count: fc.integer({ min: 1, max: 4 }) }),
  },
);

const stats = { runs: 0, blocks: 0, winners: 0, accepted: 0, rejected: 0, forks: 0 };

describe('fork choice model', () => {
  it('any sequence of connects, disconnects and reconnects ends where a replay of the final chain ends', () => {
    fc.assert(
      fc.property(
        fc.array(blockPlan, { minLength: 3, maxLength: 6 }),
        fc.array(action, { minLength: 5, maxLength: 40 }),
        (prefix, actions) => {
          const sim = new LedgerSim();
          const node = new ForkChoice({ startHeight: START });
          const published: Uint8Array[] = [];
          const publish = () => {
            const h = sim.publishTipWinner(node);
            if (h !== null) published.push(h);
          };
          // Everyone registers first so that commits take part.
          node.connect(sim.block(node, { salt: 0, register: [0, 1, 2], commits: [] }));
          for (const plan of prefix) {
            node.connect(sim.block(node, plan));
            publish();
          }
          // Disconnected blocks, newest last, so that a reconnect replays the same reorg again.
          const undone: LedgerBlockEvent[] = [];
          for (const a of actions) {
            if (a.t === 'extend') {
              const ev = sim.block(node, a.plan);
              node.connect(ev);
              if (undone.at(-1) === ev) undone.pop();
              else undone.length = 0;
              if (a.publish) publish();
            } else if (a.t === 'disconnect') {
              for (let i = 0; i < a.depth && node.tip !== null && node.tip.ledgerHeight > START; i++) {
                const ev = sim.events.get(toHex(node.tip.ledgerHash))!;
                node.disconnect(ev.hash);
                undone.push(ev);
              }
            } else {
              for (let i = 0; i < a.count && undone.length > 0; i++) node.connect(undone.pop()!);
            }
          }

          // The final ledger chain, oldest first.
          const chain: LedgerBlockEvent[] = [];
          for (
            let s = node.tip;
            s !== null;
            s = s.ledgerHeight === START ? null : node.snapshot(s.ledgerParentHash)!
          ) {
            chain.unshift(sim.events.get(toHex(s.ledgerHash))!);
          }
          const fresh = new ForkChoice({ startHeight: START });
          for (const ev of chain) fresh.connect(ev);
          for (const h of published) {
            const { blockHash, header } = sim.headers.get(toHex(h))!;
            fresh.publish(blockHash, header);
          }
          expect(forkView(node)).toEqual(forkView(fresh));
          if (process.env.FORK_MODEL_STATS) {
            const v = forkView(fresh) as {
              blocks: { winner: number; accepted: boolean; rejected: unknown[] }[];
            };
            stats.runs++;
            stats.blocks += v.blocks.length;
            stats.winners += v.blocks.filter((b) => b.winner >= 0).length;
            stats.accepted += v.blocks.filter((b) => b.accepted).length;
            stats.rejected += v.blocks.reduce((n, b) => n + b.rejected.length, 0);
            stats.forks += sim.events.size - chain.length;
          }
          // Acceptance does not depend on the order of events: children published before their
          // parents, after or before the ledger blocks that elected them.
          const publishAll = (n: ForkChoice, hashes: Uint8Array[]) => {
            for (const h of hashes) {
              const { blockHash, header } = sim.headers.get(toHex(h))!;
              n.publish(blockHash, header);
            }
          };
          const late = new ForkChoice({ startHeight: START });
          for (const ev of chain) late.connect(ev);
          publishAll(late, [...published].reverse());
          expect(forkView(late)).toEqual(forkView(fresh));
          const early = new ForkChoice({ startHeight: START });
          publishAll(early, [...published].reverse());
          for (const ev of chain) early.connect(ev);
          expect(forkView(early)).toEqual(forkView(fresh));
        },
      ),
      { numRuns: 60 },
    );
    if (process.env.FORK_MODEL_STATS) console.log(stats);
    // ~10 s on an idle machine (VRF proofs dominate); room for a loaded CI runner.
  }, 300_000);
});
