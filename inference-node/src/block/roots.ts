import { concatBytes, sha256 } from '@funai/ledger-node';
import { leafHash, merkleRoot } from '../llm/model-id/merkle.js';

/**
 * Block Merkle roots (docs/protocol.md §15.7): RFC 6962's Merkle Tree Hash with SHA-256 — MTH([]) =
 * SHA-256(""), leaf SHA-256(0x00 ‖ d), node SHA-256(0x01 ‖ l ‖ r), split at the largest power of two
 * below n — the tree of the model id (§12.1) and of the Clarity receipts root (§13.2), reusing the
 * engine's implementation. Chosen over Bitcoin's tree (§1.5): nothing is duplicated, so no two leaf
 * lists share a root (no CVE-2012-2459 mutation to guard), and leaves cannot pose as inner nodes.
 */

/** Leaf type bytes of the transaction tree. */
export const TX_LEAF_INFERENCE = 0x01;
export const TX_LEAF_STACKS = 0x02;

const EMPTY_ROOT = sha256(new Uint8Array(0));

/** MTH over data items (each hashed as a leaf). */
export function merkleTreeHash(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return EMPTY_ROOT.slice();
  return Uint8Array.from(merkleRoot(items.map((d) => leafHash(d))));
}

/**
 * txRoot: MTH over the inference transaction ids in record order, each as 0x01 ‖ txId, followed by the
 * Stacks transactions in body order, each as 0x02 ‖ its serialization (the body carries Stacks
 * transactions whole, so the root commits to their exact bytes).
 */
export function txRoot(txIds: readonly Uint8Array[], stacksTxs: readonly Uint8Array[]): Uint8Array {
  const inf = Uint8Array.of(TX_LEAF_INFERENCE);
  const stx = Uint8Array.of(TX_LEAF_STACKS);
  return merkleTreeHash([
    ...txIds.map((id) => concatBytes(inf, id)),
    ...stacksTxs.map((t) => concatBytes(stx, t)),
  ]);
}

/** receiptsRoot: MTH over the signed receipts' 207-byte forms, in record order. */
export function receiptsRoot(signedReceipts: readonly Uint8Array[]): Uint8Array {
  return merkleTreeHash(signedReceipts);
}
