import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Suite } from '../src/index.js';
import { proofToHash, prove, publicKey, verify } from '../src/index.js';

const suites = [
  { suite: 'P256_SHA256_TAI', ptLen: 33, hLen: 32, n: p256.Point.Fn.ORDER },
  { suite: 'SECP256K1_SHA256_TAI', ptLen: 33, hLen: 32, n: secp256k1.Point.Fn.ORDER },
  { suite: 'EDWARDS25519_SHA512_TAI', ptLen: 32, hLen: 64, n: undefined },
] as const satisfies readonly { suite: Suite; ptLen: number; hLen: number; n: bigint | undefined }[];

describe.each(suites)('$suite properties', ({ suite, ptLen, hLen, n }) => {
  const secretKey = fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .filter((b) => n === undefined || (bytesToNumberBE(b) > 0n && bytesToNumberBE(b) < n));
  const alpha = fc.uint8Array({ maxLength: 96 });
  const proofLen = ptLen + 16 + 32;

  it('prove then verify yields proofToHash(pi), deterministically', () => {
    fc.assert(
      fc.property(secretKey, alpha, (sk, a) => {
        const pk = publicKey(suite, sk);
        const pi = prove(suite, sk, a);
        expect(pi.length).toBe(proofLen);
        expect(prove(suite, sk, a)).toEqual(pi);
        const beta = verify(suite, pk, pi, a);
        expect(beta).not.toBeNull();
        expect(beta!.length).toBe(hLen);
        expect(beta).toEqual(proofToHash(suite, pi));
      }),
      { numRuns: 25 },
    );
  });

  it('a proof does not verify for another alpha', () => {
    fc.assert(
      fc.property(secretKey, alpha, alpha, (sk, a, b) => {
        fc.pre(Buffer.compare(a, b) !== 0);
        expect(verify(suite, publicKey(suite, sk), prove(suite, sk, a), b)).toBeNull();
      }),
      { numRuns: 15 },
    );
  });

  it('any change to a valid proof is rejected', () => {
    fc.assert(
      fc.property(
        secretKey,
        alpha,
        fc.nat(proofLen - 1),
        fc.integer({ min: 1, max: 255 }),
        (sk, a, index, xor) => {
          const pi = prove(suite, sk, a);
          pi[index]! ^= xor;
          expect(verify(suite, publicKey(suite, sk), pi, a)).toBeNull();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('random public keys and proofs of any length are rejected without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: ptLen, maxLength: ptLen }), fc.uint8Array({ maxLength: 70 })),
        fc.oneof(
          fc.uint8Array({ minLength: proofLen, maxLength: proofLen }),
          fc.uint8Array({ maxLength: 120 }),
        ),
        alpha,
        (pk, pi, a) => {
          expect(verify(suite, pk, pi, a)).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a random proof against a real public key is rejected', () => {
    fc.assert(
      fc.property(
        secretKey,
        fc.uint8Array({ minLength: proofLen, maxLength: proofLen }),
        alpha,
        (sk, pi, a) => {
          expect(verify(suite, publicKey(suite, sk), pi, a)).toBeNull();
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('public keys agree with the curves’ standard key derivation', () => {
  it('Ed25519: the RFC 8032 public key of the seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        expect(publicKey('EDWARDS25519_SHA512_TAI', seed)).toEqual(ed25519.getPublicKey(seed));
      }),
      { numRuns: 30 },
    );
  });

  it.each([
    ['P256_SHA256_TAI', p256],
    ['SECP256K1_SHA256_TAI', secp256k1],
  ] as const)('%s: the SEC1 compressed Q = d*G', (suite, curve) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (sk) => {
        fc.pre(curve.utils.isValidSecretKey(sk));
        expect(publicKey(suite, sk)).toEqual(curve.getPublicKey(sk, true));
      }),
      { numRuns: 30 },
    );
  });
});
