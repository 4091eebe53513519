import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededChooser, type TokenChooser } from '../../src/llm/generate/chooser.js';
import { generateOnSequence } from '../../src/llm/generate/generate.js';
import type { ReplayVerdict } from '../../src/llm/replay/replay.js';
import type { InferenceOutput, InferenceRequest, Sampling } from '../../src/llm/request/types.js';
import type { LlmEngine } from '../../src/llm/runtime/engine.js';
import type { LoadedModel } from '../../src/llm/runtime/loaded-model.js';
import { deviationBudget } from '../../src/llm/sampling/budget.js';
import type { TokenLogit } from '../../src/llm/sampling/logits.js';
import type { ReplayTolerance } from '../../src/llm/sampling/tolerance.js';
import { steeringChooser } from './choosers.js';
import {
  cheatModelPaths,
  engineWith,
  GREEDY,
  NOISE_LEVELS,
  randomInput,
  request,
  rng,
  seededSampling,
} from './fixtures.js';

// Cheats that live inside a loose tolerance, on the flat model of the cheat-test family (logit std 2,
// EOS competing everywhere), replayed with the model's calibrated profile (inference-node/tolerance/):
//   runner-up steering — the measured cheater: wherever a runner-up of rank 1–3 is within 0.95
//                        of the best, emit it (the old flat tolerance accepted 20/20 such outputs);
//   contested steering — the cheater that knows the calibrated δ: at every position where the runner-up
//                        is within 2δ (so each swap passes the per-position check), emit it;
//   target word        — wherever a piece of " yes" is within 0.95 of the best, emit it;
//   early stop         — at the first position where EOS is within 0.95 of the best (not the best), stop;
//   noisy copy         — an honest producer running a "same weights + noise" copy, claimed as the model.
// Detection tables are printed and asserted.

let engine: LlmEngine;
let flat: string;
let noisyIds: string[];
let m: LoadedModel;
let tol: ReplayTolerance;

beforeAll(async () => {
  const p = await cheatModelPaths();
  const { engine: e, ids } = await engineWith([p.flat, ...p.noisy]);
  engine = e;
  [flat = '', ...noisyIds] = ids;
  m = engine.model(flat);
  const { ToleranceRegistry } = await import('../../src/llm/calibration/registry.js');
  tol = await new ToleranceRegistry().get(flat);
});
afterAll(async () => {
  await engine?.close();
});

const OUTPUT = 48;

function makeRequest(_i: number, r: () => number, sampling: Sampling): InferenceRequest {
  return request(flat, randomInput(r), sampling, { maxTokens: OUTPUT });
}

async function run(on: LoadedModel, req: InferenceRequest, chooser: TokenChooser): Promise<InferenceOutput> {
  const prompt = on.requestTokens({ ...req, modelId: on.info.id });
  return on.pool.run((seq) => generateOnSequence(seq, on, prompt, req.maxTokens, req.stop, chooser));
}

interface Row {
  cheat: string;
  sampling: string;
  cases: number;
  steered: number;
  caught: number;
  failures: Map<string, number>;
  /** Outputs with a steer more than 2.5δ below the best (beyond any honest drift), and those caught. */
  beyond: number;
  beyondCaught: number;
}

const newRow = (cheat: string, sampling: string): Row => ({
  cheat,
  sampling,
  cases: 0,
  steered: 0,
  caught: 0,
  failures: new Map(),
  beyond: 0,
  beyondCaught: 0,
});

const table: Array<Record<string, string | number>> = [];
afterAll(() => {
  console.log(
    `detection inside the tolerance (flat model, δ = ${tol?.logitDrift}, greedy budget rate ${tol?.budgets[0]?.budget.rate}):`,
  );
  console.table(table);
});

