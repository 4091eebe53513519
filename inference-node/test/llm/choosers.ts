import type { TokenChooser } from '../../src/llm/generate/chooser.js';
import type { Sampling } from '../../src/llm/request/types.js';
import { drawUniform } from '../../src/llm/sampling/draw.js';
import type { TokenLogit } from '../../src/llm/sampling/logits.js';
import { sortCandidates } from '../../src/llm/sampling/logits.js';
import { sampleToken } from '../../src/llm/sampling/sampler.js';
import { rng } from './fixtures.js';

/** Test producers built on the engine's own generation loop. */

// Enough for any topK (≤ 1024) plus the replay margin: a producer that read fewer would truncate topK.
const READ = 1088;

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

/** What a steering producer did: steps where it overrode the declared choice, and the logit gaps there. */
export interface SteerLog {
  steps: number[];
  /** Verifier-side gap (best logit − steered token's logit) at each steered step, as the producer saw it. */
  gaps: number[];
}

/**
 * A dishonest producer on the engine's generation loop: at each step it computes the declared choice
 * from its own logits and lets `steer` replace it (null: keep it). Records every override.
 */
export function steeringChooser(
  sampling: Sampling,
  modelId: string,
  steer: (cands: readonly TokenLogit[], own: number, step: number) => number | null,
): TokenChooser & { log: SteerLog } {
  const log: SteerLog = { steps: [], gaps: [] };
  return {
    log,
    need: () => ({ kind: 'top', count: READ }),
    choose(step, next) {
      const cands = next.candidates!;
      const own = declaredChoice(sampling, modelId, cands, step);
      const t = steer(cands, own, step);
      if (t === null || t === own) return own;
      log.steps.push(step);
      log.gaps.push(cands[0]!.logit - cands.find((c) => c.token === t)!.logit);
      return t;
    },
  };
}
