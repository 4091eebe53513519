/**
 * The deviation budget of a replay (docs/protocol.md §12.5). A position is *contested* when the
 * tolerance admits more than one token there; a *deviation* is a contested position whose claimed token
 * is not the verifier's own choice. An honest producer deviates at a contested position with probability
 * at most `rate` (calibrated per model, §12.5), independently across positions, so its deviation count
 * over m contested positions is dominated by Binomial(m, rate). The budget B(m) is the smallest k with
 * P[Binomial(m, rate) > k] ≤ α: an honest output exceeds it with probability at most α.
 *
 * A verifier consumes the budget as integers only (the `steps` table, then an integer-rounded Bernstein
 * bound with the stored ln(1/α)), so every verifier reads the same budget; computing the table (floating
 * point logarithms) is the calibration's job, once per model.
 */
export interface DeviationBudget {
  /** p: bound on an honest producer's deviation probability per contested position. */
  rate: number;
  /** α: bound on the probability that an honest output exceeds the budget. */
  falseRejection: number;
  /** ln(1/α), as stored (used beyond `maxContested`). */
  lnInverseFalseRejection: number;
  /** The table covers m = 0..maxContested. */
  maxContested: number;
  /** Increasing; B(m) = the number of entries ≤ m, for m ≤ maxContested. */
  steps: readonly number[];
}

/** Default table length: any output of an 8k context. */
export const BUDGET_TABLE_SIZE = 8192;

/** Bernstein's bound on the binomial upper tail, rounded down: deterministic (+, ×, ÷ and sqrt only). */
export function bernsteinBudget(m: number, p: number, lnInv: number): number {
  const v = m * p * (1 - p);
  return Math.floor(m * p + lnInv / 3 + Math.sqrt((lnInv * lnInv) / 9 + 2 * v * lnInv));
}

/** B(m): the number of deviations an output with m contested positions may have. */
export function deviationBudget(b: DeviationBudget, m: number): number {
  if (!Number.isInteger(m) || m < 0) throw new RangeError('contested count must be a natural number');
  if (m > b.maxContested)
    return Math.min(m, Math.max(b.steps.length, bernsteinBudget(m, b.rate, b.lnInverseFalseRejection)));
  let lo = 0;
  let hi = b.steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (b.steps[mid]! <= m) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Computes the budget table for rate p and false-rejection bound α (calibration time). For each m, B(m)
 * is found by walking k up from B(m − 1) until P[X > k] ≤ α, the tail summed in log space from
 * log C(m, j) (a table of log factorials) until its terms stop mattering.
 */
export function computeDeviationBudget(
  p: number,
  alpha: number,
  maxContested: number = BUDGET_TABLE_SIZE,
): DeviationBudget {
  if (!(p > 0 && p < 1)) throw new RangeError('rate must be in (0, 1)');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('false-rejection bound must be in (0, 1)');
  if (!Number.isInteger(maxContested) || maxContested < 1) throw new RangeError('bad table size');
  const lnFact = new Float64Array(maxContested + 1);
  for (let i = 1; i <= maxContested; i++) lnFact[i] = lnFact[i - 1]! + Math.log(i);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const lnAlpha = Math.log(alpha);
  const logPmf = (m: number, j: number): number =>
    lnFact[m]! - lnFact[j]! - lnFact[m - j]! + j * lp + (m - j) * lq;
  /** log P[X > k] for X ~ Bin(m, p). */
  const logTail = (m: number, k: number): number => {
    if (k >= m) return Number.NEGATIVE_INFINITY;
    const first = logPmf(m, k + 1);
    let sum = 0; // relative to `first`
    for (let j = k + 1; j <= m; j++) {
      const t = Math.exp(logPmf(m, j) - first);
      sum += t;
      if (j > m * p && t < 1e-18 * sum) break;
    }
    return first + Math.log(sum);
  };
  const steps: number[] = [];
  let b = 0;
  for (let m = 1; m <= maxContested; m++) {
    while (b < m && logTail(m, b) > lnAlpha) b++;
    while (steps.length < b) steps.push(m);
  }
  return { rate: p, falseRejection: alpha, lnInverseFalseRejection: -lnAlpha, maxContested, steps };
}
