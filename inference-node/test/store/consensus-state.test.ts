// A restart of the consensus state costs O(recent), not O(chain) (docs/protocol.md §16.2): the reopened
// ConsensusSink reads a handful of snapshots, not the stored chain, and ends in exactly the state of a node
// that never stopped — elections, accepted blocks, inference tip, registrations — including after a
// reorg and for the blocks connected after the restart. A store written before the indexes is replayed
// once and indexed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToHex } from '@funai/ledger-node';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerBlockEvent } from '../../src/chain/index.js';
import type { LedgerBlock } from '../../src/ledger/block.js';
import { ConsensusSink } from '../../src/node/consensus-sink.js';
import { putAccepted, storedAccepted } from '../../src/store/consensus-state.js';
import { InferenceStore, StoreBatch } from '../../src/store/index.js';
import { VERIFIERS } from '../consensus/fixtures.js';
import { type BlockPlan, forkView, LedgerSim, PRODUCERS } from '../consensus/fork-choice-harness.js';

const START = 1;
const tmp = mkdtempSync(join(tmpdir(), 'funai-consensus-state-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const log = pino({ level: 'silent' });

function ledgerBlock(ev: LedgerBlockEvent): LedgerBlock {
  return {
    height: ev.height,
    hash: ev.hash,
    hashHex: hashToHex(ev.hash),
    header: { prevBlock: ev.parentHash },
    headerBytes: new Uint8Array(80),
    ops: ev.ops.map((o) => ({ ...o })),
    coinbase: { raw: new Uint8Array(0), branch: { index: 0, siblings: [] } },
  } as unknown as LedgerBlock;
}

const open = (store: InferenceStore) =>
  new ConsensusSink({ store, log, startHeight: START, verifierScripts: () => VERIFIERS });

/** Connects one planned block and publishes its winner's header (as InferenceChain does, pair included). */
function step(sink: ConsensusSink, sim: LedgerSim, plan: BlockPlan, store: InferenceStore): void {
  const ev = sim.block(sink.forkChoice, plan);
  sink.connect(ledgerBlock(ev));
  const blockHash = sim.publishTipWinner(sink.forkChoice);
  const tip = sink.forkChoice.tip!;
  if (blockHash && sink.forkChoice.isAccepted(tip.ledgerHash))
    store.commit(
      putAccepted(new StoreBatch(), {
        ledgerHash: tip.ledgerHash,
        blockHash,
        ledgerHeight: tip.ledgerHeight,
      }),
    );
}

const plan = (salt: number, register: number[] = []): BlockPlan => ({
  salt,
  register,
  commits: [
    { producer: 0, bid: 5, parent: 'tip' },
    { producer: 1, bid: 3, parent: 'tip' },
  ],
});

describe('consensus state across restarts', () => {
  it('reopens in O(recent) into the state of a node that never stopped', async () => {
    const dir = join(tmp, 'a');
    let store = await InferenceStore.open(dir);
    let sink = open(store);
    // The node that never stops, fed the same ledger blocks.
    const refStore = await InferenceStore.open(join(tmp, 'a-ref'));
    const ref = open(refStore);
    const sim = new LedgerSim();
    const both = (p: BlockPlan) => {
      step(sink, sim, p, store);
      step(ref, sim, p, refStore);
    };
    const undo = (s: ConsensusSink) => {
      const tip = s.forkChoice.tip!;
      s.disconnect({ height: tip.ledgerHeight, hashHex: hashToHex(tip.ledgerHash) });
    };
    both({ salt: 0, register: [0, 1], commits: [] });
    const N = 120;
    for (let i = 1; i < N; i++) both(plan(i, i === 60 ? [2] : []));
    // A reorg of 3: the last three blocks leave, a branch of four comes.
    for (let i = 0; i < 3; i++) {
      undo(sink);
      undo(ref);
    }
    for (let i = 0; i < 4; i++) both(plan(1000 + i));
    const regs = PRODUCERS.map((p) => ref.registrationOf(p.vrfKey));
    expect(regs.every((r) => r !== undefined)).toBe(true);
    expect(ref.forkChoice.inferenceTip()).not.toBeNull();
    await store.close();

    store = await InferenceStore.open(dir);
    sink = open(store);
    const loaded = () => (sink as unknown as { snapshots: { loaded: number } }).snapshots.loaded;
    // Opening read the tip's record and nothing of the chain behind it.
    expect(loaded()).toBeLessThanOrEqual(1);
    expect(sink.election).toEqual(ref.election);
    expect(sink.forkChoice.inferenceTip()).toEqual(ref.forkChoice.inferenceTip());
    expect(PRODUCERS.map((p) => sink.registrationOf(p.vrfKey))).toEqual(regs);
    // The inference tip walks a few ledger blocks back, not the chain.
    expect(loaded()).toBeLessThan(20);
    // The whole fork, walked block by block, is the reference node's.
    expect(forkView(sink.forkChoice)).toEqual(forkView(ref.forkChoice));

    // Both go on with the same blocks (and a reorg) and stay equal.
    for (let i = 0; i < 5; i++) both(plan(2000 + i));
    for (let i = 0; i < 2; i++) {
      undo(sink);
      undo(ref);
    }
    for (let i = 0; i < 3; i++) both(plan(3000 + i));
    expect(forkView(sink.forkChoice)).toEqual(forkView(ref.forkChoice));
    expect(storedAccepted(store).length).toBeGreaterThan(N / 2);
    await store.close();
    await refStore.close();
  });

  it('a disconnect removes the registrations it undoes from the index', async () => {
    const dir = join(tmp, 'b');
    let store = await InferenceStore.open(dir);
    let sink = open(store);
    const sim = new LedgerSim();
    step(sink, sim, { salt: 0, register: [0], commits: [] }, store);
    step(sink, sim, { salt: 1, register: [1], commits: [] }, store);
    const tip = sink.forkChoice.tip!;
    sink.disconnect({ height: tip.ledgerHeight, hashHex: hashToHex(tip.ledgerHash) });
    expect(sink.registrationOf(PRODUCERS[1]!.vrfKey)).toBeUndefined();
    await store.close();
    store = await InferenceStore.open(dir);
    sink = open(store);
    expect(sink.registrationOf(PRODUCERS[0]!.vrfKey)).toBeDefined();
    expect(sink.registrationOf(PRODUCERS[1]!.vrfKey)).toBeUndefined();
    await store.close();
  });

  it('a store written before the indexes is replayed once, then opened without replay', async () => {
    const dir = join(tmp, 'c');
    let store = await InferenceStore.open(dir);
    let sink = open(store);
    const sim = new LedgerSim();
    step(sink, sim, { salt: 0, register: [0, 1], commits: [] }, store);
    for (let i = 1; i < 10; i++) step(sink, sim, plan(i), store);
    const regs = PRODUCERS.slice(0, 2).map((p) => sink.registrationOf(p.vrfKey));
    // As an older node left it: no index marker, no registrations index.
    const b = new StoreBatch().deleteMeta('consensus-index');
    for (const p of PRODUCERS) b.deleteMeta(`reg:${Buffer.from(p.vrfKey).toString('hex')}`);
    store.commit(b);
    await store.close();
    store = await InferenceStore.open(dir);
    sink = open(store);
    expect(PRODUCERS.slice(0, 2).map((p) => sink.registrationOf(p.vrfKey))).toEqual(regs);
    await store.close();
    store = await InferenceStore.open(dir);
    sink = open(store);
    expect((sink as unknown as { snapshots: { loaded: number } }).snapshots.loaded).toBeLessThanOrEqual(1);
    expect(PRODUCERS.slice(0, 2).map((p) => sink.registrationOf(p.vrfKey))).toEqual(regs);
    await store.close();
  });
});
