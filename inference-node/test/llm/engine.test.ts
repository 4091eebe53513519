import { LlamaCompletion, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/errors.js';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { computeModelFileId } from '../../src/llm/model-id/file-id.js';
import { renderPrompt } from '../../src/llm/request/prompt.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { engineWith, GREEDY, modelPaths, request, seededSampling } from './fixtures.js';

let engine: LlmEngine;
let alpha: string;
let beta: string;
let paths: { alpha: string; beta: string };

beforeAll(async () => {
  paths = await modelPaths();
  ({
    engine,
    ids: [alpha = '', beta = ''],
  } = await engineWith([paths.alpha, paths.beta]));
});
afterAll(async () => {
  await engine?.close();
});

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return (e as LlmError).reason;
  }
  throw new Error('expected an LlmError');
}

describe('model runtime', () => {
  it('identifies each model by the Merkle root of its file, and loading is idempotent', async () => {
    expect(alpha).toBe((await computeModelFileId(paths.alpha)).id);
    expect(beta).not.toBe(alpha);
    expect((await engine.loadModel(paths.alpha)).id).toBe(alpha);
    expect(engine.models().map((m) => m.id)).toEqual([alpha, beta]);
    const info = engine.model(alpha).info;
    expect(info).toMatchObject({ contextSize: 1024, batchSize: 1024, threads: 1, gpuLayers: 0 });
    expect(info.vocabSize).toBeGreaterThan(300);
  });

  it('loads a model with 4 layers too', async () => {
    const p = await writeTinyModel({ seed: 'alpha', layers: 4 });
    const { id } = await engine.loadModel(p, { threads: 1, contextSize: 256 });
    const out = await engine.generate(request(id, 'hello', GREEDY, { maxTokens: 8 }));
    expect(out.tokens.length).toBeGreaterThan(0);
    await engine.unloadModel(id);
    expect(await reason(engine.generate(request(id, 'hello', GREEDY)))).toBe('unknown-model');
  });

  it('loads from local paths only: a missing file is model-not-found', async () => {
    expect(await reason(engine.loadModel('/nonexistent/model.gguf'))).toBe('model-not-found');
    expect(await reason(engine.loadModel('https://huggingface.co/x/y.gguf'))).toBe('model-not-found');
  });

  it('a file that is not a GGUF model is model-load-failed', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'funai-bad-'));
    await writeFile(join(dir, 'bad.gguf'), 'not a model');
    expect(await reason(engine.loadModel(join(dir, 'bad.gguf'), { threads: 1 }))).toBe('model-load-failed');
  });
});

describe('bad input gives typed errors', () => {
  it('unknown model id', async () => {
    expect(await reason(engine.generate(request('00'.repeat(32), 'hi', GREEDY)))).toBe('unknown-model');
    expect(
      await reason(
        engine.replay(request('00'.repeat(32), 'hi', GREEDY), {
          tokens: [5],
          text: '',
          finishReason: 'length',
        }),
      ),
    ).toBe('unknown-model');
  });

  it('prompt over the context, and maxTokens that would overflow it', async () => {
    const long = 'hello world '.repeat(1000);
    expect(await reason(engine.generate(request(alpha, long, GREEDY)))).toBe('prompt-too-long');
    expect(await reason(engine.generate(request(alpha, 'hi', GREEDY, { maxTokens: 1020 })))).toBe(
      'prompt-too-long',
    );
    expect(await reason(engine.generate(request(alpha, 'hi', GREEDY, { maxTokens: 5000 })))).toBe(
      'max-tokens-exceeded',
    );
  });

  it('output longer than max tokens, and malformed token ids', async () => {
    const r = request(alpha, 'hi', GREEDY, { maxTokens: 4 });
    const out = (tokens: unknown[]) => ({
      tokens: tokens as number[],
      text: '',
      finishReason: 'length' as const,
    });
    expect(await reason(engine.replay(r, out([5, 6, 7, 8, 9])))).toBe('output-too-long');
    expect(await reason(engine.replay(r, out([5, -1])))).toBe('invalid-tokens');
    expect(await reason(engine.replay(r, out([5, 100000])))).toBe('invalid-tokens');
    expect(await reason(engine.replay(r, out([5, 1.5])))).toBe('invalid-tokens');
    expect(await reason(engine.replay(r, out(['5'])))).toBe('invalid-tokens');
    expect(await reason(engine.replay(r, out([])))).toBe('invalid-tokens');
  });

  it('malformed requests', async () => {
    expect(await reason(engine.generate({ ...request(alpha, 'hi', GREEDY), maxTokens: -3 }))).toBe(
      'invalid-request',
    );
    expect(await reason(engine.generate(request(alpha, 'hi', seededSampling(1, { topK: 0 }))))).toBe(
      'invalid-request',
    );
  });
});

