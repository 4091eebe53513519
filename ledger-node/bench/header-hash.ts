// Header hashing throughput: SHA-256d of 80-byte headers through the wire codec.
import type { Figure } from '../../tools/bench-report.mjs';
import { blockHash } from '../dist/wire/header.js';

export function benchHeaderHash(seconds = 2): Figure[] {
  const header = {
    version: 0x20000000,
    prevBlock: new Uint8Array(32).fill(7),
    merkleRoot: new Uint8Array(32).fill(9),
    time: 1_790_000_000,
    bits: 0x1d00ffff,
    nonce: 0,
  };
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let n = 0;
  let acc = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) {
      header.nonce = n + i;
      acc ^= blockHash(header)[0]!;
    }
    n += 1000;
  }
  if (acc < 0) throw new Error('unreachable');
  return [{ name: 'header-hash', value: n / ((performance.now() - start) / 1000), unit: 'hash/s' }];
}
