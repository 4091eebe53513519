import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToleranceRegistry } from '../../src/llm/calibration/registry.js';
import { generateOnSequence } from '../../src/llm/generate/generate.js';
import type { InferenceRequest } from '../../src/llm/request/types.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import type { ReplayTolerance } from '../../src/llm/sampling/tolerance.js';
import { driftingChooser } from './choosers.js';
import {
  cheatModelPaths,
  engineWith,
  modelPaths,
  randomInput,
  request,
  rng,
  seededSampling,
} from './fixtures.js';
import { honestRuns, SAMPLINGS } from './honest-runs.js';

// Three nodes with different thread counts and batch sizes, each holding the default model (alpha) and
// the flat model of the cheat-test family. A evaluates a whole replay in one batch; C in batches of 7
// tokens; B in batches of 16 on two threads (slow on a busy 2-core machine: ggml's threads wait for each
// other at every graph node, so B takes a smaller share). Replay uses each model's calibrated profile.
let a: LlmEngine;
let b: LlmEngine;
let c: LlmEngine;
let alpha: string;
let flat: string;
const tolerance = new Map<string, ReplayTolerance>();

beforeAll(async () => {
  const paths = [(await modelPaths()).alpha, (await cheatModelPaths()).flat];
  ({
    engine: a,
    ids: [alpha = '', flat = ''],
  } = await engineWith(paths, { threads: 1, contextSize: 1024 }));
  ({ engine: b } = await engineWith(paths, { threads: 2, contextSize: 1024, batchSize: 16 }));
  ({ engine: c } = await engineWith(paths, { threads: 1, contextSize: 1024, batchSize: 7 }));
  const reg = new ToleranceRegistry();
  for (const id of [alpha, flat]) tolerance.set(id, await reg.get(id));
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await c?.close();
});

describe('honest outputs pass replay', () => {
  it('the test models have calibrated profiles (not the uncalibrated fallback)', () => {
    for (const id of [alpha, flat]) expect(tolerance.get(id)!.logitDrift).toBeLessThan(0.5);
  });

  it('120 outputs over 3 nodes (threads 1/2, batch 7/16/whole), 2 models, 4 samplings: zero rejections', async () => {
    const t = await honestRuns([a, c, a, c, b], [alpha, flat], 120, 7919);
    console.log(
      `honest: ${t.outputs} outputs, ${t.positions} positions, ${t.contested} contested, ${t.deviations} deviations`,
    );
    expect(t.positions).toBeGreaterThan(600);
  }, 600_000);

  it('a replay is one forward pass when the batch covers prompt + output', async () => {
    const req = request(alpha, 'hello world', seededSampling(3), { maxTokens: 64 });
    const out = await a.generate(req);
    const v = await a.replay(req, out);
    expect(v).toMatchObject({ ok: true, passes: 1 });
  });
});

describe('honest drift at the calibrated bound is accepted', () => {
  // A producer whose every logit is off by up to 0.75 δ (uniform, iid): with the real drift between this
  // producer's token-by-token logits and the verifier's pass (at most δ/4: δ is 4× the largest measured),
  // its total drift stays within δ, the profile's bound.
  for (const model of ['alpha', 'flat'] as const)
    for (const [name, sampling] of SAMPLINGS) {
      it(`${model}, ${name}: drifted outputs replay, and the drift did change choices`, async () => {
        const id = model === 'alpha' ? alpha : flat;
        const tol = tolerance.get(id)!;
        const m = a.model(id);
        const r = rng(name.length * 104729 + model.length);
        let flips = 0;
        let steps = 0;
        let contested = 0;
        for (let i = 0; i < 16; i++) {
          const req: InferenceRequest = request(id, randomInput(r), sampling(i), { maxTokens: 40 });
          const chooser = driftingChooser(req.sampling, id, 0.75 * tol.logitDrift, 31 * i + 7);
          const prompt = m.requestTokens(req);
          const out = await m.pool.run((seq) =>
            generateOnSequence(seq, m, prompt, req.maxTokens, req.stop, chooser),
          );
          const v = await a.replay(req, out);
          expect(v, JSON.stringify({ i, v, out: out.tokens })).toMatchObject({ ok: true });
          flips += chooser.flips;
          steps += out.tokens.length;
          contested += v.contested;
        }
        console.log(
          `drift 0.75δ (δ=${tol.logitDrift}) ${model} ${name}: ${flips}/${steps} choices changed, ${contested} contested, all accepted`,
        );
        if (model === 'flat') expect(flips).toBeGreaterThan(0);
      });
    }
});
