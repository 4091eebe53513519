// The verifier's queue (docs/protocol.md §16.9) with an engine whose replays last until released or
// aborted: one block at a time, cancellation reaches the running replay, a bounded queue that drops
// its oldest waiting block, lag reported, expired blocks skipped. Synchronised on the engine's calls.

import { toHex } from '@funai/ledger-node';
import { describe, expect, it } from 'vitest';
import { blockHash } from '../../src/block/header.js';
import { LlmError } from '../../src/llm/errors.js';
import type { FinalVerdict } from '../../src/llm/verdict/policy.js';
import {
  type BlockVerification,
  Verifier,
  type VerifierEngine,
  type VerifierLag,
} from '../../src/roles/verifier.js';
import {
  blockOf,
  CHAIN_ID,
  makeTx,
  mapProvider,
  receiptOver,
  secrets,
  type TestRecord,
  verifierKeys,
} from './verifier-fixtures.js';

const MODEL = 'ab'.repeat(32);

const ACCEPTED = {
  status: 'accepted',
  accepted: true,
  decidedBy: 'replay',
  replay: {
    status: 'replayed',
    verdict: {
      ok: true,
      failure: null,
      position: null,
      positions: 3,
      contested: 0,
      disagreements: 0,
      budget: 0,
      worstRank: 0,
      worstGap: 0,
      passes: 1,
    },
  },
  judge: { status: 'skipped' },
} as FinalVerdict;

/** An engine whose replays wait until `release()` or their signal aborts. */
class HeldEngine implements VerifierEngine {
  readonly signals: AbortSignal[] = [];
  private readonly held: { resolve: () => void; signal: AbortSignal }[] = [];
  private readonly waiters: (() => void)[] = [];

  model(id: string) {
    if (id !== MODEL) throw new LlmError('unknown-model', id);
    return { detokenize: () => '', isEog: () => false, info: { vocabSize: 1000 } };
  }

  verify(_req: unknown, _out: unknown, o: { signal?: AbortSignal } = {}): Promise<FinalVerdict> {
    const signal = o.signal!;
    this.signals.push(signal);
    this.waiters.shift()?.();
    return new Promise((resolve, reject) => {
      this.held.push({ resolve: () => resolve(ACCEPTED), signal });
      signal.addEventListener('abort', () => reject(new LlmError('aborted', 'test')), { once: true });
    });
  }

  /** Resolves at the next replay call. */
  nextCall(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  /** Ends the oldest replay still running with an accepted verdict. */
  release(): void {
    const i = this.held.findIndex((h) => !h.signal.aborted);
    if (i >= 0) this.held.splice(i, 1)[0]!.resolve();
  }
}

function record(nonce: number): TestRecord {
  const tx = makeTx(MODEL, nonce, { maxTokens: 3 });
  const output = { tokens: [5, 6, 7], finishReason: 'length' as const };
  return { tx, receipt: receiptOver(tx, output), output };
}

const records = [0, 1, 2, 3, 4].map(record);
const blocks = records.map((r, i) => blockOf([r], 20 + i));
const hashOf = (i: number) => toHex(blockHash(blocks[i]!.header));

function setup(extra: Partial<ConstructorParameters<typeof Verifier>[0]> = {}) {
  const engine = new HeldEngine();
  const v = new Verifier({
    engine,
    secretKey: secrets[0]!,
    contents: mapProvider(records),
    chainId: CHAIN_ID,
    ...extra,
  });
  return { engine, v };
}

describe('Verifier queue', () => {
  it('cancellation stops a running replay; the next block then runs', async () => {
    const { engine, v } = setup();
    const first = engine.nextCall();
    const a = v.submit(blocks[0]!, verifierKeys);
    const b = v.submit(blocks[1]!, verifierKeys);
    await first;
    expect(v.verifying).toBe(hashOf(0));
    expect(engine.signals.length).toBe(1);
    const second = engine.nextCall();
    expect(v.cancel(hashOf(0))).toBe(true);
    expect(await a).toMatchObject({ status: 'dropped', reason: 'cancelled', hash: hashOf(0) });
    expect(engine.signals[0]!.aborted).toBe(true);
    await second;
    expect(v.verifying).toBe(hashOf(1));
    engine.release();
    const rb = await b;
    expect(rb.status).toBe('voted');
    // A cancelled block may be submitted again.
    const third = engine.nextCall();
    const again = v.submit(blocks[0]!, verifierKeys);
    await third;
    const closing = v.close();
    expect(await again).toMatchObject({ status: 'dropped', reason: 'closed' });
    await closing;
    expect(await v.submit(blocks[2]!, verifierKeys)).toMatchObject({ status: 'dropped', reason: 'closed' });
  });

  it('a bounded queue: the oldest waiting block is dropped; lag is reported, then caught up', async () => {
    const { engine, v } = setup({ maxQueuedBlocks: 2, lagBlocks: 2 });
    const events: [string, VerifierLag][] = [];
    v.on('lagging', (l) => events.push(['lagging', l]));
    v.on('caught-up', (l) => events.push(['caught-up', l]));
    const dropped: BlockVerification[] = [];
    v.on('dropped', (d) => dropped.push(d));
    const first = engine.nextCall();
    const results = [0, 1, 2].map((i) => v.submit(blocks[i]!, verifierKeys));
    await first;
    expect(v.lag).toMatchObject({ queuedBlocks: 2, queuedRecords: 2, behind: true, dropped: 0 });
    expect(events.map((e) => e[0])).toEqual(['lagging']);
    results.push(v.submit(blocks[3]!, verifierKeys));
    expect(await results[1]).toMatchObject({ status: 'dropped', reason: 'queue-overflow' });
    expect(dropped.map((d) => d.hash)).toEqual([hashOf(1)]);
    expect(v.lag).toMatchObject({ queuedBlocks: 2, dropped: 1 });
    for (const i of [0, 2, 3]) {
      const next = engine.nextCall();
      engine.release();
      expect((await results[i])!.status).toBe('voted');
      if (i !== 3) await next;
    }
    expect(events.map((e) => e[0])).toEqual(['lagging', 'caught-up']);
    await v.idle();
    await v.close();
  });

  it('skips a block whose certificate window closed before its turn', async () => {
    const { engine, v } = setup({ tipHeight: () => 20 + 16 + 1 });
    // Block 0 is at height 20: tip 37 > 20 + 16. Block 4 is at height 24: still in its window.
    expect(await v.submit(blocks[0]!, verifierKeys)).toMatchObject({ status: 'dropped', reason: 'expired' });
    const call = engine.nextCall();
    const r = v.submit(blocks[4]!, verifierKeys);
    await call;
    engine.release();
    expect((await r).status).toBe('voted');
    await v.close();
  });
});
