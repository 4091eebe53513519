import fc from 'fast-check';
import { onTestFailed } from 'vitest';
import { toHex } from '../../src/wire/bytes.js';

/** mulberry32: a small seeded PRNG, for reproducible random choices in tests. Values in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The run's seed: fast-check's global one (tools/fast-check-setup.ts prints it; FC_SEED sets it), so
 * the random inputs of non-property tests replay with the same variable as the properties'.
 */
export function testSeed(): number {
  return fc.readConfigureGlobal().seed ?? 0;
}

const streams = new Map<string, () => number>();

function labelHash(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * `n` random bytes from a stream seeded by the run's seed and `label` (one stream per label and
 * test file). Called inside a test, a failure of that test prints the bytes, so the failing input
 * (a header, a message) can be replayed as a fixed one.
 */
export function randomTestBytes(n: number, label: string): Uint8Array {
  let random = streams.get(label);
  if (random === undefined) {
    random = rng(testSeed() ^ labelHash(label));
    streams.set(label, random);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  try {
    onTestFailed(() => {
      console.error(`random ${label} of the failed test: ${toHex(out)} (seed ${testSeed()})`);
    });
  } catch {
    // outside a running test (a describe body): nothing to attach the report to
  }
  return out;
}
