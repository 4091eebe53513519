import { toHex } from '@funai/ledger-node';
import { describe, expect, it } from 'vitest';
import {
  ForkChoice,
  ForkChoiceError,
  type ForkSnapshot,
  GENESIS_ELECTION_SEED,
  type SnapshotStore,
} from '../../src/index.js';
import { p2wpkh } from './fixtures.js';
import { type BlockPlan, type CommitPlan, forkView, LedgerSim, PRODUCERS } from './fork-choice-harness.js';

const START = 100;
const honest = (producer: number, bid: number): CommitPlan => ({ producer, bid, parent: 'tip' });

function run(fc: ForkChoice, sim: LedgerSim, plans: BlockPlan[], publish = true): ForkSnapshot[] {
  return plans.map((plan) => {
    const snap = fc.connect(sim.block(fc, plan))!;
    if (publish) sim.publishTipWinner(fc);
    return snap;
  });
}

describe('fork choice: elections along one fork', () => {
  it('newcomers draw nothing for two blocks (empty tenures keep the seed), then win', () => {
    const fc = new ForkChoice({ startHeight: START });
    const sim = new LedgerSim();
    const [first, ...rest] = run(fc, sim, [
      { salt: 0, register: [0, 1], commits: [] },
      ...[1, 2, 3, 4, 5, 6].map((salt) => ({ salt, register: [], commits: [honest(0, 5), honest(1, 1)] })),
    ]);
    expect(first!.registrations.map((r) => r.txIndex)).toEqual([1, 2]);
    expect(first!.seed).toEqual(GENESIS_ELECTION_SEED);
    const [b101, b102, b103] = rest;
    expect(b101!.commits.map((c) => c.weight)).toEqual([0n, 0n]);
    expect(b101!.winner).toBe(-1);
    expect(b102!.winner).toBe(-1);
    expect(b102!.seed).toEqual(GENESIS_ELECTION_SEED);
    expect(b102!.sortitionHash).not.toEqual(b101!.sortitionHash);
    expect(b103!.commits.map((c) => c.weight)).toEqual([25_000n, 5_000n]);
    expect(b103!.winner).toBeGreaterThanOrEqual(0);
    expect(b103!.seed).toEqual(b103!.commits[b103!.winner]!.op.newSeed);
    // Every winner published an honest block: each was accepted, and the tip is the newest.
    for (const s of rest.filter((x) => x.winner >= 0)) expect(fc.isAccepted(s.ledgerHash)).toBe(true);
    const newest = rest.filter((x) => x.winner >= 0).at(-1)!;
    expect(fc.inferenceTip()).toEqual({
      ledgerHash: newest.ledgerHash,
      ledgerHeight: newest.ledgerHeight,
      blockHash: newest.commits[newest.winner]!.op.blockHash,
    });
    expect(fc.at(START + 3)).toBe(b103);
  });

  it('records every rejected commit with its reason', () => {
    const fc = new ForkChoice({ startHeight: START });
    const sim = new LedgerSim();
    run(fc, sim, [{ salt: 0, register: [0, 1], commits: [] }]);
    const [s] = run(fc, sim, [
      {
        salt: 1,
        register: [2],
        commits: [
          { producer: 0, bid: 3, parent: 'genesis' },
          { producer: 0, bid: 9, parent: 'genesis' },
          { producer: 1, bid: 3, parent: 'bogus' },
          { producer: 1, bid: 3, parent: 'genesis', wrongCheck: true },
        ],
      },
    ]);
    expect(s!.commits.map((c) => c.txIndex)).toEqual([2]);
    expect(s!.rejected).toEqual([
      { txIndex: 3, reason: 'commit-duplicate-key' },
      { txIndex: 4, reason: 'commit-unknown-parent' },
      { txIndex: 5, reason: 'commit-wrong-ledger-block' },
    ]);
    // carol registered in this block: her commits count from the next one.
    const [next] = run(fc, sim, [
      { salt: 2, register: [], commits: [{ producer: 2, bid: 1, parent: 'genesis' }] },
    ]);
    expect(next!.commits.map((c) => c.registration.height)).toEqual([START + 1]);
  });

  it("a commit sent from another script than its registration's is ignored and does not displace the registrant's own", () => {
    const fc = new ForkChoice({ startHeight: START });
    const sim = new LedgerSim();
    const [reg] = run(fc, sim, [{ salt: 0, register: [0, 1], commits: [] }]);
    expect(reg!.registrations.map((r) => toHex(r.senderScript))).toEqual(
      [PRODUCERS[0]!, PRODUCERS[1]!].map((p) => toHex(p.senderScript)),
    );
    const griefer = p2wpkh('griefer');
    // Blocks of alice's commits, each preceded in its ledger block by a commit naming her
    // registration mined earlier: from a stranger's script, and from bob's (himself registered).
    const snaps = run(
      fc,
      sim,
      [1, 2, 3, 4].map((salt) => ({
        salt,
        register: [],
        commits: [
          { producer: 0, bid: 1, parent: 'tip', sender: griefer },
          { producer: 0, bid: 1, parent: 'tip', sender: PRODUCERS[1]!.senderScript },
          honest(0, 5),
        ],
      })),
    );
    for (const s of snaps) {
      expect(s.rejected).toEqual([
        { txIndex: 1, reason: 'commit-wrong-sender' },
        { txIndex: 2, reason: 'commit-wrong-sender' },
      ]);
      expect(s.commits.map((c) => [c.txIndex, c.bid])).toEqual([[3, 50_000n]]);
    }
    // Alice's own bids build her damping window as if the griefers were not there: she wins and
    // her blocks are accepted.
    expect(snaps.map((s) => s.commits[0]!.weight)).toEqual([0n, 0n, 25_000n, 50_000n]);
    expect(snaps.at(-1)!.winner).toBe(0);
    expect(fc.isAccepted(snaps.at(-1)!.ledgerHash)).toBe(true);
  });

  it('a winner whose proof does not give its committed seed is never accepted; the chain stays on the last good block', () => {
    const fc = new ForkChoice({ startHeight: START });
    const sim = new LedgerSim();
    const snaps = run(fc, sim, [
      { salt: 0, register: [0], commits: [] },
      ...[1, 2, 3, 4].map((salt) => ({ salt, register: [], commits: [honest(0, 5)] })),
    ]);
    const good = snaps.at(-1)!;
    expect(good.winner).toBe(0);
    const [liar] = run(fc, sim, [
      { salt: 5, register: [], commits: [{ ...honest(0, 5), lieAboutSeed: true }] },
    ]);
    expect(liar!.winner).toBe(0);
    expect(fc.isAccepted(liar!.ledgerHash)).toBe(false);
    const blockHash = liar!.commits[0]!.op.blockHash;
    const h = sim.headers.get(toHex(blockHash))!;
    expect(fc.publish(blockHash, h.header)).toEqual({
      ledgerHash: liar!.ledgerHash,
      accepted: false,
      reason: 'block-seed-mismatch',
    });
    // A hash no ledger block of this fork elected: kept, nothing to check yet.
    expect(fc.publish(new Uint8Array(32), h.header)).toBeNull();
    expect(fc.inferenceTip()?.ledgerHash).toEqual(good.ledgerHash);
    // The election seed still advances with the committed seed (ledger data, §14.5).
    expect(liar!.seed).toEqual(liar!.commits[0]!.op.newSeed);
  });

  it('a block published before its parent is accepted with it', () => {
    const fc = new ForkChoice({ startHeight: START });
    const sim = new LedgerSim();
    const snaps = run(
      fc,
      sim,
      [
        { salt: 0, register: [0], commits: [] },
        ...[1, 2, 3, 4, 5].map((salt) => ({ salt, register: [], commits: [honest(0, 5)] })),
      ],
      false,
    );
    const [parent, child] = snaps.slice(-2);
    const header = (s: ForkSnapshot) => sim.headers.get(toHex(s.commits[s.winner]!.op.blockHash))!;
    expect(child!.commits[0]!.parent).toEqual({
      height: parent!.ledgerHeight,
      txIndex: parent!.commits[0]!.txIndex,
    });
    const first = snaps.find((s) => s.winner >= 0)!;
    for (const s of snaps.filter((x) => x.winner >= 0 && x !== first && x !== parent && x !== child)) {
      fc.publish(header(s).blockHash, header(s).header);
    }
    expect(fc.publish(header(child!).blockHash, header(child!).header)?.reason).toBe(
      'block-parent-not-accepted',
    );
    fc.publish(header(parent!).blockHash, header(parent!).header);
    expect(fc.inferenceTip()).toBeNull();
    fc.publish(header(first).blockHash, header(first).header);
    expect(fc.isAccepted(child!.ledgerHash)).toBe(true);
    expect(fc.inferenceTip()?.ledgerHash).toEqual(child!.ledgerHash);
  });
});

