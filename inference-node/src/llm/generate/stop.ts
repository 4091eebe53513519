import type { FinishReason } from '../request/types.js';

/** What the stop rules need from a model's vocabulary. */
export interface Detokenizer {
  /** Text of a token sequence: llama.cpp detokenization, special tokens rendered as nothing. */
  detokenize(tokens: readonly number[]): string;
  /** Whether a token is one of the model's end-of-generation tokens. */
  isEog(token: number): boolean;
}

/**
 * The stop rules (docs/protocol.md §12.3), applied after each output token t (0-based):
 *   - if token t is an end-of-generation token, generation ends with `stop-token`;
 *   - else if the text of tokens 0..t contains one of the stop strings, it ends with `stop-string`;
 *   - else if t + 1 = maxTokens, it ends with `length`.
 * The stop-string test is on the text of the whole output so far, so a stop string spanning several
 * tokens, or a multi-byte character completed by a later byte token, is seen at the token completing it.
 */
export class StopDetector {
  private readonly tokens: number[] = [];
  private readonly vocab: Detokenizer;
  private readonly stops: readonly string[];

  constructor(vocab: Detokenizer, stops: readonly string[]) {
    this.vocab = vocab;
    this.stops = stops;
  }

  /** Feeds the next output token; returns the finish reason it causes, if any (not `length`). */
  push(token: number): FinishReason | null {
    this.tokens.push(token);
    if (this.vocab.isEog(token)) return 'stop-token';
    if (this.stops.length > 0) {
      const text = this.vocab.detokenize(this.tokens);
      if (this.stops.some((s) => text.includes(s))) return 'stop-string';
    }
    return null;
  }
}

/** Index of the first token at which the stop rules end generation, or -1 if none does. */
export function firstStop(tokens: readonly number[], vocab: Detokenizer, stops: readonly string[]): number {
  const d = new StopDetector(vocab, stops);
  for (let i = 0; i < tokens.length; i++) if (d.push(tokens[i]!) !== null) return i;
  return -1;
}

/** The reported text of an output: everything, or for `stop-string` everything before the stop string. */
export function outputText(
  tokens: readonly number[],
  finish: FinishReason,
  vocab: Detokenizer,
  stops: readonly string[],
): string {
  const text = vocab.detokenize(tokens);
  if (finish !== 'stop-string') return text;
  let cut = text.length;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0 && at < cut) cut = at;
  }
  return text.slice(0, cut);
}
