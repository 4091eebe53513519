import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeededSampling } from '../../src/llm/request/types.js';
import { computeDeviationBudget } from '../../src/llm/sampling/budget.js';
import { sortCandidates, type TokenLogit } from '../../src/llm/sampling/logits.js';
import { sampleToken } from '../../src/llm/sampling/sampler.js';
import {
  CANDIDATE_MARGIN,
  checkGreedyPosition,
  checkSeededPosition,
  isResolved,
  type ReplayTolerance,
} from '../../src/llm/sampling/tolerance.js';

const TOL: ReplayTolerance = {
  logitDrift: 0.5,
  probabilitySlack: 1e-9,
  budgets: [
    { maxTemperature: 0, budget: computeDeviationBudget(0.25, 1e-6, 64) },
    { maxTemperature: 4, budget: computeDeviationBudget(0.25, 1e-6, 64) },
  ],
};

const cands = (logits: readonly number[]): TokenLogit[] =>
  sortCandidates(logits.map((logit, token) => ({ token, logit })));
const at = (logits: readonly number[], token: number): TokenLogit => ({ token, logit: logits[token]! });

/** Logits with a realistic shape: a few leaders over a long tail, plus exact ties now and then. */
const logitsArb = fc
  .tuple(
    fc.integer({ min: 2, max: 300 }),
    fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    fc.double({ min: 0.5, max: 15, noNaN: true }),
  )
  .map(([n, seed, scale]) => {
    let s = seed;
    const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    return Array.from({ length: n }, () => {
      const g = rnd() + rnd() + rnd() - 1.5; // roughly normal
      return rnd() < 0.05 ? 0 : Math.fround(g * scale);
    });
  });

/** A drift of at most δ per logit: the honest-producer model of docs/protocol.md §12.5. */
const drift = (logits: readonly number[], seed: number, size: number): number[] => {
  let s = seed >>> 0;
  const rnd = (): number => (s = (Math.imul(s, 22695477) + 1) >>> 0) / 2 ** 32;
  return logits.map((l) => l + (2 * rnd() - 1) * size);
};

const samplingArb = fc.record({
  mode: fc.constant('seeded' as const),
  temperature: fc.double({ min: 0.05, max: 3, noNaN: true }),
  topK: fc.integer({ min: 1, max: 400 }),
  topP: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 1, noNaN: true })),
  seed: fc.nat(),
});

