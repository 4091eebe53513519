import { DecodeError, equalBytes } from '@funai/ledger-node';
import {
  decodeSignedReceipt,
  encodeSignedReceipt,
  RECEIPT_BODY_SIZE,
  SIGNED_RECEIPT_SIZE,
  type SignedReceipt,
  sameOutput,
  verifyReceipt,
} from './receipt.js';

/**
 * Equivocation proofs (docs/protocol.md §15.5): two signed receipts by one executor for one transaction
 * (same chainId, txId, executor) with different (outputHash, outputTokens, finishReason), both signatures
 * valid. Wire form: the two 207-byte signed receipts, the one whose body is bytewise smaller first
 * (414 bytes), so that one pair has one encoding and Clarity can slice it at fixed offsets.
 */

export const EQUIVOCATION_PROOF_SIZE = 2 * SIGNED_RECEIPT_SIZE;

export interface EquivocationProof {
  first: SignedReceipt;
  second: SignedReceipt;
}

export type EquivocationReason =
  | 'equivocation-malformed'
  | 'equivocation-order'
  | 'different-chain'
  | 'different-tx'
  | 'different-executor'
  | 'same-output'
  | 'bad-signature';

export type EquivocationCheck =
  | { ok: true; executor: Uint8Array; txId: Uint8Array }
  | { ok: false; reason: EquivocationReason; detail?: string };

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Puts two receipts in proof order (smaller body first). */
export function makeEquivocationProof(a: SignedReceipt, b: SignedReceipt): EquivocationProof {
  const ea = encodeSignedReceipt(a).subarray(0, RECEIPT_BODY_SIZE);
  const eb = encodeSignedReceipt(b).subarray(0, RECEIPT_BODY_SIZE);
  return compareBytes(ea, eb) <= 0 ? { first: a, second: b } : { first: b, second: a };
}

export function encodeEquivocationProof(p: EquivocationProof): Uint8Array {
  const out = new Uint8Array(EQUIVOCATION_PROOF_SIZE);
  out.set(encodeSignedReceipt(p.first), 0);
  out.set(encodeSignedReceipt(p.second), SIGNED_RECEIPT_SIZE);
  return out;
}

/** Structural decode (lengths, receipt fields, order); the rules are verifyEquivocation's. */
export function decodeEquivocationProof(bytes: Uint8Array): EquivocationProof {
  if (bytes.length !== EQUIVOCATION_PROOF_SIZE)
    throw new DecodeError('equivocation-length', `${bytes.length} bytes`);
  const a = bytes.subarray(0, SIGNED_RECEIPT_SIZE);
  const b = bytes.subarray(SIGNED_RECEIPT_SIZE);
  if (compareBytes(a.subarray(0, RECEIPT_BODY_SIZE), b.subarray(0, RECEIPT_BODY_SIZE)) >= 0)
    throw new DecodeError('equivocation-order');
  return { first: decodeSignedReceipt(a), second: decodeSignedReceipt(b) };
}

/** Checks a proof object: the rules of §15.5. Never throws. */
export function checkEquivocation(p: EquivocationProof): EquivocationCheck {
  const { first: a, second: b } = p;
  if (a.chainId !== b.chainId) return { ok: false, reason: 'different-chain' };
  if (!equalBytes(a.txId, b.txId)) return { ok: false, reason: 'different-tx' };
  if (!equalBytes(a.executor, b.executor)) return { ok: false, reason: 'different-executor' };
  if (sameOutput(a, b)) return { ok: false, reason: 'same-output' };
  if (!verifyReceipt(a)) return { ok: false, reason: 'bad-signature', detail: 'first' };
  if (!verifyReceipt(b)) return { ok: false, reason: 'bad-signature', detail: 'second' };
  return { ok: true, executor: a.executor.slice(), txId: a.txId.slice() };
}

/** Verifies a 414-byte proof: decoding faults are `equivocation-malformed`/`-order`. Never throws. */
export function verifyEquivocation(bytes: Uint8Array): EquivocationCheck {
  let p: EquivocationProof;
  try {
    p = decodeEquivocationProof(bytes);
  } catch (e) {
    const reason =
      (e as DecodeError).reason === 'equivocation-order' ? 'equivocation-order' : 'equivocation-malformed';
    return { ok: false, reason, detail: (e as Error).message };
  }
  return checkEquivocation(p);
}