describe('fork choice: ledger reorgs', () => {
  it('rolls back the inference blocks whose commits left the best chain, and comes back', () => {
    const fc = new ForkChoice({ startHeight: START });
    const sim = new LedgerSim();
    const base = run(fc, sim, [
      { salt: 0, register: [0, 1], commits: [] },
      ...[1, 2, 3, 4, 5].map((salt) => ({ salt, register: [], commits: [honest(0, 5), honest(1, 4)] })),
    ]);
    const forkPoint = base.at(-1)!;
    const a = run(
      fc,
      sim,
      [6, 7, 8].map((salt) => ({ salt, register: [], commits: [honest(0, 5), honest(1, 4)] })),
    );
    const viewA = forkView(fc);
    const tipA = fc.inferenceTip();
    for (const s of [...a].reverse()) fc.disconnect(s.ledgerHash);
    expect(fc.tip).toBe(forkPoint);
    const b = run(
      fc,
      sim,
      [16, 17, 18, 19].map((salt) => ({ salt, register: [], commits: [honest(0, 2), honest(1, 6)] })),
    );
    const tipB = fc.inferenceTip();
    const change = fc.inferenceReorg(tipA, tipB);
    const winners = (xs: ForkSnapshot[]) => xs.filter((s) => s.winner >= 0).map((s) => toHex(s.ledgerHash));
    expect(change.rollback.map((x) => toHex(x.ledgerHash))).toEqual(winners(a).reverse());
    expect(change.apply.map((x) => toHex(x.ledgerHash))).toEqual(winners(b));
    // Back to branch A (the same blocks again): the state is the one A had.
    for (const s of [...b].reverse()) fc.disconnect(s.ledgerHash);
    for (const s of a) fc.connect(sim.events.get(toHex(s.ledgerHash))!);
    expect(forkView(fc)).toEqual(viewA);
    expect(fc.inferenceReorg(tipB, fc.inferenceTip())).toEqual({
      rollback: change.apply.reverse(),
      apply: change.rollback.reverse(),
    });
  });

  it('restarts from the persisted snapshots, tip and accepted pairs', () => {
    const map = new Map<string, ForkSnapshot>();
    const store: SnapshotStore = { get: (k) => map.get(k), set: (k, v) => map.set(k, v) };
    const fc = new ForkChoice({ startHeight: START }, store);
    const sim = new LedgerSim();
    run(fc, sim, [
      { salt: 0, register: [0, 1], commits: [] },
      ...[1, 2, 3, 4, 5, 6].map((salt) => ({ salt, register: [], commits: [honest(0, 5), honest(1, 4)] })),
    ]);
    const restarted = new ForkChoice({ startHeight: START }, store, fc.tip!.ledgerHash, fc.acceptedBlocks());
    expect(forkView(restarted)).toEqual(forkView(fc));
    const next = { salt: 7, register: [], commits: [honest(0, 5), honest(1, 4)] };
    run(fc, sim, [next]);
    run(restarted, sim, [next]);
    expect(forkView(restarted)).toEqual(forkView(fc));
  });

  it('refuses events out of chain order', () => {
    const fc = new ForkChoice({ startHeight: START });
    const sim = new LedgerSim();
    const [s0] = run(fc, sim, [{ salt: 0, register: [], commits: [] }]);
    const orphan = {
      ...sim.block(fc, { salt: 1, register: [], commits: [] }),
      parentHash: new Uint8Array(32),
    };
    expect(() => fc.connect(orphan)).toThrow(ForkChoiceError);
    expect(() => fc.connect({ ...orphan, parentHash: s0!.ledgerHash, height: START + 5 })).toThrow(
      'connect-bad-height',
    );
    expect(() => fc.disconnect(new Uint8Array(32))).toThrow('disconnect-not-tip');
    expect(fc.connect({ ...orphan, height: START - 1 })).toBeNull();
    expect(() => new ForkChoice({ startHeight: START }).connect({ ...orphan, height: START + 1 })).toThrow(
      'connect-bad-height',
    );
  });

  it('a depth-6 reorg reads O(log n) snapshots, not O(n)', () => {
    function reorgReads(length: number): number {
      let reads = 0;
      let counting = false;
      const map = new Map<string, ForkSnapshot>();
      const store: SnapshotStore = {
        get: (k) => {
          if (counting) reads++;
          return map.get(k);
        },
        set: (k, v) => map.set(k, v),
      };
      const fc = new ForkChoice({ startHeight: START }, store);
      const sim = new LedgerSim();
      const counted = <T>(f: () => T): T => {
        counting = true;
        try {
          return f();
        } finally {
          counting = false;
        }
      };
      const commit = { producer: 0, bid: 5, parent: 'genesis' as const, noProof: true };
      const first = fc.connect(sim.block(fc, { salt: 0, register: [0], commits: [] }))!;
      sim.fixedRegistrations = new Map([[0, first.registrations[0]!]]);
      for (let i = 1; i < length; i++)
        fc.connect(sim.block(fc, { salt: 0, register: [], commits: [commit] }));
      const old: Uint8Array[] = [];
      for (let s = fc.tip!; old.length < 6; s = fc.snapshot(s.ledgerParentHash)!) old.push(s.ledgerHash);
      counted(() => {
        for (const h of old) fc.disconnect(h);
      });
      for (let i = 0; i < 7; i++) {
        const ev = sim.block(fc, { salt: 1, register: [], commits: [commit] });
        counted(() => fc.connect(ev));
      }
      return reads;
    }
    const short = reorgReads(64);
    const long = reorgReads(4096);
    // 64× the chain: a linear cost would read 64× more; the skip list reads a few more per lookup.
    expect(long, `${short} reads at 64 blocks, ${long} at 4096`).toBeLessThan(short * 2);
  });
});
