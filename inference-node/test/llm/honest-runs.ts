import { expect } from 'vitest';
import type { InferenceOutput, InferenceRequest, Sampling } from '../../src/llm/request/types.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { GREEDY, randomInput, request, rng, seededSampling } from './fixtures.js';

/** Samplings honest producers use in the replay tests. */
export const SAMPLINGS: Array<[string, (i: number) => Sampling]> = [
  ['greedy', () => GREEDY],
  ['seeded T=0.8 k=40 p=0.95', (i) => seededSampling(i)],
  ['seeded T=1.5 k=200 p=1', (i) => seededSampling(1000 + i, { temperature: 1.5, topK: 200, topP: 1 })],
  ['seeded T=0.3 k=5 p=0.5', (i) => seededSampling(2000 + i, { temperature: 0.3, topK: 5, topP: 0.5 })],
];

export interface HonestTally {
  outputs: number;
  replays: number;
  positions: number;
  contested: number;
  deviations: number;
  rejected: unknown[];
}

/**
 * Produces `outputs` honest outputs on rotating producers (nodes with different threads and batch sizes)
 * and replays each on the verifiers (the other nodes); every replay must pass. Short outputs, varied
 * prompts, stop strings and conversation, all four samplings.
 */
export async function honestRuns(
  nodes: readonly LlmEngine[],
  modelIds: readonly string[],
  outputs: number,
  seed: number,
  maxTokens = 24,
): Promise<HonestTally> {
  const r = rng(seed);
  const t: HonestTally = { outputs: 0, replays: 0, positions: 0, contested: 0, deviations: 0, rejected: [] };
  for (let i = 0; i < outputs; i++) {
    const modelId = modelIds[i % modelIds.length]!;
    const sampling = SAMPLINGS[i % SAMPLINGS.length]![1](i);
    const req: InferenceRequest = request(modelId, randomInput(r), sampling, {
      maxTokens: 4 + Math.floor(r() * maxTokens),
      stop: i % 5 === 0 ? ['e'] : [],
      prompt: {
        system: i % 2 ? 'Answer briefly.' : '',
        messages: i % 3 ? [{ role: 'user', content: randomInput(r) }] : [],
        input: randomInput(r),
      },
    });
    const producer = nodes[i % nodes.length]!;
    const out: InferenceOutput = await producer.generate(req);
    t.outputs++;
    const verifier = nodes[(i + 1) % nodes.length]!;
    const v = await verifier.replay(req, out);
    t.replays++;
    t.positions += v.positions;
    t.contested += v.contested;
    t.deviations += v.disagreements;
    if (!v.ok) t.rejected.push({ i, req, out: out.tokens, v });
  }
  expect(t.rejected).toEqual([]);
  return t;
}