describe('deterministic generation', () => {
  it('greedy: the same request gives the same tokens, text and finish reason', async () => {
    const r = request(alpha, 'hello world', GREEDY);
    const a = await engine.generate(r);
    const b = await engine.generate(r);
    expect(b).toEqual(a);
    expect(a.tokens.length).toBeGreaterThan(0);
    expect(a.tokens.length).toBeLessThanOrEqual(32);
    expect(a.text).toBe(engine.model(alpha).detokenize(a.tokens));
    expect(a.promptTokens).toBe(engine.model(alpha).requestTokens(r).length);
  });

  it('seeded: same seed same output, different seeds different outputs, other model other output', async () => {
    const outs = [];
    for (let seed = 0; seed < 6; seed++) {
      const r = request(alpha, 'the answer', seededSampling(seed, { temperature: 1.5, topK: 100, topP: 1 }));
      const a = await engine.generate(r);
      expect((await engine.generate(r)).tokens).toEqual(a.tokens);
      outs.push(a.tokens.join(','));
    }
    expect(new Set(outs).size).toBeGreaterThan(3);
    const g = await engine.generate(request(alpha, 'the answer', GREEDY));
    const gb = await engine.generate(request(beta, 'the answer', GREEDY));
    expect(gb.tokens).not.toEqual(g.tokens);
  });

  it('records each finish reason: length, stop token and stop string', async () => {
    const reasons = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = request(alpha, `case ${i} hello`, GREEDY, { maxTokens: 24 });
      const out = await engine.generate(r);
      reasons.add(out.finishReason);
      if (out.finishReason === 'length') expect(out.tokens).toHaveLength(24);
      if (out.finishReason === 'stop-token') expect(engine.model(alpha).isEog(out.tokens.at(-1)!)).toBe(true);
      // Stop on a string the greedy output is known to contain.
      const full = engine.model(alpha).detokenize(out.tokens);
      const probe = full.replace(/\uFFFD/g, '').slice(2, 4);
      if (probe.length === 2) {
        const s = await engine.generate({ ...r, stop: [probe] });
        expect(s.finishReason).toBe('stop-string');
        expect(s.tokens).toEqual(out.tokens.slice(0, s.tokens.length));
        expect(engine.model(alpha).detokenize(s.tokens)).toContain(probe);
        expect(s.text).not.toContain(probe);
        reasons.add(s.finishReason);
      }
    }
    expect([...reasons].sort()).toEqual(['length', 'stop-string', 'stop-token']);
  });

  it('can be cancelled between steps, and while queued', async () => {
    // A request whose output is long, so that there are steps to cancel between.
    let long = request(alpha, 'x', GREEDY, { maxTokens: 200 });
    for (let i = 0; (await engine.generate(long)).tokens.length < 20; i++) {
      expect(i).toBeLessThan(50);
      long = request(alpha, `hello ${i}`, seededSampling(i, { temperature: 2, topK: 500 }), {
        maxTokens: 200,
      });
    }
    const ac = new AbortController();
    let seen = 0;
    const p = engine.generate(long, {
      signal: ac.signal,
      onToken: () => {
        if (++seen === 3) ac.abort();
      },
    });
    expect(await reason(p)).toBe('aborted');
    expect(seen).toBe(3);
    const running = engine.generate(long);
    const ac2 = new AbortController();
    const queued = engine.generate(long, { signal: ac2.signal });
    ac2.abort();
    expect(await reason(queued)).toBe('aborted');
    expect((await running).tokens.length).toBeGreaterThanOrEqual(20);
  });

  it('bounds its queue', async () => {
    const { engine: e, ids } = await engineWith([paths.beta], {
      threads: 1,
      contextSize: 256,
      sequences: 1,
      maxQueue: 1,
    });
    try {
      const r = request(ids[0]!, 'hello', GREEDY, { maxTokens: 64 });
      const a = e.generate(r);
      const b = e.generate(r);
      expect(await reason(e.generate(r))).toBe('queue-full');
      expect((await a).tokens).toEqual((await b).tokens);
    } finally {
      await e.close();
    }
    expect(await reason(e.generate(request(ids[0]!, 'x', GREEDY)))).toBe('engine-closed');
  });
});

