import type { LlamaContextSequence } from 'node-llama-cpp';
import { LlmError } from '../errors.js';
import { evaluateNext } from '../runtime/evaluate.js';
import { JUDGE_PROMPT_VERSION, NO_FORMS, YES_FORMS } from './prompt.js';

export interface JudgeVerdict {
  version: string;
  /** score > 0: the model finds yes more likely than no. */
  faithful: boolean;
  /** log(sum of yes-token probabilities) − log(sum of no-token probabilities). */
  score: number;
  /** P(yes | yes or no) = 1 / (1 + exp(−score)). */
  pYes: number;
  /** log(P(yes or no)) relative to the most likely token: how much of the model's mass the answers get. */
  answerLogMass: number;
  yesTokens: number[];
  noTokens: number[];
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
 * Runs the judge prompt (already tokenized) on a fresh sequence and reads the logits of the answer tokens
 * after it: a pure function of those logits, with no sampling at all, so every verifier with the model
 * reads the same verdict (up to numerical drift, which the score's magnitude shows).
 */
export async function judgeOnSequence(
  seq: LlamaContextSequence,
  promptTokens: readonly number[],
  answers: AnswerTokens,
): Promise<JudgeVerdict> {
  await seq.clearHistory();
  const include = [...answers.yes, ...answers.no];
  const next = await evaluateNext(seq, promptTokens, { kind: 'top', count: 1, include });
  const logit = (t: number): number => next.included!.get(t)!;
  const yes = logSumExp(answers.yes.map(logit));
  const no = logSumExp(answers.no.map(logit));
  const score = yes - no;
  return {
    version: JUDGE_PROMPT_VERSION,
    faithful: score > 0,
    score,
    pYes: 1 / (1 + Math.exp(-score)),
    answerLogMass: logSumExp([yes, no]) - next.candidates![0]!.logit,
    yesTokens: answers.yes,
    noTokens: answers.no,
  };
}
