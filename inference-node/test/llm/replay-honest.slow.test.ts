import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { cheatModelPaths, engineWith, modelPaths } from './fixtures.js';
import { type HonestTally, honestRuns } from './honest-runs.js';

// The bar: honest outputs across thread counts and batch sizes, zero rejections in ≥ 1,000.
// Five batches of 240 outputs (each its own test, so a busy machine gets the slow project's time limit
// per batch); producers and verifiers rotate over nodes with 1 thread (whole batch, batch 7) and
// 2 threads (batch 16), the 2-thread node taking one turn in five (its threads wait for each other
// on a shared machine).
let nodes: LlmEngine[] = [];
let ids: string[] = [];
const total: HonestTally = {
  outputs: 0,
  replays: 0,
  positions: 0,
  contested: 0,
  deviations: 0,
  rejected: [],
};

beforeAll(async () => {
  const paths = [(await modelPaths()).alpha, (await cheatModelPaths()).flat];
  const [a, c, b] = [
    await engineWith(paths, { threads: 1, contextSize: 1024 }),
    await engineWith(paths, { threads: 1, contextSize: 1024, batchSize: 7 }),
    await engineWith(paths, { threads: 2, contextSize: 1024, batchSize: 16 }),
  ];
  nodes = [a!.engine, c!.engine, a!.engine, c!.engine, b!.engine];
  ids = a!.ids;
});
afterAll(async () => {
  for (const n of new Set(nodes)) await n.close();
  nodes = [];
  console.log(
    `honest at scale: ${total.outputs} outputs, ${total.positions} positions, ${total.contested} contested, ${total.deviations} deviations, ${total.rejected.length} rejected`,
  );
});

describe('honest outputs at scale: zero rejections in 1,200', () => {
  for (let batch = 0; batch < 5; batch++)
    it(`batch ${batch + 1}: 240 outputs, 3 node configurations, 2 models, 4 samplings`, async () => {
      const t = await honestRuns(nodes, ids, 240, 424242 + batch, 16);
      for (const k of ['outputs', 'replays', 'positions', 'contested', 'deviations'] as const)
        total[k] += t[k];
      expect(t.outputs).toBe(240);
    });
});
