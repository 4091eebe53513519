import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

// The built package, as other parts and outside re-implementers consume it. `npm test` builds
// first (tsc -b); run `npx tsc -b ecvrf` before running this file on its own.
const distIndex = new URL('../dist/index.js', import.meta.url);

describe('built package @funai/ecvrf', () => {
  it('has been built', () => {
    expect(existsSync(fileURLToPath(distIndex)), 'run `npx tsc -b ecvrf` first').toBe(true);
  });

  it('exports exactly publicKey, prove, verify and proofToHash, through the package name too', async () => {
    const built = await import(distIndex.href);
    expect(Object.keys(built).sort()).toEqual(['proofToHash', 'prove', 'publicKey', 'verify']);
    for (const name of Object.keys(built)) expect(typeof built[name]).toBe('function');
    const byName = await import('@funai/ecvrf');
    expect(Object.keys(byName).sort()).toEqual(['proofToHash', 'prove', 'publicKey', 'verify']);
    expect(byName.verify).toBe(built.verify);
  });

  it('runs RFC 9381 Example 10 end to end', async () => {
    const { publicKey, prove, verify, proofToHash } = await import(distIndex.href);
    const sk = hexToBytes('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
    const alpha = new TextEncoder().encode('sample');
    const pk = publicKey('P256_SHA256_TAI', sk);
    const pi = prove('P256_SHA256_TAI', sk, alpha);
    const beta = hexToBytes('a3ad7b0ef73d8fc6655053ea22f9bede8c743f08bbed3d38821f0e16474b505e');
    expect(verify('P256_SHA256_TAI', pk, pi, alpha)).toEqual(beta);
    expect(proofToHash('P256_SHA256_TAI', pi)).toEqual(beta);
    expect(verify('P256_SHA256_TAI', pk, pi.subarray(1), alpha)).toBeNull();
  });
});
