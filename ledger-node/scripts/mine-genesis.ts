/**
 * One-off: mines the genesis blocks of params.ts (finds the nonces hard-coded there). Run after a
 * build, from ledger-node/: `npx node scripts/mine-genesis.ts [main|test|regtest ...]`.
 *
 * Each worker scans a slice of the nonce space with a SHA-256d whose first 64 header bytes are
 * hashed once (the "midstate"), so an attempt costs two compression rounds instead of four. When
 * the whole 2^32 nonce space fails, the time is bumped by one second and the scan restarts.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = Uint32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Uint32Array(64);

/** One SHA-256 compression of the 16 words already in W[0..15], from `state` into `out`. */
function compress(state: Uint32Array, out: Uint32Array): void {
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!;
    const b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = state[0]! + a;
  out[1] = state[1]! + b;
  out[2] = state[2]! + c;
  out[3] = state[3]! + d;
  out[4] = state[4]! + e;
  out[5] = state[5]! + f;
  out[6] = state[6]! + g;
  out[7] = state[7]! + h;
}

const bswap = (x: number): number =>
  ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff);

interface Job {
  /** The 80-byte header; its nonce field is ignored. */
  header: Uint8Array;
  /** Nonces first..last inclusive. */
  first: number;
  last: number;
  /** The hash's top 32 bits (its last four bytes) must be zero at every target this script mines. */
  target: bigint;
}

/** Scans nonces; returns the first whose hash, read little-endian, is at most the target. */
function scan(job: Job): number | null {
  const dv = new DataView(job.header.buffer, job.header.byteOffset, 80);
  for (let i = 0; i < 16; i++) W[i] = dv.getUint32(i * 4);
  const mid = new Uint32Array(8);
  compress(IV, mid);
  const tail = [dv.getUint32(64), dv.getUint32(68), dv.getUint32(72)];
  const first = new Uint32Array(8);
  const second = new Uint32Array(8);
  // Any target below 2^224 needs the last 32 bits of the little-endian hash (state word 7) zero.
  const needWord7Zero = job.target < 1n << 224n;
  for (let nonce = job.first; nonce <= job.last; nonce++) {
    W[0] = tail[0]!;
    W[1] = tail[1]!;
    W[2] = tail[2]!;
    W[3] = bswap(nonce);
    W[4] = 0x80000000;
    for (let i = 5; i < 15; i++) W[i] = 0;
    W[15] = 640;
    compress(mid, first);
    for (let i = 0; i < 8; i++) W[i] = first[i]!;
    W[8] = 0x80000000;
    for (let i = 9; i < 15; i++) W[i] = 0;
    W[15] = 256;
    compress(IV, second);
    if (needWord7Zero && second[7] !== 0) continue;
    let n = 0n;
    for (let i = 7; i >= 0; i--) n = (n << 32n) | BigInt(bswap(second[i]!) >>> 0);
    if (n <= job.target) return nonce;
  }
  return null;
}

/** Nonces scanned per worker per round: small enough to stop soon after a hit. */
const CHUNK = 1 << 22;

if (!isMainThread) {
  parentPort!.on('message', (job: Job) => parentPort!.postMessage(scan(job)));
} else {
  const { buildGenesisBlock, GENESIS_SPECS } = await import('../dist/consensus/genesis.js');
  const { decodeCompact, checkProofOfWork } = await import('../dist/consensus/pow.js');
  const { blockHash, encodeHeader } = await import('../dist/wire/header.js');
  const { hashToHex } = await import('../dist/wire/bytes.js');
  const names = process.argv.slice(2);
  const workers = Array.from({ length: availableParallelism() }, () => new Worker(new URL(import.meta.url)));
  const run = (w: Worker, job: Job) =>
    new Promise<number | null>((resolve, reject) => {
      const onMessage = (n: number | null) => {
        w.off('error', reject);
        resolve(n);
      };
      w.once('message', onMessage).once('error', reject);
      w.postMessage(job);
    });
  for (const name of names.length ? names : Object.keys(GENESIS_SPECS)) {
    const spec = GENESIS_SPECS[name as keyof typeof GENESIS_SPECS];
    if (!spec) throw new Error(`unknown network ${name}`);
    const target = decodeCompact(spec.bits).target;
    const started = Date.now();
    let found: { time: number; nonce: number } | undefined;
    for (let time = spec.time; !found; time++) {
      const header = encodeHeader(buildGenesisBlock({ ...spec, time, nonce: 0 }).header);
      for (let base = 0; base < 2 ** 32 && !found; base += CHUNK * workers.length) {
        const results = await Promise.all(
          workers.map((w, k) => {
            const first = base + k * CHUNK;
            return run(w, { header, first, last: Math.min(2 ** 32 - 1, first + CHUNK - 1), target });
          }),
        );
        // The lowest nonce that works, so a rerun finds the same one.
        const nonce = results.find((n) => n !== null);
        if (nonce !== undefined && nonce !== null) found = { time, nonce };
      }
      if (!found) console.log(`${name}: no nonce at time ${time}, next second`);
    }
    const block = buildGenesisBlock({ ...spec, ...found });
    const hash = blockHash(block.header);
    if (!checkProofOfWork(hash, spec.bits, target)) throw new Error('miner bug: hash misses the target');
    console.log(
      `${name}: time ${found.time} bits 0x${spec.bits.toString(16)} nonce ${found.nonce} hash ${hashToHex(hash)}` +
        ` merkle ${hashToHex(block.header.merkleRoot)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  for (const w of workers) await w.terminate();
}
