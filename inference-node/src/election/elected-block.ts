import { verify } from '@funai/ecvrf';
import { equalBytes } from '@funai/ledger-node';
import type { ValidCommit } from '../ops/commit-rules.js';

/** The VRF suite of the election (docs/protocol.md §11): 33-byte keys, 81-byte proofs. */
export const ELECTION_VRF_SUITE = 'SECP256K1_SHA256_TAI';

/**
 * The fields of an inference block header the election checks (docs/protocol.md §15.6). The
 * block/ module's `BlockHeader` satisfies it; the block hash is passed beside it.
 */
export interface ElectedHeaderFields {
  parentHash: Uint8Array;
  ledgerHeight: number;
  ledgerParentHash: Uint8Array;
  vrfProof: Uint8Array;
}

/** The hash an elected block builds on when its commit's parent pointer is genesis (§15.6: zeros). */
export const GENESIS_PARENT_HASH: Uint8Array = new Uint8Array(32);

/** Why a published block is not the block its election chose (docs/protocol.md §14.8). */
export type ElectedBlockRejectReason =
  /** Its hash is not the winning commit's `blockHash`. */
  | 'block-not-elected'
  /** `ledgerHeight` is not the height L of the ledger block holding the winning commit. */
  | 'block-wrong-ledger-height'
  /** `ledgerParentHash` is not the hash of ledger block L − 1. */
  | 'block-wrong-ledger-parent'
  /** `parentHash` is not the block hash committed by the winning commit's parent (zeros for genesis). */
  | 'block-wrong-parent'
  /** The VRF proof does not verify over the previous seed under the registered key. */
  | 'block-bad-vrf-proof'
  /** The proof verifies but its output is not the seed the commit committed to. */
  | 'block-seed-mismatch';

/** What the election fixed for ledger block L: the winner and the seeds and hashes around it. */
export interface Election {
  ledgerHeight: number;
  ledgerParentHash: Uint8Array;
  /** The election seed the draw at L used (the seed before L). */
  lastSeed: Uint8Array;
  winner: ValidCommit;
  /** The `blockHash` of the commit that elected the winner's parent, or GENESIS_PARENT_HASH. */
  parentBlockHash: Uint8Array;
}

/**
 * Checks that a published block is the one its election chose: the committed hash, the ledger
 * block that elected it, its parent, and the VRF proof over the previous seed that verifies against
 * the winner's registered key and hashes to the committed seed (which is the next election seed).
 * Pure; returns null when the block is the elected one.
 */
export function checkElectedBlock(
  blockHash: Uint8Array,
  header: ElectedHeaderFields,
  election: Election,
): ElectedBlockRejectReason | null {
  const w = election.winner;
  if (!equalBytes(blockHash, w.op.blockHash)) return 'block-not-elected';
  if (header.ledgerHeight !== election.ledgerHeight) return 'block-wrong-ledger-height';
  if (!equalBytes(header.ledgerParentHash, election.ledgerParentHash)) return 'block-wrong-ledger-parent';
  if (!equalBytes(header.parentHash, election.parentBlockHash)) return 'block-wrong-parent';
  const beta = verify(ELECTION_VRF_SUITE, w.registration.vrfKey, header.vrfProof, election.lastSeed);
  if (beta === null) return 'block-bad-vrf-proof';
  if (!equalBytes(beta, w.op.newSeed)) return 'block-seed-mismatch';
  return null;
}
