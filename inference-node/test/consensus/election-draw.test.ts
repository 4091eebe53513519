import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAMPING_WINDOW, dampedWeight, drawSample, drawWinner, medianBid } from '../../src/index.js';

const h32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const TWO_256 = 1n << 256n;

/** The winner by the ceiling ranges of §14.6, written independently of drawWinner's shortcut. */
function byRanges(s: bigint, weights: bigint[]): number {
  const W = weights.reduce((a, b) => a + b, 0n);
  if (W === 0n) return -1;
  let C = 0n;
  for (let i = 0; i < weights.length; i++) {
    const lo = (TWO_256 * C + W - 1n) / W;
    C += weights[i]!;
    const hi = (TWO_256 * C + W - 1n) / W;
    if (lo <= s && s < hi) return i;
  }
  throw new Error('the ranges do not cover the sample');
}

describe('drawWinner', () => {
  it('is the commit whose ceiling range holds the sample', () => {
    fc.assert(
      fc.property(
        h32,
        h32,
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 16n }), { maxLength: 20 }),
        (sh, seed, weights) => {
          const w = drawWinner(sh, seed, weights);
          expect(w).toBe(byRanges(drawSample(sh, seed), weights));
          if (w >= 0) expect(weights[w]! > 0n).toBe(true);
          else expect(weights.every((x) => x === 0n)).toBe(true);
        },
      ),
    );
  });

  it('at the range boundaries, too (samples forced to the edges)', () => {
    // The property above draws samples through SHA-256; here the arithmetic is checked at the exact
    // boundaries by comparing the ceiling form with the t = ⌊s·W / 2^256⌋ form for chosen s.
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (weights, pick) => {
          const W = weights.reduce((a, b) => a + b, 0n);
          if (W === 0n) return;
          let C = 0n;
          const edges: bigint[] = [];
          for (const x of weights) {
            C += x;
            const e = (TWO_256 * C + W - 1n) / W;
            edges.push(e - 1n, e);
          }
          const s = edges[pick % edges.length]!;
          if (s >= TWO_256) return;
          const t = (s * W) >> 256n;
          let cum = 0n;
          let viaT = -1;
          for (let i = 0; i < weights.length; i++) {
            cum += weights[i]!;
            if (cum > t) {
              viaT = i;
              break;
            }
          }
          expect(viaT).toBe(byRanges(s, weights));
        },
      ),
    );
  });

  it('rejects negative weights and hashes of the wrong length', () => {
    const z = new Uint8Array(32);
    expect(() => drawWinner(z, z, [1n, -1n])).toThrow(TypeError);
    expect(() => drawWinner(z.subarray(1), z, [1n])).toThrow(TypeError);
    expect(() => drawWinner(z, new Uint8Array(33), [1n])).toThrow(TypeError);
    expect(drawWinner(z, z, [])).toBe(-1);
  });

  it('10,000 elections with fixed weights: frequencies match the weights (chi-square, p > 0.01)', () => {
    const weights = [1n, 2n, 3n, 4n, 10n, 5n];
    const W = Number(weights.reduce((a, b) => a + b, 0n));
    const N = 10_000;
    const counts = new Array<number>(weights.length).fill(0);
    // The fixed seed list: sortition hash i = SHA-256("chi-square " ‖ i), seed = SHA-256("chi-square seed").
    const seed = sha256(utf8ToBytes('chi-square seed'));
    for (let i = 0; i < N; i++) {
      const sh = sha256(concatBytes(utf8ToBytes('chi-square '), utf8ToBytes(String(i))));
      counts[drawWinner(sh, seed, weights)]!++;
    }
    let chi2 = 0;
    for (let i = 0; i < weights.length; i++) {
      const expected = (N * Number(weights[i])) / W;
      chi2 += (counts[i]! - expected) ** 2 / expected;
    }
    // Critical value of the chi-square distribution with 5 degrees of freedom at p = 0.01.
    const CRITICAL_5DF_P01 = 15.086;
    expect(chi2, `counts ${counts.join(', ')}, chi2 ${chi2.toFixed(3)}`).toBeLessThan(CRITICAL_5DF_P01);
    // The test has power: the same counts are far from what equal weights would give.
    let chi2Uniform = 0;
    for (const c of counts) chi2Uniform += (c - N / weights.length) ** 2 / (N / weights.length);
    expect(chi2Uniform).toBeGreaterThan(CRITICAL_5DF_P01);
  });

  it('is a function of (sortition hash, seed, weights) only', () => {
    const sh = hexToBytes('11'.repeat(32));
    const seed = hexToBytes('22'.repeat(32));
    expect(drawWinner(sh, seed, [5n, 5n])).toBe(
      drawWinner(Uint8Array.from(sh), Uint8Array.from(seed), [5n, 5n]),
    );
    expect(bytesToHex(sha256(concatBytes(utf8ToBytes('FUNAI-DRAW-V1'), sh, seed)))).toBe(
      drawSample(sh, seed).toString(16).padStart(64, '0'),
    );
  });
});

describe('flash-bid damping', () => {
  const b = 1_000_000n;
  it('window of 6, median of the two middle values rounded down', () => {
    expect(DAMPING_WINDOW).toBe(6);
    expect(medianBid([5n, 1n, 3n])).toBe(3n);
    expect(medianBid([1n, 2n, 3n, 4n, 5n, 6n])).toBe(3n);
    expect(medianBid([0n, 0n, 0n, 1n, 1n, 1n])).toBe(0n);
    expect(medianBid([0n, 0n, 0n, 3n, 3n, 3n])).toBe(1n);
  });

  it('a newcomer weighs 0, 0, b/2, then b', () => {
    const history = [0n, 0n, 0n, 0n, 0n];
    const weights: bigint[] = [];
    for (let k = 0; k < 5; k++) {
      weights.push(dampedWeight(b, history));
      history.shift();
      history.push(b);
    }
    expect(weights).toEqual([0n, 0n, b / 2n, b, b]);
  });

  it('a one-block flash bid weighs the steady bid; a lower bid weighs itself', () => {
    expect(dampedWeight(100n * b, [b, b, b, b, b])).toBe(b);
    expect(dampedWeight(b / 10n, [b, b, b, b, b])).toBe(b / 10n);
  });

  it('weight ≤ bid and weight ≤ the window median, always', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 5, maxLength: 5 }),
        (bid, hist) => {
          const w = dampedWeight(bid, hist);
          expect(w <= bid).toBe(true);
          expect(w).toBe(bid < medianBid([...hist, bid]) ? bid : medianBid([...hist, bid]));
        },
      ),
    );
    expect(() => dampedWeight(1n, [1n])).toThrow(RangeError);
  });
});
