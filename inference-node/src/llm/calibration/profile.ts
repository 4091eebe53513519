import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256, toHex } from '@funai/ledger-node';
import { LlmError } from '../errors.js';
import { MAX_TEMPERATURE } from '../request/limits.js';
import type { DeviationBudget } from '../sampling/budget.js';
import type { ReplayTolerance } from '../sampling/tolerance.js';

/**
 * A model's tolerance profile (docs/protocol.md §12.5): what replay accepts for that model, written by
 * `funai-calibrate` from measured honest drift, stored as `<dir>/<modelId>.json`. Consuming it is
 * deterministic: δ and the slack are plain numbers (JSON's shortest round-trip decimals), and the
 * deviation budget is an integer table; the `measured` block is informative and not used by replay.
 */
export const TOLERANCE_PROFILE_VERSION = 'funai-tolerance-v1';

export interface DriftMeasurement {
  /** Configuration name, e.g. `batch-t2-b16` (batched, 2 threads, batch 16) or `decode-t1`. */
  name: string;
  threads: number;
  /** Tokens per forward pass; 1 = token-by-token decoding. */
  batchSize: number;
  /** Largest |logit − reference logit| over the compared tokens at any position. */
  maxDrift: number;
  /** Mean over positions of the per-position largest drift. */
  meanDrift: number;
  /** Positions where this configuration's argmax differs from the reference's. */
  argmaxDisagreements: number;
}

export interface ToleranceMeasurements {
  /** The configuration every other is compared with: a verifier's batched pass. */
  reference: string;
  prompts: number;
  positions: number;
  /** Tokens compared per position: the best of token-by-token decoding. */
  comparedTokens: number;
  configurations: DriftMeasurement[];
  /** Largest drift over every configuration. */
  maxDrift: number;
  /** δ = max(floor, safety × maxDrift), rounded up to two significant digits. */
  safetyFactor: number;
  driftFloor: number;
  /**
   * Simulated honest producers at the drift bound (iid uniform in [−δ, δ] on every logit), per budget
   * regime (maxTemperature 0 = greedy), at the regime's worst sampling setting measured.
   */
  simulated: Array<{
    maxTemperature: number;
    worst: string;
    contested: number;
    deviations: number;
    rate: number;
    /** The highest deviation rate of a single prompt (with at least 20 contested positions). */
    worstPromptRate: number;
  }>;
  /** Observed honest deviations of the measured configurations at contested positions. */
  observed: { contested: number; deviations: number };
  /** Each regime's rate: max(rateFloor, upper confidence bounds of its simulated and the observed rates). */
  rateFloor: number;
  seconds: number;
}

export interface ToleranceProfile {
  version: typeof TOLERANCE_PROFILE_VERSION;
  modelId: string;
  tolerance: ReplayTolerance;
  measured: ToleranceMeasurements | null;
}

function bad(detail: string): never {
  throw new LlmError('invalid-request', `tolerance profile: ${detail}`);
}

const MODEL_ID = /^[0-9a-f]{64}$/;
const MAX_TABLE = 1 << 20;

function checkBudget(
  v: unknown,
  what: string,
  num: (x: unknown, what: string, lo: number, hi: number) => number,
): void {
  if (typeof v !== 'object' || v === null) bad(what);
  const b = v as Record<string, unknown>;
  num(b.rate, `${what}.rate`, Number.MIN_VALUE, 1 - Number.EPSILON);
  num(b.falseRejection, `${what}.falseRejection`, Number.MIN_VALUE, 0.5);
  num(b.lnInverseFalseRejection, `${what}.lnInverseFalseRejection`, 0, 1000);
  const max = b.maxContested;
  if (!Number.isSafeInteger(max) || (max as number) < 1 || (max as number) > MAX_TABLE)
    bad(`${what}.maxContested`);
  const steps = b.steps;
  if (!Array.isArray(steps) || steps.length > (max as number)) bad(`${what}.steps`);
  let prev = 0;
  for (const s of steps) {
    if (!Number.isSafeInteger(s) || s <= prev || s > (max as number))
      bad(`${what}.steps must increase within [1, maxContested]`);
    prev = s;
  }
}

