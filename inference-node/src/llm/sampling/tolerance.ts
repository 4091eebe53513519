import { MAX_TEMPERATURE } from '../request/limits.js';
import type { Sampling, SeededSampling } from '../request/types.js';
import { computeDeviationBudget, type DeviationBudget } from './budget.js';
import type { TokenLogit } from './logits.js';
import { sampleToken } from './sampler.js';

/**
 * Replay tolerance (docs/protocol.md §12.5), per model: logits of a batched pass differ slightly from
 * those of token-by-token decoding, and across thread counts, batch sizes and hardware, so a verifier
 * cannot demand that its own argmax or its own draw equal the producer's. At each position it accepts a
 * claimed token when SOME producer whose logits differ from the verifier's by at most `logitDrift` in
 * every entry would have chosen it; over the output it bounds how often the claimed token is not its own
 * choice (the deviation budget). Both numbers come from the model's calibrated tolerance profile.
 */
export interface ReplayTolerance {
  /** δ: bound on |producer logit − verifier logit| of any token, in raw logit units (nats at T = 1). */
  logitDrift: number;
  /** Absolute slack on probabilities for floating-point rounding. */
  probabilitySlack: number;
  /**
   * How many contested positions may deviate from the verifier's own choice, by sampling regime: the
   * entry with `maxTemperature` 0 is greedy's; a seeded request at temperature T uses the first entry
   * with maxTemperature ≥ T (entries in increasing order, the last at MAX_TEMPERATURE). Honest drift
   * changes a seeded draw's token far more often at high temperature, where many tokens share the mass.
   */
  budgets: ReadonlyArray<{ maxTemperature: number; budget: DeviationBudget }>;
}

/** The deviation budget of a request's sampling (see `ReplayTolerance.budgets`). */
export function budgetFor(tol: ReplayTolerance, sampling: Sampling): DeviationBudget {
  const t = sampling.mode === 'greedy' ? 0 : sampling.temperature;
  for (const b of tol.budgets) if (b.maxTemperature >= t) return b.budget;
  throw new RangeError(`no deviation budget for temperature ${t}`);
}

/**
 * The fallback for a model without a calibrated profile (development only: a consensus verifier holds
 * the model's profile, §12.5): a GPU-sized δ = 0.5 and deviation rates of 1/2 (greedy) and 0.95 (seeded)
 * per contested position.
 */
export const DEFAULT_REPLAY_TOLERANCE: ReplayTolerance = Object.freeze({
  logitDrift: 0.5,
  probabilitySlack: 1e-9,
  budgets: Object.freeze([
    { maxTemperature: 0, budget: computeDeviationBudget(0.5, 1e-6) },
    { maxTemperature: MAX_TEMPERATURE, budget: computeDeviationBudget(0.95, 1e-6) },
  ]),
});

/**
 * How many candidates beyond topK a verifier reads per position: enough, except in degenerate flat
 * tails, to see every token that drift could move into the top-k (see `isResolved`).
 */
export const CANDIDATE_MARGIN = 64;

/** Candidates a greedy replay reads per position: the best two (is the position contested?). */
export const GREEDY_CANDIDATES = 2;

export type PositionFailure =
  | 'invalid-logit'
  | 'logit-gap-too-large'
  | 'outside-candidates'
  | 'draw-outside-interval';

export interface PositionCheck {
  ok: boolean;
  failure?: PositionFailure;
  /** Number of tokens with a strictly higher verifier logit than the claimed one (0 = verifier's argmax). */
  rank: number;
  /** Verifier's best logit minus the claimed token's logit. */
  gap: number;
  /** The tolerance admits more than one token here. */
  contested: boolean;
  /** The claimed token is not the verifier's own choice. */
  deviation: boolean;
}

function rankAndGap(sorted: readonly TokenLogit[], claimed: TokenLogit): { rank: number; gap: number } {
  let rank = 0;
  while (rank < sorted.length && sorted[rank]!.logit > claimed.logit) rank++;
  return { rank, gap: sorted[0]!.logit - claimed.logit };
}

/**
 * Greedy position: the producer's argmax c satisfies l'_c >= l'_j for all j, hence l_max − l_c <= 2δ.
 * Contested when the verifier's two best are within 2δ. `sorted` holds at least the verifier's best two
 * (or the whole vocabulary).
 */
export function checkGreedyPosition(
  sorted: readonly TokenLogit[],
  claimed: TokenLogit,
  tol: ReplayTolerance,
): PositionCheck {
  const { rank, gap } = rankAndGap(sorted, claimed);
  const d2 = 2 * tol.logitDrift;
  const contested = sorted.length > 1 && sorted[0]!.logit - sorted[1]!.logit <= d2;
  const deviation = claimed.token !== sorted[0]!.token;
  if (gap > d2) return { ok: false, failure: 'logit-gap-too-large', rank, gap, contested, deviation };
  return { ok: true, rank, gap, contested, deviation };
}

/**
 * Whether the candidates read (`sorted`, the verifier's top entries in protocol order) are enough to
 * check a seeded position: either the whole vocabulary, or the last one read lies more than 2δ below the
 * topK-th, so no unread token could be in any drifted producer's top-k.
 */
export function isResolved(
  sorted: readonly TokenLogit[],
  vocabSize: number,
  params: SeededSampling,
  tol: ReplayTolerance,
): boolean {
  if (sorted.length >= vocabSize) return true;
  const k = Math.min(params.topK, vocabSize);
  if (sorted.length <= k) return false;
  return sorted[sorted.length - 1]!.logit < sorted[k - 1]!.logit - 2 * tol.logitDrift;
}

