import { LlmError } from '../errors.js';

/** The error a request ends with when its signal fires: the signal's LlmError reason (`aborted`, `timeout`), else `aborted`. */
export function abortError(signal: AbortSignal, where: string): LlmError {
  const r: unknown = signal.reason;
  if (r instanceof LlmError) return new LlmError(r.reason, r.detail ? `${r.detail}, ${where}` : where);
  return new LlmError('aborted', where);
}

/** Throws `abortError` if the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) throw abortError(signal, where);
}

/**
 * A request's signal: the caller's, plus a timeout (`timeoutMs` > 0) that aborts with `timeout`. The
 * caller's abort becomes `aborted`. `dispose()` clears the timer and the listener.
 */
export function requestSignal(
  caller: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal | undefined; dispose(): void } {
  if (!caller && !(timeoutMs > 0)) return { signal: undefined, dispose: () => {} };
  const ac = new AbortController();
  const onAbort = (): void => {
    const r: unknown = caller?.reason;
    ac.abort(r instanceof LlmError ? r : new LlmError('aborted', 'by the caller'));
  };
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(() => ac.abort(new LlmError('timeout', `after ${timeoutMs} ms`)), timeoutMs)
      : undefined;
  timer?.unref();
  return {
    signal: ac.signal,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}
