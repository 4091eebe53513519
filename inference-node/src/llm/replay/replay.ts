import type { LlamaContextSequence } from 'node-llama-cpp';
import { LlmError } from '../errors.js';
import type { Detokenizer } from '../generate/stop.js';
import type { InferenceOutput, InferenceRequest } from '../request/types.js';
import { evaluateAt, type NextResult, type NextSpec } from '../runtime/evaluate.js';
import { deviationBudget } from '../sampling/budget.js';
import { drawUniform } from '../sampling/draw.js';
import type { TokenLogit } from '../sampling/logits.js';
import {
  budgetFor,
  CANDIDATE_MARGIN,
  checkGreedyPosition,
  checkSeededPosition,
  GREEDY_CANDIDATES,
  isResolved,
  type PositionCheck,
  type PositionFailure,
  type ReplayTolerance,
} from '../sampling/tolerance.js';
import { checkFinish, type FinishFailure } from './finish.js';

export type ReplayFailure = PositionFailure | FinishFailure | 'deviation-budget-exceeded';

export interface ReplayVerdict {
  ok: boolean;
  failure: ReplayFailure | null;
  /** First failing output position (0-based); null when ok or when the failure is the text. */
  position: number | null;
  /** Output positions checked against the declared sampling (all of them unless one failed). */
  positions: number;
  /** Positions where the tolerance admits more than one token. */
  contested: number;
  /** Positions whose claimed token is not the verifier's own choice (honest drift shows up here). */
  disagreements: number;
  /** The deviation budget B(contested) of the model's tolerance profile. */
  budget: number;
  /** Highest verifier rank of a claimed token (0 = argmax). */
  worstRank: number;
  /** Largest (verifier's best logit − claimed token's logit). */
  worstGap: number;
  /** Forward passes run over output positions: one per chunk, plus one per chunk needing every logit. */
  passes: number;
}

/** Output positions a replay reads per forward pass by default (docs/protocol.md §12.5). */
export const DEFAULT_REPLAY_CHUNK = 256;

export interface ReplayOptions {
  /**
   * Output positions read per forward pass (default DEFAULT_REPLAY_CHUNK). Memory for logits is bounded
   * by the chunk, not by the output; the verdict does not depend on it.
   */
  chunkSize?: number;
  /** Checked before every chunk: `LlmError` with the signal's reason (`aborted` by default). */
  signal?: AbortSignal;
}

const INVALID = (c?: Partial<PositionCheck>): PositionCheck => ({
  ok: false,
  failure: 'invalid-logit',
  rank: 0,
  gap: 0,
  contested: false,
  deviation: false,
  ...c,
});

function allFinite(list: readonly TokenLogit[] | undefined): list is TokenLogit[] {
  return list !== undefined && list.length > 0 && list.every((c) => Number.isFinite(c.logit));
}

/**
 * Replays a claimed output with batched forward passes over prompt + output (the last output token is
 * not evaluated: nothing is read after it), in chunks of `chunkSize` output positions, and checks every
 * position against the declared sampling within the model's tolerance, the number of deviations against
 * its budget, and the finish reason against the stop rules. It stops at the first failing position.
 * Fails closed: a claimed token without a finite logit, or a position whose read candidates are not all
 * finite, is `invalid-logit`.
 */
