// The built-in CPU miner's hashrate on one core, next to the SHA-NI bound measured in the same run:
// OpenSSL's (node:crypto's) SHA-256 throughput on large buffers, in 64-byte compressions per second,
// divided by the two compressions a nonce costs with midstate reuse. The ratio is what the miner
// reaches of the hardware's SHA-256 speed: `miner-hashrate-1core` on its WebAssembly SIMD kernel,
// `miner-hashrate-1core-js` on the JavaScript scanner it falls back to. Rounds alternate so that
// load hits all three alike, and each figure is its best round.
import { createHash } from 'node:crypto';
import type { Figure } from '../../tools/bench-report.mjs';
import { CpuMiner } from '../dist/mining/miner/cpu-miner.js';
import type { MinerKernelName } from '../dist/mining/miner/kernel.js';

const ROUNDS = 5;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Never met: the miner scans without finding. */
const UNREACHABLE_BITS = 0x1900ffff;

function template() {
  const coinbase = (extraNonce: number) => ({
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: Uint8Array.of(
          4,
          extraNonce & 0xff,
          (extraNonce >> 8) & 0xff,
          (extraNonce >> 16) & 0xff,
          extraNonce >>> 24,
        ),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: 150_000_000n, scriptPubKey: Uint8Array.of(0x51) }],
    locktime: 0,
  });
  return {
    version: 0x20000000,
    prevBlock: new Uint8Array(32),
    time: 1_800_000_000,
    bits: UNREACHABLE_BITS,
    txs: [],
    coinbase,
  };
}

/** Hashes per second of a one-worker CpuMiner over `seconds`, after a warm-up. */
async function minerRound(kernel: MinerKernelName, seconds: number): Promise<{ hashes: number; ms: number }> {
  // 'wasm-simd' throws when the kernel is not built: the figure never silently measures JavaScript.
  const miner = new CpuMiner({ threads: 1, refreshMs: 0, kernel });
  await miner.start(() => template());
  await sleep(500);
  const h0 = miner.hashesDone();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const hashes = miner.hashesDone() - h0;
  const ms = performance.now() - t0;
  await miner.stop();
  return { hashes, ms };
}

/** 64-byte compressions per second of node:crypto's SHA-256 (OpenSSL, SHA-NI where the CPU has it). */
function shaRound(seconds: number): { compressions: number; ms: number } {
  const buf = Buffer.alloc(16 << 20, 0x5a);
  createHash('sha256').update(buf).digest(); // warm-up
  const t0 = performance.now();
  let bytes = 0;
  while (performance.now() - t0 < seconds * 1000) {
    createHash('sha256').update(buf).digest();
    bytes += buf.length;
  }
  return { compressions: bytes / 64, ms: performance.now() - t0 };
}

export async function benchMiner(): Promise<Figure[]> {
  const kernels: MinerKernelName[] = ['wasm-simd', 'js'];
  // Each figure is its best round: the figures are throughputs, and on a shared machine the slow
  // rounds measure the neighbours, not the code (as the IBD figures).
  const best = new Map(kernels.map((k) => [k, 0]));
  let compressionsPerSecond = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of kernels) {
      const m = await minerRound(k, SECONDS / ROUNDS);
      best.set(k, Math.max(best.get(k)!, (m.hashes * 1000) / m.ms));
    }
    const s = shaRound(SECONDS / ROUNDS);
    compressionsPerSecond = Math.max(compressionsPerSecond, (s.compressions * 1000) / s.ms);
  }
  const rate = (k: MinerKernelName) => best.get(k)!;
  const bound = compressionsPerSecond / 2;
  return [
    {
      name: 'miner-hashrate-1core',
      value: rate('wasm-simd'),
      unit: 'hash/s',
      baseline: 'sha-ni-bound-1core',
      baselineValue: bound,
    },
    {
      name: 'miner-hashrate-1core-js',
      value: rate('js'),
      unit: 'hash/s',
      baseline: 'sha-ni-bound-1core',
      baselineValue: bound,
    },
    { name: 'sha-ni-bound-1core', value: bound, unit: 'hash/s' },
  ];
}