describe('node-llama-cpp behaviour the engine relies on (3.22.1)', () => {
  it('its plain completion applies no repeat penalty by default: the same greedy tokens as ours', async () => {
    const m = engine.model(alpha);
    // A second context on the same model runs node-llama-cpp's LlamaCompletion on our prompt.
    const ctx = await m.model.createContext({ contextSize: 512, threads: 1 });
    try {
      const seq = ctx.getSequence();
      const completion = new LlamaCompletion({ contextSequence: seq });
      let compared = 0;
      for (const input of ['hello world', 'yes no yes no', 'the model', 'abc abc abc']) {
        const r = request(alpha, input, GREEDY, { maxTokens: 40 });
        const ours = await engine.generate(r);
        const theirs: number[] = [];
        // Given as text, LlamaCompletion drops SentencePiece's leading-space token: one more leading
        // space gives it exactly our prompt tokens.
        await completion.generateCompletion(` ${renderPrompt(r.prompt)}`, {
          maxTokens: 40,
          onToken: (t: Token[]) => theirs.push(...t),
        });
        expect(seq.contextTokens.slice(0, ours.promptTokens)).toEqual(m.requestTokens(r));
        const body = ours.finishReason === 'stop-token' ? ours.tokens.slice(0, -1) : ours.tokens;
        expect(theirs.slice(0, body.length)).toEqual(body);
        compared += body.length;
        await seq.clearHistory();
      }
      expect(compared).toBeGreaterThan(40);
    } finally {
      await ctx.dispose();
    }
  });

  it('its own top-p takes effect (contrary to what was expected), so the engine never uses its sampler', async () => {
    const flat = await engine.loadModel(await writeTinyModel({ seed: 'flat', logitStd: 1 }), {
      threads: 1,
      contextSize: 256,
    });
    const m = engine.model(flat.id);
    const ctx = await m.model.createContext({ contextSize: 256, threads: 1 });
    try {
      const seq = ctx.getSequence();
      const toks = m.tokenizePrompt('hello world the answer') as Token[];
      const argmaxRate = async (topP: number): Promise<number> => {
        let hits = 0;
        for (let seed = 0; seed < 30; seed++) {
          await seq.clearHistory();
          const res = await seq.controlledEvaluate(
            toks.map((t, j) =>
              j === toks.length - 1
                ? [
                    t,
                    {
                      generateNext: {
                        token: true,
                        logits: { filter: { tokens: [], includeTop: 1 } },
                        options: { temperature: 1.5, topK: 0, topP, seed },
                      },
                    },
                  ]
                : t,
            ),
          );
          const next = res[toks.length - 1]!.next;
          if (next.token === [...next.logits!.keys()][0]) hits++;
        }
        return hits / 30;
      };
      expect(await argmaxRate(0.01)).toBe(1);
      expect(await argmaxRate(1)).toBeLessThan(0.5);
    } finally {
      await ctx.dispose();
      await engine.unloadModel(flat.id);
    }
  });
});
