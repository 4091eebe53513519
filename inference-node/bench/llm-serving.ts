// Serving figures of the LLM engine (issue 22), each next to its baseline measured in the same run, on
// the generated test model at one thread per context (the engine's default, DEFAULT_THREADS):
//   stream-tokens               tokens/s through generateStream  vs  generate-tokens (generate())
//   ttft                        ms from the call to the first streamed delta
//   concurrent-8-tokens         total tokens/s, 8 requests at once on 1 context of 8 sequences
//                               vs  concurrent-1-tokens (the same 8 requests one at a time)
//   generate-tokens-under-load  tokens/s with one busy process per core competing  vs  idle
//   …@threads=<cores>           the same at one thread per core: why the default is 1
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { pino } from 'pino';
import type { Figure } from '../../tools/bench-report.mjs';
import { type InferenceRequest, LlmEngine, type LoadModelOptions, writeTinyModel } from '../dist/index.js';

const RUNS = 5;
const OUT = 256;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
// Throughput is the best of the runs: on a shared machine the other processes only ever slow a run down,
// so the best run is the closest to the code's own cost (medians swung by 2x between runs here).
const best = (xs: number[]): number => Math.max(...xs);

/** Requests on `id` whose greedy output runs to exactly `maxTokens` (the same work every run). */
async function fullLength(
  engine: LlmEngine,
  id: string,
  maxTokens: number,
  count: number,
): Promise<InferenceRequest[]> {
  const out: InferenceRequest[] = [];
  for (let i = 0; out.length < count && i < 400; i++) {
    const r: InferenceRequest = {
      modelId: id,
      prompt: { system: '', messages: [], input: `Write a long story, part ${i}.` },
      maxTokens,
      stop: [],
      sampling: { mode: 'greedy' },
    };
    if ((await engine.generate(r)).finishReason === 'length') out.push(r);
  }
  if (out.length < count) throw new Error(`only ${out.length} prompts give ${maxTokens}-token outputs`);
  return out;
}

async function tokensPerSecond(engine: LlmEngine, r: InferenceRequest, runs = RUNS): Promise<number> {
  const xs: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const t0 = performance.now();
    const out = await engine.generate(r);
    if (run > 0) xs.push((out.tokens.length * 1000) / (performance.now() - t0));
  }
  return best(xs);
}

/** Runs `f` while `n` processes spin on the CPU. */
async function underLoad<T>(n: number, f: () => Promise<T>): Promise<T> {
  const busy = Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  try {
    await new Promise((r) => setTimeout(r, 300)); // let them get scheduled
    return await f();
  } finally {
    for (const p of busy) p.kill('SIGKILL');
  }
}

export async function benchLlmServing(): Promise<Figure[]> {
  const engine = await LlmEngine.create({ gpu: false, logger: pino({ level: 'warn' }) });
  const figures: Figure[] = [];
  try {
    const path = await writeTinyModel({ seed: 'alpha' });
    // One sequence for the single-request figures: every sequence adds its own KV cells to the context,
    // and attention reads the cells in use by any of them.
    const load: LoadModelOptions = { contextSize: 1024, sequences: 1 };
    let info = await engine.loadModel(path, load);
    const [r] = await fullLength(engine, info.id, OUT, 1);
    const defaultThreads = info.threads;

    // Streaming against generate(), interleaved run by run.
    const gen: number[] = [];
    const str: number[] = [];
    const ttft: number[] = [];
    const viaGenerate = async (): Promise<number> => {
      const t0 = performance.now();
      const g = await engine.generate(r!);
      return (g.tokens.length * 1000) / (performance.now() - t0);
    };
    const viaStream = async (): Promise<{ rate: number; first: number }> => {
      const t0 = performance.now();
      let first = 0;
      let tokens = 0;
      for await (const c of engine.generateStream(r!)) {
        if (c.type === 'delta' && first === 0) first = performance.now() - t0;
        if (c.type === 'done') tokens = c.result.tokens.length;
      }
      return { rate: (tokens * 1000) / (performance.now() - t0), first };
    };
    // ABBA order, so that drift in the machine's load falls on both alike.
    await viaGenerate();
    await viaStream();
    for (let run = 0; run < 2 * RUNS; run++) {
      const s =
        run % 2 === 0 ? [await viaGenerate(), await viaStream()] : [await viaStream(), await viaGenerate()];
      const [g, st] = (run % 2 === 0 ? s : [s[1], s[0]]) as [number, { rate: number; first: number }];
      gen.push(g);
      str.push(st.rate);
      ttft.push(st.first);
    }
    figures.push(
      {
        name: 'stream-tokens',
        value: best(str),
        unit: 'tokens/s',
        baseline: 'generate-tokens',
        baselineValue: best(gen),
      },
      { name: 'ttft', value: median(ttft), unit: 'ms' },
    );

    // 8 concurrent requests (one context, 8 sequences, batched) against the same 8 one at a time.
    await engine.unloadModel(info.id);
    info = await engine.loadModel(path, { ...load, sequences: 8 });
    const eight = await fullLength(engine, info.id, 64, 8);
    const seq: number[] = [];
    const par: number[] = [];
    for (let run = 0; run <= 2; run++) {
      let t0 = performance.now();
      let n = 0;
      for (const q of eight) n += (await engine.generate(q)).tokens.length;
      const one = (n * 1000) / (performance.now() - t0);
      t0 = performance.now();
      const outs = await Promise.all(eight.map((q) => engine.generate(q)));
      const all = (outs.reduce((s, o) => s + o.tokens.length, 0) * 1000) / (performance.now() - t0);
      if (run === 0) continue;
      seq.push(one);
      par.push(all);
    }
    figures.push({
      name: 'concurrent-8-tokens',
      value: best(par),
      unit: 'tokens/s',
      baseline: 'concurrent-1-tokens',
      baselineValue: best(seq),
    });
    await engine.unloadModel(info.id);

    // Competing load: one busy process per core, at the default thread count and at all cores.
    // (32-token outputs, few runs: at all cores under load decoding crawls.)
    const cores = availableParallelism();
    const short = { ...r!, maxTokens: 32 };
    for (const threads of [defaultThreads, cores]) {
      const m = await engine.loadModel(path, { contextSize: 1024, sequences: 1, threads });
      const idle = await tokensPerSecond(engine, short, 3);
      const loaded = await underLoad(cores, () => tokensPerSecond(engine, short, 2));
      const suffix = threads === defaultThreads ? '' : `@threads=${threads}`;
      figures.push({
        name: `generate-tokens-under-load${suffix}`,
        value: loaded,
        unit: 'tokens/s',
        baseline: `generate-tokens-idle${suffix}`,
        baselineValue: idle,
      });
      await engine.unloadModel(m.id);
      if (threads === cores) break;
    }
  } finally {
    await engine.close();
  }
  return figures;
}
