// Batched SHA-256d (crypto/sha256-multi: the multi-buffer WebAssembly SIMD kernel) against node:crypto
// one call at a time, in the same run: a 2,000-leaf Merkle root, the txids and wtxids of 2,000 P2WPKH
// spends from their raw bytes, and SHA-256d of 64-byte messages. Each figure is the median of rounds
// that alternate kernel and baseline, timed in CPU time of this thread (process.cpuUsage), so that
// other processes on the machine weigh less on the ratio.
import type { Figure } from '../../tools/bench-report.mjs';
import { sha256d } from '../dist/crypto/hash.js';
import { createNodeSha256dHasher, sha256dHasher } from '../dist/crypto/sha256-multi.js';
import { computeMerkleRoot } from '../dist/wire/merkle.js';
import { encodeTx, txIdsFromConcatBytes, txid } from '../dist/wire/tx.js';
import { signedP2wpkhSpends } from './fixtures/p2wpkh-spends.ts';

const TXS = 2_000;
const ROUNDS = 7;

/** Runs of `work` per CPU second, over at least `ms` of CPU time. */
function rate(work: () => void, ms: number): number {
  work();
  let runs = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < ms * 1000) {
    for (let i = 0; i < 4; i++) work();
    runs += 4;
    const u = process.cpuUsage(start);
    used = u.user + u.system;
  }
  return runs / (used / 1e6);
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

/** The kernel's and the baseline's rates, `ROUNDS` rounds alternating. */
function compare(kernel: () => void, baseline: () => void, ms = 150): [number, number] {
  const k: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    k.push(rate(kernel, ms));
    b.push(rate(baseline, ms));
  }
  return [median(k), median(b)];
}

export function benchHash(): Figure[] {
  const hasher = sha256dHasher();
  if (hasher.name !== 'wasm-simd') console.warn(`hash bench: the kernel is not in use (${hasher.fallback})`);
  const node = createNodeSha256dHasher();
  let sink = 0;

  const leaves = Array.from({ length: TXS }, (_, i) => sha256d(Uint8Array.of(i & 0xff, i >> 8)));
  const concat = (hashes: readonly Uint8Array[]) => {
    const out = new Uint8Array(32 * hashes.length);
    for (let i = 0; i < hashes.length; i++) out.set(hashes[i]!, 32 * i);
    return out;
  };
  const [merkle, merkleNode] = compare(
    () => {
      sink ^= computeMerkleRoot(leaves).root[0]!;
    },
    () => {
      sink ^= node.merkleRoot(concat(leaves)).root[0]!;
    },
  );

  const { txs } = signedP2wpkhSpends(TXS, 100, 'hash bench');
  const raws = txs.map((tx) => encodeTx(tx));
  // The transactions end to end, as a block holds them after its header and count.
  const all = new Uint8Array(raws.reduce((n, r) => n + r.length, 0));
  for (let i = 0, at = 0; i < TXS; at += raws[i++]!.length) all.set(raws[i]!, at);
  const [ids, idsNode] = compare(
    () => {
      sink ^= txIdsFromConcatBytes(all, 0, txs).wtxids[TXS - 1]![0]!;
    },
    () => {
      // What txIdsFromBytes did before the kernel: the wtxid from the bytes, the txid re-encoded.
      for (let i = 0; i < TXS; i++) sink ^= sha256d(raws[i]!)[0]! ^ txid(txs[i]!)[0]!;
    },
  );

  const messages = Array.from({ length: TXS }, (_, i) => new Uint8Array(64).fill(i));
  const digests = new Uint8Array(32 * TXS);
  const [pairs, pairsNode] = compare(
    () => {
      hasher.many(messages, digests);
      sink ^= digests[0]!;
    },
    () => {
      for (const m of messages) sink ^= sha256d(m)[0]!;
    },
  );
  if (sink < 0) throw new Error('unreachable');

  const cpu = 'CPU-time rate, same run';
  return [
    {
      name: 'merkle-root-2000',
      value: merkle,
      unit: 'roots/s',
      baseline: `merkle-root-2000 on node:crypto (${cpu})`,
      baselineValue: merkleNode,
    },
    {
      name: 'txids-2000',
      value: ids,
      unit: 'blocks/s',
      baseline: `txid (re-encoded) + wtxid (from the bytes) of each, node:crypto (${cpu})`,
      baselineValue: idsNode,
    },
    {
      name: 'sha256d-64B',
      value: pairs * TXS,
      unit: 'hash/s',
      baseline: `sha256d of 64 bytes, node:crypto one call each (${cpu})`,
      baselineValue: pairsNode * TXS,
    },
  ];
}
