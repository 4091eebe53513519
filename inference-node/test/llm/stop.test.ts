import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputAssembler } from '../../src/llm/generate/generate.js';
import {
  type Detokenizer,
  firstStop,
  IncrementalText,
  outputText,
  StopDetector,
} from '../../src/llm/generate/stop.js';
import { checkFinish } from '../../src/llm/replay/finish.js';
import type { InferenceOutput } from '../../src/llm/request/types.js';

// A toy vocabulary: token i is the i-th letter; 0 is end-of-generation and renders as nothing; 27 and 28
// are the two UTF-8 bytes of "é", which render as U+FFFD until both are there.
const toy: Detokenizer = {
  isEog: (t) => t === 0,
  detokenize: (tokens) => {
    const bytes: number[] = [];
    for (const t of tokens) {
      if (t >= 1 && t <= 26) bytes.push(96 + t);
      else if (t === 27) bytes.push(0xc3);
      else if (t === 28) bytes.push(0xa9);
    }
    return new TextDecoder().decode(Uint8Array.from(bytes));
  },
};
const word = (s: string): number[] => [...s].map((c) => c.charCodeAt(0) - 96);

describe('stop rules', () => {
  it('stop on an end-of-generation token, then on a stop string spanning tokens', () => {
    expect(firstStop([...word('abc'), 0, 1], toy, [])).toBe(3);
    expect(firstStop(word('hello world'.replace(' ', '')), toy, ['low'])).toBe(5);
    expect(firstStop(word('abcdef'), toy, ['xyz'])).toBe(-1);
  });

  it('see a multi-byte character at the byte token completing it', () => {
    expect(firstStop([1, 27, 28, 2], toy, ['é'])).toBe(2);
    const d = new StopDetector(toy, ['é']);
    expect([d.push(1), d.push(27), d.push(28)]).toEqual([null, null, 'stop-string']);
  });

  it('report the text before the stop string', () => {
    expect(outputText(word('abcxyzq'), 'stop-string', toy, ['xy', 'z'])).toBe('abc');
    expect(outputText([...word('ab'), 0], 'stop-token', toy, [])).toBe('ab');
  });
});

describe('finish check', () => {
  const out = (
    tokens: number[],
    finishReason: InferenceOutput['finishReason'],
    stops: string[] = [],
  ): InferenceOutput => ({
    tokens,
    finishReason,
    text: outputText(tokens, finishReason, toy, stops),
  });

  it('accepts each honest ending', () => {
    expect(checkFinish(out([1, 2, 0], 'stop-token'), 5, toy, [])).toEqual({ ok: true });
    expect(checkFinish(out(word('abxy'), 'stop-string', ['xy']), 5, toy, ['xy'])).toEqual({ ok: true });
    expect(checkFinish(out(word('abcde'), 'length'), 5, toy, [])).toEqual({ ok: true });
  });

  it('catches an output cut short and labelled stop, or labelled length', () => {
    expect(checkFinish(out([1, 2], 'stop-token'), 5, toy, [])).toEqual({
      ok: false,
      failure: 'stop-missing',
      position: 1,
    });
    expect(checkFinish(out([1, 2], 'length'), 5, toy, [])).toEqual({
      ok: false,
      failure: 'length-mismatch',
      position: 2,
    });
  });

  it('catches an output run on past a stop', () => {
    expect(checkFinish(out([1, 0, 2, 3, 4], 'length'), 5, toy, [])).toEqual({
      ok: false,
      failure: 'stopped-early',
      position: 2,
    });
    expect(checkFinish(out(word('axyab'), 'length', ['xy']), 5, toy, ['xy'])).toMatchObject({
      failure: 'stopped-early',
      position: 3,
    });
  });

  it('catches a wrong finish reason and a text that is not the tokens’ text', () => {
    expect(checkFinish(out([1, 2, 0], 'length'), 3, toy, [])).toMatchObject({
      failure: 'finish-reason-mismatch',
    });
    expect(checkFinish(out(word('abxy'), 'stop-token', ['xy']), 5, toy, ['xy'])).toMatchObject({
      failure: 'finish-reason-mismatch',
    });
    expect(checkFinish({ ...out(word('abc'), 'length'), text: 'abd' }, 3, toy, [])).toEqual({
      ok: false,
      failure: 'text-mismatch',
      position: null,
    });
  });
});

// A richer toy vocabulary for the incremental text: SentencePiece-like leading-space pieces (the first
// token of a text loses its leading space), single bytes, and multi-byte characters split across tokens.
const PIECES = new Map<number, number[]>();
const enc = (s: string): number[] => [...new TextEncoder().encode(s)];
for (let i = 0; i < 26; i++) {
  PIECES.set(1 + i, enc(String.fromCharCode(97 + i)));
  PIECES.set(27 + i, enc(` ${String.fromCharCode(97 + i)}`));
}
PIECES.set(60, [0xe2, 0x82]); // "€" = e2 82 ac, split 2 + 1
PIECES.set(61, [0xac]);
PIECES.set(62, [0xf0, 0x9f]); // "😀" = f0 9f 98 80, split 2 + 2
PIECES.set(63, [0x98, 0x80]);
PIECES.set(64, enc('é'));
PIECES.set(65, enc(' é'));
PIECES.set(66, enc('\n'));
for (let b = 0; b < 256; b++) PIECES.set(100 + b, [b]);
const IDS = [...PIECES.keys(), 0];
const rich: Detokenizer = {
  isEog: (t) => t === 0,
  detokenize: (tokens) => {
    const bytes: number[] = [];
    tokens.forEach((t, i) => {
      const p = PIECES.get(t) ?? [];
      bytes.push(...(i === 0 && p[0] === 0x20 ? p.slice(1) : p));
    });
    return new TextDecoder().decode(Uint8Array.from(bytes));
  },
};
// Mostly text, with runs of split characters and raw bytes (some invalid UTF-8).
const richToken = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...IDS.filter((t) => t < 100)) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 355 }) },
  { weight: 1, arbitrary: fc.constantFrom(0xc3 + 100, 0xa9 + 100, 0xe2 + 100, 0x82 + 100, 0xac + 100) },
);

