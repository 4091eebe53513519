import { describe, expect, it } from 'vitest';
import type { Detokenizer } from '../../src/llm/generate/stop.js';
import { replayOnSequence } from '../../src/llm/replay/replay.js';
import type { InferenceOutput, InferenceRequest } from '../../src/llm/request/types.js';
import { DEFAULT_REPLAY_TOLERANCE } from '../../src/llm/sampling/tolerance.js';
import { fakeSequence, fakeVocab, type Logits } from './fake-sequence.js';

const VOCAB = 16;
const vocab: Detokenizer = fakeVocab;
const req = (maxTokens: number): InferenceRequest => ({
  modelId: '00'.repeat(32),
  prompt: { system: '', messages: [], input: 'x' },
  maxTokens,
  stop: [],
  sampling: { mode: 'greedy' },
});
const claim = (tokens: number[]): InferenceOutput => ({
  tokens,
  text: vocab.detokenize(tokens),
  finishReason: 'length',
});
/** Token 5 leads by 10 everywhere: the honest greedy output is all 5s. */
const honestLogits = (): Logits => new Map(Array.from({ length: VOCAB }, (_, t) => [t, t === 5 ? 10 : 0]));

describe('replay fails closed on logits it cannot read', () => {
  const prompt = [1, 7, 8];

  it('accepts the honest output of the fake model (the harness works)', async () => {
    const v = await replayOnSequence(
      fakeSequence(honestLogits),
      vocab,
      VOCAB,
      req(3),
      prompt,
      claim([5, 5, 5]),
      DEFAULT_REPLAY_TOLERANCE,
    );
    expect(v.ok).toBe(true);
  });

  it('rejects when the claimed token has no logit', async () => {
    const seq = fakeSequence((pos) => {
      const m = honestLogits();
      if (pos === prompt.length) m.delete(9); // after output token 0: the logit of claimed token 9 is missing
      return m;
    });
    const v = await replayOnSequence(
      seq,
      vocab,
      VOCAB,
      req(3),
      prompt,
      claim([5, 9, 5]),
      DEFAULT_REPLAY_TOLERANCE,
    );
    expect(v).toMatchObject({ ok: false, failure: 'invalid-logit', position: 1 });
  });

  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`rejects when the claimed token's logit is ${bad}`, async () => {
      const seq = fakeSequence((pos) => {
        const m = honestLogits();
        if (pos === prompt.length - 1) m.set(9, bad);
        return m;
      });
      const v = await replayOnSequence(
        seq,
        vocab,
        VOCAB,
        req(3),
        prompt,
        claim([9, 5, 5]),
        DEFAULT_REPLAY_TOLERANCE,
      );
      expect(v).toMatchObject({ ok: false, failure: 'invalid-logit', position: 0 });
    });

    if (bad === Number.NEGATIVE_INFINITY) continue;
    it(`rejects when a competing logit is ${bad} (the position cannot be ranked)`, async () => {
      const seq = fakeSequence((pos) => {
        const m = honestLogits();
        if (pos === prompt.length + 1) m.set(11, bad);
        return m;
      });
      const v = await replayOnSequence(
        seq,
        vocab,
        VOCAB,
        req(3),
        prompt,
        claim([5, 5, 5]),
        DEFAULT_REPLAY_TOLERANCE,
      );
      expect(v).toMatchObject({ ok: false, failure: 'invalid-logit', position: 2 });
    });
  }

  it('seeded sampling: a missing claimed logit is a rejection, not a crash', async () => {
    const seq = fakeSequence((pos) => {
      const m = honestLogits();
      if (pos === prompt.length - 1) m.delete(9);
      return m;
    });
    const r: InferenceRequest = {
      ...req(3),
      sampling: { mode: 'seeded', temperature: 1, topK: 2, topP: 1, seed: 1 },
    };
    const v = await replayOnSequence(
      seq,
      vocab,
      VOCAB,
      r,
      prompt,
      claim([9, 5, 5]),
      DEFAULT_REPLAY_TOLERANCE,
    );
    expect(v).toMatchObject({ ok: false, failure: 'invalid-logit', position: 0 });
  });
});