describe('greedy tolerance', () => {
  it('accepts the argmax of any logits within δ, and flags a deviation only at a contested position', () => {
    fc.assert(
      fc.property(logitsArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (logits, seed, f) => {
        const producer = drift(logits, seed, TOL.logitDrift * f);
        const chosen = cands(producer)[0]!.token;
        const check = checkGreedyPosition(cands(logits), at(logits, chosen), TOL);
        expect(check.ok).toBe(true);
        if (check.deviation) expect(check.contested).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a token more than 2δ below the best; contested iff the best two are within 2δ', () => {
    const logits = [5, 4.1, 3.9, 3.8, 3.7, 0];
    const all = cands(logits);
    expect(checkGreedyPosition(all, at(logits, 1), TOL)).toMatchObject({
      ok: true,
      rank: 1,
      contested: true,
      deviation: true,
    });
    expect(checkGreedyPosition(all, at(logits, 0), TOL)).toMatchObject({
      ok: true,
      rank: 0,
      contested: true,
      deviation: false,
    });
    expect(checkGreedyPosition(all, at(logits, 2), TOL)).toMatchObject({
      ok: false,
      failure: 'logit-gap-too-large',
    });
    expect(checkGreedyPosition(all, at(logits, 5), TOL)).toMatchObject({
      ok: false,
      failure: 'logit-gap-too-large',
    });
    const clear = [5, 3.9, 0];
    expect(checkGreedyPosition(cands(clear), at(clear, 0), TOL)).toMatchObject({
      ok: true,
      contested: false,
      deviation: false,
    });
    // An exact tie: both are argmaxes; the verifier's own choice is the lower id.
    const tied = [1, 1, 0];
    expect(checkGreedyPosition(cands(tied), at(tied, 1), TOL)).toMatchObject({
      ok: true,
      rank: 0,
      contested: true,
      deviation: true,
    });
  });
});

describe('seeded tolerance', () => {
  it('accepts every token an honest producer draws from logits within δ (soundness)', () => {
    fc.assert(
      fc.property(
        logitsArb,
        samplingArb,
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (logits, p, seed, f, u) => {
          const params = p as SeededSampling;
          const producer = drift(logits, seed, TOL.logitDrift * f);
          const chosen = sampleToken(cands(producer), params, u);
          const all = cands(logits);
          const check = checkSeededPosition(all, logits.length, at(logits, chosen), params, u, TOL);
          expect(check.ok).toBe(true);
          // Honest drift moves the choice only where the tolerance admits several tokens.
          if (check.deviation) expect(check.contested).toBe(true);
          // What a verifier reads in practice, the top topK + margin, gives the same answer once resolved.
          const read = all.slice(0, Math.min(logits.length, params.topK + CANDIDATE_MARGIN));
          if (isResolved(read, logits.length, params, TOL) && read.some((c) => c.token === chosen))
            expect(checkSeededPosition(read, logits.length, at(logits, chosen), params, u, TOL).ok).toBe(
              true,
            );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects a token outside every drifted top-k, and a draw far from the claimed interval', () => {
    const logits = [10, 9.9, 2, 1, 0, -1];
    const p: SeededSampling = { mode: 'seeded', temperature: 1, topK: 2, topP: 1, seed: 0 };
    const all = cands(logits);
    expect(checkSeededPosition(all, 6, at(logits, 2), p, 0.5, TOL)).toMatchObject({
      ok: false,
      failure: 'outside-candidates',
    });
    // Tokens 0 and 1 are nearly tied: token 0 owns about [0, 0.52), token 1 about [0.52, 1).
    expect(checkSeededPosition(all, 6, at(logits, 0), p, 0.1, TOL).ok).toBe(true);
    expect(checkSeededPosition(all, 6, at(logits, 1), p, 0.95, TOL).ok).toBe(true);
    expect(checkSeededPosition(all, 6, at(logits, 0), p, 0.97, TOL)).toMatchObject({
      ok: false,
      failure: 'draw-outside-interval',
    });
    expect(checkSeededPosition(all, 6, at(logits, 1), p, 0.03, TOL)).toMatchObject({
      ok: false,
      failure: 'draw-outside-interval',
    });
  });

  it('widens the interval by the drift: exactly at the bound of a two-token distribution', () => {
    // Two tokens, equal logits: producer weights may differ by up to a factor r^2 = e^(2δ/T), so token 0's
    // interval [0, p0) can stretch to p0 = r^2 / (1 + r^2).
    const logits = [0, 0];
    const p: SeededSampling = { mode: 'seeded', temperature: 1, topK: 2, topP: 1, seed: 0 };
    const r2 = Math.exp(2 * TOL.logitDrift);
    const edge = r2 / (1 + r2);
    expect(checkSeededPosition(cands(logits), 2, at(logits, 0), p, edge - 1e-6, TOL).ok).toBe(true);
    expect(checkSeededPosition(cands(logits), 2, at(logits, 0), p, edge + 1e-6, TOL).ok).toBe(false);
  });

  it('is contested only where the draw falls in a widened boundary region', () => {
    const logits = [0, 0, -50];
    const p: SeededSampling = { mode: 'seeded', temperature: 1, topK: 3, topP: 1, seed: 0 };
    const r2 = Math.exp(2 * TOL.logitDrift);
    // Token 0 owns [0, 1/2) at the verifier; drifted producers move the boundary within [1/(1+r²), r²/(1+r²)].
    const lo = 1 / (1 + r2);
    const c = (token: number, u: number) =>
      checkSeededPosition(cands(logits), 3, at(logits, token), p, u, TOL);
    expect(c(0, lo / 2)).toMatchObject({ ok: true, contested: false, deviation: false });
    expect(c(0, 0.45)).toMatchObject({ ok: true, contested: true, deviation: false });
    expect(c(1, 0.45)).toMatchObject({ ok: true, contested: true, deviation: true });
    expect(c(1, 1 - lo / 2)).toMatchObject({ ok: true, contested: false, deviation: false });
    expect(c(0, 1 - lo / 2)).toMatchObject({ ok: false, failure: 'draw-outside-interval' });
  });

  it('is resolved only when the candidates read reach 2δ below the topK-th', () => {
    const p: SeededSampling = { mode: 'seeded', temperature: 1, topK: 2, topP: 1, seed: 0 };
    const steep = cands([10, 9, 5, 4, 3, 2]);
    expect(isResolved(steep.slice(0, 3), 6, p, TOL)).toBe(true);
    const flat = cands([10, 9, 8.9, 8.8, 8.7, 2, 1]);
    expect(isResolved(flat.slice(0, 3), 7, p, TOL)).toBe(false);
    expect(isResolved(flat.slice(0, 5), 7, p, TOL)).toBe(false);
    expect(isResolved(flat.slice(0, 6), 7, p, TOL)).toBe(true);
    expect(isResolved(flat, 7, p, TOL)).toBe(true);
  });
});
