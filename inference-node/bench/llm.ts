// The LLM engine's costs, each next to its baseline measured in the same run on the same model:
//   generate-tokens  tokens/s of our generation path   vs  node-llama-cpp's own LlamaCompletion
//   replay-N         ms to replay an N-token output     vs  ms to generate it (N = 16, 64, 256)
//   judge-record     ms per judge verdict
// On the generated test model fixed costs dominate, so any larger GGUF given with `--model <path>` is
// measured too (figures suffixed with its file name). Run with
// `npm run bench -w @funai/inference-node [-- --model <path>] [--threads n]`; writes
// bench-results/inference-node.json (through bench/run.ts).
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { LlamaCompletion, type Token } from 'node-llama-cpp';
import { pino } from 'pino';
import type { Figure } from '../../tools/bench-report.mjs';
import {
  type GenerationResult,
  type InferenceRequest,
  LlmEngine,
  type Sampling,
  writeTinyModel,
} from '../dist/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', multiple: true },
    threads: { type: 'string' },
    runs: { type: 'string', default: '5' },
  },
});
const RUNS = Number(values.runs);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await f();
  return { ms: performance.now() - start, value };
}

const INPUTS = [
  'Write a long story about a lighthouse keeper.',
  'hello world',
  'Explain how a blockchain works, step by step.',
  'the model',
  'List every prime number you know.',
  'abc xyz 42',
  'FUN AI answer',
  'Describe the ocean.',
];

async function benchModel(
  engine: LlmEngine,
  path: string,
  suffix: string,
  threads: number | undefined,
): Promise<Figure[]> {
  const load = { contextSize: 2048, ...(threads ? { threads } : {}) };
  const info = await engine.loadModel(path, load);
  const m = engine.model(info.id);
  const name = (n: string): string => n + suffix;
  console.log(
    `model ${basename(path)}: ${(info.size / 2 ** 20).toFixed(1)} MiB, threads ${info.threads}, gpu layers ${info.gpuLayers}`,
  );

  // Requests whose honest output runs to exactly maxTokens, so every run does the same amount of work.
  const greedy: Sampling = { mode: 'greedy' };
  async function fullLength(maxTokens: number, sampling: Sampling): Promise<InferenceRequest> {
    for (let i = 0; i < 200; i++) {
      const input = `${INPUTS[i % INPUTS.length]}${i >= INPUTS.length ? ` ${i}` : ''}`;
      const r: InferenceRequest = {
        modelId: info.id,
        prompt: { system: '', messages: [], input },
        maxTokens,
        stop: [],
        sampling,
      };
      if ((await engine.generate(r)).finishReason === 'length') return r;
    }
    throw new Error(`no prompt gives a ${maxTokens}-token output`);
  }

  const figures: Figure[] = [];

  // Generation throughput against node-llama-cpp's plain completion, on a context of the same shape.
  const r256 = await fullLength(256, greedy);
  const ctx = await m.model.createContext({ contextSize: 2048, batchSize: 2048, threads: info.threads });
  const seq = ctx.getSequence();
  const completion = new LlamaCompletion({ contextSequence: seq });
  // LlamaCompletion takes the same prompt tokens (it prepends the BOS token itself).
  const promptTokens = m.requestTokens(r256);
  const input = (
    m.model.tokens.bos !== null && promptTokens[0] === m.model.tokens.bos
      ? promptTokens.slice(1)
      : promptTokens
  ) as Token[];
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const a = await time(() => engine.generate(r256));
    await seq.clearHistory();
    let n = 0;
    const b = await time(() =>
      completion.generateCompletion(input, {
        maxTokens: 256,
        repeatPenalty: false,
        onToken: (t: Token[]) => void (n += t.length),
      }),
    );
    if (run === 0) continue; // warm-up
    ours.push((a.value.tokens.length * 1000) / a.ms);
    theirs.push((n * 1000) / b.ms);
  }
  await ctx.dispose();
  figures.push({
    name: name('generate-tokens'),
    value: median(ours),
    unit: 'tokens/s',
    baseline: name('node-llama-cpp-completion'),
    baselineValue: median(theirs),
  });

  // Replay against generation of the same output.
  for (const n of [16, 64, 256]) {
    const r = n === 256 ? r256 : await fullLength(n, greedy);
    const gen: number[] = [];
    const rep: number[] = [];
    let out: GenerationResult | undefined;
    for (let run = 0; run <= RUNS; run++) {
      const g = await time(() => engine.generate(r));
      out = g.value;
      const v = await time(() => engine.replay(r, g.value));
      if (!v.value.ok) throw new Error(`honest replay failed: ${v.value.failure}`);
      if (run === 0) continue;
      gen.push(g.ms);
      rep.push(v.ms);
    }
    figures.push({
      name: name(`replay-${n}`),
      value: median(rep),
      unit: 'ms',
      baseline: name(`generate-${n}`),
      baselineValue: median(gen),
    });
    if (n === 256 && out) {
      // The same for seeded sampling (top-k 40), whose replay reads topK + 64 candidates per position.
      const seeded: Sampling = { mode: 'seeded', temperature: 0.7, topK: 40, topP: 0.95, seed: 1 };
      const rs = await fullLength(256, seeded).catch(() => undefined);
      if (rs) {
        const sg: number[] = [];
        const sr: number[] = [];
        for (let run = 0; run <= RUNS; run++) {
          const g = await time(() => engine.generate(rs));
          const v = await time(() => engine.replay(rs, g.value));
          if (!v.value.ok) throw new Error(`honest seeded replay failed: ${v.value.failure}`);
          if (run === 0) continue;
          sg.push(g.ms);
          sr.push(v.ms);
        }
        figures.push({
          name: name('replay-256-seeded'),
          value: median(sr),
          unit: 'ms',
          baseline: name('generate-256-seeded'),
          baselineValue: median(sg),
        });
      }
    }
  }

  // The judge on generated records.
  const records: Array<{ r: InferenceRequest; text: string }> = [];
  for (const input of INPUTS) {
    const r: InferenceRequest = {
      modelId: info.id,
      prompt: { system: 'Answer briefly.', messages: [], input },
      maxTokens: 64,
      stop: [],
      sampling: greedy,
    };
    records.push({ r, text: (await engine.generate(r)).text });
  }
  await engine.judge(records[0]!.r, records[0]!); // warm-up
  const judge: number[] = [];
  for (let run = 0; run < RUNS; run++)
    for (const rec of records) judge.push((await time(() => engine.judge(rec.r, rec))).ms);
  figures.push({ name: name('judge-record'), value: median(judge), unit: 'ms' });

  await engine.unloadModel(info.id);
  return figures;
}

export async function benchLlm(): Promise<Figure[]> {
  const threads = values.threads ? Number(values.threads) : undefined;
  const engine = await LlmEngine.create({ logger: pino({ level: 'warn' }) });
  const figures: Figure[] = [];
  figures.push(...(await benchModel(engine, await writeTinyModel({ seed: 'alpha' }), '', threads)));
  for (const path of values.model ?? [])
    figures.push(...(await benchModel(engine, path, `@${basename(path)}`, threads)));
  await engine.close();
  return figures;
}
