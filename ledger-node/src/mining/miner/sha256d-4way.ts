import { readFileSync } from 'node:fs';
import {
  loadBlockWords,
  SHA256_IV,
  SHA256_K,
  sha256Midstate,
  sha256Rounds,
  sha256Schedule,
} from '../../crypto/sha256-compress.js';
import type { NonceScan } from './scan.js';
import { NonceScanner, targetWords } from './scan.js';

// The WebAssembly API as this module uses it: the project's TypeScript libraries (ES2023 and
// @types/node) do not declare the WebAssembly global.
/** A compiled sha256d-4way.wasm: compiled once, instantiated per worker thread. */
export interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** Where the build puts the kernel: dist/ of the package, from both src/ and dist/ modules. */
export const SHA256D_4WAY_WASM = new URL('../../../dist/mining/miner/sha256d-4way.wasm', import.meta.url);

/** `(module (func (result v128) (v128.const i32x4 0 0 0 0)))`: valid only where SIMD is. */
const SIMD_PROBE = Uint8Array.of(
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b],
);

/** Whether this runtime runs WebAssembly with 128-bit SIMD. */
export function wasmSimdSupported(): boolean {
  return wasm?.validate(SIMD_PROBE) === true;
}

/** Compiles the kernel from `path` (default: the built one). Throws when it is missing or invalid. */
export function compileSha256d4Way(path: URL = SHA256D_4WAY_WASM): WasmModule {
  if (!wasm) throw new Error('no WebAssembly in this runtime');
  return new wasm.Module(readFileSync(path));
}

/**
 * Word offsets of the kernel's memory (the table at the top of sha256d-4way.wat, which a test
 * compares with this one).
 */
export const SLOT = {
  k: 0,
  mid: 64,
  iv: 72,
  a3_base: 80,
  e3_base: 81,
  a2: 82,
  a1: 83,
  a0: 84,
  e2: 85,
  e1: 86,
  e0: 87,
  w16: 88,
  w17: 89,
  c18: 90,
  c19: 91,
  c31: 92,
  c32: 93,
  target0: 94,
  /** kw4..kw15 */
  kw4: 95,
  c30: 107,
  pad80: 108,
  len640: 109,
  len256: 110,
  A0_base: 111,
  E0_base: 112,
  /** kv8..kv15 */
  kv8: 113,
  s1_len256: 121,
  s0_pad80: 122,
  s0_len256: 123,
} as const;
const SLOTS = 124;

const PAD = 0x80000000 | 0;

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}
function sigma0(x: number): number {
  return rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
}
function sigma1(x: number): number {
  return rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10);
}

