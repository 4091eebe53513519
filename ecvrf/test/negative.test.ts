import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { challenge, encodeToCurve } from '../src/ecvrf.js';
import type { Suite } from '../src/index.js';
import { proofToHash, prove, publicKey, verify } from '../src/index.js';
import { edwards25519Sha512Tai } from '../src/suites/edwards25519-sha512-tai.js';

interface SuiteCase {
  suite: Suite;
  ptLen: number;
  q: bigint;
  le: boolean;
  sk: Uint8Array;
  otherSk: Uint8Array;
  /** ptLen-byte strings that are not the encoding of any curve point */
  badPoints: [string, Uint8Array][];
}

const ALPHA = utf8ToBytes('previous election seed');

/** The first x >= start for which 0x02 || x does not decode (no square root of x^3 + ax + b). */
function sec1OffCurve(Point: typeof p256.Point, start: bigint): Uint8Array {
  for (let x = start; ; x++) {
    const bytes = concatBytes(Uint8Array.of(0x02), numberToBytesBE(x, 32));
    try {
      Point.fromBytes(bytes);
    } catch {
      return bytes;
    }
  }
}

function sec1BadPoints(Point: typeof p256.Point): [string, Uint8Array][] {
  const p = Point.Fp.ORDER;
  const valid = Point.BASE.toBytes(true);
  const withPrefix = (prefix: number) => Uint8Array.of(prefix, ...valid.subarray(1));
  return [
    ['x with no square root (not on the curve)', sec1OffCurve(Point, 5n)],
    ['x = p (non-canonical field element)', concatBytes(Uint8Array.of(0x02), numberToBytesBE(p, 32))],
    ['x = 2^256 - 1', concatBytes(Uint8Array.of(0x03), new Uint8Array(32).fill(0xff))],
    ['prefix 0x00', withPrefix(0x00)],
    ['prefix 0x04 on 33 bytes', withPrefix(0x04)],
    ['prefix 0x05', withPrefix(0x05)],
    ['all zeros', new Uint8Array(33)],
  ];
}

function ed25519BadPoints(): [string, Uint8Array][] {
  const p = ed25519.Point.Fp.ORDER;
  let noX: Uint8Array | undefined;
  for (let y = 2n; noX === undefined; y++) {
    const bytes = numberToBytesLE(y, 32);
    try {
      ed25519.Point.fromBytes(bytes);
    } catch {
      noX = bytes;
    }
  }
  const xZeroNegative = numberToBytesLE(1n, 32);
  xZeroNegative[31]! |= 0x80;
  return [
    ['y with no x (not on the curve)', noX],
    ['y = p (non-canonical 0)', numberToBytesLE(p, 32)],
    ['y = p + 1 (non-canonical 1, the identity)', numberToBytesLE(p + 1n, 32)],
    ['y = 2^255 - 1', numberToBytesLE(2n ** 255n - 1n, 32)],
    ['x = 0 with the sign bit set', xZeroNegative],
  ];
}

const cases: SuiteCase[] = [
  {
    suite: 'P256_SHA256_TAI',
    ptLen: 33,
    q: p256.Point.Fn.ORDER,
    le: false,
    sk: hexToBytes('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721'),
    otherSk: hexToBytes('2ca1411a41b17b24cc8c3b089cfd033f1920202a6c0de8abb97df1498d50d2c8'),
    badPoints: sec1BadPoints(p256.Point),
  },
  {
    suite: 'SECP256K1_SHA256_TAI',
    ptLen: 33,
    q: secp256k1.Point.Fn.ORDER,
    le: false,
    sk: hexToBytes('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721'),
    otherSk: hexToBytes('2ca1411a41b17b24cc8c3b089cfd033f1920202a6c0de8abb97df1498d50d2c8'),
    badPoints: sec1BadPoints(secp256k1.Point),
  },
  {
    suite: 'EDWARDS25519_SHA512_TAI',
    ptLen: 32,
    q: ed25519.Point.Fn.ORDER,
    le: true,
    sk: hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
    otherSk: hexToBytes('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'),
    badPoints: ed25519BadPoints(),
  },
];

const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = Uint8Array.from(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
};

