// The HTTP API's costs (issue 17), each next to the engine called directly in the same run on the same
// model and engine:
//   api-stream-tokens  tokens/s streamed through the API (openai SDK in a worker, SSE)  vs  engine generateStream
//   api-ttft           ms to the first streamed text                         vs  the engine's first delta
//   api-rps-8          requests/s, 8 concurrent clients, tiny prompts       vs  8 concurrent engine calls
//   api-overhead-ms    ms per request added by HTTP + signing + receipt     vs  the engine's ms per request
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import OpenAI from 'openai';
import { pino } from 'pino';
import type { Figure } from '../../tools/bench-report.mjs';
import {
  accountFromPrivateKey,
  createApiServer,
  type InferenceRequest,
  LlmEngine,
  LocalInferenceBackend,
  MemoryKeystore,
  writeTinyModel,
} from '../dist/index.js';

const RUNS = 9;
/** Output tokens of the streaming runs: long enough that the per-request costs (api-overhead-ms) weigh little. */
const STREAM_TOKENS = 1024;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchApi(): Promise<Figure[]> {
  const silent = pino({ level: 'silent' });
  const engine = await LlmEngine.create({ gpu: false, logger: silent });
  const path = await writeTinyModel({ seed: 'alpha', eosWeight: 0 }); // never stops early: full-length outputs
  const info = await engine.loadModel(path, { contextSize: 2048, contexts: 2, threads: 1 });
  const keystore = new MemoryKeystore();
  const backend = new LocalInferenceBackend({
    chainId: 1,
    executorKey: new Uint8Array(32).fill(9),
    ledgerHeight: () => 1,
  });
  for (let i = 0; i < 8; i++) {
    const a = accountFromPrivateKey(`bench${i}`, new Uint8Array(32).fill(i + 1));
    keystore.set(`sk-bench-${i}`, a);
    backend.credit(a.principal, 10n ** 15n);
  }
  const server = createApiServer({
    engine,
    models: [{ name: 'tiny', id: info.id }],
    keystore,
    backend,
    logger: silent,
    limits: { ratePerSecond: 1e6, rateBurst: 1e6, maxConcurrentPerKey: 64, maxConcurrent: 64 },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const clients = Array.from(
    { length: 8 },
    (_, i) => new OpenAI({ baseURL, apiKey: `sk-bench-${i}`, maxRetries: 0 }),
  );
  const figures: Figure[] = [];
  const request = (input: string, maxTokens: number): InferenceRequest => ({
    modelId: info.id,
    prompt: { system: '', messages: [], input },
    maxTokens,
    stop: [],
    sampling: { mode: 'greedy' },
  });
  const params = (input: string, maxTokens: number) => ({
    model: 'tiny',
    messages: [{ role: 'user' as const, content: input }],
    temperature: 0,
    max_tokens: maxTokens,
  });

  try {
    // Streaming throughput and time to first token, STREAM_TOKENS-token outputs. The API's client runs in a worker
    // thread (bench/api-client.ts), as a separate client process would; runs alternate with the engine's.
    const apiTps: number[] = [];
    const engTps: number[] = [];
    const apiTtft: number[] = [];
    const engTtft: number[] = [];
    const worker = new Worker(new URL('./api-client.ts', import.meta.url), {
      workerData: { baseURL, apiKey: 'sk-bench-0', input: 'Write a long story.', maxTokens: STREAM_TOKENS },
    });
    const viaApi = () =>
      new Promise<{ ms: number; ttft: number; tokens: number }>((resolve, reject) => {
        // One listener pair per run, both removed when either fires (no listeners pile up over the runs).
        const done = (m: { ms: number; ttft: number; tokens: number }): void => {
          worker.off('error', fail);
          resolve(m);
        };
        const fail = (e: Error): void => {
          worker.off('message', done);
          reject(e);
        };
        worker.once('message', done);
        worker.once('error', fail);
        worker.postMessage('run');
      });
    await viaApi(); // the worker's first request loads the SDK and opens the connection
    const viaEngine = async () => {
      const t0 = performance.now();
      let ttft = 0;
      let tokens = 0;
      for await (const c of engine.generateStream(request('Write a long story.', STREAM_TOKENS))) {
        if (c.type === 'delta') ttft ||= performance.now() - t0;
        else tokens = c.result.tokens.length;
      }
      return { ms: performance.now() - t0, ttft, tokens };
    };
    for (let run = 0; run <= RUNS; run++) {
      // Alternate which goes first, so that neither always runs on a warmer (or busier) machine.
      type Timing = { ms: number; ttft: number; tokens: number };
      let eng: Timing;
      let api: Timing;
      if (run % 2 === 0) {
        eng = await viaEngine();
        api = await viaApi();
      } else {
        api = await viaApi();
        eng = await viaEngine();
      }
      const engineTokens = eng.tokens;
      const engMs = eng.ms;
      const first = eng.ttft;
      if (run === 0) continue; // warm-up
      engTps.push((engineTokens * 1000) / engMs);
      engTtft.push(first);
      apiTps.push((api.tokens * 1000) / api.ms);
      apiTtft.push(api.ttft);
    }
    worker.postMessage('exit');
    await new Promise((r) => worker.once('exit', r));
    figures.push(
      {
        name: 'api-stream-tokens',
        value: median(apiTps),
        unit: 'tokens/s',
        baseline: 'engine-stream-tokens',
        baselineValue: median(engTps),
      },
      {
        name: 'api-ttft',
        value: median(apiTtft),
        unit: 'ms',
        baseline: 'engine-ttft',
        baselineValue: median(engTtft),
      },
    );

    // Per-request overhead: a 1-token answer, non-streamed, one at a time.
    const apiMs: number[] = [];
    const engMs: number[] = [];
    for (let i = 0; i < 40; i++) {
      let t0 = performance.now();
      await engine.generate(request('hi', 1));
      engMs.push(performance.now() - t0);
      t0 = performance.now();
      await clients[1]!.chat.completions.create(params('hi', 1));
      apiMs.push(performance.now() - t0);
    }
    figures.push({
      name: 'api-overhead-ms',
      // Per pair (same moment, same load), then the median: the difference of two medians can even be < 0.
      value: median(apiMs.map((a, i) => a - engMs[i]!)),
      unit: 'ms',
      baseline: 'engine-request-ms',
      baselineValue: median(engMs),
    });

    // Requests per second with 8 concurrent clients (tiny prompts, 4-token answers).
    const PER = 12;
    const rps = async (one: (i: number) => Promise<unknown>): Promise<number> => {
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async (_, c) => {
          for (let k = 0; k < PER; k++) await one(c);
        }),
      );
      return (8 * PER * 1000) / (performance.now() - t0);
    };
    await rps((c) => clients[c]!.chat.completions.create(params('hello', 4))); // warm-up
    const apiRps = await rps((c) => clients[c]!.chat.completions.create(params('hello', 4)));
    const engRps = await rps(() => engine.generate(request('hello', 4)));
    figures.push({
      name: 'api-rps-8',
      value: apiRps,
      unit: 'requests/s',
      baseline: 'engine-rps-8',
      baselineValue: engRps,
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await engine.close();
  }
  return figures;
}
