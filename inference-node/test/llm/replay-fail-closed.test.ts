import type { LlamaContextSequence } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import type { Detokenizer } from '../../src/llm/generate/stop.js';
import { replayOnSequence } from '../../src/llm/replay/replay.js';
import type { InferenceOutput, InferenceRequest } from '../../src/llm/request/types.js';
import { DEFAULT_REPLAY_TOLERANCE } from '../../src/llm/sampling/tolerance.js';

// A fake sequence: a "model" whose logits after every position are given by `logitsAt(position)`, and
// whose logits map may lack tokens or hold non-finite values — what a buggy or hostile backend returns.
type Logits = Map<number, number>;
function fakeSequence(logitsAt: (position: number) => Logits): LlamaContextSequence {
  const seq = {
    async clearHistory() {},
    async controlledEvaluate(input: unknown[]) {
      return input.map((item, i) => {
        if (!Array.isArray(item)) return undefined;
        const all = logitsAt(i);
        const spec = (
          item[1] as { generateNext: { logits: true | { filter: { tokens: number[]; includeTop: number } } } }
        ).generateNext.logits;
        if (spec === true) return { next: { logits: all } };
        // A backend that lists a non-finite logit first (as a top candidate).
        const key = (l: number): number => (Number.isNaN(l) ? Number.POSITIVE_INFINITY : l);
        const top = [...all]
          .sort((a, b) => key(b[1]) - key(a[1]) || a[0] - b[0])
          .slice(0, spec.filter.includeTop);
        const out = new Map(top);
        for (const t of spec.filter.tokens) if (all.has(t)) out.set(t, all.get(t)!);
        return { next: { logits: out } };
      });
    },
  };
  return seq as unknown as LlamaContextSequence;
}

const VOCAB = 16;
const vocab: Detokenizer = {
  detokenize: (tokens) => tokens.map((t) => String.fromCharCode(97 + t)).join(''),
  isEog: (t) => t === 2,
};
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
