import type { FinishReason } from '../request/types.js';

/** What the stop rules need from a model's vocabulary. */
export interface Detokenizer {
  /** Text of a token sequence: llama.cpp detokenization, special tokens rendered as nothing. */
  detokenize(tokens: readonly number[]): string;
  /** Whether a token is one of the model's end-of-generation tokens. */
  isEog(token: number): boolean;
}

/** Tokens kept out of the committed text: the window is detokenized again at each token. */
const WINDOW_KEEP = 4;
/** Window length at which a commit is tried. */
const WINDOW_COMMIT = 12;
/** Committed characters kept at hand for stop-string searches (≥ the longest stop string − 1). */
const RECENT_CHARS = 64;

const trailingReplacements = (s: string): number => {
  let n = 0;
  while (n < s.length && s.charCodeAt(s.length - 1 - n) === 0xfffd) n++;
  return n;
};

/**
 * The text of a growing token sequence, kept up to date token by token at a cost independent of the
 * sequence's length: `committed text ‖ window text`, where the window (the last few tokens) is
 * detokenized again after each token and its older part is committed once its text is final.
 *
 * The text is always llama.cpp's detokenization of all the tokens, because detokenization is a
 * concatenation of token pieces (bytes) decoded as UTF-8: the window is detokenized after the last
 * committed token (so a leading-space strip applies only at the very start), and a window prefix is
 * committed only when the window's text starts with the prefix's text and goes on past it — then the
 * UTF-8 decoder has left the prefix behind (an incomplete multi-byte character at its end would have
 * been completed or replaced by the bytes after it). If a tokenizer ever breaks that (a detokenizer
 * that rewrites text across tokens), the check fails and the text falls back to whole detokenization.
 */
export class IncrementalText {
  private readonly vocab: Detokenizer;
  private readonly tokens: number[] = [];
  /** Tokens [0, base) are committed; their text is `pieces` joined. */
  private base = 0;
  private readonly pieces: string[] = [];
  private readonly pieceStarts: number[] = [];
  private committedLength = 0;
  /** The last RECENT_CHARS committed characters. */
  private recent = '';
  /** Text of the context token (base − 1) on its own, removed from the window's detokenization. */
  private contextText = '';
  /** Text of tokens [base, n). */
  private tail = '';
  /** Whole detokenization at every token (a tokenizer whose text is not a concatenation). */
  private exact = false;
  private exactText = '';

  constructor(vocab: Detokenizer) {
    this.vocab = vocab;
  }

  get tokenCount(): number {
    return this.tokens.length;
  }

  /** Length of the text (UTF-16 code units). */
  get length(): number {
    return this.exact ? this.exactText.length : this.committedLength + this.tail.length;
  }

  /**
   * Length of the prefix of the text that no later token can change: everything but a run of U+FFFD at
   * the end (an incomplete multi-byte character that a later byte may complete).
   */
  get stableLength(): number {
    if (this.exact) return this.exactText.length - trailingReplacements(this.exactText);
    return Math.max(this.committedLength, this.length - trailingReplacements(this.tail));
  }

  push(token: number): void {
    this.tokens.push(token);
    if (this.exact) {
      this.exactText = this.vocab.detokenize(this.tokens);
      return;
    }
    this.tail = this.windowText(this.base, this.tokens.length);
    if (this.tokens.length - this.base >= WINDOW_COMMIT) this.tryCommit();
  }

  /** The text from code unit `from` to the end. */
  textFrom(from: number): string {
    if (this.exact) return this.exactText.slice(from);
    if (from >= this.committedLength) return this.tail.slice(from - this.committedLength);
    if (from >= this.committedLength - this.recent.length)
      return this.recent.slice(from - (this.committedLength - this.recent.length)) + this.tail;
    let i = this.pieces.length - 1;
    while (i > 0 && this.pieceStarts[i]! > from) i--;
    const parts = [this.pieces[i]!.slice(from - this.pieceStarts[i]!)];
    for (let j = i + 1; j < this.pieces.length; j++) parts.push(this.pieces[j]!);
    parts.push(this.tail);
    return parts.join('');
  }

  /** The whole text. */
  text(): string {
    return this.textFrom(0);
  }

  /** Text of tokens [from, to) as they read after the tokens before `from`. */
  private windowText(from: number, to: number): string {
    if (from === to) return '';
    if (from === 0) return this.vocab.detokenize(this.tokens.slice(0, to));
    const full = this.vocab.detokenize(this.tokens.slice(from - 1, to));
    if (full.startsWith(this.contextText)) return full.slice(this.contextText.length);
    this.toExact();
    return '';
  }

