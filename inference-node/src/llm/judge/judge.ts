import type { LlamaContextSequence } from 'node-llama-cpp';
import { LlmError } from '../errors.js';
import { evaluateNext } from '../runtime/evaluate.js';
import { JUDGE_PROMPT_VERSION, NO_FORMS, YES_FORMS } from './prompt.js';

/**
 * The judge's decision (docs/protocol.md §12.6): `abstain` when the answer tokens get less than
 * MIN_ANSWER_MASS of the model's probability (it is not answering yes or no) or when |score| is within
 * ABSTAIN_BAND of 0 (it cannot tell).
 */
export type JudgeDecision = 'faithful' | 'unfaithful' | 'abstain';

export interface JudgeVerdict {
  version: string;
  decision: JudgeDecision;
  /** decision === 'faithful'. */
  faithful: boolean;
  /** log(sum of yes-token probabilities) − log(sum of no-token probabilities). */
  score: number;
  /** P(yes | yes or no) = 1 / (1 + exp(−score)). */
  pYes: number;
  /** P(yes or no): the share of the model's next-token probability the answer tokens get. */
  answerMass: number;
  /** log(P(yes or no)) relative to the most likely token (0 when an answer token is the most likely). */
  answerLogMass: number;
  yesTokens: number[];
  noTokens: number[];
}

/** The answer tokens must hold at least this share of the next-token probability, else `abstain`. */
export const MIN_ANSWER_MASS = 0.5;
/** |score| (nats of log-odds) at or below this is `abstain`. */
export const ABSTAIN_BAND = 1;

/** The decision from the read numbers (pure; the constants are part of the judge version). */
export function judgeDecision(score: number, answerMass: number): JudgeDecision {
  if (!Number.isFinite(score) || !(answerMass >= MIN_ANSWER_MASS)) return 'abstain';
  if (Math.abs(score) <= ABSTAIN_BAND) return 'abstain';
  return score > 0 ? 'faithful' : 'unfaithful';
}

export interface AnswerTokens {
  yes: number[];
  no: number[];
}

/**
 * The fixed answer tokens of a model: for each spelling in YES_FORMS / NO_FORMS whose tokenization (no
 * BOS, no special tokens) is a single token, that token. A model with no single-token yes or no cannot
 * judge (`judge-unsupported`).
 */
export function answerTokens(tokenize: (text: string) => number[]): AnswerTokens {
  const pick = (forms: readonly string[]): number[] => {
    const out = new Set<number>();
    for (const f of forms) {
      const t = tokenize(f);
      if (t.length === 1) out.add(t[0]!);
    }
    return [...out].sort((a, b) => a - b);
  };
  const yes = pick(YES_FORMS);
  const no = pick(NO_FORMS);
  if (yes.length === 0 || no.length === 0)
    throw new LlmError('judge-unsupported', 'no single-token yes/no answer');
  if (yes.some((t) => no.includes(t))) throw new LlmError('judge-unsupported', 'yes and no share a token');
  return { yes, no };
}

function logSumExp(xs: readonly number[]): number {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
}

/**
 * Runs the judge prompt (already tokenized) on a fresh sequence and reads every logit after it: a pure
 * function of those logits, with no sampling at all, so every verifier with the model reads the same
 * verdict (up to numerical drift, which the score's magnitude and the abstain band absorb).
 */
export async function judgeOnSequence(
  seq: LlamaContextSequence,
  promptTokens: readonly number[],
  answers: AnswerTokens,
): Promise<JudgeVerdict> {
  await seq.clearHistory();
  const next = await evaluateNext(seq, promptTokens, { kind: 'all' });
  const all = next.candidates!;
  const byToken = new Map(all.map((c) => [c.token, c.logit]));
  const logit = (t: number): number => byToken.get(t) ?? Number.NaN;
  const yes = logSumExp(answers.yes.map(logit));
  const no = logSumExp(answers.no.map(logit));
  const score = yes - no;
  const answers2 = logSumExp([yes, no]);
  const answerMass = Math.exp(answers2 - logSumExp(all.map((c) => c.logit)));
  const decision = judgeDecision(score, answerMass);
  return {
    version: JUDGE_PROMPT_VERSION,
    decision,
    faithful: decision === 'faithful',
    score,
    pYes: 1 / (1 + Math.exp(-score)),
    answerMass,
    answerLogMass: answers2 - all[0]!.logit,
    yesTokens: answers.yes,
    noTokens: answers.no,
  };
}
