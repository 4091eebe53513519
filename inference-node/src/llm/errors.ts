/**
 * Every failure of the LLM engine that a caller can act on is an `LlmError` with a machine-readable
 * `reason` (see docs/protocol.md §12): bad requests, unknown models, limits, queueing and cancellation.
 * Verification outcomes are not errors: replay and judge return verdicts.
 */
export type LlmErrorReason =
  | 'unknown-model'
  | 'model-not-found'
  | 'model-load-failed'
  | 'invalid-request'
  | 'invalid-tokens'
  | 'prompt-too-long'
  | 'max-tokens-exceeded'
  | 'output-too-long'
  | 'queue-full'
  | 'aborted'
  | 'timeout'
  | 'engine-closed'
  | 'judge-unsupported';

export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly reason: LlmErrorReason;
  readonly detail: string | undefined;

  constructor(reason: LlmErrorReason, detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.reason = reason;
    this.detail = detail;
  }
}
