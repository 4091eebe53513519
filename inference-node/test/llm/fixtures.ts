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

/**
 * The cheat-test family (docs/protocol.md §12.2): a flat model (logit std 2) whose EOS competes like
 * any token, so near-ties and a close EOS are common, and "same weights + small noise" copies of it.
 */
export const FLAT_MODEL = { seed: 'flat', logitStd: 2, eos: 'competing' } as const;
export const NOISE_LEVELS = [0.003, 0.01, 0.03, 0.1, 0.3] as const;

export const cheatModelPaths = async (): Promise<{ flat: string; noisy: string[] }> => ({
  flat: await writeTinyModel(FLAT_MODEL),
  noisy: await Promise.all(NOISE_LEVELS.map((noise) => writeTinyModel({ ...FLAT_MODEL, noise }))),
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
