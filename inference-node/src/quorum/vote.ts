import bls from '@chainsafe/bls/herumi';
import { ByteReader, ByteWriter, DecodeError, sha256 } from '@funai/ledger-node';
import { MAX_BLOCK_RECORDS } from '../block/limits.js';
import { bitmapLength, checkBitmap, isCanonicalBitmap } from './bitmap.js';
import { BLS_PUBLIC_KEY_SIZE, BLS_SIGNATURE_SIZE, VERIFIER_SET_SIZE } from './params.js';

/**
 * Verifier votes (docs/protocol.md §15.8): a verifier of the block's reward cycle signs, with its BLS key
 * registered in the staking contract, the block hash and its verdict bitmap over the block's records.
 */

/** Domain tag of the signed vote message (13 bytes), distinct from the proof-of-possession tag. */
export const VOTE_DOMAIN = new TextEncoder().encode('FUNAI-VOTE-V1');

export interface Vote {
  blockHash: Uint8Array;
  /** Position of the voter in the cycle's verifier set (0 … 4). */
  verifierIndex: number;
  recordCount: number;
  verdicts: Uint8Array;
  signature: Uint8Array;
}

/** The vote preimage: "FUNAI-VOTE-V1" | blockHash:32 | recordCount:u32le | bitmap. */
export function votePreimage(blockHash: Uint8Array, recordCount: number, verdicts: Uint8Array): Uint8Array {
  return new ByteWriter(VOTE_DOMAIN.length + 36 + verdicts.length)
    .bytes(VOTE_DOMAIN)
    .bytes(blockHash)
    .u32le(recordCount)
    .bytes(verdicts)
    .finish();
}

/**
 * The BLS message a verifier signs: SHA-256 of the preimage. Fixed at 32 bytes because herumi's
 * distinct-message aggregate verification (used for split certificates) takes 32-byte messages.
 */
export function voteMessage(blockHash: Uint8Array, recordCount: number, verdicts: Uint8Array): Uint8Array {
  return sha256(votePreimage(blockHash, recordCount, verdicts));
}

function voteShapeError(v: Omit<Vote, 'signature'>): string | null {
  if (v.blockHash.length !== 32) return 'vote-block-hash';
  if (!Number.isInteger(v.verifierIndex) || v.verifierIndex < 0 || v.verifierIndex >= VERIFIER_SET_SIZE)
    return 'vote-verifier-index';
  if (!Number.isInteger(v.recordCount) || v.recordCount < 0 || v.recordCount > MAX_BLOCK_RECORDS)
    return 'vote-record-count';
  if (!isCanonicalBitmap(v.verdicts, v.recordCount)) return 'vote-bitmap';
  return null;
}

export function signVote(
  secretKey: Uint8Array,
  v: { blockHash: Uint8Array; verifierIndex: number; recordCount: number; verdicts: Uint8Array },
): Vote {
  const err = voteShapeError(v);
  if (err) throw new RangeError(`malformed vote: ${err}`);
  const signature = Uint8Array.from(bls.sign(secretKey, voteMessage(v.blockHash, v.recordCount, v.verdicts)));
  return { ...v, blockHash: Uint8Array.from(v.blockHash), verdicts: Uint8Array.from(v.verdicts), signature };
}

/** True when the vote is well formed and signed by `verifierKey` (the key at its index). Never throws. */
export function verifyVote(vote: Vote, verifierKey: Uint8Array): boolean {
  if (voteShapeError(vote) || vote.signature.length !== BLS_SIGNATURE_SIZE) return false;
  if (verifierKey.length !== BLS_PUBLIC_KEY_SIZE) return false;
  return bls.verify(
    verifierKey,
    voteMessage(vote.blockHash, vote.recordCount, vote.verdicts),
    vote.signature,
  );
}

/** blockHash:32 | verifierIndex:u8 | recordCount:u32le | bitmap | signature:96 (gossip form). */
export function encodeVote(v: Vote): Uint8Array {
  const err = voteShapeError(v);
  if (err || v.signature.length !== BLS_SIGNATURE_SIZE)
    throw new RangeError(`malformed vote: ${err ?? 'signature'}`);
  return new ByteWriter(37 + v.verdicts.length + BLS_SIGNATURE_SIZE)
    .bytes(v.blockHash)
    .u8(v.verifierIndex)
    .u32le(v.recordCount)
    .bytes(v.verdicts)
    .bytes(v.signature)
    .finish();
}

export function decodeVote(bytes: Uint8Array): Vote {
  const r = new ByteReader(bytes);
  const blockHash = r.bytes(32).slice();
  const verifierIndex = r.u8();
  if (verifierIndex >= VERIFIER_SET_SIZE) throw new DecodeError('vote-verifier-index');
  const recordCount = r.u32le();
  if (recordCount > MAX_BLOCK_RECORDS) throw new DecodeError('vote-record-count');
  const verdicts = r.bytes(bitmapLength(recordCount)).slice();
  checkBitmap(verdicts, recordCount);
  const signature = r.bytes(BLS_SIGNATURE_SIZE).slice();
  r.end();
  return { blockHash, verifierIndex, recordCount, verdicts, signature };
}
