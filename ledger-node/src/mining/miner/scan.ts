import {
  loadBlockWords,
  SHA256_IV,
  SHA256_K,
  sha256Midstate,
  sha256Rounds,
  sha256Schedule,
} from '../../crypto/sha256-compress.js';

/** Byte swap of a 32-bit word: the header's little-endian fields as SHA-256's big-endian words. */
function bswap32(x: number): number {
  return ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/**
 * The target as eight 32-bit words, most significant first: the order a hash, read as a
 * little-endian 256-bit number, is compared in.
 */
export function targetWords(target: bigint): Uint32Array {
  if (target < 0n || target >= 1n << 256n) throw new RangeError('target must be a 256-bit unsigned integer');
  const out = new Uint32Array(8);
  for (let k = 0; k < 8; k++) out[k] = Number((target >> BigInt(224 - 32 * k)) & 0xffffffffn);
  return out;
}

/** A nonce scanner: NonceScanner here, Sha256d4WayScanner on the WebAssembly kernel. */
export interface NonceScan {
  /** Sets the header (bytes 0..75 used; the nonce field is ignored) and the target. */
  load(header: Uint8Array, target: bigint | Uint32Array): void;
  /**
   * Tries nonces start, start+1, ..., start+count-1 (all below 2^32) and returns the first whose
   * block hash is at or below the target, or -1.
   */
  scan(start: number, count: number): number;
}

/**
 * Scans nonces of one 80-byte header template for a block hash at or below a target.
 *
 * Per template: the midstate of bytes 0..63, the first three rounds of the second block (its
 * words 0..2 — the Merkle root's tail, time and bits — do not depend on the nonce, word 3 is the
 * nonce), the schedule words 16 and 17 that do not involve the nonce, and the padding words of
 * the second hash. Per nonce: 61 rounds and 46 schedule words for the first hash, 61 rounds and
 * 45 schedule words for the second (its last three rounds only decide ties in the top word). The
 * loop allocates nothing.
 */
export class NonceScanner implements NonceScan {
  private readonly mid = new Int32Array(8);
  /** Working variables after rounds 0..2 of the header's second block. */
  private readonly pre = new Int32Array(8);
  private readonly w1 = new Int32Array(64);
  private readonly w2 = new Int32Array(64);
  private readonly hash = new Int32Array(8);
  private readonly target = new Uint32Array(8);
  private readonly block = new Uint8Array(64);

  /** Sets the header (bytes 0..75 used; the nonce field is ignored) and the target. */
  load(header: Uint8Array, target: bigint | Uint32Array): void {
    if (header.length < 76) throw new RangeError('a header template is at least 76 bytes');
    this.mid.set(sha256Midstate(header.subarray(0, 64)));
    this.block.fill(0);
    this.block.set(header.subarray(64, 76));
    loadBlockWords(this.block, 0, this.w1);
    // Padding of an 80-byte message: 0x80 after the nonce, bit length 640 at the end.
    this.w1[4] = 0x80000000 | 0;
    this.w1[15] = 640;
    this.w1[3] = 0;
    sha256Schedule(this.w1, 16);
    // w[16] and w[17] read words 0, 1, 2, 9, 10, 14 and 15 only: not the nonce (word 3).
    this.pre.set(this.mid);
    sha256Rounds(this.pre, this.w1, 0, 3);
    this.w2.fill(0);
    this.w2[8] = 0x80000000 | 0;
    this.w2[15] = 256;
    this.target.set(typeof target === 'bigint' ? targetWords(target) : target);
  }

  /**
   * What load() precomputed, for the SIMD kernel to start from the same values: the midstate,
   * the working variables after rounds 0..2 of the second block, and its schedule, whose words
   * 0..2 and 16..17 do not depend on the nonce (scan() rewrites word 3 and words 18..63).
   */
  get template(): { readonly mid: Int32Array; readonly afterRound2: Int32Array; readonly w: Int32Array } {
    return { mid: this.mid, afterRound2: this.pre, w: this.w1 };
  }

  /**
   * Tries nonces start, start+1, ..., start+count-1 (all below 2^32) and returns the first whose
   * block hash is at or below the target, or -1.
   */
  scan(start: number, count: number): number {
    const w1 = this.w1;
    const w2 = this.w2;
    const pre = this.pre;
    const mid = this.mid;
    const K = SHA256_K;
    const t0 = this.target[0]!;
    const end = start + count;
    for (let nonce = start; nonce < end; nonce++) {
      w1[3] = bswap32(nonce);
      for (let i = 18; i < 64; i++) {
        const x = w1[i - 2]!;
        const y = w1[i - 15]!;
        const s1 = ((x >>> 17) | (x << 15)) ^ ((x >>> 19) | (x << 13)) ^ (x >>> 10);
        const s0 = ((y >>> 7) | (y << 25)) ^ ((y >>> 18) | (y << 14)) ^ (y >>> 3);
        w1[i] = (s1 + w1[i - 7]! + s0 + w1[i - 16]!) | 0;
      }
      let a = pre[0]!;
      let b = pre[1]!;
      let c = pre[2]!;
      let d = pre[3]!;
      let e = pre[4]!;
      let f = pre[5]!;
      let g = pre[6]!;
      let h = pre[7]!;
      for (let i = 3; i < 64; i++) {
        const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w1[i]!) | 0;
        const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      w2[0] = (mid[0]! + a) | 0;
      w2[1] = (mid[1]! + b) | 0;
      w2[2] = (mid[2]! + c) | 0;
      w2[3] = (mid[3]! + d) | 0;
      w2[4] = (mid[4]! + e) | 0;
      w2[5] = (mid[5]! + f) | 0;
      w2[6] = (mid[6]! + g) | 0;
      w2[7] = (mid[7]! + h) | 0;
      for (let i = 16; i < 61; i++) {
        const x = w2[i - 2]!;
        const y = w2[i - 15]!;
        const s1 = ((x >>> 17) | (x << 15)) ^ ((x >>> 19) | (x << 13)) ^ (x >>> 10);
        const s0 = ((y >>> 7) | (y << 25)) ^ ((y >>> 18) | (y << 14)) ^ (y >>> 3);
        w2[i] = (s1 + w2[i - 7]! + s0 + w2[i - 16]!) | 0;
      }
      a = SHA256_IV[0]!;
      b = SHA256_IV[1]!;
      c = SHA256_IV[2]!;
      d = SHA256_IV[3]!;
      e = SHA256_IV[4]!;
      f = SHA256_IV[5]!;
      g = SHA256_IV[6]!;
      h = SHA256_IV[7]!;
      for (let i = 0; i < 61; i++) {
        const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w2[i]!) | 0;
        const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      // The last three rounds only shift e into h: after round 60, e is the final h, which gives
      // the hash's most significant word (as a little-endian number, its last word byte-swapped).
      // Rounds 61..63 are run only when that word ties with the target's.
      const top = bswap32((SHA256_IV[7]! + e) | 0);
      if (top > t0) continue;
      if (top < t0 || this.tieBelow(a, b, c, d, e, f, g, h)) return nonce;
    }
    return -1;
  }

  /** Rounds 61..63 of the second hash from the working variables, then words 1..7 of the comparison. */
  private tieBelow(
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
    g: number,
    h: number,
  ): boolean {
    const w2 = this.w2;
    sha256Schedule(w2, 61);
    const v = this.hash;
    v[0] = a;
    v[1] = b;
    v[2] = c;
    v[3] = d;
    v[4] = e;
    v[5] = f;
    v[6] = g;
    v[7] = h;
    sha256Rounds(v, w2, 61, 64);
    for (let i = 0; i < 8; i++) v[i] = (SHA256_IV[i]! + v[i]!) | 0;
    for (let k = 1; k < 8; k++) {
      const hw = bswap32(v[7 - k]!);
      const tw = this.target[k]!;
      if (hw < tw) return true;
      if (hw > tw) return false;
    }
    return true;
  }
}
