import fc from 'fast-check';
import type { LlamaContextSequence } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/errors.js';
import { IncrementalText } from '../../src/llm/generate/stop.js';
import type { InferenceRequest } from '../../src/llm/request/types.js';
import type { GenerationResult, LlmEngine } from '../../src/llm/runtime/engine.js';
import { engineWith, GREEDY, modelPaths, request, seededSampling } from './fixtures.js';

let engine: LlmEngine;
let alpha = '';
let paths: { alpha: string; beta: string };

beforeAll(async () => {
  paths = await modelPaths();
  ({
    engine,
    ids: [alpha = ''],
  } = await engineWith([(await modelPaths()).alpha]));
});
afterAll(async () => {
  await engine?.close();
});

async function collect(
  e: LlmEngine,
  r: InferenceRequest,
  options: Parameters<LlmEngine['generateStream']>[1] = {},
): Promise<{ deltas: string[]; result: GenerationResult }> {
  const deltas: string[] = [];
  let result: GenerationResult | undefined;
  for await (const c of e.generateStream(r, options)) {
    if (c.type === 'delta') deltas.push(c.text);
    else result = c.result;
  }
  if (!result) throw new Error('no result');
  return { deltas, result };
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return (e as LlmError).reason;
  }
  throw new Error('expected an LlmError');
}

/** A request whose output is at least `min` tokens long. */
async function longRequest(e: LlmEngine, id: string, min: number): Promise<InferenceRequest> {
  for (let i = 0; i < 50; i++) {
    const r = request(id, `hello ${i}`, seededSampling(i, { temperature: 2, topK: 500 }), { maxTokens: 200 });
    if ((await e.generate(r)).tokens.length >= min) return r;
  }
  throw new Error('no long output');
}

describe('generateStream', () => {
  it('streams deltas that concatenate to the text generate() gives, stop strings held back', async () => {
    const m = engine.model(alpha);
    let withStop = 0;
    let multiDelta = 0;
    for (let i = 0; i < 20; i++) {
      const sampling = i % 2 === 0 ? GREEDY : seededSampling(i, { temperature: 1.5, topK: 200, topP: 1 });
      const base = request(alpha, `case ${i} the answer`, sampling, { maxTokens: 48 });
      const plain = await engine.generate(base);
      // A stop string out of the middle of the output, often spanning tokens.
      const text = m.detokenize(plain.tokens);
      const probe = text.slice(Math.floor(text.length / 3), Math.floor(text.length / 3) + 2);
      const usable = probe.length === 2 && !/[\uFFFD\uD800-\uDFFF]/.test(probe);
      for (const r of usable ? [base, { ...base, stop: [probe, 'zzz'] }] : [base]) {
        const expected = await engine.generate(r);
        const { deltas, result } = await collect(engine, r);
        expect(result).toEqual(expected);
        expect(deltas.join('')).toBe(result.text);
        expect(result.usage).toEqual({
          promptTokens: result.promptTokens,
          outputTokens: result.tokens.length,
        });
        if (r.stop.length > 0) {
          withStop++;
          expect(result.finishReason).toBe('stop-string');
          expect(deltas.some((d) => d.includes(probe))).toBe(false);
        }
        if (deltas.length > 2) multiDelta++;
      }
    }
    expect(withStop).toBeGreaterThanOrEqual(6);
    expect(multiDelta).toBeGreaterThan(6);
  });

  it('the incremental text of the real tokenizer is its detokenization, for bytes forming multi-byte characters', () => {
    const m = engine.model(alpha);
    // Byte tokens <0x00>..<0xFF> are ids 3..258; the text tokens follow.
    const byteToken = (b: number): number => 3 + b;
    const chars = ['é', '€', '😀', 'ü'].map((c) => [...new TextEncoder().encode(c)].map(byteToken));
    const token = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 259, max: m.info.vocabSize - 1 }) },
      { weight: 2, arbitrary: fc.constantFrom(...chars) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 258 }).map((t) => [t]) },
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (groups) => {
        const tokens = groups.flatMap((g) => (Array.isArray(g) ? g : [g]));
        const inc = new IncrementalText(m);
        for (let i = 0; i < tokens.length; i++) {
          inc.push(tokens[i]!);
          expect(inc.text()).toBe(m.detokenize(tokens.slice(0, i + 1)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reports typed errors from the iterator', async () => {
    expect(await reason(collect(engine, { ...request(alpha, 'x', GREEDY), maxTokens: 0 }))).toBe(
      'invalid-request',
    );
    expect(await reason(collect(engine, request('00'.repeat(32), 'x', GREEDY)))).toBe('unknown-model');
  });
});

