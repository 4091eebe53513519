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

const ID0 = '00'.repeat(32);
const IDAB = 'ab'.repeat(32);
const IDFF = 'ff'.repeat(32);

describe('the keyed draw', () => {
  // The vectors of docs/protocol.md §12.4.
  const VECTORS: Array<[number, string, number, number]> = [
    [0, ID0, 0, 0.5904708174135301],
    [0, ID0, 1, 0.6352079370086466],
    [0, IDAB, 0, 0.7673035689568651],
    [42, IDAB, 0, 0.5834893689782782],
    [42, IDAB, 255, 0.3596530942420958],
    [2 ** 53 - 1, IDFF, 2 ** 32 - 1, 0.09346949520244363],
  ];

  it('matches the protocol vectors', () => {
    for (const [seed, id, step, u] of VECTORS) expect(drawUniform(seed, id, step)).toBe(u);
  });

  it('is SHA-256("funai/llm/draw/v2" || u64le seed || model id || u32le step), top 53 bits of its first 8 bytes', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat({ max: 2 ** 32 - 1 }),
        (seed, idBytes, step) => {
          const id = Buffer.from(idBytes).toString('hex');
          const msg = Buffer.alloc(17 + 8 + 32 + 4);
          msg.write('funai/llm/draw/v2', 0, 'latin1');
          msg.writeBigUInt64LE(BigInt(seed), 17);
          Buffer.from(idBytes).copy(msg, 25);
          msg.writeUInt32LE(step, 57);
          const h = createHash('sha256').update(msg).digest();
          const expected = Number(h.readBigUInt64BE(0) >> 11n) / 2 ** 53;
          const u = drawUniform(seed, id, step);
          expect(u).toBe(expected);
          expect(u >= 0 && u < 1).toBe(true);
        },
      ),
    );
  });

  it('differs between seeds, models and steps: the same seed on another model is another draw', () => {
    const seen = new Set<number>();
    for (const id of [ID0, IDAB])
      for (let seed = 0; seed < 20; seed++)
        for (let step = 0; step < 20; step++) seen.add(drawUniform(seed, id, step));
    expect(seen.size).toBe(800);
  });

  it('refuses what is not a key: a seed outside [0, 2^53), a step outside u32, a model id not 32 bytes', () => {
    expect(() => drawUniform(2 ** 53, ID0, 0)).toThrow(RangeError);
    expect(() => drawUniform(-1, ID0, 0)).toThrow(RangeError);
    expect(() => drawUniform(0.5, ID0, 0)).toThrow(RangeError);
    expect(() => drawUniform(0, ID0, 2 ** 32)).toThrow(RangeError);
    expect(() => drawUniform(0, 'ab', 0)).toThrow(RangeError);
    expect(() => drawUniform(0, 'zz'.repeat(32), 0)).toThrow();
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
      counts[sampleToken(cands(logits), seeded({ temperature: t }), drawUniform(7, ID0, step))]++;
    counts.forEach((c, i) => {
      expect(Math.abs(c / n - w[i]! / z)).toBeLessThan(0.015);
    });
  });
});
