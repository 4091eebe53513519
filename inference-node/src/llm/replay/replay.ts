import type { LlamaContextSequence } from 'node-llama-cpp';
import type { Detokenizer } from '../generate/stop.js';
import type { InferenceOutput, InferenceRequest } from '../request/types.js';
import { evaluateAt, type NextSpec } from '../runtime/evaluate.js';
import { drawUniform } from '../sampling/draw.js';
import {
  CANDIDATE_MARGIN,
  checkGreedyPosition,
  checkSeededPosition,
  isResolved,
  type PositionCheck,
  type PositionFailure,
  type ReplayTolerance,
} from '../sampling/tolerance.js';
import { checkFinish, type FinishFailure } from './finish.js';

export type ReplayFailure = PositionFailure | FinishFailure;

export interface ReplayVerdict {
  ok: boolean;
  failure: ReplayFailure | null;
  /** First failing output position (0-based); null when ok or when the failure is the text. */
  position: number | null;
  /** Output positions checked against the declared sampling. */
  positions: number;
  /** Positions whose claimed token is not the verifier's own argmax (honest drift shows up here). */
  disagreements: number;
  /** Highest verifier rank of a claimed token (0 = argmax). */
  worstRank: number;
  /** Largest (verifier's best logit − claimed token's logit). */
  worstGap: number;
  /** Forward passes run: 1, or 2 when a seeded position needed every logit. */
  passes: number;
}

const INVALID: PositionCheck = { ok: false, failure: 'invalid-logit', rank: 0, gap: 0 };

function allFinite(list: readonly { logit: number }[] | undefined): list is { logit: number }[] {
  return list !== undefined && list.length > 0 && list.every((c) => Number.isFinite(c.logit));
}

/**
 * Replays a claimed output in one batched forward pass over prompt + output (the last output token is
 * not evaluated: nothing is read after it) and checks every position against the declared sampling
 * within the tolerance, and the finish reason against the stop rules. The sequence must be able to hold
 * the prompt and the output, and the context's batch size should cover them for a single batch.
 */
export async function replayOnSequence(
  seq: LlamaContextSequence,
  vocab: Detokenizer,
  vocabSize: number,
  request: InferenceRequest,
  promptTokens: readonly number[],
  output: InferenceOutput,
  tol: ReplayTolerance,
): Promise<ReplayVerdict> {
  const out = output.tokens;
  const n = out.length;
  const base = promptTokens.length - 1;
  const sampling = request.sampling;
  const count =
    sampling.mode === 'greedy' ? tol.greedyTopRanks : Math.min(vocabSize, sampling.topK + CANDIDATE_MARGIN);
  const specs = new Map<number, NextSpec>();
  for (let i = 0; i < n; i++) specs.set(base + i, { kind: 'top', count, include: [out[i]!] });
  const tokens = [...promptTokens, ...out.slice(0, n - 1)];

  await seq.clearHistory();
  const results = await evaluateAt(seq, tokens, specs);
  let passes = 1;

  const checks: PositionCheck[] = new Array(n);
  const unresolved: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = results.get(base + i);
    const logit = r?.included?.get(out[i]!);
    // Fail closed: a claimed token without a finite logit, or a position whose candidates cannot be
    // ranked (a non-finite logit among them), is rejected, never given rank 0 by a NaN comparison.
    if (logit === undefined || !Number.isFinite(logit) || !allFinite(r?.candidates)) {
      checks[i] = INVALID;
      continue;
    }
    const claimed = { token: out[i]!, logit };
    if (sampling.mode === 'greedy') {
      checks[i] = checkGreedyPosition(r.candidates!, claimed, tol);
    } else if (isResolved(r.candidates!, vocabSize, sampling, tol)) {
      checks[i] = checkSeededPosition(
        r.candidates!,
        vocabSize,
        claimed,
        sampling,
        drawUniform(sampling.seed, request.modelId, i),
        tol,
      );
    } else {
      unresolved.push(i);
    }
  }
  if (unresolved.length > 0 && sampling.mode === 'seeded') {
    // A flat tail at the top-k boundary: read every logit at those positions in a second pass.
    await seq.clearHistory();
    const all = await evaluateAt(
      seq,
      tokens,
      new Map(unresolved.map((i) => [base + i, { kind: 'all' } as const])),
    );
    passes++;
    for (const i of unresolved) {
      const cands = all.get(base + i)?.candidates;
      const claimed = cands?.find((c) => c.token === out[i]);
      if (!claimed || !allFinite(cands)) {
        checks[i] = INVALID;
        continue;
      }
      checks[i] = checkSeededPosition(
        cands,
        vocabSize,
        claimed,
        sampling,
        drawUniform(sampling.seed, request.modelId, i),
        tol,
      );
    }
  }

  let disagreements = 0;
  let worstRank = 0;
  let worstGap = 0;
  let firstBad = -1;
  for (let i = 0; i < n; i++) {
    const c = checks[i]!;
    if (c.rank > 0) disagreements++;
    worstRank = Math.max(worstRank, c.rank);
    worstGap = Math.max(worstGap, c.gap);
    if (!c.ok && firstBad < 0) firstBad = i;
  }
  const stats = { positions: n, disagreements, worstRank, worstGap, passes };
  const finish = checkFinish(output, request.maxTokens, vocab, request.stop);
  const finishAt = finish.ok ? null : (finish.position ?? Number.POSITIVE_INFINITY);
  if (firstBad >= 0 && (finishAt === null || firstBad <= finishAt))
    return { ok: false, failure: checks[firstBad]!.failure!, position: firstBad, ...stats };
  if (!finish.ok) return { ok: false, failure: finish.failure, position: finish.position, ...stats };
  return { ok: true, failure: null, position: null, ...stats };
}
