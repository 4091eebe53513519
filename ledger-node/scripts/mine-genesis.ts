/**
 * One-off: mines the genesis blocks of params.ts (finds the nonces hard-coded there). Run after a
 * build, from ledger-node/: `npx node scripts/mine-genesis.ts [main|test|regtest ...]`.
 *
 * Each worker scans a slice of the nonce space with the CPU miner's midstate scanner. When the
 * whole 2^32 nonce space fails, the time is bumped by one second and the scan restarts.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { NonceScanner } from '../dist/mining/miner/scan.js';

interface Job {
  /** The 80-byte header; its nonce field is ignored. */
  header: Uint8Array;
  /** Nonces first..last inclusive. */
  first: number;
  last: number;
  target: bigint;
}

/** The lowest nonce of the job whose hash, read little-endian, is at most the target. */
function scan(job: Job): number | null {
  const scanner = new NonceScanner();
  scanner.load(job.header, job.target);
  const nonce = scanner.scan(job.first, job.last - job.first + 1);
  return nonce < 0 ? null : nonce;
}

/** Nonces scanned per worker per round: small enough to stop soon after a hit. */
const CHUNK = 1 << 22;

if (!isMainThread) {
  parentPort!.on('message', (job: Job) => parentPort!.postMessage(scan(job)));
} else {
  const { buildGenesisBlock, GENESIS_SPECS } = await import('../dist/params/genesis.js');
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
