import type { Sampling } from '../request/types.js';
import type { NextResult, NextSpec } from '../runtime/evaluate.js';
import { drawUniform } from '../sampling/draw.js';
import { sampleToken } from '../sampling/sampler.js';

/**
 * How a generation step turns the model's next-token output into a token: what it reads after the
 * position, and how it chooses from it. The protocol's two choosers are greedy and seeded; tests use
 * others (forced tokens, simulated hardware drift) with the same generation loop.
 */
export interface TokenChooser {
  need(step: number): NextSpec;
  choose(step: number, next: NextResult): number;
}

/**
 * Candidates read beyond topK so that ties at the top-k boundary are broken by token id, as the
 * protocol says, even though llama.cpp's sort is not stable.
 */
const TIE_MARGIN = 16;

export const greedyChooser: TokenChooser = {
  need: () => ({ kind: 'token' }),
  choose: (_step, next) => next.token!,
};

export function seededChooser(
  sampling: Extract<Sampling, { mode: 'seeded' }>,
  vocabSize: number,
  modelId: string,
): TokenChooser {
  const count = Math.min(vocabSize, sampling.topK + TIE_MARGIN);
  return {
    need: () => ({ kind: 'top', count }),
    choose: (step, next) =>
      sampleToken(next.candidates!, sampling, drawUniform(sampling.seed, modelId, step)),
  };
}

/** The draw is keyed by (seed, model id, step): `modelId` is the request's (docs/protocol.md §12.4). */
export function chooserFor(sampling: Sampling, vocabSize: number, modelId: string): TokenChooser {
  return sampling.mode === 'greedy' ? greedyChooser : seededChooser(sampling, vocabSize, modelId);
}
