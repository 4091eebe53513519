// The election vectors of test/vectors/consensus/election.json, re-derived step by step from
// docs/protocol.md §14.5–14.6 with @noble/hashes and the ceiling ranges written out, then checked
// against the implementation.
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  drawSample,
  drawWinner,
  GENESIS_ELECTION_SEED,
  INITIAL_SORTITION_HASH,
  nextSortitionHash,
} from '../../src/index.js';

interface Draw {
  description: string;
  sortitionHash: string;
  lastSeed: string;
  weights: string[];
  sample: string;
  total: string;
  t: string | null;
  winner: number;
}
const v: {
  genesisElectionSeed: string;
  initialSortitionHash: string;
  sortitionChain: { ledgerHash: string; sortitionHash: string }[];
  draws: Draw[];
} = JSON.parse(readFileSync(new URL('../vectors/consensus/election.json', import.meta.url), 'utf8'));

const TWO_256 = 1n << 256n;
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** §14.6 by its definition: the commit whose ceiling range holds the sample. */
function independentDraw(sortitionHash: string, lastSeed: string, weights: bigint[]) {
  const digest = sha256(
    concatBytes(utf8ToBytes('FUNAI-DRAW-V1'), hexToBytes(sortitionHash), hexToBytes(lastSeed)),
  );
  const s = BigInt(`0x${bytesToHex(digest)}`);
  const W = weights.reduce((a, b) => a + b, 0n);
  if (W === 0n) return { sample: bytesToHex(digest), winner: -1, t: null };
  let C = 0n;
  let winner = -1;
  let covered = 0n;
  for (let i = 0; i < weights.length; i++) {
    const lo = ceilDiv(TWO_256 * C, W);
    C += weights[i]!;
    const hi = ceilDiv(TWO_256 * C, W);
    expect(lo).toBe(covered); // the ranges tile [0, 2^256) in order
    covered = hi;
    if (lo <= s && s < hi) winner = i;
  }
  expect(covered).toBe(TWO_256);
  return { sample: bytesToHex(digest), winner, t: String((s * W) / TWO_256) };
}

describe('election vectors', () => {
  it('genesis seed and initial sortition hash', () => {
    expect(v.genesisElectionSeed).toBe(bytesToHex(sha256(utf8ToBytes('FUNAI-GENESIS-SEED-V1'))));
    expect(bytesToHex(GENESIS_ELECTION_SEED)).toBe(v.genesisElectionSeed);
    expect(v.initialSortitionHash).toBe('00'.repeat(32));
    expect(bytesToHex(INITIAL_SORTITION_HASH)).toBe(v.initialSortitionHash);
  });

  it('sortition hash chain', () => {
    expect(v.sortitionChain.length).toBe(5);
    let prev = v.initialSortitionHash;
    for (const step of v.sortitionChain) {
      const want = bytesToHex(
        sha256(concatBytes(utf8ToBytes('FUNAI-SORTITION-V1'), hexToBytes(prev), hexToBytes(step.ledgerHash))),
      );
      expect(step.sortitionHash).toBe(want);
      expect(bytesToHex(nextSortitionHash(hexToBytes(prev), hexToBytes(step.ledgerHash)))).toBe(want);
      prev = want;
    }
  });

  it('has draws covering empty tenures and zero weights', () => {
    expect(v.draws.length).toBeGreaterThanOrEqual(10);
    expect(v.draws.some((d) => d.winner === -1)).toBe(true);
    expect(v.draws.some((d) => d.weights.includes('0') && d.winner >= 0)).toBe(true);
  });

  it.each(v.draws)('$description ($sortitionHash)', (d) => {
    const weights = d.weights.map(BigInt);
    const ind = independentDraw(d.sortitionHash, d.lastSeed, weights);
    expect({ sample: d.sample, winner: d.winner, t: d.t }).toEqual(ind);
    expect(d.total).toBe(String(weights.reduce((a, b) => a + b, 0n)));
    expect(
      drawSample(hexToBytes(d.sortitionHash), hexToBytes(d.lastSeed)).toString(16).padStart(64, '0'),
    ).toBe(d.sample);
    expect(drawWinner(hexToBytes(d.sortitionHash), hexToBytes(d.lastSeed), weights)).toBe(d.winner);
  });
});
