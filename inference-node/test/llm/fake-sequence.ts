import type { LlamaContextSequence } from 'node-llama-cpp';
import type { Detokenizer } from '../../src/llm/generate/stop.js';

/**
 * A fake llama.cpp sequence for pure replay tests: the logits after the token at absolute sequence
 * position `pos` are `logitsAt(pos)` (a full map, which may lack tokens or hold non-finite values, as a
 * buggy or hostile backend would). It honours node-llama-cpp's `controlledEvaluate` reading options
 * (`includeTop` + `tokens`, or every logit), appends to its history and supports erasing a tail.
 */
export type Logits = Map<number, number>;

export interface FakeSequence extends LlamaContextSequence {
  /** Tokens evaluated, calls made, and the most positions read in one call. */
  evaluated: number;
  calls: number;
  maxReadPerCall: number;
  /** Called before each evaluation (e.g. to abort a controller mid-replay). */
  onEvaluate?: (call: number) => void;
}

export function fakeSequence(logitsAt: (pos: number) => Logits): FakeSequence {
  let next = 0;
  const seq: {
    evaluated: number;
    calls: number;
    maxReadPerCall: number;
    onEvaluate?: (call: number) => void;
    [k: string]: unknown;
  } = {
    evaluated: 0,
    calls: 0,
    maxReadPerCall: 0,
    get nextTokenIndex() {
      return next;
    },
    async clearHistory() {
      next = 0;
    },
    async eraseContextTokenRanges(ranges: Array<{ start: number; end: number }>) {
      for (const r of ranges) if (r.end >= next) next = Math.min(next, r.start);
    },
    async controlledEvaluate(input: unknown[]) {
      seq.onEvaluate?.(seq.calls);
      const at = next;
      next += input.length;
      seq.evaluated += input.length;
      seq.calls++;
      seq.maxReadPerCall = Math.max(seq.maxReadPerCall, input.filter((x) => Array.isArray(x)).length);
      return input.map((item, i) => {
        if (!Array.isArray(item)) return undefined;
        const all = logitsAt(at + i);
        const spec = (
          item[1] as {
            generateNext: { logits: true | { filter: { tokens: number[]; includeTop: number } } };
          }
        ).generateNext.logits;
        if (spec === true) return { next: { logits: all } };
        // A backend that lists a non-finite logit first (as a top candidate).
        const key = (l: number): number => (Number.isNaN(l) ? Number.POSITIVE_INFINITY : l);
        const top = [...all]
          .sort((a, b) => key(b[1]) - key(a[1]) || a[0] - b[0])
          .slice(0, spec.filter.includeTop);
        const out = new Map(top);
        for (const t of spec.filter.tokens) if (all.has(t)) out.set(t, all.get(t)!);
        return { next: { logits: out } };
      });
    },
  };
  return seq as unknown as FakeSequence;
}

/** Letters for token ids; token 2 ends generation. */
export const fakeVocab: Detokenizer = {
  detokenize: (tokens) => tokens.map((t) => String.fromCharCode(0x100 + t)).join(''),
  isEog: (t) => t === 2,
};
