import type { TokenChooser } from '../../src/llm/generate/chooser.js';
import type { Sampling } from '../../src/llm/request/types.js';
import { drawUniform } from '../../src/llm/sampling/draw.js';
import type { TokenLogit } from '../../src/llm/sampling/logits.js';
import { sortCandidates } from '../../src/llm/sampling/logits.js';
import { sampleToken } from '../../src/llm/sampling/sampler.js';
import { rng } from './fixtures.js';

/** Test producers built on the engine's own generation loop. */

const READ = 128;

/** The declared sampling's choice from a candidate list (what an honest producer does). */
export function declaredChoice(
  sampling: Sampling,
  modelId: string,
  cands: readonly TokenLogit[],
  step: number,
): number {
  return sampling.mode === 'greedy'
    ? cands[0]!.token
    : sampleToken(cands, sampling, drawUniform(sampling.seed, modelId, step));
}

/**
 * An honest producer on other hardware: every logit it reads is off by up to `size` (uniform,
 * deterministic from `seed`), then it samples as declared. Counts the steps where drift changed the
 * choice.
 */
export function driftingChooser(
  sampling: Sampling,
  modelId: string,
  size: number,
  seed: number,
): TokenChooser & { flips: number } {
  const r = rng(seed);
  const c = {
    flips: 0,
    need: () => ({ kind: 'top' as const, count: READ }),
    choose(step: number, next: { candidates?: TokenLogit[] }): number {
      const exact = next.candidates!;
      const noisy = sortCandidates(
        exact.map((t) => ({ token: t.token, logit: t.logit + (2 * r() - 1) * size })),
      );
      const token = declaredChoice(sampling, modelId, noisy, step);
      if (token !== declaredChoice(sampling, modelId, exact, step)) c.flips++;
      return token;
    },
  };
  return c;
}

/**
 * Replays `prefix` token for token, then at step `prefix.length` makes the declared choice among the
 * candidates that are not `banned`, then continues as declared: a producer that skipped a stop token.
 */
export function skippingChooser(
  sampling: Sampling,
  modelId: string,
  prefix: readonly number[],
  banned: (t: number) => boolean,
): TokenChooser {
  return {
    need: () => ({ kind: 'top', count: READ }),
    choose(step, next) {
      if (step < prefix.length) return prefix[step]!;
      const cands = next.candidates!;
      return declaredChoice(
        sampling,
        modelId,
        step === prefix.length ? cands.filter((t) => !banned(t.token)) : cands,
        step,
      );
    },
  };
}
