import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeededSampling } from '../../src/llm/request/types.js';
import { drawUniform } from '../../src/llm/sampling/draw.js';
import { sortCandidates, type TokenLogit } from '../../src/llm/sampling/logits.js';
import { sampleToken } from '../../src/llm/sampling/sampler.js';

const seeded = (o: Partial<SeededSampling> = {}): SeededSampling => ({
  mode: 'seeded',
  temperature: 1,
  topK: 1024,
  topP: 1,
  seed: 0,
  ...o,
});

const cands = (logits: readonly number[]): TokenLogit[] =>
  sortCandidates(logits.map((logit, token) => ({ token, logit })));

describe('the keyed draw', () => {
  // The vectors of docs/protocol.md §12.4.
  const VECTORS: Array<[number, number, number]> = [
    [0, 0, 0.5641472548361982],
    [0, 1, 0.7736996100647573],
    [42, 0, 0.2062400744937164],
    [42, 255, 0.8393034283748151],
    [2 ** 53 - 1, 2 ** 32 - 1, 0.3794719130519585],
  ];

  it('matches the protocol vectors', () => {
    for (const [seed, step, u] of VECTORS) expect(drawUniform(seed, step)).toBe(u);
  });

  it('is SHA-256("funai/llm/draw/v1" || u64le seed || u32le step), top 53 bits of its first 8 bytes', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.nat({ max: 2 ** 32 - 1 }), (seed, step) => {
        const msg = Buffer.alloc(17 + 12);
        msg.write('funai/llm/draw/v1', 0, 'latin1');
        msg.writeBigUInt64LE(BigInt(seed), 17);
        msg.writeUInt32LE(step, 25);
        const h = createHash('sha256').update(msg).digest();
        const expected = Number(h.readBigUInt64BE(0) >> 11n) / 2 ** 53;
        const u = drawUniform(seed, step);
        expect(u).toBe(expected);
        expect(u >= 0 && u < 1).toBe(true);
      }),
    );
  });

  it('differs between seeds and steps', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++)
      for (let step = 0; step < 20; step++) seen.add(drawUniform(seed, step));
    expect(seen.size).toBe(400);
  });
});

describe('the seeded sampler', () => {
  it('topK = 1 and a tiny topP both give the highest logit, whatever the draw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 2, maxLength: 50 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (logits, u) => {
          const c = cands(logits);
          expect(sampleToken(c, seeded({ topK: 1 }), u)).toBe(c[0]!.token);
          expect(sampleToken(c, seeded({ topP: 1e-9 }), u)).toBe(c[0]!.token);
        },
      ),
    );
  });

  it('walks the kept tokens in token-id order, not probability order', () => {
    // Tokens 5 and 2 are equally likely; token 2 owns [0, 0.5) and token 5 [0.5, 1).
    const c = sortCandidates([
      { token: 5, logit: 1 },
      { token: 2, logit: 1 },
      { token: 9, logit: -100 },
    ]);
    expect(sampleToken(c, seeded({ topK: 2 }), 0.25)).toBe(2);
    expect(sampleToken(c, seeded({ topK: 2 }), 0.75)).toBe(5);
  });

  it('keeps the shortest prefix reaching topP, then renormalizes', () => {
    // Probabilities 0.5, 0.3, 0.2 for tokens 0, 1, 2; topP 0.79 keeps tokens 0 and 1 (0.625 / 0.375).
    const c = cands([Math.log(0.5), Math.log(0.3), Math.log(0.2)]);
    const p = seeded({ topP: 0.79 });
    expect(sampleToken(c, p, 0.6)).toBe(0);
    expect(sampleToken(c, p, 0.63)).toBe(1);
    expect(sampleToken(c, p, 0.99)).toBe(1);
    expect(sampleToken(c, seeded({ topP: 0.81 }), 0.99)).toBe(2);
  });

  it('draws tokens with the softmax probabilities at the temperature', () => {
    const logits = [2, 1, 0.5, 0, -1];
    const t = 0.7;
    const w = logits.map((l) => Math.exp(l / t));
    const z = w.reduce((a, b) => a + b);
    const counts = new Array(logits.length).fill(0);
    const n = 20000;
    for (let step = 0; step < n; step++)
      counts[sampleToken(cands(logits), seeded({ temperature: t }), drawUniform(7, step))]++;
    counts.forEach((c, i) => {
      expect(Math.abs(c / n - w[i]! / z)).toBeLessThan(0.015);
    });
  });
});