/** Round `i`'s t1 (without its message word) and t2 on working variables v, as in sha256Rounds. */
function roundParts(v: Int32Array, i: number): { t1: number; t2: number } {
  const a = v[0]!;
  const b = v[1]!;
  const c = v[2]!;
  const e = v[4]!;
  const f = v[5]!;
  const g = v[6]!;
  const h = v[7]!;
  const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
  const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
  return {
    t1: (h + s1 + ((e & f) ^ (~e & g)) + SHA256_K[i]!) | 0,
    t2: (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0,
  };
}

/** Largest group count one kernel call takes: an i32. */
const MAX_GROUPS = 2 ** 30;

/**
 * NonceScanner's contract on the WebAssembly kernel: four nonces per SIMD group. The kernel
 * flags the first group with a lane whose top hash word is at or below the target's; that group's
 * lanes are then settled in order by the JavaScript scanner, which decides ties exactly, and so
 * are the last count mod 4 nonces of a range.
 */
export class Sha256d4WayScanner implements NonceScan {
  private readonly words: Int32Array;
  private readonly kernel: (start: number, groups: number) => number;
  private readonly exact = new NonceScanner();
  private readonly w = new Int32Array(64);
  private readonly v = new Int32Array(8);
  private readonly block = new Uint8Array(64);

  constructor(module: WasmModule) {
    if (!wasm) throw new Error('no WebAssembly in this runtime');
    const { exports } = new wasm.Instance(module, {});
    const memory = exports.memory as { buffer: ArrayBuffer };
    this.kernel = exports.scan as (start: number, groups: number) => number;
    this.words = new Int32Array(memory.buffer, 0, SLOTS);
    this.writeConstants();
  }

  private writeConstants(): void {
    const m = this.words;
    m.set(SHA256_K, SLOT.k);
    m.set(SHA256_IV, SLOT.iv);
    for (let i = 4; i < 16; i++)
      m[SLOT.kw4 + i - 4] = (SHA256_K[i]! + (i === 4 ? PAD : i === 15 ? 640 : 0)) | 0;
    m[SLOT.c30] = sigma0(640);
    m[SLOT.pad80] = PAD;
    m[SLOT.len640] = 640;
    m[SLOT.len256] = 256;
    this.v.set(SHA256_IV);
    const { t1, t2 } = roundParts(this.v, 0);
    m[SLOT.A0_base] = (t1 + t2) | 0;
    m[SLOT.E0_base] = (SHA256_IV[3]! + t1) | 0;
    for (let i = 8; i < 16; i++)
      m[SLOT.kv8 + i - 8] = (SHA256_K[i]! + (i === 8 ? PAD : i === 15 ? 256 : 0)) | 0;
    m[SLOT.s1_len256] = sigma1(256);
    m[SLOT.s0_pad80] = sigma0(PAD);
    m[SLOT.s0_len256] = sigma0(256);
  }

  /** Sets the header (bytes 0..75 used; the nonce field is ignored) and the target. */
  load(header: Uint8Array, target: bigint | Uint32Array): void {
    const targetW = typeof target === 'bigint' ? targetWords(target) : target;
    this.exact.load(header, targetW);
    const m = this.words;
    m.set(sha256Midstate(header.subarray(0, 64)), SLOT.mid);
    const w = this.w;
    this.block.fill(0);
    this.block.set(header.subarray(64, 76));
    loadBlockWords(this.block, 0, w);
    w[4] = PAD;
    w[15] = 640;
    sha256Schedule(w, 16); // with w3 = 0: only w16 and w17 are used, and they do not read w3
    const v = this.v;
    v.set(m.subarray(SLOT.mid, SLOT.mid + 8));
    sha256Rounds(v, w, 0, 3);
    const { t1, t2 } = roundParts(v, 3);
    m[SLOT.a3_base] = (t1 + t2) | 0;
    m[SLOT.e3_base] = (v[3]! + t1) | 0;
    m[SLOT.a2] = v[0]!;
    m[SLOT.a1] = v[1]!;
    m[SLOT.a0] = v[2]!;
    m[SLOT.e2] = v[4]!;
    m[SLOT.e1] = v[5]!;
    m[SLOT.e0] = v[6]!;
    m[SLOT.w16] = w[16]!;
    m[SLOT.w17] = w[17]!;
    m[SLOT.c18] = (sigma1(w[16]!) + w[2]!) | 0;
    m[SLOT.c19] = (sigma1(w[17]!) + sigma0(PAD)) | 0;
    m[SLOT.c31] = (sigma0(w[16]!) + 640) | 0;
    m[SLOT.c32] = (sigma0(w[17]!) + w[16]!) | 0;
    m[SLOT.target0] = targetW[0]! | 0;
  }

  /**
   * Tries nonces start, start+1, ..., start+count-1 (all below 2^32) and returns the first whose
   * block hash is at or below the target, or -1.
   */
  scan(start: number, count: number): number {
    const end = start + count;
    let n = start;
    while (end - n >= 4) {
      const groups = Math.min(Math.floor((end - n) / 4), MAX_GROUPS);
      const k = this.kernel(n | 0, groups);
      if (k < 0) {
        n += 4 * groups;
        continue;
      }
      const found = this.exact.scan(n + 4 * k, 4);
      if (found >= 0) return found;
      n += 4 * (k + 1);
    }
    return n < end ? this.exact.scan(n, end - n) : -1;
  }
}