describe('incremental text', () => {
  it('is the detokenization of all tokens at every step, and its stable part never changes', () => {
    fc.assert(
      fc.property(fc.array(richToken, { maxLength: 80 }), (tokens) => {
        const inc = new IncrementalText(rich);
        const final = rich.detokenize(tokens);
        for (let i = 0; i < tokens.length; i++) {
          inc.push(tokens[i]!);
          const whole = rich.detokenize(tokens.slice(0, i + 1));
          expect(inc.text()).toBe(whole);
          expect(inc.length).toBe(whole.length);
          const stable = whole.slice(0, inc.stableLength);
          expect(final.startsWith(stable)).toBe(true);
          expect(stable.endsWith('\uFFFD') && inc.stableLength > 0 && whole.length > stable.length).toBe(
            false,
          );
          const from = Math.floor(whole.length / 2);
          expect(inc.textFrom(from)).toBe(whole.slice(from));
        }
      }),
    );
  });

  it('costs O(1) detokenized tokens per token (the old stop detector re-read the whole output)', () => {
    let read = 0;
    const counting: Detokenizer = {
      isEog: rich.isEog,
      detokenize: (t) => {
        read += t.length;
        return rich.detokenize(t);
      },
    };
    const d = new StopDetector(counting, ['zzz']);
    const n = 4000;
    for (let i = 0; i < n; i++) expect(d.push(1 + (i % 25))).toBeNull();
    expect(read / n).toBeLessThan(40);
  });
});

/** The stop rules as the protocol states them: whole-text detokenization after every token. */
function referenceFinish(
  tokens: readonly number[],
  maxTokens: number,
  stops: readonly string[],
): { n: number; reason: 'stop-token' | 'stop-string' | 'length' } | null {
  for (let t = 0; t < tokens.length; t++) {
    if (rich.isEog(tokens[t]!)) return { n: t + 1, reason: 'stop-token' };
    const text = rich.detokenize(tokens.slice(0, t + 1));
    if (stops.some((s) => text.includes(s))) return { n: t + 1, reason: 'stop-string' };
    if (t + 1 === maxTokens) return { n: t + 1, reason: 'length' };
  }
  return null;
}

describe('streamed output', () => {
  it('deltas concatenate to the final text, with the protocol’s finish, for stop strings spanning tokens and characters', () => {
    const scenario = fc.array(richToken, { minLength: 1, maxLength: 60 }).chain((tokens) => {
      // Substrings of the output's text (so they do occur), without U+FFFD or a split surrogate pair.
      const text = [...rich.detokenize(tokens).replace(/\uFFFD/g, '')];
      const other = fc.constantFrom('€', 'é', 'ab', ' a', '😀', 'q\n');
      const sub = fc
        .tuple(fc.nat(Math.max(0, text.length - 1)), fc.integer({ min: 1, max: 6 }))
        .map(([at, len]) => text.slice(at, at + len).join(''));
      const stop = text.length > 0 ? fc.oneof(sub, other) : other;
      return fc.tuple(fc.constant(tokens), fc.array(stop, { maxLength: 3 }), fc.integer({ min: 1, max: 70 }));
    });
    fc.assert(
      fc.property(scenario, ([tokens, stops, maxTokens]) => {
        const deltas: string[] = [];
        const out = new OutputAssembler(rich, maxTokens, stops, { onDelta: (d) => deltas.push(d) });
        let reason = null;
        for (const t of tokens) {
          reason = out.push(t);
          if (reason !== null) break;
        }
        const ref = referenceFinish(tokens, maxTokens, stops);
        if (ref === null) {
          expect(reason).toBeNull();
          return;
        }
        expect(reason).toBe(ref.reason);
        const result = out.finish(ref.reason);
        expect(result.tokens).toEqual(tokens.slice(0, ref.n));
        expect(result.text).toBe(outputText(result.tokens, ref.reason, rich, stops));
        expect(deltas.join('')).toBe(result.text);
        expect(deltas.every((d) => d.length > 0)).toBe(true);
      }),
    );
  });

  it('holds back a possible stop string and an incomplete character, then sends them when they resolve', () => {
    const deltas: string[] = [];
    const out = new OutputAssembler(rich, 100, ['€x'], { onDelta: (d) => deltas.push(d) });
    // "a", " b", "€" in two tokens, " c": the "€" waits for its last byte, then for "x" not to follow.
    for (const t of [1, 28, 60, 61, 29]) expect(out.push(t)).toBeNull();
    expect(deltas).toEqual(['a', ' b', '€ c']);
    expect(out.finish('length').text).toBe('a b€ c');
    expect(deltas.join('')).toBe('a b€ c');
  });
});
