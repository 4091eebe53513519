import { drawSample } from './sortition.js';

const TWO_256_BITS = 256n;

/**
 * The election draw (docs/protocol.md §14.6). With W = Σ weights and C_i = weights[0] + … +
 * weights[i − 1], commit i owns the integers of [⌈2^256·C_i / W⌉, ⌈2^256·C_{i+1} / W⌉) — a share
 * of [0, 2^256) proportional to its weight (empty for weight 0) — and wins when the sample s =
 * `drawSample(sortitionHash, lastSeed)` falls in it. Equivalently, with t = ⌊s·W / 2^256⌋, the
 * winner is the first i with C_{i+1} > t. Returns -1 when W = 0 (no commit, or all weights 0: an
 * empty tenure). Throws a TypeError on a negative or non-bigint weight or a hash not 32 bytes.
 */
export function drawWinner(
  sortitionHash: Uint8Array,
  lastSeed: Uint8Array,
  weights: readonly bigint[],
): number {
  let total = 0n;
  for (const w of weights) {
    if (typeof w !== 'bigint' || w < 0n) throw new TypeError('weights are non-negative bigints');
    total += w;
  }
  const s = drawSample(sortitionHash, lastSeed);
  if (total === 0n) return -1;
  const t = (s * total) >> TWO_256_BITS;
  let cumulative = 0n;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]!;
    if (cumulative > t) return i;
  }
  // t < W always (s < 2^256), so the loop returns.
  throw new Error('unreachable: the sample fell outside [0, 2^256)');
}
