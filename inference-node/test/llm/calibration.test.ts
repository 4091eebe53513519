import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, type Llama, type LlamaLogLevel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calibrateModel,
  calibrationPrompts,
  REGIMES,
  wilsonUpper,
} from '../../src/llm/calibration/calibrate.js';
import {
  parseToleranceProfile,
  readToleranceProfile,
  serializeToleranceProfile,
  type ToleranceProfile,
  toleranceProfileDigest,
} from '../../src/llm/calibration/profile.js';
import { DEFAULT_TOLERANCE_DIR, ToleranceRegistry } from '../../src/llm/calibration/registry.js';
import { computeModelFileId } from '../../src/llm/model-id/file-id.js';
import { deviationBudget } from '../../src/llm/sampling/budget.js';
import { DEFAULT_REPLAY_TOLERANCE } from '../../src/llm/sampling/tolerance.js';
import { modelPaths } from './fixtures.js';

let llama: Llama;
let alphaPath: string;
let alphaId: string;
let profile: ToleranceProfile;
let dir: string;

beforeAll(async () => {
  llama = await getLlama({
    build: 'never',
    skipDownload: true,
    usePrebuiltBinaries: true,
    progressLogs: false,
    gpu: false,
    logLevel: 'error' as LlamaLogLevel,
  });
  alphaPath = (await modelPaths()).alpha;
  alphaId = (await computeModelFileId(alphaPath)).id;
  dir = await mkdtemp(join(tmpdir(), 'funai-tolerance-'));
  // A small calibration: 3 prompts × 12 tokens, the reference and two other configurations.
  profile = await calibrateModel(llama, alphaPath, {
    prompts: 3,
    tokens: 12,
    trials: 4,
    configurations: [
      { name: 'batch-t1', threads: 1, batchSize: 1024, decode: false },
      { name: 'batch-t1-b7', threads: 1, batchSize: 7, decode: false },
      { name: 'decode-t1', threads: 1, batchSize: 1024, decode: true },
    ],
  });
});
afterAll(async () => {
  await llama?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('calibration', () => {
  it('measures drift per configuration and sets δ = max(floor, 4 × the largest), rate ≥ 1/4', () => {
    const m = profile.measured!;
    expect(profile.modelId).toBe(alphaId);
    expect(m.reference).toBe('batch-t1');
    expect(m.configurations.map((c) => c.name)).toEqual(['batch-t1-b7', 'decode-t1']);
    expect(m.positions).toBe(36);
    expect(m.maxDrift).toBe(Math.max(...m.configurations.map((c) => c.maxDrift)));
    expect(m.maxDrift).toBeGreaterThan(0); // batched vs token-by-token is not bit-exact on this CPU
    const d = profile.tolerance.logitDrift;
    expect(d).toBeGreaterThanOrEqual(Math.max(m.driftFloor, m.safetyFactor * m.maxDrift));
    expect(d).toBeLessThanOrEqual(1.1 * Math.max(m.driftFloor, m.safetyFactor * m.maxDrift));
    const budgets = profile.tolerance.budgets;
    expect(budgets.map((b) => b.maxTemperature)).toEqual([...REGIMES]);
    for (const [i, b] of budgets.entries()) {
      const sim = m.simulated[i]!;
      expect(sim.maxTemperature).toBe(b.maxTemperature);
      expect(b.budget.rate).toBeGreaterThanOrEqual(0.25);
      expect(b.budget.rate).toBeGreaterThanOrEqual(wilsonUpper(sim.deviations, sim.contested) - 1e-3);
      expect(b.budget.rate).toBeGreaterThanOrEqual(sim.worstPromptRate - 1e-3);
      expect(b.budget.falseRejection).toBe(1e-6);
    }
  });

  it('the committed profile of the default test model covers what this run measured', async () => {
    const committed = await readToleranceProfile(DEFAULT_TOLERANCE_DIR, alphaId);
    expect(committed).not.toBeNull();
    expect(profile.measured!.maxDrift).toBeLessThanOrEqual(committed!.tolerance.logitDrift);
  });

  it('the corpus is fixed', () => {
    expect(calibrationPrompts(2)).toEqual(calibrationPrompts(3).slice(0, 2));
    expect(calibrationPrompts(1)[0]).toMatch(/^User: .+\nAssistant:$/);
  });

  it('writes a profile that parses back to the same budget, digest and bytes', async () => {
    const text = serializeToleranceProfile(profile);
    await writeFile(join(dir, `${alphaId}.json`), text);
    const back = (await readToleranceProfile(dir, alphaId))!;
    expect(serializeToleranceProfile(back)).toBe(text);
    expect(toleranceProfileDigest(back)).toBe(toleranceProfileDigest(profile));
    for (const [i, b] of back.tolerance.budgets.entries())
      for (const m of [0, 5, 10, 100, 9000])
        expect(deviationBudget(b.budget, m)).toBe(deviationBudget(profile.tolerance.budgets[i]!.budget, m));
    // The digest covers what replay consumes, not the informative measurements.
    expect(toleranceProfileDigest({ ...profile, measured: null })).toBe(toleranceProfileDigest(profile));
    expect(
      toleranceProfileDigest({ ...profile, tolerance: { ...profile.tolerance, logitDrift: 0.3 } }),
    ).not.toBe(toleranceProfileDigest(profile));
  });

  it('refuses malformed profiles and profiles of another model', async () => {
    // A JSON tree to break in place: untyped on purpose.
    type Json = {
      tolerance: {
        logitDrift: unknown;
        budgets: Array<{ maxTemperature: number; budget: Record<string, unknown> }>;
      };
      version: unknown;
    };
    const good = JSON.parse(serializeToleranceProfile(profile)) as Json;
    expect(() => parseToleranceProfile(good, 'ab'.repeat(32))).toThrow(/for model/);
    const broken = (f: (p: Json) => void) => {
      const p = structuredClone(good);
      f(p);
      return () => parseToleranceProfile(p);
    };
    expect(broken((p) => (p.version = 'v0'))).toThrow(/version/);
    expect(broken((p) => (p.tolerance.logitDrift = -1))).toThrow(/logitDrift/);
    expect(broken((p) => (p.tolerance.logitDrift = 'x'))).toThrow(/logitDrift/);
    expect(broken((p) => (p.tolerance.budgets[0]!.budget.rate = 1))).toThrow(/rate/);
    expect(broken((p) => (p.tolerance.budgets[1]!.budget.steps = [3, 2]))).toThrow(/steps/);
    expect(broken((p) => (p.tolerance.budgets[0]!.budget.steps = [1, 2.5]))).toThrow(/steps/);
    expect(broken((p) => (p.tolerance.budgets[0]!.budget.maxContested = 2 ** 40))).toThrow(/maxContested/);
    expect(broken((p) => (p.tolerance.budgets[0]!.maxTemperature = 0.5))).toThrow(
      /start at maxTemperature 0/,
    );
    expect(broken((p) => p.tolerance.budgets.pop())).toThrow(/cover temperature 4/);
    expect(broken((p) => (p.tolerance.budgets[0]!.maxTemperature = 0.5))).toThrow(
      /start at maxTemperature 0/,
    );
    expect(broken((p) => p.tolerance.budgets.pop())).toThrow(/cover temperature 4/);
    await writeFile(join(dir, `${'ab'.repeat(32)}.json`), '{not json');
    await expect(readToleranceProfile(dir, 'ab'.repeat(32))).rejects.toThrow(/not JSON/);
  });

  it('a node finds <dir>/<modelId>.json; without one, replay falls back to the uncalibrated default', async () => {
    const reg = new ToleranceRegistry(dir);
    expect((await reg.get(alphaId)).logitDrift).toBe(profile.tolerance.logitDrift);
    expect(await reg.get('cd'.repeat(32))).toBe(DEFAULT_REPLAY_TOLERANCE);
    expect((await new ToleranceRegistry().get(alphaId)).logitDrift).toBeLessThan(
      DEFAULT_REPLAY_TOLERANCE.logitDrift,
    );
  });
});
