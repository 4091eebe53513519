import { describe, expect, it } from 'vitest';
import { replayOnSequence } from '../../src/llm/replay/replay.js';
import type { InferenceOutput, InferenceRequest, Sampling } from '../../src/llm/request/types.js';
import {
  bernsteinBudget,
  computeDeviationBudget,
  type DeviationBudget,
  deviationBudget,
} from '../../src/llm/sampling/budget.js';
import { drawUniform } from '../../src/llm/sampling/draw.js';
import { sortCandidates, type TokenLogit } from '../../src/llm/sampling/logits.js';
import { sampleToken } from '../../src/llm/sampling/sampler.js';
import {
  checkGreedyPosition,
  checkSeededPosition,
  type ReplayTolerance,
} from '../../src/llm/sampling/tolerance.js';
import { fakeSequence, fakeVocab, type Logits } from './fake-sequence.js';
import { rng } from './fixtures.js';

/** P[Binomial(m, p) > k] by direct summation (small m). */
function tail(m: number, p: number, k: number): number {
  let pmf = (1 - p) ** m;
  let below = 0;
  for (let j = 0; j <= k; j++) {
    below += pmf;
    pmf *= ((m - j) / (j + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

describe('the deviation budget', () => {
  const b = computeDeviationBudget(0.25, 1e-6, 2048);

  it('is the exact binomial quantile: the smallest k with P[Bin(m, p) > k] ≤ α', () => {
    for (const [p, alpha] of [
      [0.25, 1e-6],
      [0.1, 1e-3],
      [0.5, 1e-6],
    ] as const) {
      const t = computeDeviationBudget(p, alpha, 60);
      for (let m = 1; m <= 60; m++) {
        const k = deviationBudget(t, m);
        expect(tail(m, p, k), `m=${m}`).toBeLessThanOrEqual(alpha * (1 + 1e-9));
        if (k > 0) expect(tail(m, p, k - 1), `m=${m}`).toBeGreaterThan(alpha * (1 - 1e-9));
      }
    }
  });

  it('at p = 1/4, α = 1e-6: an output deviating at every contested position is caught from 10 on', () => {
    for (let m = 0; m <= 9; m++) expect(deviationBudget(b, m)).toBe(m);
    for (let m = 10; m <= 2048; m++) expect(deviationBudget(b, m)).toBeLessThan(m);
    expect([20, 50, 100, 500, 1000].map((m) => deviationBudget(b, m))).toEqual([15, 28, 47, 173, 317]);
  });

  it('is nondecreasing, and beyond the table Bernstein’s bound (never below the table’s end)', () => {
    let prev = 0;
    for (let m = 0; m <= 2100; m++) {
      const k = deviationBudget(b, m);
      expect(k).toBeGreaterThanOrEqual(prev);
      expect(k).toBeLessThanOrEqual(m);
      prev = k;
    }
    expect(deviationBudget(b, 4000)).toBe(bernsteinBudget(4000, 0.25, b.lnInverseFalseRejection));
    // Bernstein is a valid (looser) tail bound: it never undercuts the exact quantile.
    for (const m of [100, 1000, 2048])
      expect(bernsteinBudget(m, 0.25, b.lnInverseFalseRejection)).toBeGreaterThanOrEqual(
        deviationBudget(b, m),
      );
    expect(() => deviationBudget(b, -1)).toThrow(RangeError);
    expect(() => deviationBudget(b, 1.5)).toThrow(RangeError);
  });

  it('is consumed from integers: a JSON round trip reads the same budget', () => {
    const copy = JSON.parse(JSON.stringify(b)) as DeviationBudget;
    for (const m of [0, 1, 9, 10, 77, 2048, 2049, 100000])
      expect(deviationBudget(copy, m)).toBe(deviationBudget(b, m));
  });

  it('false rejection: honest deviation counts exceed it at most α of the time (Monte Carlo at α = 1e-2)', () => {
    const t = computeDeviationBudget(0.25, 1e-2, 200);
    const r = rng(99);
    let rejected = 0;
    const N = 20000;
    for (let n = 0; n < N; n++) {
      const m = 5 + Math.floor(r() * 150);
      let d = 0;
      for (let i = 0; i < m; i++) if (r() < 0.25) d++;
      if (d > deviationBudget(t, m)) rejected++;
    }
    // Expected ≤ 200; the binomial's discreteness keeps it well under.
    expect(rejected / N).toBeLessThanOrEqual(0.01 + 3 * Math.sqrt(0.01 / N));
  });
});

// A synthetic "model" for replay without llama.cpp: after every position, V logits drawn from a
// position-keyed stream (σ ≈ 1), so near-ties within 2δ are common. The verifier reads them exactly;
// an honest producer reads them with iid uniform drift in [−δ, δ] (at the bound) and samples as declared.
const V = 24;
const DELTA = 0.1;
const TOL: ReplayTolerance = {
  logitDrift: DELTA,
  probabilitySlack: 1e-9,
  budgets: [
    { maxTemperature: 0, budget: computeDeviationBudget(0.25, 1e-6, 4096) },
    { maxTemperature: 4, budget: computeDeviationBudget(0.25, 1e-6, 4096) },
  ],
};
const MODEL = 'cd'.repeat(32);
const PROMPT = [1, 5, 6];

function syntheticLogits(output: number, pos: number): Logits {
  const r = rng(output * 7919 + pos * 104729 + 1);
  const m: Logits = new Map();
  for (let t = 0; t < V; t++) {
    const g = r() + r() + r() - 1.5;
    m.set(t, t === 2 ? -10 : 2 * g); // EOS (2) never near: these tests are about the budget
  }
  return m;
}

const asList = (m: Logits): TokenLogit[] => [...m].map(([token, logit]) => ({ token, logit }));

function acceptable(exact: TokenLogit[], c: TokenLogit, sampling: Sampling, u: number): boolean {
  return sampling.mode === 'greedy'
    ? checkGreedyPosition(exact, c, TOL).ok
    : checkSeededPosition(exact, V, c, sampling, u, TOL).ok;
}

type Producer = 'honest' | 'second-best' | 'second-best-half';

function produce(
  output: number,
  sampling: Sampling,
  n: number,
  who: Producer,
  driftSeed: number,
): InferenceOutput {
  const r = rng(driftSeed);
  const tokens: number[] = [];
  for (let i = 0; i < n; i++) {
    const exact = sortCandidates(asList(syntheticLogits(output, PROMPT.length - 1 + i)));
    const u = sampling.mode === 'seeded' ? drawUniform(sampling.seed, MODEL, i) : 0;
    const choose = (c: TokenLogit[]): number =>
      sampling.mode === 'greedy' ? c[0]!.token : sampleToken(c, sampling, u);
    const noisy = sortCandidates(
      exact.map((c) => ({ token: c.token, logit: c.logit + (2 * r() - 1) * DELTA })),
    );
    let t = choose(noisy);
    if (who !== 'honest' && (who === 'second-best' || r() < 0.5)) {
      // The cheater knows the rule: wherever the tolerance admits another token than the declared
      // choice, it takes the best such token (for greedy, the runner-up at a near-tie).
      const own = choose(exact);
      const other = exact.find((c) => c.token !== own && acceptable(exact, c, sampling, u));
      if (other) t = other.token;
    }
    tokens.push(t);
  }
  return { tokens, text: fakeVocab.detokenize(tokens), finishReason: 'length' };
}

const req = (sampling: Sampling, n: number): InferenceRequest => ({
  modelId: MODEL,
  prompt: { system: '', messages: [], input: 'x' },
  maxTokens: n,
  stop: [],
  sampling,
});

async function replay(output: number, sampling: Sampling, claim: InferenceOutput, chunkSize?: number) {
  const seq = fakeSequence((pos) => syntheticLogits(output, pos));
  return replayOnSequence(seq, fakeVocab, V, req(sampling, claim.tokens.length), PROMPT, claim, TOL, {
    chunkSize,
  });
}

describe('replay with the budget, on a synthetic model with many near-ties', () => {
  const GREEDY: Sampling = { mode: 'greedy' };
  const seeded = (seed: number): Sampling => ({
    mode: 'seeded',
    temperature: 0.7,
    topK: 8,
    topP: 0.95,
    seed,
  });

  it('honest producers at the drift bound: zero rejections in 1,000 outputs (greedy and seeded)', async () => {
    let contested = 0;
    let deviations = 0;
    let positions = 0;
    for (let o = 0; o < 1000; o++) {
      const sampling = o % 2 ? GREEDY : seeded(o);
      const n = 16 + (o % 25);
      const v = await replay(o, sampling, produce(o, sampling, n, 'honest', 31 * o + 7));
      expect(v, `output ${o}`).toMatchObject({ ok: true });
      contested += v.contested;
      deviations += v.disagreements;
      positions += v.positions;
    }
    console.log(
      `honest at bound: ${deviations} deviations at ${contested} contested of ${positions} positions (${((100 * deviations) / contested).toFixed(1)} %)`,
    );
    expect(deviations).toBeGreaterThan(0);
    expect(deviations / contested).toBeLessThan(0.25);
  });

  it('second-best at every near-tie (any token the tolerance admits): rejected whenever the output has ≥ 10 contested positions', async () => {
    const rows: Record<string, string | number>[] = [];
    for (const [name, sampling] of [
      ['greedy', GREEDY],
      ['seeded', seeded(5)],
    ] as const) {
      let eligible = 0;
      let caught = 0;
      let short = 0;
      let shortCaught = 0;
      for (let o = 0; o < 200; o++) {
        const v = await replay(o, sampling, produce(o, sampling, 64, 'second-best', o));
        if (v.ok === false) expect(['deviation-budget-exceeded']).toContain(v.failure);
        // Count over the whole output (the replay stops early only at a failing position).
        if (v.contested >= 10 || v.failure === 'deviation-budget-exceeded') {
          eligible++;
          if (!v.ok) caught++;
        } else {
          short++;
          if (!v.ok) shortCaught++;
        }
      }
      rows.push({
        sampling: name,
        'outputs ≥ 10 contested': `${caught}/${eligible}`,
        'fewer contested': `${shortCaught}/${short}`,
      });
      expect(caught).toBe(eligible);
      expect(eligible).toBeGreaterThan(150);
    }
    console.table(rows);
  });

  it('half the near-ties steered: still caught in long outputs', async () => {
    let caught = 0;
    for (let o = 0; o < 100; o++) {
      const v = await replay(o, GREEDY, produce(o, GREEDY, 400, 'second-best-half', o));
      if (!v.ok) caught++;
    }
    expect(caught).toBeGreaterThanOrEqual(95);
  });

  it('the verdict does not depend on the chunk size', async () => {
    for (let o = 0; o < 40; o++) {
      const sampling = o % 2 ? GREEDY : seeded(o);
      const claim = produce(o, sampling, 70, o % 3 === 0 ? 'second-best' : 'honest', o);
      const whole = await replay(o, sampling, claim);
      for (const c of [1, 7, 64]) {
        const v = await replay(o, sampling, claim, c);
        expect({ ...v, passes: 0 }).toEqual({ ...whole, passes: 0 });
        expect(v.passes).toBeGreaterThanOrEqual(
          Math.ceil(Math.min(claim.tokens.length, (whole.position ?? 69) + 1) / c),
        );
      }
    }
  });
});