export async function replayOnSequence(
  seq: LlamaContextSequence,
  vocab: Detokenizer,
  vocabSize: number,
  request: InferenceRequest,
  promptTokens: readonly number[],
  output: InferenceOutput,
  tol: ReplayTolerance,
  options: ReplayOptions = {},
): Promise<ReplayVerdict> {
  const out = output.tokens;
  const n = out.length;
  const base = promptTokens.length - 1;
  const sampling = request.sampling;
  const count =
    sampling.mode === 'greedy' ? GREEDY_CANDIDATES : Math.min(vocabSize, sampling.topK + CANDIDATE_MARGIN);
  const chunk = Math.max(1, Math.min(n, options.chunkSize ?? DEFAULT_REPLAY_CHUNK));
  const tokens = [...promptTokens, ...out.slice(0, n - 1)];

  const finish = checkFinish(output, request.maxTokens, vocab, request.stop);
  // Positions after a finish failure need no logits: replay up to it.
  const limit = finish.ok || finish.position === null ? n : Math.min(n, finish.position + 1);

  const check = (i: number, r: NextResult | undefined, all: boolean): PositionCheck | null => {
    const cands = r?.candidates;
    if (!allFinite(cands)) return INVALID();
    const claimed = all ? cands.find((c) => c.token === out[i]) : undefined;
    const logit = all ? claimed?.logit : r?.included?.get(out[i]!);
    if (logit === undefined || !Number.isFinite(logit)) return INVALID();
    const c = { token: out[i]!, logit };
    if (sampling.mode === 'greedy') return checkGreedyPosition(cands, c, tol);
    if (!all && !isResolved(cands, vocabSize, sampling, tol)) return null;
    return checkSeededPosition(
      cands,
      vocabSize,
      c,
      sampling,
      drawUniform(sampling.seed, request.modelId, i),
      tol,
    );
  };

  await seq.clearHistory();
  let passes = 0;
  let positions = 0;
  let contested = 0;
  let worstRank = 0;
  let worstGap = 0;
  let firstBad: { i: number; failure: PositionFailure } | null = null;
  const deviationsAt: number[] = [];

  for (let from = 0; from < limit && firstBad === null; from += chunk) {
    const signal = options.signal;
    if (signal?.aborted) {
      // The signal's own LlmError reason (`aborted`, `timeout`) when it carries one.
      const r: unknown = signal.reason;
      const where = `replay at position ${from}`;
      throw r instanceof LlmError
        ? new LlmError(r.reason, r.detail ? `${r.detail}, ${where}` : where)
        : new LlmError('aborted', where);
    }
    const to = Math.min(limit, from + chunk);
    // This chunk evaluates tokens [start, end) and reads after output positions from..to-1, i.e. after
    // tokens base+from .. base+to-1. The first chunk also evaluates the prompt.
    const start = from === 0 ? 0 : base + from;
    const end = base + to;
    const specs = new Map<number, NextSpec>();
    for (let i = from; i < to; i++) specs.set(base + i - start, { kind: 'top', count, include: [out[i]!] });
    const results = await evaluateAt(seq, tokens.slice(start, end), specs);
    passes++;
    const checks: Array<PositionCheck | null> = [];
    const unresolved = new Map<number, NextSpec>();
    for (let i = from; i < to; i++) {
      const c = check(i, results.get(base + i - start), false);
      checks.push(c);
      if (c === null) unresolved.set(base + i - start, { kind: 'all' });
    }
    results.clear();
    if (unresolved.size > 0) {
      // A flat tail at the top-k boundary: read every logit at those positions, re-evaluating the chunk.
      await seq.eraseContextTokenRanges([{ start, end: seq.nextTokenIndex }]);
      if (start === 0) await seq.clearHistory();
      const all = await evaluateAt(seq, tokens.slice(start, end), unresolved);
      passes++;
      for (let i = from; i < to; i++)
        if (checks[i - from] === null) checks[i - from] = check(i, all.get(base + i - start), true);
    }
    for (let i = from; i < to; i++) {
      const c = checks[i - from]!;
      positions++;
      if (c.contested) contested++;
      if (c.deviation && c.ok) deviationsAt.push(i);
      worstRank = Math.max(worstRank, c.rank);
      worstGap = Math.max(worstGap, c.gap);
      if (!c.ok) {
        firstBad = { i, failure: c.failure! };
        break;
      }
    }
  }

  const budget = deviationBudget(budgetFor(tol, sampling), contested);
  const stats = {
    positions,
    contested,
    disagreements: deviationsAt.length,
    budget,
    worstRank,
    worstGap,
    passes,
  };
  const finishAt = finish.ok ? null : (finish.position ?? Number.POSITIVE_INFINITY);
  if (firstBad !== null && (finishAt === null || firstBad.i <= finishAt))
    return { ok: false, failure: firstBad.failure, position: firstBad.i, ...stats };
  if (!finish.ok) return { ok: false, failure: finish.failure, position: finish.position, ...stats };
  if (deviationsAt.length > budget)
    return { ok: false, failure: 'deviation-budget-exceeded', position: deviationsAt[budget]!, ...stats };
  return { ok: true, failure: null, position: null, ...stats };
}
