import bls from '@chainsafe/bls/herumi';
import { ByteReader, ByteWriter, DecodeError, equalBytes } from '@funai/ledger-node';
import { MAX_BLOCK_RECORDS } from '../block/limits.js';
import { bitmapGet, bitmapLength, isCanonicalBitmap, popcount8 } from './bitmap.js';
import { BLS_PUBLIC_KEY_SIZE, BLS_SIGNATURE_SIZE, QUORUM_THRESHOLD, VERIFIER_SET_SIZE } from './params.js';
import { voteMessage } from './vote.js';

/**
 * Quorum certificates (docs/protocol.md §15.8). A certificate is one BLS aggregate signature over the
 * votes of at least QUORUM_THRESHOLD of the VERIFIER_SET_SIZE verifiers of the certified block's reward
 * cycle. Votes with identical verdict bitmaps form a group (one message, signers as a bitmask over the
 * verifier set's order); the usual certificate is one group of ≥ 3 identical votes, a split certificate
 * carries several groups and its per-record result is the majority of the verifier set (≥ 3 of 5).
 */

export interface VoteGroup {
  /** Bit i = verifier i of the cycle's verifier set (0 … 4); non-zero. */
  signers: number;
  /** The verdict bitmap all these signers voted (quorum/bitmap.ts). */
  verdicts: Uint8Array;
}

export interface QuorumCertificate {
  /** Height of the certified block (checked against the chain: the ancestor at it has `blockHash`). */
  height: number;
  blockHash: Uint8Array;
  /** Records of the certified block (its header's recordCount). */
  recordCount: number;
  /** 1 … 5 groups, in ascending order of `signers`, pairwise disjoint, distinct bitmaps. */
  groups: VoteGroup[];
  /** Aggregate (96-byte compressed G2) of every signer's vote signature. */
  signature: Uint8Array;
}

export type RecordVerdict = 'valid' | 'invalid' | 'undecided';

const FULL_SET = (1 << VERIFIER_SET_SIZE) - 1;

export function certificateSigners(qc: QuorumCertificate): number {
  let mask = 0;
  for (const g of qc.groups) mask |= g.signers;
  return mask;
}

/**
 * Structural rules shared by the encoder and the decoder, so that whatever decodes re-encodes to the
 * same bytes and whatever encodes decodes: returns the broken rule or null.
 */
export function certificateShapeError(qc: QuorumCertificate): string | null {
  if (!Number.isInteger(qc.height) || qc.height < 0 || qc.height > 0xffffffff) return 'qc-height';
  if (qc.blockHash.length !== 32) return 'qc-block-hash';
  if (!Number.isInteger(qc.recordCount) || qc.recordCount < 0 || qc.recordCount > MAX_BLOCK_RECORDS)
    return 'qc-record-count';
  if (qc.groups.length < 1 || qc.groups.length > VERIFIER_SET_SIZE) return 'qc-group-count';
  let seen = 0;
  let prev = 0;
  for (const g of qc.groups) {
    if (!Number.isInteger(g.signers) || g.signers <= 0 || g.signers > FULL_SET) return 'qc-signers';
    if (g.signers <= prev) return 'qc-group-order';
    if ((seen & g.signers) !== 0) return 'qc-duplicate-signer';
    seen |= g.signers;
    prev = g.signers;
    if (g.verdicts.length !== bitmapLength(qc.recordCount)) return 'qc-bitmap-length';
    if (!isCanonicalBitmap(g.verdicts, qc.recordCount)) return 'qc-bitmap-padding';
  }
  for (let i = 0; i < qc.groups.length; i++)
    for (let j = i + 1; j < qc.groups.length; j++)
      if (equalBytes(qc.groups[i]!.verdicts, qc.groups[j]!.verdicts)) return 'qc-groups-not-merged';
  if (popcount8(seen) < QUORUM_THRESHOLD) return 'qc-too-few-signers';
  if (qc.signature.length !== BLS_SIGNATURE_SIZE) return 'qc-signature-length';
  return null;
}

/** height:u32 | blockHash:32 | recordCount:u32 | groupCount:u8 | groups (signers:u8 | bitmap) | signature:96. */
export function writeCertificate(w: ByteWriter, qc: QuorumCertificate): void {
  const err = certificateShapeError(qc);
  if (err) throw new RangeError(`malformed quorum certificate: ${err}`);
  w.u32le(qc.height).bytes(qc.blockHash).u32le(qc.recordCount).u8(qc.groups.length);
  for (const g of qc.groups) w.u8(g.signers).bytes(g.verdicts);
  w.bytes(qc.signature);
}