/** Checks a parsed profile's shape and bounds; returns it typed. Throws `invalid-request`. */
export function parseToleranceProfile(v: unknown, modelId?: string): ToleranceProfile {
  if (typeof v !== 'object' || v === null) bad('not an object');
  const p = v as Record<string, unknown>;
  if (p.version !== TOLERANCE_PROFILE_VERSION) bad(`version must be ${TOLERANCE_PROFILE_VERSION}`);
  if (typeof p.modelId !== 'string' || !MODEL_ID.test(p.modelId)) bad('modelId');
  if (modelId !== undefined && p.modelId !== modelId) bad(`for model ${p.modelId}, not ${modelId}`);
  const t = p.tolerance as Record<string, unknown> | undefined;
  if (typeof t !== 'object' || t === null) bad('tolerance');
  const num = (x: unknown, what: string, lo: number, hi: number): number => {
    if (typeof x !== 'number' || !(x >= lo && x <= hi)) bad(`${what} must be in [${lo}, ${hi}]`);
    return x;
  };
  num(t.logitDrift, 'logitDrift', 0, 16);
  num(t.probabilitySlack, 'probabilitySlack', 0, 1e-3);
  const budgets = t.budgets;
  if (!Array.isArray(budgets) || budgets.length < 2 || budgets.length > 16) bad('budgets');
  let prevT = -1;
  for (const [i, e] of budgets.entries()) {
    if (typeof e !== 'object' || e === null) bad(`budgets[${i}]`);
    const mt = num(
      (e as Record<string, unknown>).maxTemperature,
      `budgets[${i}].maxTemperature`,
      0,
      MAX_TEMPERATURE,
    );
    if (i === 0 ? mt !== 0 : mt <= prevT) bad('budgets must start at maxTemperature 0 and increase');
    prevT = mt;
    checkBudget((e as Record<string, unknown>).budget, `budgets[${i}].budget`, num);
  }
  if (prevT !== MAX_TEMPERATURE) bad(`the last budget must cover temperature ${MAX_TEMPERATURE}`);
  return v as ToleranceProfile;
}

const orderedBudget = (b: DeviationBudget) => ({
  rate: b.rate,
  falseRejection: b.falseRejection,
  lnInverseFalseRejection: b.lnInverseFalseRejection,
  maxContested: b.maxContested,
  steps: b.steps,
});

/** The profile as written: two-space JSON in a fixed key order (each steps table on one line). */
export function serializeToleranceProfile(p: ToleranceProfile): string {
  const ordered = {
    version: p.version,
    modelId: p.modelId,
    tolerance: {
      logitDrift: p.tolerance.logitDrift,
      probabilitySlack: p.tolerance.probabilitySlack,
      budgets: p.tolerance.budgets.map((e) => ({
        maxTemperature: e.maxTemperature,
        budget: orderedBudget(e.budget),
      })),
    },
    measured: p.measured,
  };
  return `${JSON.stringify(ordered, null, 2).replace(/"steps": \[[\s\d,]*\]/g, (m) => `"steps": ${JSON.stringify(JSON.parse(m.slice(9)))}`)}\n`;
}

/**
 * The digest a model registration commits to: SHA-256 of the canonical encoding of what replay consumes
 * (compact JSON of [version, modelId, δ, ε, [[maxTemperature, p, α, L, M, steps], ...]]), so informative
 * measurements can be re-recorded without changing the consensus meaning.
 */
export function toleranceProfileDigest(p: ToleranceProfile): string {
  const canonical = JSON.stringify([
    p.version,
    p.modelId,
    p.tolerance.logitDrift,
    p.tolerance.probabilitySlack,
    p.tolerance.budgets.map(({ maxTemperature, budget: b }) => [
      maxTemperature,
      b.rate,
      b.falseRejection,
      b.lnInverseFalseRejection,
      b.maxContested,
      b.steps,
    ]),
  ]);
  return toHex(sha256(new TextEncoder().encode(canonical)));
}

export const toleranceProfilePath = (dir: string, modelId: string): string => join(dir, `${modelId}.json`);

/** Reads `<dir>/<modelId>.json`; null when there is none. A malformed file throws `invalid-request`. */
export async function readToleranceProfile(dir: string, modelId: string): Promise<ToleranceProfile | null> {
  let text: string;
  try {
    text = await readFile(toleranceProfilePath(dir, modelId), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    bad('not JSON');
  }
  return parseToleranceProfile(json, modelId);
}
