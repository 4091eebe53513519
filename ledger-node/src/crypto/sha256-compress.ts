/**
 * The SHA-256 compression function (FIPS 180-4 §6.2.2) on its own, which node:crypto does not
 * expose: a miner hashes the constant first 64 bytes of a header once (the midstate) and per nonce
 * only the last 16 bytes' block and the second SHA-256.
 *
 * Words are held as signed 32-bit integers (`| 0`), the form V8 keeps unboxed; a Uint32Array
 * stores them back modulo 2^32. Nothing here allocates after module load.
 */

export const SHA256_K = Int32Array.of(
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
);

/** The initial hash value H(0). */
export const SHA256_IV = Int32Array.of(
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
);

/** Any 32-bit word array: the functions read and write words modulo 2^32. */
export type WordArray = Int32Array | Uint32Array;

/** Extends w[0..15] to the full message schedule w[0..63] in place. */
export function sha256Schedule(w: WordArray, from = 16): void {
  for (let i = from; i < 64; i++) {
    const x = w[i - 2]! | 0;
    const y = w[i - 15]! | 0;
    const s1 = ((x >>> 17) | (x << 15)) ^ ((x >>> 19) | (x << 13)) ^ (x >>> 10);
    const s0 = ((y >>> 7) | (y << 25)) ^ ((y >>> 18) | (y << 14)) ^ (y >>> 3);
    w[i] = (s1 + (w[i - 7]! | 0) + s0 + (w[i - 16]! | 0)) | 0;
  }
}

/**
 * Rounds [from, to) of the compression on the working variables `v` (a..h), with no final
 * addition: a miner runs the rounds that do not depend on the nonce once per template.
 */
export function sha256Rounds(v: WordArray, w: WordArray, from: number, to: number): void {
  let a = v[0]! | 0;
  let b = v[1]! | 0;
  let c = v[2]! | 0;
  let d = v[3]! | 0;
  let e = v[4]! | 0;
  let f = v[5]! | 0;
  let g = v[6]! | 0;
  let h = v[7]! | 0;
  for (let i = from; i < to; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + SHA256_K[i]! + w[i]!) | 0;
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
  v[0] = a;
  v[1] = b;
  v[2] = c;
  v[3] = d;
  v[4] = e;
  v[5] = f;
  v[6] = g;
  v[7] = h;
}

const scratchV = new Int32Array(8);

/**
 * One compression: state ← state + rounds(state, block). `w` holds the block's 16 words in
 * w[0..15] and is used as the 64-word schedule (w[16..63] are overwritten).
 */
export function sha256Compress(state: WordArray, w: WordArray): void {
  sha256Schedule(w);
  scratchV.set(state);
  sha256Rounds(scratchV, w, 0, 64);
  for (let i = 0; i < 8; i++) state[i] = ((state[i]! | 0) + scratchV[i]!) | 0;
}

/** Loads 64 bytes from `offset` as 16 big-endian words into w[0..15]. */
export function loadBlockWords(bytes: Uint8Array, offset: number, w: WordArray): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    w[i] = (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
  }
}

/** The state after compressing the first 64 bytes of a message into the IV. */
export function sha256Midstate(first64: Uint8Array): Int32Array {
  if (first64.length < 64) throw new RangeError('the midstate needs 64 bytes');
  const state = Int32Array.from(SHA256_IV);
  const w = new Int32Array(64);
  loadBlockWords(first64, 0, w);
  sha256Compress(state, w);
  return state;
}

/** The state as 32 big-endian bytes (a digest, when the state is final). */
export function stateToBytes(state: WordArray): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const x = state[i]!;
    out[4 * i] = x >>> 24;
    out[4 * i + 1] = x >>> 16;
    out[4 * i + 2] = x >>> 8;
    out[4 * i + 3] = x;
  }
  return out;
}

/**
 * SHA-256 of a whole message through this compression function (padding included). Slow: it is
 * here to check the compression against node:crypto, not to hash with.
 */
export function sha256ByCompression(message: Uint8Array): Uint8Array {
  const bitLen = BigInt(message.length) * 8n;
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  new DataView(padded.buffer).setBigUint64(padded.length - 8, bitLen);
  const state = Int32Array.from(SHA256_IV);
  const w = new Int32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    loadBlockWords(padded, off, w);
    sha256Compress(state, w);
  }
  return stateToBytes(state);
}