  private tryCommit(): void {
    const k = this.tokens.length - WINDOW_KEEP;
    const head = this.windowText(this.base, k);
    if (this.exact) return;
    if (!(this.tail.length > head.length && this.tail.startsWith(head))) return;
    const contextText = this.vocab.detokenize([this.tokens[k - 1]!]);
    const rest = this.vocab.detokenize(this.tokens.slice(k - 1));
    // The window's text must split at the new base exactly as it will be read from now on.
    if (!rest.startsWith(contextText) || head + rest.slice(contextText.length) !== this.tail) return;
    this.pieces.push(head);
    this.pieceStarts.push(this.committedLength);
    this.committedLength += head.length;
    this.recent = (this.recent + head).slice(-RECENT_CHARS);
    this.base = k;
    this.contextText = contextText;
    this.tail = this.tail.slice(head.length);
  }

  private toExact(): void {
    this.exact = true;
    this.exactText = this.vocab.detokenize(this.tokens);
  }
}

/**
 * The stop rules (docs/protocol.md §12.3), applied after each output token t (0-based):
 *   - if token t is an end-of-generation token, generation ends with `stop-token`;
 *   - else if the text of tokens 0..t contains one of the stop strings, it ends with `stop-string`;
 *   - else if t + 1 = maxTokens, it ends with `length`.
 * The stop-string test is on the text of the whole output so far, so a stop string spanning several
 * tokens, or a multi-byte character completed by a later byte token, is seen at the token completing it.
 * It costs O(window + longest stop string) per token: only text that the new token can have changed
 * (the window) and the stop-string length before it are searched — an occurrence entirely in older,
 * final text would have been found when that text appeared.
 */
export class StopDetector {
  readonly text: IncrementalText;
  private readonly vocab: Detokenizer;
  private readonly stops: readonly string[];
  private readonly reach: number;

  constructor(vocab: Detokenizer, stops: readonly string[]) {
    this.vocab = vocab;
    this.stops = stops;
    this.text = new IncrementalText(vocab);
    this.reach = Math.max(0, ...stops.map((s) => s.length)) - 1;
  }

  /** Feeds the next output token; returns the finish reason it causes, if any (not `length`). */
  push(token: number): FinishReason | null {
    const before = this.text.stableLength;
    this.text.push(token);
    if (this.vocab.isEog(token)) return 'stop-token';
    if (this.stops.length > 0) {
      const region = this.text.textFrom(Math.max(0, before - this.reach));
      if (this.stops.some((s) => region.includes(s))) return 'stop-string';
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
  return cutAtStop(vocab.detokenize(tokens), finish, stops);
}

/** `text`, or for `stop-string` the text before the earliest occurrence of any stop string. */
export function cutAtStop(text: string, finish: FinishReason, stops: readonly string[]): string {
  if (finish !== 'stop-string') return text;
  let cut = text.length;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0 && at < cut) cut = at;
  }
  return text.slice(0, cut);
}

/**
 * Turns the growing text of an output into deltas a client can be sent at once: the stable text (no
 * trailing U+FFFD of an incomplete character) minus the longest suffix that could still begin a stop
 * string (held back until it either completes one — and is never sent — or stops matching). The
 * concatenated deltas plus `finish(finalText)` are exactly the final text.
 */
export class DeltaEmitter {
  private readonly text: IncrementalText;
  private readonly stops: readonly string[];
  private readonly reach: number;
  private emitted = 0;

  constructor(text: IncrementalText, stops: readonly string[]) {
    this.text = text;
    this.stops = stops;
    this.reach = Math.max(0, ...stops.map((s) => s.length)) - 1;
  }

  /** Characters sent so far. */
  get sent(): number {
    return this.emitted;
  }

  /** The text that became safe to send since the last call ('' if none). */
  next(): string {
    const stable = this.text.stableLength;
    if (stable <= this.emitted) return '';
    const from = Math.min(this.emitted, Math.max(0, stable - this.reach));
    const s = this.text.textFrom(from).slice(0, stable - from);
    let safe = stable;
    for (let l = Math.min(this.reach, stable - from); l > 0; l--) {
      const suffix = s.slice(s.length - l);
      if (this.stops.some((stop) => stop.startsWith(suffix))) {
        safe = stable - l;
        break;
      }
    }
    if (safe <= this.emitted) return '';
    const delta = s.slice(this.emitted - from, safe - from);
    this.emitted = safe;
    return delta;
  }

  /** The rest of the final text (which starts with everything sent). */
  finish(finalText: string): string {
    const rest = finalText.slice(this.emitted);
    this.emitted = finalText.length;
    return rest;
  }
}
