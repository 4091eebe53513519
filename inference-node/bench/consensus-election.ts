// The election draw's cost (docs/protocol.md §14.6), next to a baseline measured in the same run:
//   draw-1000-commits   µs for one drawWinner over 1,000 weighted commits (the sample's SHA-256, the
//                       total, one 256 × 64-bit product and the prefix-sum scan, all in bigint)
//                       vs µs for 1,000 SHA-256 hashes of 64 bytes
// Each sample is the median over runs of a batch, the draw and the baseline alternating so that a
// change in the machine's load weighs on both alike.
import { sha256 } from '@funai/ledger-node';
import type { Figure } from '../../tools/bench-report.mjs';
import { drawWinner } from '../dist/index.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchConsensusElection(): Promise<Figure[]> {
  const COMMITS = 1000;
  // Bids between the minimum (5 × 546 base units) and 10 FAI, spread deterministically.
  const weights = Array.from(
    { length: COMMITS },
    (_, i) => 2_730n + ((BigInt(i) * 7_919n * 1_000_003n) % 1_000_000_000n),
  );
  const seed = sha256(new TextEncoder().encode('bench seed'));
  const hashes = Array.from({ length: 64 }, (_, i) => sha256(Uint8Array.of(i)));
  const block = new Uint8Array(64).fill(7);

  const DRAWS = 200;
  let sink = 0;
  const draw = () => {
    for (let i = 0; i < DRAWS; i++) sink += drawWinner(hashes[i % hashes.length]!, seed, weights);
  };
  const baseline = () => {
    for (let i = 0; i < COMMITS; i++) {
      block[0] = i & 0xff;
      sink += sha256(block)[0]!;
    }
  };
  draw();
  baseline();
  const d: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < 25; r++) {
    let t = performance.now();
    draw();
    d.push(((performance.now() - t) * 1000) / DRAWS);
    t = performance.now();
    baseline();
    b.push((performance.now() - t) * 1000);
  }
  if (sink === Number.MIN_SAFE_INTEGER) console.log(sink);
  return [
    {
      name: 'draw-1000-commits',
      value: median(d),
      unit: 'µs',
      baseline: '1,000 SHA-256 of 64 bytes',
      baselineValue: median(b),
    },
  ];
}