export function readCertificate(r: ByteReader): QuorumCertificate {
  const height = r.u32le();
  const blockHash = r.bytes(32).slice();
  const recordCount = r.u32le();
  if (recordCount > MAX_BLOCK_RECORDS) throw new DecodeError('qc-record-count', `${recordCount} records`);
  const groupCount = r.u8();
  if (groupCount < 1 || groupCount > VERIFIER_SET_SIZE) throw new DecodeError('qc-group-count');
  const len = bitmapLength(recordCount);
  // Checked before the groups are allocated: each group is 1 + len bytes.
  if (groupCount * (1 + len) > r.remaining) throw new DecodeError('truncated', 'certificate groups');
  const groups: VoteGroup[] = [];
  for (let i = 0; i < groupCount; i++) groups.push({ signers: r.u8(), verdicts: r.bytes(len).slice() });
  const signature = r.bytes(BLS_SIGNATURE_SIZE).slice();
  const qc = { height, blockHash, recordCount, groups, signature };
  const err = certificateShapeError(qc);
  if (err) throw new DecodeError(err);
  return qc;
}

export function encodeCertificate(qc: QuorumCertificate): Uint8Array {
  const w = new ByteWriter(42 + qc.groups.length * (1 + bitmapLength(qc.recordCount)) + BLS_SIGNATURE_SIZE);
  writeCertificate(w, qc);
  return w.finish();
}

export function decodeCertificate(bytes: Uint8Array): QuorumCertificate {
  const r = new ByteReader(bytes);
  const qc = readCertificate(r);
  r.end();
  return qc;
}

/**
 * Per-record result (§15.8): valid when at least QUORUM_THRESHOLD signers marked it valid, invalid when
 * at least QUORUM_THRESHOLD marked it invalid, undecided otherwise (possible only in a split certificate
 * with 3 or 4 signers). With a single group every record is decided by that group.
 */
export function certificateVerdicts(qc: QuorumCertificate): RecordVerdict[] {
  const out: RecordVerdict[] = new Array(qc.recordCount);
  const weights = qc.groups.map((g) => popcount8(g.signers));
  for (let i = 0; i < qc.recordCount; i++) {
    let valid = 0;
    let invalid = 0;
    qc.groups.forEach((g, k) => {
      if (bitmapGet(g.verdicts, i)) valid += weights[k]!;
      else invalid += weights[k]!;
    });
    out[i] = valid >= QUORUM_THRESHOLD ? 'valid' : invalid >= QUORUM_THRESHOLD ? 'invalid' : 'undecided';
  }
  return out;
}

/**
 * Signers that voted against the certificate's decision on at least one decided record (bitmask over the
 * verifier set): the verifiers a split certificate shows in the minority. Zero for a one-group certificate.
 */
export function certificateContradictors(qc: QuorumCertificate): number {
  const verdicts = certificateVerdicts(qc);
  let mask = 0;
  for (const g of qc.groups) {
    for (let i = 0; i < qc.recordCount; i++) {
      const v = verdicts[i]!;
      if (v !== 'undecided' && bitmapGet(g.verdicts, i) !== (v === 'valid')) {
        mask |= g.signers;
        break;
      }
    }
  }
  return mask;
}

export type CertificateCheck =
  | { ok: true; verdicts: RecordVerdict[] }
  | {
      ok: false;
      reason:
        | 'qc-malformed'
        | 'qc-wrong-block'
        | 'qc-wrong-record-count'
        | 'qc-verifier-set-size'
        | 'qc-bad-verifier-key'
        | 'qc-bad-signature';
      detail?: string;
    };

/**
 * Verifies a certificate for the block `blockHash` of `recordCount` records against the BLS public keys
 * of that block's verifier set, in the set's order (index i = signer bit i). Never throws.
 */
export function verifyCertificate(
  qc: QuorumCertificate,
  expected: { blockHash: Uint8Array; recordCount: number },
  verifierKeys: readonly Uint8Array[],
): CertificateCheck {
  const shape = certificateShapeError(qc);
  if (shape) return { ok: false, reason: 'qc-malformed', detail: shape };
  if (!equalBytes(qc.blockHash, expected.blockHash)) return { ok: false, reason: 'qc-wrong-block' };
  if (qc.recordCount !== expected.recordCount) return { ok: false, reason: 'qc-wrong-record-count' };
  if (verifierKeys.length !== VERIFIER_SET_SIZE) return { ok: false, reason: 'qc-verifier-set-size' };
  if (verifierKeys.some((k) => k.length !== BLS_PUBLIC_KEY_SIZE))
    return { ok: false, reason: 'qc-bad-verifier-key' };
  // Each group signed one message: aggregate its signers' keys, then one pairing check per group plus one.
  const messages: Uint8Array[] = [];
  const keys: Uint8Array[] = [];
  try {
    for (const g of qc.groups) {
      const members: Uint8Array[] = [];
      for (let i = 0; i < VERIFIER_SET_SIZE; i++) if ((g.signers >> i) & 1) members.push(verifierKeys[i]!);
      keys.push(members.length === 1 ? members[0]! : bls.aggregatePublicKeys(members));
      messages.push(voteMessage(qc.blockHash, qc.recordCount, g.verdicts));
    }
  } catch (e) {
    return { ok: false, reason: 'qc-bad-verifier-key', detail: (e as Error).message };
  }
  const valid =
    messages.length === 1
      ? bls.verify(keys[0]!, messages[0]!, qc.signature)
      : bls.verifyMultiple(keys, messages, qc.signature);
  if (!valid) return { ok: false, reason: 'qc-bad-signature' };
  return { ok: true, verdicts: certificateVerdicts(qc) };
}