describe('cancellation and timeouts', () => {
  it('a stream left early frees its sequence before return() resolves', async () => {
    const { engine: e, ids } = await engineWith([paths.alpha], {
      threads: 1,
      contextSize: 512,
      sequences: 1,
      maxQueue: 0,
    });
    try {
      const r = await longRequest(e, ids[0]!, 20);
      let seen = 0;
      for await (const c of e.generateStream(r)) {
        expect(c.type).toBe('delta');
        if (++seen === 2) break;
      }
      // With one sequence and no queue, anything still holding it would make this queue-full.
      expect(e.model(ids[0]!).pool.busy).toBe(0);
      expect((await e.generate(r)).tokens.length).toBeGreaterThanOrEqual(20);
      // And a second stream while the first runs is refused at once.
      const first = e.generateStream(r);
      await first.next();
      expect(await reason(collect(e, r))).toBe('queue-full');
      await first.return();
      expect(e.model(ids[0]!).pool.busy).toBe(0);
    } finally {
      await e.close();
    }
  });

  it('an abort during prefill stops before the first token', async () => {
    const { engine: e, ids } = await engineWith([paths.alpha], {
      threads: 1,
      contextSize: 1024,
      sequences: 1,
      prefillChunk: 64,
    });
    try {
      const id = ids[0]!;
      const r = request(id, 'hello world the answer '.repeat(60), GREEDY, { maxTokens: 8 });
      expect(e.model(id).requestTokens(r).length).toBeGreaterThan(200);
      const ac = new AbortController();
      // Abort once the first prefill chunk has been evaluated.
      const seq = (e.model(id).pool as unknown as { idle: LlamaContextSequence[] }).idle[0]!;
      const original = seq.evaluateWithoutGeneratingNewTokens.bind(seq);
      let chunks = 0;
      seq.evaluateWithoutGeneratingNewTokens = async (...args) => {
        await original(...args);
        if (++chunks === 1) ac.abort();
      };
      let tokens = 0;
      const err = await e
        .generate(r, { signal: ac.signal, onToken: () => tokens++ })
        .catch((x: unknown) => x);
      expect(err).toBeInstanceOf(LlmError);
      expect((err as LlmError).reason).toBe('aborted');
      expect((err as LlmError).detail).toContain('during prefill');
      expect([chunks, tokens]).toEqual([1, 0]);
      expect(e.model(id).pool.busy).toBe(0);
      // The same request then runs whole.
      expect((await e.generate(r)).tokens.length).toBeGreaterThan(0);
    } finally {
      await e.close();
    }
  });

  it('times out running and queued requests with `timeout`', async () => {
    const { engine: e, ids } = await engineWith([paths.alpha], {
      threads: 1,
      contextSize: 512,
      sequences: 1,
    });
    try {
      const r = await longRequest(e, ids[0]!, 20);
      let tokens = 0;
      const running = e.generate(r, { timeoutMs: 1, onToken: () => tokens++ });
      expect(await reason(running)).toBe('timeout');
      expect(tokens).toBeLessThan(r.maxTokens);
      const gate = new AbortController();
      const blocker = e.generate(r, { signal: gate.signal, onToken: () => undefined });
      const queued = e.generate(r, { timeoutMs: 1 });
      expect(await reason(queued)).toBe('timeout');
      gate.abort();
      expect(['aborted', 'none']).toContain(
        await blocker.then(
          () => 'none',
          (x: LlmError) => x.reason,
        ),
      );
    } finally {
      await e.close();
    }
  });
});

describe('concurrent requests', () => {
  it('share one context through several sequences, with the same outputs as one at a time', async () => {
    const { engine: e, ids } = await engineWith([paths.alpha], {
      threads: 1,
      contextSize: 256,
      sequences: 4,
      maxQueue: 4,
    });
    try {
      const id = ids[0]!;
      const rs = Array.from({ length: 8 }, (_, i) =>
        request(id, `concurrent ${i}`, GREEDY, { maxTokens: 24 }),
      );
      const one = [];
      for (const r of rs) one.push(await e.generate(r));
      const pool = e.model(id).pool;
      let peak = 0;
      const all = await Promise.all(
        rs.map((r) => e.generate(r, { onToken: () => void (peak = Math.max(peak, pool.busy)) })),
      );
      expect(peak).toBe(4);
      expect(all.map((o) => o.tokens)).toEqual(one.map((o) => o.tokens));
      expect(e.model(id).contexts).toHaveLength(1);
      // 4 running + 4 queued fill it: the next is refused at once.
      const more = rs.map((r) => e.generate(r));
      const refused = await reason(e.generate(rs[0]!));
      expect(refused).toBe('queue-full');
      await Promise.all(more);
    } finally {
      await e.close();
    }
  });
});