/**
 * Seeded position. With r = exp(δ / T), every token's producer weight lies within a factor r of the
 * verifier's. From the verifier's logits it derives two candidate sets:
 *   L (loose): tokens that some drifted producer could have kept (top-k, then top-p);
 *   T (tight): tokens that every drifted producer keeps;
 * so the producer's kept set S satisfies T ⊆ S ⊆ L. A token c of L is acceptable at draw u when u falls
 * in the widest interval c can have under any such producer: with X, Y the verifier weights of L's
 * tokens of lower / higher id than c, M_lo, M_hi those of L \ T, and w_c c's weight,
 *   lo = ((X − M_lo)/r) / ((X − M_lo)/r + w_c·r + Y·r)
 *   hi = (X·r + w_c·r) / (X·r + w_c·r + (Y − M_hi)/r)
 * and lo − slack <= u < hi + slack. The claimed token must be acceptable; the position is contested
 * when more than one token is. `sorted` must satisfy `isResolved`.
 */
export function checkSeededPosition(
  sorted: readonly TokenLogit[],
  vocabSize: number,
  claimed: TokenLogit,
  params: SeededSampling,
  u: number,
  tol: ReplayTolerance,
): PositionCheck {
  const { rank, gap } = rankAndGap(sorted, claimed);
  const n = sorted.length;
  const d2 = 2 * tol.logitDrift;
  const k = Math.min(params.topK, vocabSize);
  const allInK = k >= vocabSize;
  const r = Math.exp(tol.logitDrift / params.temperature);
  const r2 = r * r;
  const slack = tol.probabilitySlack;
  const top = sorted[0]!.logit;

  const w = new Float64Array(n);
  const prefix = new Float64Array(n + 1); // prefix[i] = weight of sorted[0..i)
  for (let i = 0; i < n; i++) {
    w[i] = Math.exp((sorted[i]!.logit - top) / params.temperature);
    prefix[i + 1] = prefix[i]! + w[i]!;
  }
  // above[i]: count of tokens with logit > l_i + 2δ (all read, since they rank above i).
  // within[i]: count of tokens (i included) with logit >= l_i − 2δ among those read; when it reaches n
  // unread tokens may qualify too, which only makes "surely in" false, as it should.
  const above = new Int32Array(n);
  const within = new Int32Array(n);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    const l = sorted[i]!.logit;
    while (a < n && sorted[a]!.logit > l + d2) a++;
    above[i] = a;
    if (b < i + 1) b = i + 1;
    while (b < n && sorted[b]!.logit >= l - d2) b++;
    within[i] = b;
  }
  const possiblyInK = (i: number): boolean => allInK || above[i]! < k;
  const surelyInK = (i: number): boolean => allInK || within[i]! - 1 < k;
  let lkLen = 0;
  while (lkLen < n && possiblyInK(lkLen)) lkLen++;
  let wTK = 0;
  for (let i = 0; i < n; i++) if (surelyInK(i)) wTK += w[i]!;
  const wLK = prefix[lkLen]!;

  const possiblyIn = (i: number): boolean => {
    if (!possiblyInK(i)) return false;
    if (params.topP >= 1) return true;
    return prefix[above[i]!]! / (r2 * wLK) < params.topP + slack;
  };
  const surelyIn = (i: number): boolean => {
    if (!surelyInK(i)) return false;
    if (params.topP >= 1) return true;
    if (wTK <= 0) return false;
    const before = prefix[Math.min(within[i]!, lkLen)]! - w[i]!;
    return (r2 * before) / wTK < params.topP - slack;
  };

  // L in token-id order with prefix sums of weights and of ambiguous (L \ T) weights.
  const loose: number[] = [];
  for (let i = 0; i < n; i++) if (possiblyIn(i)) loose.push(i);
  loose.sort((a, b) => sorted[a]!.token - sorted[b]!.token);
  let total = 0;
  let totalM = 0;
  const amb = loose.map((i) => !surelyIn(i));
  for (let j = 0; j < loose.length; j++) {
    total += w[loose[j]!]!;
    if (amb[j]) totalM += w[loose[j]!]!;
  }
  let x = 0;
  let mLo = 0;
  let acceptable = 0;
  let claimedOk = false;
  let inL = false;
  for (let j = 0; j < loose.length; j++) {
    const i = loose[j]!;
    const wc = w[i]!;
    const y = total - x - wc;
    const mHi = totalM - mLo - (amb[j] ? wc : 0);
    const xMin = Math.max(0, x - mLo) / r;
    const yMin = Math.max(0, y - mHi) / r;
    const lo = xMin / (xMin + wc * r + y * r);
    const hi = (x * r + wc * r) / (x * r + wc * r + yMin);
    const ok = u >= lo - slack && u < hi + slack;
    if (ok) acceptable++;
    if (sorted[i]!.token === claimed.token) {
      inL = true;
      claimedOk = ok;
    }
    x += wc;
    if (amb[j]) mLo += wc;
  }
  const contested = acceptable > 1;
  const deviation = claimed.token !== sampleToken(sorted, params, u);
  if (!inL) return { ok: false, failure: 'outside-candidates', rank, gap, contested, deviation };
  if (!claimedOk) return { ok: false, failure: 'draw-outside-interval', rank, gap, contested, deviation };
  return { ok: true, rank, gap, contested, deviation };
}
