import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmModule } from '../../src/crypto/wasm-simd.js';
import { wasmSimdAvailable } from '../../src/crypto/wasm-simd.js';
import { createNonceScanner, selectMinerKernel } from '../../src/mining/miner/kernel.js';
import { NonceScanner } from '../../src/mining/miner/scan.js';
import {
  compileSha256d4Way,
  SHA256D_4WAY_WASM,
  Sha256d4WayScanner,
  SLOT,
} from '../../src/mining/miner/sha256d-4way.js';
import { hashWithNonce } from '../support/pow-reference.js';
import { randomTestBytes } from '../support/rng.js';
import { buildKernel } from './build-kernel.js';

/** Every nonce in [start, start+count) meeting the target, by node:crypto. */
function hits(header: Uint8Array, target: bigint, start: number, count: number): number[] {
  const out: number[] = [];
  for (let n = start; n < start + count; n++) if (hashWithNonce(header, n) <= target) out.push(n);
  return out;
}

const first = (xs: number[]) => xs[0] ?? -1;

let module: WasmModule;
let plain: WasmModule;
beforeAll(() => {
  buildKernel();
  module = compileSha256d4Way().module;
  plain = compileSha256d4Way(SHA256D_4WAY_WASM, false).module;
});

function scanner(header: Uint8Array, target: bigint): Sha256d4WayScanner {
  const s = new Sha256d4WayScanner(module);
  s.load(header, target);
  return s;
}

