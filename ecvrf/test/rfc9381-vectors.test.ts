import { readFileSync } from 'node:fs';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import type { CipherSuite } from '../src/cipher-suite.js';
import { tryAndIncrement } from '../src/ecvrf.js';
import { proofToHash, prove, publicKey, verify } from '../src/index.js';
import { edwards25519Sha512Tai } from '../src/suites/edwards25519-sha512-tai.js';
import { p256Sha256Tai } from '../src/suites/p256-sha256-tai.js';
import { parseAppendixB, type RfcExample } from './rfc9381-appendix-b.js';

const vectorFile = (name: string) => new URL(`./vectors/${name}`, import.meta.url);
const rfcText = readFileSync(vectorFile('rfc9381-appendix-b.txt'), 'utf8');
const load = (name: string): { suite: RfcExample['suite']; vectors: Omit<RfcExample, 'suite'>[] } =>
  JSON.parse(readFileSync(vectorFile(name), 'utf8'));

const files = [
  { file: 'ecvrf_p256_sha256_tai.json', cs: p256Sha256Tai as CipherSuite<unknown>, examples: [10, 11, 12] },
  {
    file: 'ecvrf_edwards25519_sha512_tai.json',
    cs: edwards25519Sha512Tai as CipherSuite<unknown>,
    examples: [16, 17, 18],
  },
];

describe('RFC 9381 Appendix B transcription', () => {
  const parsed = parseAppendixB(rfcText);

  it('parses the six TAI examples of B.1 and B.3 out of the RFC text', () => {
    expect(parsed.map((e) => e.example)).toEqual([10, 11, 12, 16, 17, 18]);
  });

  it.each(files)('$file equals the RFC text', ({ file, cs, examples }) => {
    const json = load(file);
    expect(json.suite).toBe(cs.name);
    expect(json.vectors.map((v) => v.example)).toEqual(examples);
    const fromText = parsed.filter((e) => e.suite === cs.name).map(({ suite: _suite, ...rest }) => rest);
    expect(json.vectors).toEqual(fromText);
  });
});

for (const { file, cs } of files) {
  const { suite, vectors } = load(file);
  const le = suite === 'EDWARDS25519_SHA512_TAI';
  const toInt = (hex: string) => (le ? bytesToNumberLE(hexToBytes(hex)) : bytesToNumberBE(hexToBytes(hex)));

  describe(`RFC 9381 ${suite}`, () => {
    describe.each(vectors)('Example $example', (v) => {
      const sk = hexToBytes(v.sk);
      const alpha = hexToBytes(v.alpha);

      it('derives PK from SK', () => {
        expect(bytesToHex(publicKey(suite, sk))).toBe(v.pk);
      });

      it('proves pi', () => {
        expect(bytesToHex(prove(suite, sk, alpha))).toBe(v.pi);
      });

      it('verifies pi to beta, and proof_to_hash agrees', () => {
        expect(bytesToHex(verify(suite, hexToBytes(v.pk), hexToBytes(v.pi), alpha)!)).toBe(v.beta);
        expect(bytesToHex(proofToHash(suite, hexToBytes(v.pi)))).toBe(v.beta);
      });

      it('reproduces the intermediate values x, ctr, H, k, U = k*B, V = k*H', () => {
        const key = cs.expandSecretKey(sk);
        const scalarX = le
          ? bytesToNumberLE(hexToBytes(v.x)) % cs.q // the RFC prints the clamped scalar before reduction
          : bytesToNumberBE(hexToBytes(v.x));
        expect(key.x).toBe(scalarX);
        const encoded = tryAndIncrement(cs, key.publicKey, alpha)!;
        expect(encoded.ctr).toBe(v.ctr);
        const hString = cs.pointToString(encoded.H)!;
        expect(bytesToHex(hString)).toBe(v.H);
        const k = key.nonce(hString);
        expect(k).toBe(toInt(v.k));
        if (v.k_string !== undefined) {
          // RFC 8032 nonce: k_string = SHA-512(SHA-512(SK)[32..63] || h_string), k = k_string mod q
          expect(bytesToHex(sha512(concatBytes(sha512(sk).subarray(32), hString)))).toBe(v.k_string);
          expect(bytesToNumberLE(hexToBytes(v.k_string)) % cs.q).toBe(k);
        }
        expect(bytesToHex(cs.pointToString(cs.mulSecret(cs.base, k))!)).toBe(v.U);
        expect(bytesToHex(cs.pointToString(cs.mulSecret(encoded.H, k))!)).toBe(v.V);
      });
    });
  });
}

it('Ed25519 int_to_string is little-endian, as the RFC prints x and k', () => {
  expect(bytesToHex(numberToBytesLE(1n, 2))).toBe('0100');
});
