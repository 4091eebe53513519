import { LlmError } from '../llm/errors.js';

/**
 * An error the HTTP API answers with (docs/protocol.md §17.3): an HTTP status, OpenAI's error body
 * `{error: {message, type, param, code}}`, and for 429/503 the seconds after which a retry may succeed.
 */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error'
  | 'overloaded_error'
  | 'timeout_error';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly type: ApiErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    type: ApiErrorType,
    code: string,
    message: string,
    o: { param?: string | null; retryAfter?: number } = {},
  ) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = o.param ?? null;
    this.retryAfter = o.retryAfter;
  }

  body(): { error: { message: string; type: string; param: string | null; code: string } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const invalid = (message: string, param: string | null = null, code = 'invalid_request'): ApiError =>
  new ApiError(400, 'invalid_request_error', code, message, { param });

/** Maps an engine error to what the client is told; anything unexpected is a 500 without details. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof LlmError) {
    const msg = e.message;
    switch (e.reason) {
      case 'invalid-request':
        return invalid(msg);
      case 'prompt-too-long':
        return invalid(msg, 'messages', 'context_length_exceeded');
      case 'max-tokens-exceeded':
        return invalid(msg, 'max_tokens', 'max_tokens_exceeded');
      case 'unknown-model':
        return new ApiError(404, 'not_found_error', 'model_not_found', msg, { param: 'model' });
      case 'queue-full':
        return new ApiError(503, 'overloaded_error', 'overloaded', msg, { retryAfter: 1 });
      case 'engine-closed':
        return new ApiError(503, 'overloaded_error', 'shutting_down', msg, { retryAfter: 5 });
      case 'timeout':
        return new ApiError(504, 'timeout_error', 'timeout', msg);
      case 'aborted':
        return new ApiError(408, 'timeout_error', 'aborted', msg);
      default:
        return new ApiError(500, 'server_error', e.reason, msg);
    }
  }
  return new ApiError(500, 'server_error', 'internal_error', 'internal error');
}
