import { describe, expect, it } from 'vitest';
import { type Detokenizer, firstStop, outputText, StopDetector } from '../../src/llm/generate/stop.js';
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
