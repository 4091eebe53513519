import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockProof,
  checkProofOfWork,
  decodeCompact,
  encodeCompact,
  hashToBigInt,
} from '../../src/consensus/pow.js';
import { hexToHash } from '../../src/wire/bytes.js';

const BITCOIN_POW_LIMIT = (1n << 224n) - 1n;

describe('compact bits (Core arith_uint256_tests)', () => {
  const zeroes = [
    0, 0x00123456, 0x01003456, 0x02000056, 0x03000000, 0x04000000, 0x00923456, 0x01803456, 0x02800056,
    0x03800000, 0x04800000,
  ];
  it.each(zeroes.map((b) => [b.toString(16), b] as const))(
    '0x%s decodes to zero, neither negative nor overflowing',
    (_hex, bits) => {
      const c = decodeCompact(bits);
      expect(c).toEqual({ target: 0n, negative: false, overflow: false });
      expect(encodeCompact(c.target)).toBe(0);
    },
  );

  const cases: [number, bigint, boolean, number][] = [
    [0x01123456, 0x12n, false, 0x01120000],
    [0x01fedcba, 0x7en, true, 0x01fe0000],
    [0x02123456, 0x1234n, false, 0x02123400],
    [0x03123456, 0x123456n, false, 0x03123456],
    [0x04123456, 0x12345600n, false, 0x04123456],
    [0x04923456, 0x12345600n, true, 0x04923456],
    [0x05009234, 0x92340000n, false, 0x05009234],
    [0x20123456, 0x123456n << 232n, false, 0x20123456],
  ];
  it.each(cases.map((c) => [c[0].toString(16), ...c] as const))(
    '0x%s round-trips',
    (_hex, bits, target, negative, again) => {
      const c = decodeCompact(bits);
      expect(c.target).toBe(target);
      expect(c.negative).toBe(negative);
      expect(c.overflow).toBe(false);
      expect(encodeCompact(c.target, negative)).toBe(again);
    },
  );

  it('never sets the sign bit when encoding', () => {
    expect(encodeCompact(0x80n)).toBe(0x02008000);
  });

  it('flags overflow', () => {
    expect(decodeCompact(0xff123456).overflow).toBe(true);
    expect(decodeCompact(0x21010000).overflow).toBe(true);
    expect(decodeCompact(0x21000001).overflow).toBe(false);
    expect(decodeCompact(0x22000001).overflow).toBe(false);
    expect(decodeCompact(0x23000001).overflow).toBe(true);
    expect(decodeCompact(0x22000100).overflow).toBe(true);
  });
});

describe('proof of work', () => {
  const genesisHash = hexToHash('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');

  it("accepts Bitcoin's genesis at 0x1d00ffff and rejects it at a harder target", () => {
    expect(checkProofOfWork(genesisHash, 0x1d00ffff, BITCOIN_POW_LIMIT)).toBe(true);
    expect(checkProofOfWork(genesisHash, 0x1a00ffff, BITCOIN_POW_LIMIT)).toBe(false);
  });

  it('rejects negative, zero, overflowing and above-limit bits', () => {
    const easy = new Uint8Array(32);
    expect(checkProofOfWork(easy, 0x04923456, BITCOIN_POW_LIMIT)).toBe(false);
    expect(checkProofOfWork(easy, 0x03000000, BITCOIN_POW_LIMIT)).toBe(false);
    expect(checkProofOfWork(easy, 0xff123456, BITCOIN_POW_LIMIT)).toBe(false);
    expect(checkProofOfWork(easy, 0x1d01ffff, BITCOIN_POW_LIMIT)).toBe(false);
    expect(checkProofOfWork(easy, 0x1d00ffff, BITCOIN_POW_LIMIT)).toBe(true);
  });

  it('compares the hash as a little-endian number, target inclusive', () => {
    const h = new Uint8Array(32);
    h[0] = 0x56;
    h[1] = 0x34;
    h[2] = 0x12;
    expect(hashToBigInt(h)).toBe(0x123456n);
    expect(checkProofOfWork(h, 0x03123456, BITCOIN_POW_LIMIT)).toBe(true);
    h[0] = 0x57;
    expect(checkProofOfWork(h, 0x03123456, BITCOIN_POW_LIMIT)).toBe(false);
  });

  it('block proof is 2^256 / (target + 1)', () => {
    expect(blockProof(0x1d00ffff)).toBe(0x100010001n);
    expect(blockProof(0x207fffff)).toBe(2n);
    expect(blockProof(0x04923456)).toBe(0n);
    expect(blockProof(0)).toBe(0n);
    const t = decodeCompact(0x1b0404cb).target;
    expect(blockProof(0x1b0404cb) * (t + 1n) <= 1n << 256n).toBe(true);
    expect((blockProof(0x1b0404cb) + 1n) * (t + 1n) > 1n << 256n).toBe(true);
  });
});

describe('compact bits properties', () => {
  const u256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });

  it('encoding keeps the top 23 significant bits and drops the rest', () => {
    fc.assert(
      fc.property(u256, (t) => {
        const back = decodeCompact(encodeCompact(t));
        expect(back.negative).toBe(false);
        expect(back.overflow).toBe(false);
        expect(back.target <= t).toBe(true);
        const bits = t.toString(2).length;
        // Whatever was dropped lies below the kept mantissa (at most 24 bits, 16 when the byte is split).
        if (bits > 24) expect(t - back.target < 1n << BigInt(bits - 16)).toBe(true);
        else expect(back.target).toBe(t);
      }),
    );
  });

  it('decoding then encoding a canonical compact value is the identity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 32 }),
        fc.integer({ min: 0x008000, max: 0x7fffff }),
        (size, word) => {
          const bits = ((size << 24) | word) >>> 0;
          const { target, overflow } = decodeCompact(bits);
          fc.pre(!overflow);
          expect(encodeCompact(target)).toBe(bits);
        },
      ),
    );
  });

  it('a hash passes exactly when it is at most the target', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0x03000001, max: 0x1d00ffff }),
        (h, bits) => {
          const { target, negative } = decodeCompact(bits);
          fc.pre(!negative && target > 0n);
          expect(checkProofOfWork(h, bits, BITCOIN_POW_LIMIT)).toBe(hashToBigInt(h) <= target);
        },
      ),
    );
  });
});
