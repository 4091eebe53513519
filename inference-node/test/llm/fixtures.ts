import { pino } from 'pino';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import type { InferenceRequest, Sampling } from '../../src/llm/request/types.js';
import { LlmEngine, type LoadModelOptions } from '../../src/llm/runtime/engine.js';

/** Shared by the engine tests: two generated models (two seeds), an engine, and request builders. */

export const SILENT = pino({ level: 'silent' });

export const modelPaths = async (): Promise<{ alpha: string; beta: string }> => ({
  alpha: await writeTinyModel({ seed: 'alpha' }),
  beta: await writeTinyModel({ seed: 'beta' }),
});

/** One thread per context: test files run in parallel on a 2-core machine, and ggml's spinning threads
 * slow to a crawl when oversubscribed. */
export const TEST_LOAD: LoadModelOptions = { threads: 1, contextSize: 1024 };

export async function engineWith(
  paths: readonly string[],
  load: LoadModelOptions = TEST_LOAD,
): Promise<{ engine: LlmEngine; ids: string[] }> {
  const engine = await LlmEngine.create({ gpu: false, logger: SILENT });
  const ids: string[] = [];
  for (const p of paths) ids.push((await engine.loadModel(p, load)).id);
  return { engine, ids };
}

const WORDS = [
  'hello',
  'world',
  'yes',
  'no',
  'the',
  'answer',
  'model',
  'FUN',
  'AI',
  'abc',
  'xyz',
  '42',
  '!',
  'user',
  'é',
  '\n',
];

/** A deterministic pseudo-random stream for building test cases. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32;
}

export function randomInput(r: () => number): string {
  const n = 1 + Math.floor(r() * 8);
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

export const GREEDY: Sampling = { mode: 'greedy' };
export const seededSampling = (
  seed: number,
  o: Partial<Extract<Sampling, { mode: 'seeded' }>> = {},
): Sampling => ({
  mode: 'seeded',
  temperature: 0.8,
  topK: 40,
  topP: 0.95,
  seed,
  ...o,
});

export function request(
  modelId: string,
  input: string,
  sampling: Sampling,
  o: Partial<Omit<InferenceRequest, 'modelId' | 'sampling'>> = {},
): InferenceRequest {
  return {
    modelId,
    prompt: { system: '', messages: [], input },
    maxTokens: 32,
    stop: [],
    sampling,
    ...o,
  };
}
