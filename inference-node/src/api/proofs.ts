import {
  concatBytes,
  encodeHeader as encodeLedgerHeader,
  encodeTx as encodeLedgerTx,
  type BlockHeader as LedgerHeader,
  blockHash as ledgerBlockHash,
  txid as ledgerTxid,
  merkleBranch,
  type Transaction,
  toHex,
} from '@funai/ledger-node';
import { type BlockHeader, encodeHeader } from '../block/header.js';
import { TX_LEAF_INFERENCE, TX_LEAF_STACKS } from '../block/roots.js';
import { leafHash, merkleProof } from '../llm/model-id/merkle.js';
import { encodeCertificate, type QuorumCertificate } from '../quorum/certificate.js';
import type { AnchorProof, BlockInclusion, CertificateProof } from './lifecycle.js';

/**
 * Builders of the lifecycle proofs (docs/protocol.md §17.5) from the chain data a daemon holds, so that a
 * `LifecycleProvider` never assembles paths by hand. `verifyLifecycle` is their checker.
 */

const reversedHex = (b: Uint8Array): string => toHex(Uint8Array.from(b).reverse());

/** Record `index` of a block: its tx id's path to txRoot and its signed receipt's path to receiptsRoot. */
export function blockInclusionProof(
  header: BlockHeader,
  records: readonly { txId: Uint8Array; receipt: Uint8Array }[],
  stacksTxs: readonly Uint8Array[],
  index: number,
): BlockInclusion {
  if (!Number.isInteger(index) || index < 0 || index >= records.length)
    throw new RangeError(`record ${index} is not in a block of ${records.length}`);
  const txLeaves = [
    ...records.map((r) => leafHash(concatBytes(Uint8Array.of(TX_LEAF_INFERENCE), r.txId))),
    ...stacksTxs.map((t) => leafHash(concatBytes(Uint8Array.of(TX_LEAF_STACKS), t))),
  ];
  return {
    header: toHex(encodeHeader(header)),
    index,
    txLeafCount: txLeaves.length,
    path: merkleProof(txLeaves, index).map(toHex),
    receiptPath: merkleProof(
      records.map((r) => leafHash(r.receipt)),
      index,
    ).map(toHex),
  };
}

export function certificateProof(
  qc: QuorumCertificate,
  verifierKeys: readonly Uint8Array[],
): CertificateProof {
  return { certificate: toHex(encodeCertificate(qc)), verifierKeys: verifierKeys.map(toHex) };
}

/** The commit transaction `txs[commitIndex]` of ledger block `ledgerHeight` and its branch to the header. */
export function anchorProof(
  ledgerHeight: number,
  header: LedgerHeader,
  txs: readonly Transaction[],
  commitIndex: number,
): AnchorProof {
  const ids = txs.map(ledgerTxid);
  const commit = txs[commitIndex];
  if (!commit) throw new RangeError(`no transaction ${commitIndex} in the ledger block`);
  return {
    ledgerHeight,
    ledgerBlockHash: reversedHex(ledgerBlockHash(header)),
    ledgerTxid: reversedHex(ids[commitIndex]!),
    ledgerHeader: toHex(encodeLedgerHeader(header)),
    // Without witness: the bytes the txid hashes (as the ledger watcher carries them).
    commitTx: toHex(encodeLedgerTx(commit, false)),
    branch: merkleBranch(ids, commitIndex).siblings.map(toHex),
    txIndex: commitIndex,
  };
}
