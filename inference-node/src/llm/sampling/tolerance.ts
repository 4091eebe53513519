import type { SeededSampling } from '../request/types.js';
import type { TokenLogit } from './logits.js';

/**
 * Replay tolerance (docs/protocol.md §12.5). Logits of a batched pass differ slightly from those of
 * token-by-token decoding, and across thread counts and hardware, so a verifier cannot demand that its
 * own argmax or its own draw equal the producer's. It accepts a claimed token when SOME producer whose
 * logits differ from the verifier's by at most `logitDrift` in every entry would have chosen it; every
 * bound below is derived from that one assumption.
 */
export interface ReplayTolerance {
  /** δ: bound on |producer logit − verifier logit| of any token, in raw logit units (nats at T = 1). */
  logitDrift: number;
  /** Greedy only: the claimed token must also be among the verifier's best `greedyTopRanks`. */
  greedyTopRanks: number;
  /** Absolute slack on probabilities for floating-point rounding. */
  probabilitySlack: number;
}

export const DEFAULT_REPLAY_TOLERANCE: ReplayTolerance = Object.freeze({
  logitDrift: 0.5,
  greedyTopRanks: 4,
  probabilitySlack: 1e-9,
});

/**
 * How many candidates beyond topK a verifier reads per position: enough, except in degenerate flat
 * tails, to see every token that drift could move into the top-k (see `isResolved`).
 */
export const CANDIDATE_MARGIN = 64;

export type PositionFailure =
  | 'invalid-logit'
  | 'rank-too-low'
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
}

function rankAndGap(
  sorted: readonly TokenLogit[],
  claimed: TokenLogit,
  limit: number,
): { rank: number; gap: number } {
  let rank = 0;
  while (rank < sorted.length && sorted[rank]!.logit > claimed.logit) rank++;
  if (rank === sorted.length && sorted.length < limit) rank = limit; // unknown beyond what was read
  return { rank, gap: sorted[0]!.logit - claimed.logit };
}

/**
 * Greedy position: the producer's argmax c satisfies l'_c >= l'_j for all j, hence l_max − l_c <= 2δ;
 * and c must rank below `greedyTopRanks`. `sorted` holds at least the verifier's top `greedyTopRanks`.
 */
export function checkGreedyPosition(
  sorted: readonly TokenLogit[],
  claimed: TokenLogit,
  tol: ReplayTolerance,
): PositionCheck {
  const { rank, gap } = rankAndGap(sorted.slice(0, tol.greedyTopRanks), claimed, tol.greedyTopRanks);
  if (rank >= tol.greedyTopRanks) return { ok: false, failure: 'rank-too-low', rank, gap };
  if (gap > 2 * tol.logitDrift) return { ok: false, failure: 'logit-gap-too-large', rank, gap };
  return { ok: true, rank, gap };
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
 * so the producer's kept set S satisfies T ⊆ S ⊆ L. The claimed token c must be in L, and the draw u
 * must fall in the widest interval c can have under any such producer: with X, Y the verifier weights of
 * L's tokens of lower / higher id than c, M_lo, M_hi those of L \ T, and w_c c's weight,
 *   lo = ((X − M_lo)/r) / ((X − M_lo)/r + w_c·r + Y·r)
 *   hi = (X·r + w_c·r) / (X·r + w_c·r + (Y − M_hi)/r)
 * and lo − slack <= u < hi + slack. `sorted` must satisfy `isResolved`.
 */
export function checkSeededPosition(
  sorted: readonly TokenLogit[],
  vocabSize: number,
  claimed: TokenLogit,
  params: SeededSampling,
  u: number,
  tol: ReplayTolerance,
): PositionCheck {
  const { rank, gap } = rankAndGap(sorted, claimed, vocabSize);
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

  let c = -1;
  let x = 0;
  let mLo = 0;
  let y = 0;
  let mHi = 0;
  for (let i = 0; i < n; i++) {
    if (!possiblyIn(i)) continue;
    const id = sorted[i]!.token;
    if (id === claimed.token) {
      c = i;
      continue;
    }
    const ambiguous = !surelyIn(i);
    if (id < claimed.token) {
      x += w[i]!;
      if (ambiguous) mLo += w[i]!;
    } else {
      y += w[i]!;
      if (ambiguous) mHi += w[i]!;
    }
  }
  if (c < 0) return { ok: false, failure: 'outside-candidates', rank, gap };
  const wc = w[c]!;
  const xMin = Math.max(0, x - mLo) / r;
  const yMin = Math.max(0, y - mHi) / r;
  const lo = xMin / (xMin + wc * r + y * r);
  const hi = (x * r + wc * r) / (x * r + wc * r + yMin);
  if (u < lo - slack || u >= hi + slack) return { ok: false, failure: 'draw-outside-interval', rank, gap };
  return { ok: true, rank, gap };
}
