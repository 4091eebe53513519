import type { LlmErrorReason } from '../errors.js';
import type { JudgeVerdict } from '../judge/judge.js';
import type { ReplayVerdict } from '../replay/replay.js';

/**
 * The verdict policy (docs/protocol.md §12.7). Replay is the only evidence that an output is the
 * model's: it decides whenever the verifier can replay (it holds the request's model and prompt + output
 * fit its context). The judge never accepts alone: a record that cannot be replayed is `unverifiable`,
 * whatever the judge says (the judge is reported, as a signal). Both results are always reported.
 */
export interface VerdictPolicy {
  /**
   * `replay`: the replay alone decides a replayable request; `replay-and-judge`: also rejected when the
   * judge finds the output `unfaithful` (an `abstain` does not block).
   */
  whenReplayable: 'replay' | 'replay-and-judge';
  /** Run the judge even when the replay decides, to report it. */
  alwaysJudge: boolean;
}

export const DEFAULT_VERDICT_POLICY: VerdictPolicy = Object.freeze({
  whenReplayable: 'replay',
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

/**
 * - `accepted`: the replay passed (and, under `replay-and-judge`, the judge did not find it unfaithful);
 * - `rejected`: the replay failed or the claim is malformed (or the judge found it unfaithful under
 *   `replay-and-judge`);
 * - `unverifiable`: this verifier cannot replay the request; it neither attests nor accuses (§12.7).
 */
export type VerdictStatus = 'accepted' | 'rejected' | 'unverifiable';

export interface FinalVerdict {
  status: VerdictStatus;
  /** status === 'accepted'. */
  accepted: boolean;
  /** What decided: the replay, the replay and the judge, or nothing (`unverifiable`). */
  decidedBy: 'replay' | 'replay-and-judge' | 'none';
  replay: ReplayOutcome;
  judge: JudgeOutcome;
}

/** Whether the judge must run under this policy, given the replay outcome. */
export function needsJudge(replay: ReplayOutcome, policy: VerdictPolicy): boolean {
  return policy.alwaysJudge || (policy.whenReplayable === 'replay-and-judge' && replay.status === 'replayed');
}

export function decideVerdict(
  replay: ReplayOutcome,
  judge: JudgeOutcome,
  policy: VerdictPolicy,
): FinalVerdict {
  const v = (status: VerdictStatus, decidedBy: FinalVerdict['decidedBy']): FinalVerdict => ({
    status,
    accepted: status === 'accepted',
    decidedBy,
    replay,
    judge,
  });
  if (replay.status === 'not-replayable') return v('unverifiable', 'none');
  const replayPasses = replay.status === 'replayed' && replay.verdict.ok;
  if (policy.whenReplayable === 'replay-and-judge') {
    const judgeRejects = judge.status === 'judged' && judge.verdict.decision === 'unfaithful';
    return v(replayPasses && !judgeRejects ? 'accepted' : 'rejected', 'replay-and-judge');
  }
  return v(replayPasses ? 'accepted' : 'rejected', 'replay');
}
