import { readFileSync } from 'node:fs';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { proofToHash, prove, publicKey, verify } from '../src/index.js';
import { computeSec1Tai } from './independent-ecvrf.js';

interface Sec1Vector {
  description?: string;
  example?: number;
  sk: string;
  pk: string;
  alpha: string;
  ctr: number;
  H: string;
  k: string;
  U: string;
  V: string;
  gamma?: string;
  c?: string;
  s?: string;
  pi: string;
  beta: string;
}

const load = (name: string): { suite: string; parameters?: Record<string, unknown>; vectors: Sec1Vector[] } =>
  JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8'));

const rfcP256 = load('ecvrf_p256_sha256_tai.json');
const k1 = load('secp256k1_sha256_tai.json');

/**
 * RFC 6979 k, checked through the curve library's own ECDSA signer: with the same key and message
 * (h_string, hashed by the signer as RFC 6979 step a does), the signature's r is (k*B).x mod n.
 */
function ecdsaR(curve: typeof p256, sk: string, hString: string): string {
  const sig = curve.sign(hexToBytes(hString), hexToBytes(sk), { prehash: true, lowS: false });
  return bytesToHex(sig.subarray(0, 32));
}

describe('independent SEC1 TAI computation', () => {
  it.each(rfcP256.vectors)('reproduces RFC 9381 Example $example (P-256, suite 0x01)', (v) => {
    const got = computeSec1Tai(p256.Point, 0x01, v.sk, v.alpha);
    expect(got).toMatchObject({
      pk: v.pk,
      ctr: v.ctr,
      H: v.H,
      k: v.k,
      U: v.U,
      V: v.V,
      pi: v.pi,
      beta: v.beta,
    });
    expect(ecdsaR(p256, v.sk, v.H)).toBe(v.U.slice(2));
  });
});

describe('SECP256K1_SHA256_TAI vectors', () => {
  it('declare the suite parameters of docs/protocol.md §11', () => {
    expect(k1.suite).toBe('SECP256K1_SHA256_TAI');
    expect(k1.parameters).toEqual({
      suite_string: 'fe',
      curve: 'secp256k1',
      ptLen: 33,
      cLen: 16,
      qLen: 32,
      hash: 'SHA-256',
      nonce: 'RFC 6979 with SHA-256',
    });
    expect(k1.vectors.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...k1.vectors.map((v) => v.ctr))).toBeGreaterThanOrEqual(3);
  });

  describe.each(k1.vectors)('$description', (v) => {
    it('every field is re-derived by the independent computation', () => {
      const got = computeSec1Tai(secp256k1.Point, 0xfe, v.sk, v.alpha);
      expect(got).toEqual({
        pk: v.pk,
        ctr: v.ctr,
        H: v.H,
        k: v.k,
        U: v.U,
        V: v.V,
        gamma: v.gamma,
        c: v.c,
        s: v.s,
        pi: v.pi,
        beta: v.beta,
      });
    });

    it("k is the curve library's RFC 6979 ECDSA nonce for h_string", () => {
      expect(ecdsaR(secp256k1, v.sk, v.H)).toBe(v.U.slice(2));
    });

    it('the implementation proves and verifies it', () => {
      const sk = hexToBytes(v.sk);
      const alpha = hexToBytes(v.alpha);
      expect(bytesToHex(publicKey('SECP256K1_SHA256_TAI', sk))).toBe(v.pk);
      expect(bytesToHex(prove('SECP256K1_SHA256_TAI', sk, alpha))).toBe(v.pi);
      const beta = verify('SECP256K1_SHA256_TAI', hexToBytes(v.pk), hexToBytes(v.pi), alpha);
      expect(beta && bytesToHex(beta)).toBe(v.beta);
      expect(bytesToHex(proofToHash('SECP256K1_SHA256_TAI', hexToBytes(v.pi)))).toBe(v.beta);
    });

    it('differs from the draft-05 construction (no closing 0x00, Y absent from the challenge)', () => {
      // draft-05's challenge hashes suite || 0x02 || H || Gamma || U || V
      const draft05C = bytesToHex(sha256(hexToBytes(`fe02${v.H}${v.gamma}${v.U}${v.V}`)).subarray(0, 16));
      expect(draft05C).not.toBe(v.c);
      // and its try-and-increment hashes suite || 0x01 || PK || alpha || ctr with no closing 0x00
      const ctr = v.ctr.toString(16).padStart(2, '0');
      expect(bytesToHex(sha256(hexToBytes(`fe01${v.pk}${v.alpha}${ctr}00`)))).toBe(v.H.slice(2));
      expect(bytesToHex(sha256(hexToBytes(`fe01${v.pk}${v.alpha}${ctr}`)))).not.toBe(v.H.slice(2));
    });
  });
});
