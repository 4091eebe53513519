// Replay and calibration costs (docs/protocol.md §12.5), on generated models, one thread (honest
// figures on a shared machine):
//   replay-256-chunked   ms to replay a 256-token output in chunks of 64   vs  replay-256 (one pass)
//   replay-4096-memory   peak RSS (MiB) while replaying a 4096-token output in the default chunks
//                        vs  the same replay in one pass
//   calibration          s to calibrate the default test model (funai-calibrate's defaults)
import { getLlama, type LlamaLogLevel } from 'node-llama-cpp';
import { pino } from 'pino';
import type { Figure } from '../../tools/bench-report.mjs';
import {
  calibrateModel,
  DEFAULT_REPLAY_CHUNK,
  DEFAULT_REPLAY_TOLERANCE,
  type InferenceOutput,
  type InferenceRequest,
  LlmEngine,
  type LoadedModel,
  replayOnSequence,
  writeTinyModel,
} from '../dist/index.js';

const RUNS = 7;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const MiB = (b: number): number => Math.round((b / 2 ** 20) * 10) / 10;

async function replayOnce(
  m: LoadedModel,
  req: InferenceRequest,
  prompt: number[],
  out: InferenceOutput,
  chunkSize: number,
): Promise<number> {
  const start = performance.now();
  const v = await m.pool.run((seq) =>
    replayOnSequence(seq, m, m.info.vocabSize, req, prompt, out, DEFAULT_REPLAY_TOLERANCE, { chunkSize }),
  );
  if (!v.ok) throw new Error(`bench replay rejected an honest output: ${v.failure} at ${v.position}`);
  return performance.now() - start;
}

/** Peak RSS while `f` runs, sampled every 2 ms, and RSS before. */
async function peakRss(f: () => Promise<unknown>): Promise<number> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    await f();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss());
}

export async function benchLlmReplay(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const engine = await LlmEngine.create({ gpu: false, logger: pino({ level: 'warn' }) });
  try {
    // A model whose EOS never wins (an honest 4096-token `length` output) and a context for it.
    const path = await writeTinyModel({ seed: 'bench-replay', eosWeight: 0, contextLength: 8192 });
    const info = await engine.loadModel(path, { threads: 1, contextSize: 4608, batchSize: 4608 });
    const m = engine.model(info.id);
    const request = (maxTokens: number): InferenceRequest => ({
      modelId: info.id,
      prompt: { system: '', messages: [], input: 'Write a long story about a lighthouse keeper.' },
      maxTokens,
      stop: [],
      sampling: { mode: 'greedy' },
    });

    // replay-256 (one pass) vs replay-256-chunked (chunks of 64), interleaved runs.
    const r256 = request(256);
    const out256 = await engine.generate(r256);
    const p256 = m.requestTokens(r256);
    await replayOnce(m, r256, p256, out256, 256); // warm-up
    const whole: number[] = [];
    const chunked: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      whole.push(await replayOnce(m, r256, p256, out256, 256));
      chunked.push(await replayOnce(m, r256, p256, out256, 64));
    }
    figures.push({ name: 'replay-256', value: median(whole), unit: 'ms' });
    figures.push({
      name: 'replay-256-chunked',
      value: median(chunked),
      unit: 'ms',
      baseline: 'replay-256',
      baselineValue: median(whole),
    });

    // replay-4096-memory: default chunks first (RSS rarely shrinks), then one pass.
    const r4096 = request(4096);
    const out4096 = await engine.generate(r4096);
    if (out4096.tokens.length !== 4096) throw new Error(`expected 4096 tokens, got ${out4096.tokens.length}`);
    const p4096 = m.requestTokens(r4096);
    const before = process.memoryUsage.rss();
    const chunkedPeak = await peakRss(() => replayOnce(m, r4096, p4096, out4096, DEFAULT_REPLAY_CHUNK));
    const wholePeak = await peakRss(() => replayOnce(m, r4096, p4096, out4096, 4096));
    figures.push({
      name: 'replay-4096-memory',
      value: MiB(chunkedPeak),
      unit: 'MiB',
      baseline: 'replay-4096-memory-one-pass',
      baselineValue: MiB(wholePeak),
    });
    figures.push({ name: 'replay-4096-memory-before', value: MiB(before), unit: 'MiB' });
  } finally {
    await engine.close();
  }

  // calibration: the default test model with funai-calibrate's defaults.
  const llama = await getLlama({
    build: 'never',
    skipDownload: true,
    usePrebuiltBinaries: true,
    progressLogs: false,
    gpu: false,
    logLevel: 'error' as LlamaLogLevel,
  });
  try {
    const start = performance.now();
    await calibrateModel(llama, await writeTinyModel({ seed: 'alpha' }));
    figures.push({
      name: 'calibration',
      value: Math.round((performance.now() - start) / 100) / 10,
      unit: 's',
    });
  } finally {
    await llama.dispose();
  }
  return figures;
}
