import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/errors.js';
import { outputText } from '../../src/llm/generate/stop.js';
import { DEFAULT_REPLAY_CHUNK, type ReplayVerdict, replayOnSequence } from '../../src/llm/replay/replay.js';
import type { InferenceOutput, InferenceRequest } from '../../src/llm/request/types.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { DEFAULT_REPLAY_TOLERANCE } from '../../src/llm/sampling/tolerance.js';
import { fakeSequence, fakeVocab, type Logits } from './fake-sequence.js';
import {
  cheatModelPaths,
  engineWith,
  GREEDY,
  modelPaths,
  randomInput,
  request,
  rng,
  seededSampling,
} from './fixtures.js';

// Replay in bounded chunks: the verdict does not depend on the chunk size, the logits read per pass are
// bounded by it, and cancellation is honoured between chunks.

const V = 16;
const leader = (pos: number): Logits =>
  new Map(Array.from({ length: V }, (_, t) => [t, t === 5 + (pos % 3) ? 10 : 0]));
const honestTokens = (promptLength: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => 5 + ((promptLength - 1 + i) % 3));
const fakeReq = (n: number): InferenceRequest => ({
  modelId: '00'.repeat(32),
  prompt: { system: '', messages: [], input: 'x' },
  maxTokens: n,
  stop: [],
  sampling: { mode: 'greedy' },
});
const claim = (tokens: number[]): InferenceOutput => ({
  tokens,
  text: fakeVocab.detokenize(tokens),
  finishReason: 'length',
});
const PROMPT = [1, 7, 8, 9];

describe('chunked replay on a fake sequence', () => {
  it('reads at most one chunk of positions per pass, whatever the output length', async () => {
    for (const n of [1, 255, 256, 257, 1000, 4096]) {
      const seq = fakeSequence(leader);
      const v = await replayOnSequence(
        seq,
        fakeVocab,
        V,
        fakeReq(n),
        PROMPT,
        claim(honestTokens(PROMPT.length, n)),
        DEFAULT_REPLAY_TOLERANCE,
      );
      expect(v).toMatchObject({ ok: true, positions: n, passes: Math.ceil(n / DEFAULT_REPLAY_CHUNK) });
      expect(seq.maxReadPerCall).toBe(Math.min(n, DEFAULT_REPLAY_CHUNK));
      expect(seq.evaluated).toBe(PROMPT.length + n - 1);
    }
  });

  it('stops reading at the first failing position', async () => {
    const tokens = honestTokens(PROMPT.length, 1000);
    tokens[300] = 11;
    const seq = fakeSequence(leader);
    const v = await replayOnSequence(
      seq,
      fakeVocab,
      V,
      fakeReq(1000),
      PROMPT,
      claim(tokens),
      DEFAULT_REPLAY_TOLERANCE,
      { chunkSize: 100 },
    );
    expect(v).toMatchObject({ ok: false, failure: 'logit-gap-too-large', position: 300, positions: 301 });
    expect(seq.calls).toBe(4);
  });

  it('honours cancellation between chunks, with the signal’s reason', async () => {
    const n = 1000;
    const tokens = honestTokens(PROMPT.length, n);
    const ac = new AbortController();
    const seq = fakeSequence(leader);
    seq.onEvaluate = (call) => {
      if (call === 2) ac.abort();
    };
    await expect(
      replayOnSequence(seq, fakeVocab, V, fakeReq(n), PROMPT, claim(tokens), DEFAULT_REPLAY_TOLERANCE, {
        chunkSize: 100,
        signal: ac.signal,
      }),
    ).rejects.toMatchObject({ reason: 'aborted', detail: 'replay at position 300' });
    expect(seq.calls).toBe(3);
    const timeout = new AbortController();
    timeout.abort(new LlmError('timeout', 'after 5 ms'));
    await expect(
      replayOnSequence(
        fakeSequence(leader),
        fakeVocab,
        V,
        fakeReq(n),
        PROMPT,
        claim(tokens),
        DEFAULT_REPLAY_TOLERANCE,
        { signal: timeout.signal },
      ),
    ).rejects.toMatchObject({ reason: 'timeout' });
  });
});

describe('chunked replay on the engine', () => {
  let engine: LlmEngine;
  let ids: string[];
  beforeAll(async () => {
    const paths = [(await modelPaths()).alpha, (await cheatModelPaths()).flat];
    ({ engine, ids } = await engineWith(paths, { threads: 1, contextSize: 1024 }));
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('gives the same verdict for chunks of 1, 7, 64 and the whole output (honest and tampered claims)', async () => {
    const { ToleranceRegistry } = await import('../../src/llm/calibration/registry.js');
    const reg = new ToleranceRegistry();
    const r = rng(4242);
    let compared = 0;
    for (let i = 0; i < 16; i++) {
      const id = ids[i % 2]!;
      const m = engine.model(id);
      const req = request(id, randomInput(r), i % 4 < 2 ? GREEDY : seededSampling(i), { maxTokens: 40 });
      const out = await engine.generate(req);
      const claims: InferenceOutput[] = [out];
      if (out.tokens.length > 3) {
        const t = [...out.tokens];
        t[Math.floor(t.length / 2)] = (t[Math.floor(t.length / 2)]! + 17) % m.info.vocabSize;
        claims.push({
          tokens: t,
          finishReason: out.finishReason,
          text: outputText(t, out.finishReason, m, req.stop),
        });
      }
      const prompt = m.requestTokens(req);
      const tol = await reg.get(id);
      for (const c of claims) {
        const verdicts: ReplayVerdict[] = [];
        for (const chunkSize of [1, 7, 64, 1000])
          verdicts.push(
            await m.pool.run((seq) =>
              replayOnSequence(seq, m, m.info.vocabSize, req, prompt, c, tol, { chunkSize }),
            ),
          );
        const key = (v: (typeof verdicts)[number]) => ({
          ok: v.ok,
          failure: v.failure,
          position: v.position,
          positions: v.positions,
        });
        for (const v of verdicts) expect(key(v)).toEqual(key(verdicts[3]!));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('engine.replay honours an aborted signal', async () => {
    const req = request(ids[0]!, 'hello', GREEDY, { maxTokens: 8 });
    const out = await engine.generate(req);
    const ac = new AbortController();
    ac.abort();
    await expect(engine.replay(req, out, { signal: ac.signal })).rejects.toMatchObject({ reason: 'aborted' });
  });
});