describe('Sha256d4WayScanner', () => {
  it('runs where the tests run: WebAssembly with SIMD', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  it.each([
    ['revectorized', () => module],
    ['without the revectorizer', () => plain],
  ])(
    'finds the same first nonce as node:crypto and NonceScanner (random headers, targets, ranges): %s',
    (_, kernel) => {
      // One scanner for every run: loading a header replaces all of the previous one's words.
      const wasm = new Sha256d4WayScanner(kernel());
      const js = new NonceScanner();
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 80, maxLength: 80 }),
          fc.integer({ min: 0, max: 0xffffffff - 200 }),
          fc.integer({ min: 0, max: 200 }),
          fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
          fc.integer({ min: 0, max: 12 }),
          (header, start, count, r, shift) => {
            // Targets from "every hash" down to about one hit in 4096.
            const target = r >> BigInt(shift);
            wasm.load(header, target);
            js.load(header, target);
            const expected = first(hits(header, target, start, count));
            expect(wasm.scan(start, count)).toBe(expected);
            expect(js.scan(start, count)).toBe(expected);
          },
        ),
        { numRuns: 80 },
      );
    },
  );

  it('finds every hit in order under easy targets, whatever lane each falls in', () => {
    for (const target of [(1n << 255n) - 1n, 1n << 253n, (3n << 254n) - 1n]) {
      // A fixed header per target: with a random one, 1 << 253 (1 hit in 8) sometimes gave fewer
      // than the 20 hits this test needs to reach every lane.
      const seed = createHash('sha256').update(`easy target ${target}`).digest();
      const header = Buffer.concat([seed, createHash('sha256').update(seed).digest(), seed.subarray(0, 16)]);
      const start = 1000;
      const end = start + 203;
      const s = scanner(header, target);
      const found: number[] = [];
      let n = start;
      for (let f = s.scan(n, end - n); f >= 0; f = s.scan(n, end - n)) {
        found.push(f);
        n = f + 1;
      }
      const expected = hits(header, target, start, end - start);
      expect(expected.length).toBeGreaterThan(20);
      expect(new Set(expected.map((x) => (x - start) % 4)).size).toBe(4);
      expect(found).toEqual(expected);
    }
  });

  it('returns the first hit for every start alignment and range length', () => {
    const header = randomTestBytes(80, 'header');
    const base = 0x7ffffff8; // groups straddle 2^31, where the kernel's i32 start turns negative
    const hashes = Array.from({ length: 24 }, (_, i) => hashWithNonce(header, base + i));
    // One target per nonce: hits are the nonces hashing at or below it, the nonce itself a tie.
    for (let j = 0; j < 24; j += 5) {
      const target = hashes[j]!;
      const s = scanner(header, target);
      for (let from = 0; from < 8; from++) {
        for (let count = 0; count <= 24 - from; count++) {
          const expected = hashes.slice(from, from + count).findIndex((h) => h <= target);
          expect(s.scan(base + from, count)).toBe(expected < 0 ? -1 : base + from + expected);
        }
      }
    }
  });

  it('settles a tie in the top word by the lower words and scans on past a rejected group', () => {
    // b1: the least hash of [s, s + 1024); a later nonce of [s, s + 4096) hashing lower exists for
    // three headers in four. Against "b1's hash less one" the kernel flags b1's group (same top
    // word), the exact comparison rejects it, and the scan must go on to that later nonce.
    const s = 3000;
    for (let attempt = 0; ; attempt++) {
      expect(attempt).toBeLessThan(30);
      const header = randomTestBytes(80, 'header');
      const hashes = Array.from({ length: 4096 }, (_, i) => hashWithNonce(header, s + i));
      const b1 = hashes.slice(0, 1024).reduce((m, h, i) => (h < hashes[m]! ? i : m), 0);
      const target = hashes[b1]! - 1n;
      const later = hashes.findIndex((h) => h <= target);
      if (later < 0) continue;
      expect(later).toBeGreaterThanOrEqual(1024);
      expect(target >> 224n).toBe(hashes[b1]! >> 224n);
      const scan = scanner(header, target);
      expect(scan.scan(s, 1024)).toBe(-1);
      expect(scan.scan(s, 4096)).toBe(s + later);
      expect(scanner(header, hashes[b1]!).scan(s, 4096)).toBe(s + b1);
      return;
    }
  });

  it('reaches the end of the nonce space, 2^32 - 1, in ranges of any length', () => {
    const header = randomTestBytes(80, 'header');
    const last = 0xffffffff;
    expect(scanner(header, hashWithNonce(header, last)).scan(last, 1)).toBe(last);
    for (const count of [4, 7, 8, 13]) {
      const start = 2 ** 32 - count;
      const target = hashWithNonce(header, last);
      expect(scanner(header, target).scan(start, count)).toBe(first(hits(header, target, start, count)));
    }
    // Only the last nonce qualifies: the scan covers every lane of the final group.
    const hashes = Array.from({ length: 8 }, (_, i) => hashWithNonce(header, last - 7 + i));
    const min = hashes.reduce((a, b) => (a < b ? a : b));
    const at = hashes.indexOf(min);
    expect(scanner(header, min).scan(last - 7, 8)).toBe(last - 7 + at);
  });

  it('finds nothing against an impossible target and the first nonce against the largest', () => {
    const header = randomTestBytes(80, 'header');
    expect(scanner(header, 0n).scan(0, 4000)).toBe(-1);
    expect(scanner(header, (1n << 256n) - 1n).scan(77, 10)).toBe(77);
  });

  it('ignores the nonce field of the template and takes the target as words', () => {
    const header = randomTestBytes(80, 'header');
    const target = 1n << 250n;
    const other = Uint8Array.from(header);
    other.fill(0xab, 76, 80);
    const words = Uint32Array.from({ length: 8 }, (_, k) =>
      Number((target >> BigInt(224 - 32 * k)) & 0xffffffffn),
    );
    const expected = first(hits(header, target, 0, 400));
    expect(scanner(header, target).scan(0, 400)).toBe(expected);
    const s = new Sha256d4WayScanner(module);
    s.load(other, words);
    expect(s.scan(0, 400)).toBe(expected);
  });

  it('keeps its memory layout in step with the table in sha256d-4way.wat', () => {
    // The text the build generated and compiled into the module the other tests run.
    const wat = readFileSync(new URL('sha256d-4way.wat', SHA256D_4WAY_WASM), 'utf8');
    const indexed: Record<string, [number, number]> = {
      k: [SLOT.k, 0],
      mid: [SLOT.mid, 0],
      iv: [SLOT.iv, 0],
      kw: [SLOT.kw4, 4],
      kv: [SLOT.kv8, 8],
      nonce: [SLOT.nonce, 0],
      top: [SLOT.top, 0],
    };
    const wordOf = (name: string): number | undefined => {
      const m = /^(k|mid|iv|kw|kv|nonce|top)(\d+)$/.exec(name);
      if (m) return indexed[m[1]!]![0] + Number(m[2]) - indexed[m[1]!]![1];
      return (SLOT as Record<string, number>)[name];
    };
    // The table: "offset name kind description"; ranges such as k0..k63 by their first word.
    const rows = [...wat.matchAll(/^\s*;;\s+(\d+)\s+(\w+)(?:\.\.\w+)?\s+(?:const|template|scratch)\s/gm)];
    expect(rows.length).toBe(124 - 64 - 8 - 8 + 3 + 2);
    for (const [, offset, name] of rows)
      expect({ name, offset: 4 * wordOf(name!)! }).toEqual({ name, offset: Number(offset) });
    // Every load in the kernel names its word.
    const loads = [...wat.matchAll(/offset=(\d+) \(i32\.const 0\)\) \(; (\w+) ;\)/g)];
    expect(loads.length).toBe(wat.match(/v128\.load32_splat/g)!.length);
    for (const [, offset, name] of loads)
      expect({ name, offset: 4 * wordOf(name!)! }).toEqual({ name, offset: Number(offset) });
    // The kernel's own 16-byte words: its two groups' nonces and top words.
    const scratch = [SLOT.nonce, SLOT.nonce + 4, SLOT.top, SLOT.top + 4].map((word) => 4 * word);
    const wide = [...wat.matchAll(/v128\.(?:load|store) offset=(\d+)/g)].map((m) => Number(m[1]));
    expect(wide.length).toBeGreaterThan(0);
    for (const offset of wide) expect(scratch).toContain(offset);
  });
});

describe('selectMinerKernel', () => {
  it('picks the WebAssembly kernel when it is built, and JavaScript on request', () => {
    const auto = selectMinerKernel('auto');
    expect(auto.name).toBe('wasm-simd');
    expect(auto.module).toBeDefined();
    expect(createNonceScanner(auto.module)).toBeInstanceOf(Sha256d4WayScanner);
    expect(selectMinerKernel('js')).toEqual({ name: 'js' });
    expect(createNonceScanner(undefined)).toBeInstanceOf(NonceScanner);
  });

  it('falls back to JavaScript, saying why, when the kernel cannot be loaded', () => {
    const missing = new URL('./no-such-kernel.wasm', import.meta.url);
    const k = selectMinerKernel('auto', missing);
    expect(k.name).toBe('js');
    expect(k.module).toBeUndefined();
    expect(k.fallback).toContain('no-such-kernel.wasm');
    expect(() => selectMinerKernel('wasm-simd', missing)).toThrow(/unavailable/);
  });
});
