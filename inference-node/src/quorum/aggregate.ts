import bls from '@chainsafe/bls/herumi';
import { equalBytes, toHex } from '@funai/ledger-node';
import type { QuorumCertificate, VoteGroup } from './certificate.js';
import { QUORUM_THRESHOLD } from './params.js';
import type { Vote } from './vote.js';

/**
 * Builds a certificate from votes for one block (docs/protocol.md §15.8). The votes are taken as
 * already checked (verifyVote against the voter's key); votes for another block or record count, and a
 * second vote by the same verifier, are ignored (the first one counts). When QUORUM_THRESHOLD votes
 * are identical the certificate is that group alone (the common, cheapest case); otherwise, when
 * QUORUM_THRESHOLD distinct verifiers voted at all, it is a split certificate with every group.
 * Returns null when neither holds.
 */
export function aggregateVotes(
  block: { height: number; blockHash: Uint8Array; recordCount: number },
  votes: readonly Vote[],
): QuorumCertificate | null {
  const byBitmap = new Map<string, { verdicts: Uint8Array; votes: Vote[] }>();
  let voted = 0;
  for (const v of votes) {
    if (!equalBytes(v.blockHash, block.blockHash) || v.recordCount !== block.recordCount) continue;
    const bit = 1 << v.verifierIndex;
    if (voted & bit) continue;
    voted |= bit;
    const key = toHex(v.verdicts);
    const group = byBitmap.get(key) ?? { verdicts: v.verdicts, votes: [] };
    group.votes.push(v);
    byBitmap.set(key, group);
  }
  const all = [...byBitmap.values()];
  const quorum = all.find((g) => g.votes.length >= QUORUM_THRESHOLD);
  const chosen = quorum ? [quorum] : all;
  if (chosen.reduce((n, g) => n + g.votes.length, 0) < QUORUM_THRESHOLD) return null;
  const groups: VoteGroup[] = chosen
    .map((g) => ({
      signers: g.votes.reduce((m, v) => m | (1 << v.verifierIndex), 0),
      verdicts: Uint8Array.from(g.verdicts),
    }))
    .sort((a, b) => a.signers - b.signers);
  const signature = Uint8Array.from(
    bls.aggregateSignatures(chosen.flatMap((g) => g.votes.map((v) => v.signature))),
  );
  return {
    height: block.height,
    blockHash: Uint8Array.from(block.blockHash),
    recordCount: block.recordCount,
    groups,
    signature,
  };
}
