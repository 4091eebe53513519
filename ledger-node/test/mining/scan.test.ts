import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NonceScanner, targetWords } from '../../src/mining/miner/scan.js';
import { hashWithNonce } from '../support/pow-reference.js';
import { randomTestBytes } from '../support/rng.js';

/** The first nonce in [start, start+count) meeting the target, by node:crypto. */
function bruteForce(header: Uint8Array, target: bigint, start: number, count: number): number {
  for (let n = start; n < start + count; n++) if (hashWithNonce(header, n) <= target) return n;
  return -1;
}

describe('NonceScanner', () => {
  it('finds the same first nonce as hashing every header with node:crypto', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 80, maxLength: 80 }),
        fc.integer({ min: 0, max: 0xffffffff - 300 }),
        fc.integer({ min: 248, max: 255 }),
        (header, start, bits) => {
          const target = (1n << BigInt(bits)) - 1n;
          const s = new NonceScanner();
          s.load(header, target);
          expect(s.scan(start, 300)).toBe(bruteForce(header, target, start, 300));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accepts a hash equal to the target and rejects it one below (ties in every word)', () => {
    const header = randomTestBytes(80, 'header');
    const nonce = 12345;
    const exact = hashWithNonce(header, nonce);
    const s = new NonceScanner();
    s.load(header, exact);
    expect(s.scan(nonce, 1)).toBe(nonce);
    s.load(header, exact - 1n);
    expect(s.scan(nonce, 1)).toBe(-1);
    // A difference in the least significant word only.
    s.load(header, exact ^ 1n);
    expect(s.scan(nonce, 1)).toBe((exact ^ 1n) >= exact ? nonce : -1);
  });

  it('finds nothing against an impossible target and everything against the largest one', () => {
    const header = randomTestBytes(80, 'header');
    const s = new NonceScanner();
    s.load(header, 0n);
    expect(s.scan(0, 2000)).toBe(-1);
    s.load(header, (1n << 256n) - 1n);
    expect(s.scan(77, 10)).toBe(77);
  });

  it('reaches the last nonce, 2^32 - 1', () => {
    const header = randomTestBytes(80, 'header');
    const last = 0xffffffff;
    const s = new NonceScanner();
    s.load(header, hashWithNonce(header, last));
    expect(s.scan(last, 1)).toBe(last);
  });

  it('ignores the nonce field of the template', () => {
    const header = randomTestBytes(80, 'header');
    const target = 1n << 252n;
    const a = new NonceScanner();
    a.load(header, target);
    const other = Uint8Array.from(header);
    other.fill(0xab, 76, 80);
    const b = new NonceScanner();
    b.load(other, target);
    expect(a.scan(0, 500)).toBe(b.scan(0, 500));
    expect(a.scan(0, 500)).toBe(bruteForce(header, target, 0, 500));
  });

  it('targetWords splits a target most significant word first', () => {
    const w = targetWords(0x00000000ffff0000000000000000000000000000000000000000000000000000n);
    expect(Array.from(w)).toEqual([0, 0xffff0000, 0, 0, 0, 0, 0, 0]);
    expect(() => targetWords(1n << 256n)).toThrow(RangeError);
  });
});