function record(row: Row, extra: Record<string, string | number> = {}): void {
  table.push({
    cheat: row.cheat,
    sampling: row.sampling,
    'steered outputs': row.steered,
    caught: `${row.caught}/${row.steered}`,
    rate: row.steered ? `${((100 * row.caught) / row.steered).toFixed(0)} %` : '-',
    'with a steer > 2.5δ: caught': `${row.beyondCaught}/${row.beyond}`,
    ...extra,
    failures: [...row.failures].map(([k, v]) => `${k} ${v}`).join(', '),
  });
}

function count(row: Row, v: ReplayVerdict, gaps: readonly number[]): void {
  row.steered++;
  const beyond = gaps.some((g) => g > 2.5 * tol.logitDrift);
  if (beyond) row.beyond++;
  if (!v.ok) {
    row.caught++;
    if (beyond) row.beyondCaught++;
    row.failures.set(v.failure!, (row.failures.get(v.failure!) ?? 0) + 1);
  }
}

const within = (cands: readonly TokenLogit[], t: TokenLogit, w: number): boolean =>
  cands[0]!.logit - t.logit <= w;

describe('steering inside the old tolerance is caught', () => {
  const CASES = 40;

  for (const [name, sampling] of [
    ['greedy', () => GREEDY],
    ['seeded T=0.8', (i: number) => seededSampling(i)],
  ] as const) {
    it(`runner-up steering (${name}): every steered output is caught`, async () => {
      const r = rng(11 + name.length);
      const row = newRow('runner-up within 0.95', name);
      let steeredPositions = 0;
      let positions = 0;
      for (let i = 0; i < CASES; i++) {
        const req = makeRequest(i, r, sampling(i));
        const ch = steeringChooser(req.sampling, flat, (cands, own) => {
          const o = cands.findIndex((c) => c.token === own);
          const alt = cands.slice(0, 4).find((c, k) => k !== o && within(cands, c, 0.95));
          return alt ? alt.token : null;
        });
        const out = await run(m, req, ch);
        row.cases++;
        positions += out.tokens.length;
        if (ch.log.steps.length === 0) continue;
        steeredPositions += ch.log.steps.length;
        count(row, await engine.replay(req, out), ch.log.gaps);
      }
      record(row, { 'steered positions': `${((100 * steeredPositions) / positions).toFixed(0)} %` });
      expect(row.steered).toBeGreaterThan(CASES * 0.8);
      expect(row.beyondCaught).toBe(row.beyond);
      expect(row.caught / row.steered).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('contested steering (greedy): caught whenever the output has enough contested positions', async () => {
    const r = rng(29);
    const budget = tol.budgets[0]!.budget;
    // m*: the fewest contested positions at which deviating at every one exceeds the budget.
    let mStar = 1;
    while (deviationBudget(budget, mStar) >= mStar) mStar++;
    const row = newRow('runner-up within 2δ', 'greedy');
    let long = 0;
    let longCaught = 0;
    for (let i = 0; i < CASES; i++) {
      const req = { ...makeRequest(i, r, GREEDY), maxTokens: 160 };
      const ch = steeringChooser(GREEDY, flat, (cands) =>
        cands[1] && within(cands, cands[1], 2 * tol.logitDrift) ? cands[1].token : null,
      );
      const out = await run(m, req, ch);
      row.cases++;
      if (ch.log.steps.length === 0) continue;
      const v = await engine.replay(req, out);
      count(row, v, ch.log.gaps);
      if (v.contested >= mStar) {
        long++;
        if (!v.ok) longCaught++;
      }
    }
    record(row, { [`≥ m* = ${mStar} contested: caught`]: `${longCaught}/${long}` });
    expect(longCaught).toBe(long);
  });

  it('target word: steering toward " yes" is caught', async () => {
    const r = rng(31);
    const target = new Set(
      [...Array(m.info.vocabSize).keys()].filter((t) => {
        const s = m.detokenize([t]);
        return s.trim().length > 0 && ' yes'.includes(s) && !m.isEog(t);
      }),
    );
    const row = newRow('target word " yes"', 'greedy');
    for (let i = 0; i < CASES; i++) {
      const req = makeRequest(i, r, GREEDY);
      const ch = steeringChooser(GREEDY, flat, (cands, own) => {
        const t = cands.find((c) => target.has(c.token) && within(cands, c, 0.95));
        return t && t.token !== own ? t.token : null;
      });
      const out = await run(m, req, ch);
      row.cases++;
      if (ch.log.steps.length === 0) continue;
      count(row, await engine.replay(req, out), ch.log.gaps);
    }
    record(row);
    expect(row.steered).toBeGreaterThan(5);
    expect(row.beyondCaught).toBe(row.beyond);
    expect(row.caught / row.steered).toBeGreaterThanOrEqual(0.9);
  });

  it('early stop where EOS is within 0.95: caught unless EOS is within the calibrated 2δ', async () => {
    const r = rng(37);
    const eos = m.model.tokens.eos!;
    const row = newRow('early stop (EOS within 0.95)', 'greedy');
    let inside = 0;
    let insideCaught = 0;
    for (let i = 0; row.steered < CASES && i < CASES * 15; i++) {
      const req = makeRequest(i, r, GREEDY);
      let done = false;
      const ch = steeringChooser(GREEDY, flat, (cands, own) => {
        if (done) return null;
        const e = cands.find((c) => c.token === eos);
        if (e && e.token !== own && within(cands, e, 0.95)) {
          done = true;
          return eos;
        }
        return null;
      });
      const out = await run(m, req, ch);
      row.cases++;
      if (ch.log.steps.length === 0) continue;
      const v = await engine.replay(req, out);
      if (ch.log.gaps[0]! <= 2 * tol.logitDrift) {
        inside++;
        if (!v.ok) insideCaught++;
        continue;
      }
      count(row, v, ch.log.gaps);
    }
    record(row, { 'EOS within 2δ (admitted as drift)': `${insideCaught}/${inside} caught` });
    expect(row.steered).toBeGreaterThanOrEqual(5);
    expect(row.beyondCaught).toBe(row.beyond);
    expect(row.caught / row.steered).toBeGreaterThanOrEqual(0.9);
  });
});

describe('a "same weights + noise" copy is caught by noise level', () => {
  // Asserted floors (measured: 0 %, 0 %, 37 %, 100 %, 100 %): a copy whose logits move less than the
  // calibrated drift is, by design, indistinguishable from an honest producer on other hardware.
  const FLOORS: Record<number, number> = { 0.003: 0, 0.01: 0, 0.03: 0.2, 0.1: 1, 0.3: 1 };
  const CASES = 30;

  it('detection rate by noise level', async () => {
    const rows: Array<Record<string, string | number>> = [];
    const rates: number[] = [];
    for (const [k, level] of NOISE_LEVELS.entries()) {
      const noisy = engine.model(noisyIds[k]!);
      const r = rng(41);
      let caught = 0;
      let differs = 0;
      for (let i = 0; i < CASES; i++) {
        const sampling = i % 2 ? GREEDY : seededSampling(i);
        const req = makeRequest(i, r, sampling);
        // The substitute keys its draw by the claimed model id, as the cheater must.
        const chooser: TokenChooser =
          sampling.mode === 'greedy'
            ? steeringChooser(GREEDY, flat, () => null)
            : seededChooser(sampling, m.info.vocabSize, flat);
        const out = await run(noisy, req, chooser);
        const honest = await engine.generate(req);
        if (out.tokens.join() !== honest.tokens.join()) differs++;
        const v = await engine.replay(req, out);
        if (!v.ok) caught++;
      }
      rows.push({
        noise: level,
        'outputs differing from the model’s': `${differs}/${CASES}`,
        caught: `${caught}/${CASES}`,
        rate: `${((100 * caught) / CASES).toFixed(0)} %`,
      });
      rates.push(caught / CASES);
    }
    console.log('noisy copies claimed as the flat model (half greedy, half seeded):');
    console.table(rows);
    for (const [k, level] of NOISE_LEVELS.entries())
      expect(rates[k], `noise ${level}`).toBeGreaterThanOrEqual(FLOORS[level]!);
  });
});
