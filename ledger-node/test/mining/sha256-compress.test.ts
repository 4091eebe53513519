import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  loadBlockWords,
  SHA256_IV,
  sha256ByCompression,
  sha256Compress,
  sha256Midstate,
  stateToBytes,
} from '../../src/crypto/sha256-compress.js';
import { randomTestBytes } from '../support/rng.js';

const nodeSha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

describe('SHA-256 compression', () => {
  it('hashes the FIPS 180-4 examples as node:crypto does', () => {
    for (const text of ['', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq']) {
      const msg = new TextEncoder().encode(text);
      expect(Buffer.from(sha256ByCompression(msg)).toString('hex')).toBe(
        createHash('sha256').update(msg).digest('hex'),
      );
    }
    expect(Buffer.from(sha256ByCompression(new TextEncoder().encode('abc'))).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('agrees with node:crypto on every length around block boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const msg = randomTestBytes(n, 'message');
      expect(sha256ByCompression(msg)).toEqual(nodeSha256(msg));
    }
  });

  it('agrees with node:crypto on random messages (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (msg) => {
        expect(sha256ByCompression(msg)).toEqual(nodeSha256(msg));
      }),
      { numRuns: 300 },
    );
  });

  it('a midstate continued with the second block gives the 80-byte header hash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 80, maxLength: 80 }), (header) => {
        const state = sha256Midstate(header);
        const block = new Uint8Array(64);
        block.set(header.subarray(64));
        block[16] = 0x80;
        block[62] = 0x02; // 640 bits, big-endian
        block[63] = 0x80;
        const w = new Int32Array(64);
        loadBlockWords(block, 0, w);
        sha256Compress(state, w);
        expect(stateToBytes(state)).toEqual(nodeSha256(header));
      }),
      { numRuns: 200 },
    );
  });

  it('the midstate differs from the IV and depends on every one of the 64 bytes', () => {
    const base = randomTestBytes(64, 'message');
    const m0 = sha256Midstate(base);
    expect(Array.from(m0)).not.toEqual(Array.from(SHA256_IV));
    for (let i = 0; i < 64; i++) {
      const flipped = Uint8Array.from(base);
      flipped[i]! ^= 1;
      expect(Array.from(sha256Midstate(flipped))).not.toEqual(Array.from(m0));
    }
  });

  it('a Uint32Array state gives the same result as an Int32Array one', () => {
    const block = randomTestBytes(64, 'message');
    const s1 = Int32Array.from(SHA256_IV);
    const s2 = Uint32Array.from(SHA256_IV);
    const w1 = new Int32Array(64);
    const w2 = new Uint32Array(64);
    loadBlockWords(block, 0, w1);
    loadBlockWords(block, 0, w2);
    sha256Compress(s1, w1);
    sha256Compress(s2, w2);
    expect(stateToBytes(s1)).toEqual(stateToBytes(s2));
  });
});
