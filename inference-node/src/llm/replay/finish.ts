import { type Detokenizer, firstStop, outputText } from '../generate/stop.js';
import type { InferenceOutput } from '../request/types.js';

export type FinishFailure =
  | 'stopped-early'
  | 'stop-missing'
  | 'finish-reason-mismatch'
  | 'length-mismatch'
  | 'text-mismatch';

export type FinishCheck = { ok: true } | { ok: false; failure: FinishFailure; position: number | null };

/**
 * Checks that the claimed finish reason is the one the stop rules give for the claimed tokens
 * (docs/protocol.md §12.5), so that an output can be neither cut short nor run on:
 *   - no stop rule may fire before the last token (`stopped-early`, at the first token after the stop);
 *   - `stop-token` / `stop-string`: the rule fires at the last token, and it is that rule
 *     (`stop-missing` at the last position, `finish-reason-mismatch`);
 *   - `length`: no rule fires and there are exactly maxTokens tokens (`length-mismatch` at the position
 *     of the first missing token);
 *   - the claimed text is the text of the tokens (`text-mismatch`, no position).
 */
export function checkFinish(
  output: InferenceOutput,
  maxTokens: number,
  vocab: Detokenizer,
  stops: readonly string[],
): FinishCheck {
  const n = output.tokens.length;
  const stop = firstStop(output.tokens, vocab, stops);
  if (stop >= 0 && stop < n - 1) return { ok: false, failure: 'stopped-early', position: stop + 1 };
  const actual = stop === n - 1 ? (vocab.isEog(output.tokens[n - 1]!) ? 'stop-token' : 'stop-string') : null;
  if (output.finishReason === 'length') {
    if (actual !== null) return { ok: false, failure: 'finish-reason-mismatch', position: n - 1 };
    if (n !== maxTokens) return { ok: false, failure: 'length-mismatch', position: n };
  } else if (actual === null) {
    return { ok: false, failure: 'stop-missing', position: n - 1 };
  } else if (actual !== output.finishReason) {
    return { ok: false, failure: 'finish-reason-mismatch', position: n - 1 };
  }
  if (outputText(output.tokens, output.finishReason, vocab, stops) !== output.text)
    return { ok: false, failure: 'text-mismatch', position: null };
  return { ok: true };
}