describe.each(cases)('$suite', ({ suite, ptLen, q, le, sk, otherSk, badPoints }) => {
  const pk = publicKey(suite, sk);
  const pi = prove(suite, sk, ALPHA);
  const cLen = 16;
  const intToString = (n: bigint, len: number) => (le ? numberToBytesLE(n, len) : numberToBytesBE(n, len));
  const withS = (s: Uint8Array) => concatBytes(pi.subarray(0, ptLen + cLen), s);
  const withC = (c: Uint8Array) => concatBytes(pi.subarray(0, ptLen), c, pi.subarray(ptLen + cLen));
  const withGamma = (g: Uint8Array) => concatBytes(g, pi.subarray(ptLen));

  it('the untouched proof verifies (baseline for every case below)', () => {
    expect(pi.length).toBe(ptLen + 16 + 32);
    expect(verify(suite, pk, pi, ALPHA)).toEqual(proofToHash(suite, pi));
  });

  it('rejects every single-bit flip of the proof', () => {
    for (let bit = 0; bit < pi.length * 8; bit++) {
      expect(verify(suite, pk, flipBit(pi, bit), ALPHA), `bit ${bit}`).toBeNull();
    }
  });

  it('rejects every single-bit flip of the public key', () => {
    for (let bit = 0; bit < pk.length * 8; bit++) {
      expect(verify(suite, flipBit(pk, bit), pi, ALPHA), `bit ${bit}`).toBeNull();
    }
  });

  it('rejects a wrong alpha', () => {
    expect(verify(suite, pk, pi, flipBit(ALPHA, 0))).toBeNull();
    expect(verify(suite, pk, pi, concatBytes(ALPHA, Uint8Array.of(0)))).toBeNull();
    expect(verify(suite, pk, pi, ALPHA.subarray(1))).toBeNull();
    expect(verify(suite, pk, pi, new Uint8Array(0))).toBeNull();
  });

  it("rejects another key's public key, and another key's proof", () => {
    const otherPk = publicKey(suite, otherSk);
    expect(verify(suite, otherPk, pi, ALPHA)).toBeNull();
    expect(verify(suite, pk, prove(suite, otherSk, ALPHA), ALPHA)).toBeNull();
  });

  it('rejects truncated and extended proofs', () => {
    for (let len = 0; len < pi.length; len++) {
      expect(verify(suite, pk, pi.subarray(0, len), ALPHA), `length ${len}`).toBeNull();
    }
    expect(verify(suite, pk, concatBytes(pi, Uint8Array.of(0)), ALPHA)).toBeNull();
    expect(verify(suite, pk, concatBytes(Uint8Array.of(0), pi), ALPHA)).toBeNull();
  });

  it('rejects truncated and extended public keys', () => {
    for (let len = 0; len < pk.length; len++) {
      expect(verify(suite, pk.subarray(0, len), pi, ALPHA), `length ${len}`).toBeNull();
    }
    expect(verify(suite, concatBytes(pk, Uint8Array.of(0)), pi, ALPHA)).toBeNull();
  });

  it('rejects s >= q (s = q, q + 1, 2^256 - 1) in verify and proofToHash', () => {
    for (const s of [q, q + 1n, 2n ** 256n - 1n]) {
      const bad = withS(intToString(s, 32));
      expect(verify(suite, pk, bad, ALPHA)).toBeNull();
      expect(() => proofToHash(suite, bad)).toThrow(TypeError);
    }
  });

  it('rejects the degenerate scalars s = 0, c = 0 and c = 2^128 - 1 without throwing', () => {
    expect(verify(suite, pk, withS(new Uint8Array(32)), ALPHA)).toBeNull();
    expect(verify(suite, pk, withC(new Uint8Array(16)), ALPHA)).toBeNull();
    expect(verify(suite, pk, withC(new Uint8Array(16).fill(0xff)), ALPHA)).toBeNull();
  });

  it.each(badPoints)('rejects %s as Gamma and as the public key', (_name, point) => {
    expect(point.length).toBe(ptLen);
    expect(verify(suite, pk, withGamma(point), ALPHA)).toBeNull();
    expect(() => proofToHash(suite, withGamma(point))).toThrow(TypeError);
    expect(verify(suite, point, pi, ALPHA)).toBeNull();
  });

  it('rejects arguments that are not byte arrays, and unknown suites, without throwing', () => {
    const junk: unknown[] = [undefined, null, 0, 'ab', [1, 2, 3], {}, new Uint16Array(33)];
    for (const j of junk) {
      expect(verify(suite, j as Uint8Array, pi, ALPHA)).toBeNull();
      expect(verify(suite, pk, j as Uint8Array, ALPHA)).toBeNull();
      expect(verify(suite, pk, pi, j as Uint8Array)).toBeNull();
    }
    expect(verify('P256_SHA256_SSWU' as Suite, pk, pi, ALPHA)).toBeNull();
    expect(verify('toString' as Suite, pk, pi, ALPHA)).toBeNull();
    expect(verify(undefined as unknown as Suite, pk, pi, ALPHA)).toBeNull();
  });

  it('throws a TypeError from publicKey and prove on a malformed secret key or alpha', () => {
    const bad: unknown[] = [new Uint8Array(31), new Uint8Array(33), undefined, 'c9af', [1, 2]];
    for (const key of bad) {
      expect(() => publicKey(suite, key as Uint8Array)).toThrow(TypeError);
      expect(() => prove(suite, key as Uint8Array, ALPHA)).toThrow(TypeError);
    }
    expect(() => prove(suite, sk, 'alpha' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => publicKey('nope' as Suite, sk)).toThrow(TypeError);
    expect(() => proofToHash('nope' as Suite, pi)).toThrow(TypeError);
  });
});

describe('scalar secret keys (P-256, secp256k1)', () => {
  it.each([
    ['P256_SHA256_TAI', p256.Point.Fn.ORDER],
    ['SECP256K1_SHA256_TAI', secp256k1.Point.Fn.ORDER],
  ] as const)('%s accepts exactly [1, n-1]', (suite, n) => {
    for (const bad of [0n, n, n + 1n, 2n ** 256n - 1n]) {
      expect(() => publicKey(suite, numberToBytesBE(bad, 32))).toThrow(/\[1, n-1\]/);
      expect(() => prove(suite, numberToBytesBE(bad, 32), ALPHA)).toThrow(TypeError);
    }
    for (const good of [1n, n - 1n]) {
      const sk = numberToBytesBE(good, 32);
      const pi = prove(suite, sk, ALPHA);
      expect(verify(suite, publicKey(suite, sk), pi, ALPHA)).not.toBeNull();
    }
  });
});

describe('public keys the SEC1 suites must refuse', () => {
  it.each([
    ['P256_SHA256_TAI', p256],
    ['SECP256K1_SHA256_TAI', secp256k1],
  ] as const)('%s: the uncompressed encoding of a valid key, and the other curve’s key', (suite, curve) => {
    const sk = hexToBytes('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
    const pi = prove(suite, sk, ALPHA);
    expect(verify(suite, curve.getPublicKey(sk, false), pi, ALPHA)).toBeNull();
    const otherSuite: Suite = suite === 'P256_SHA256_TAI' ? 'SECP256K1_SHA256_TAI' : 'P256_SHA256_TAI';
    expect(verify(suite, publicKey(otherSuite, sk), pi, ALPHA)).toBeNull();
    expect(verify(otherSuite, publicKey(otherSuite, sk), pi, ALPHA)).toBeNull();
  });
});

describe('EDWARDS25519_SHA512_TAI small-order points', () => {
  const suite: Suite = 'EDWARDS25519_SHA512_TAI';
  const sk = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
  const pk = publicKey(suite, sk);
  const pi = prove(suite, sk, ALPHA);

  it.each(ED25519_TORSION_SUBGROUP)('rejects the small-order public key %s (validate_key)', (torsionHex) => {
    const torsion = hexToBytes(torsionHex);
    expect(verify(suite, torsion, pi, ALPHA)).toBeNull();
    // A proof made for a small-order key: Gamma, U and V are all in the torsion subgroup.
    const forged = concatBytes(torsion, new Uint8Array(48));
    expect(verify(suite, torsion, forged, ALPHA)).toBeNull();
  });

  it.each(ED25519_TORSION_SUBGROUP)(
    'rejects a forgery that only validate_key stops, for key %s',
    (torsionHex) => {
      // With a small-order Y, "x = 0" works: Gamma = identity, s = k, once c = 0 mod ord(Y), so
      // s*B - c*Y = k*B and s*H - c*Gamma = k*H. Such a proof satisfies the verification equation
      // for every alpha (so beta is not unique); only ECVRF_validate_key rejects the key.
      const cs = edwards25519Sha512Tai;
      const Y = ed25519.Point.fromHex(torsionHex);
      const H = encodeToCurve(cs, Y.toBytes(), ALPHA)!;
      const identity = ed25519.Point.ZERO;
      let k = 1n;
      let c = challenge(cs, [Y, H, identity, cs.base.multiply(k), H.multiply(k)])!;
      while (c % 8n !== 0n) {
        k++;
        c = challenge(cs, [Y, H, identity, cs.base.multiply(k), H.multiply(k)])!;
      }
      const forged = concatBytes(identity.toBytes(), numberToBytesLE(c, 16), numberToBytesLE(k, 32));
      const U = cs.mulSubPublic(k, cs.base, c, Y);
      const V = cs.mulSubPublic(k, H, c, identity);
      expect(challenge(cs, [Y, H, identity, U, V])).toBe(c); // the equation holds ...
      expect(verify(suite, Y.toBytes(), forged, ALPHA)).toBeNull(); // ... and the key is refused
    },
  );

  it.each(ED25519_TORSION_SUBGROUP)('rejects the small-order Gamma %s', (torsionHex) => {
    expect(verify(suite, pk, concatBytes(hexToBytes(torsionHex), pi.subarray(32)), ALPHA)).toBeNull();
  });

  it('rejects the proof under the key plus a torsion component (a different PK_string)', () => {
    const Y = ed25519.Point.fromBytes(pk);
    for (const torsionHex of ED25519_TORSION_SUBGROUP.slice(1)) {
      const mixed = Y.add(ed25519.Point.fromHex(torsionHex)).toBytes();
      expect(verify(suite, mixed, pi, ALPHA)).toBeNull();
    }
  });
});
