import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import { cheatModelPaths, engineWith, modelPaths } from './fixtures.js';
import { honestRuns } from './honest-runs.js';

// The bar: honest outputs across thread counts and batch sizes, zero rejections in ≥ 1,000.
let nodes: LlmEngine[] = [];
let ids: string[] = [];

beforeAll(async () => {
  const paths = [(await modelPaths()).alpha, (await cheatModelPaths()).flat];
  for (const load of [
    { threads: 1, contextSize: 1024 },
    { threads: 1, contextSize: 1024, batchSize: 7 },
    { threads: 2, contextSize: 1024, batchSize: 16 },
  ]) {
    const e = await engineWith(paths, load);
    nodes.push(e.engine);
    ids = e.ids;
  }
});
afterAll(async () => {
  for (const n of nodes) await n.close();
  nodes = [];
});

describe('honest outputs at scale', () => {
  it('1,200 outputs, 3 node configurations, 2 models, 4 samplings: zero rejections', async () => {
    const t = await honestRuns(nodes, ids, 1200, 424242, 20);
    console.log(
      `honest at scale: ${t.outputs} outputs, ${t.positions} positions, ${t.contested} contested, ${t.deviations} deviations, 0 rejected`,
    );
    expect(t.outputs).toBeGreaterThanOrEqual(1000);
  });
});
