import type { LlmErrorReason } from '../errors.js';
import type { JudgeVerdict } from '../judge/judge.js';
import type { ReplayVerdict } from '../replay/replay.js';

/**
 * The verdict policy (docs/protocol.md §12.7): replay decides whenever the request is replayable (the
 * verifier holds the request's model and prompt + output fit its context); the judge decides otherwise;
 * both results are reported.
 */
export interface VerdictPolicy {
  /** `replay`: the replay alone decides a replayable request; `replay-and-judge`: both must pass. */
  whenReplayable: 'replay' | 'replay-and-judge';
  /** The judge passes an output when its score (log-odds of yes over no) exceeds this. */
  judgeThreshold: number;
  /** Run the judge even when the replay decides, to report it. */
  alwaysJudge: boolean;
}

export const DEFAULT_VERDICT_POLICY: VerdictPolicy = Object.freeze({
  whenReplayable: 'replay',
  judgeThreshold: 0,
  alwaysJudge: true,
});

/** What the replay step produced. `rejected`: the claim is malformed (bad token ids, too long). */
export type ReplayOutcome =
  | { status: 'replayed'; verdict: ReplayVerdict }
  | { status: 'rejected'; reason: LlmErrorReason; detail?: string }
  | { status: 'not-replayable'; reason: LlmErrorReason; detail?: string };

export type JudgeOutcome =
  | { status: 'judged'; verdict: JudgeVerdict }
  | { status: 'failed'; reason: LlmErrorReason; detail?: string }
  | { status: 'skipped' };

export interface FinalVerdict {
  accepted: boolean;
  decidedBy: 'replay' | 'judge' | 'replay-and-judge';
  replay: ReplayOutcome;
  judge: JudgeOutcome;
}

/** Whether the judge must run under this policy, given the replay outcome. */
export function needsJudge(replay: ReplayOutcome, policy: VerdictPolicy): boolean {
  return (
    replay.status === 'not-replayable' || policy.alwaysJudge || policy.whenReplayable === 'replay-and-judge'
  );
}

export function decideVerdict(
  replay: ReplayOutcome,
  judge: JudgeOutcome,
  policy: VerdictPolicy,
): FinalVerdict {
  const judgePasses = judge.status === 'judged' && judge.verdict.score > policy.judgeThreshold;
  if (replay.status === 'not-replayable') return { accepted: judgePasses, decidedBy: 'judge', replay, judge };
  const replayPasses = replay.status === 'replayed' && replay.verdict.ok;
  if (policy.whenReplayable === 'replay-and-judge')
    return { accepted: replayPasses && judgePasses, decidedBy: 'replay-and-judge', replay, judge };
  return { accepted: replayPasses, decidedBy: 'replay', replay, judge };
}
