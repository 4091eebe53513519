import { compactSizeLength, equalBytes, toHex } from '@funai/ledger-node';
import { type CertificateCheck, type RecordVerdict, verifyCertificate } from '../quorum/certificate.js';
import { inCertificateWindow } from '../quorum/window.js';
import {
  encodeSignedReceipt,
  SIGNED_RECEIPT_SIZE,
  type SignedReceipt,
  verifySignedReceiptBytes,
} from '../tx/receipt.js';
import { type SignedInferenceTx, txId, verifyTxSignature } from '../tx/transaction.js';
import type { Block, BlockBody } from './body.js';
import { headerShapeError } from './header.js';
import { MAX_BLOCK_BODY_BYTES, MAX_BLOCK_RECORDS, MAX_BLOCK_STACKS_TXS, RECEIPT_MAX_AGE } from './limits.js';
import { receiptsRoot, txRoot } from './roots.js';
import { decodeStacksTx, stacksTxError } from './stacks.js';

/**
 * Pure block validation (docs/protocol.md §15.9): structure and limits, Merkle roots, receipt
 * signatures, receipt ↔ transaction consistency (when the transactions that travel beside the block are
 * given), Stacks transactions, and the certificate the header carries. The VRF proof and the election
 * are checked by the election rules (§14), the Clarity roots by executing the block (§13.2): not here.
 */

export type BlockRejectReason =
  // structure and limits
  | 'bad-header'
  | 'bad-chain-id'
  | 'bad-height'
  | 'bad-parent'
  | 'bad-ledger-height'
  | 'record-count-mismatch'
  | 'too-many-records'
  | 'too-many-stacks-txs'
  | 'body-too-large'
  // roots
  | 'bad-tx-root'
  | 'bad-receipts-root'
  // receipts
  | 'receipt-chain-id'
  | 'receipt-ledger-height'
  | 'duplicate-tx-id'
  | 'bad-receipt-signature'
  // receipt ↔ transaction
  | 'tx-count-mismatch'
  | 'tx-malformed'
  | 'tx-chain-id'
  | 'tx-id-mismatch'
  | 'tx-bad-signature'
  | 'receipt-model-mismatch'
  | 'receipt-too-many-tokens'
  | 'receipt-length-mismatch'
  | 'receipt-no-stop-strings'
  // Stacks transactions
  | 'bad-stacks-tx'
  // certificate
  | 'qc-outside-window'
  | 'qc-not-ancestor'
  | 'qc-missing-context'
  | Extract<CertificateCheck, { ok: false }>['reason'];

export type BlockCheck =
  | { ok: true; certified: RecordVerdict[] | null }
  | { ok: false; reason: BlockRejectReason; index?: number; detail?: string };

export interface BlockContext {
  chainId: number;
  /** The parent block: its hash and height (for height 0, `parent` is null and parentHash must be zero). */
  parent: { hash: Uint8Array; height: number } | null;
  /** The ledger height the election says elected this block, when known (§14). */
  ledgerHeight?: number;
  /**
   * The transactions beside the block, one per receipt in record order. Verifiers pass them; a node that
   * has only the block (after deletion, §15.7) omits them and skips those checks.
   */
  txs?: readonly SignedInferenceTx[];
  /**
   * For a header carrying a certificate: the ancestor of this block at the certificate's height (its
   * hash and recordCount) and the BLS keys of that block's verifier set, in set order.
   */
  certified?: { hash: Uint8Array; recordCount: number; verifierKeys: readonly Uint8Array[] };
}

function reject(reason: BlockRejectReason, index?: number, detail?: string): BlockCheck {
  return { ok: false, reason, ...(index === undefined ? {} : { index }), ...(detail ? { detail } : {}) };
}

const ZERO32 = new Uint8Array(32);

/** The header fields a body determines. */
export function bodyCommitments(body: BlockBody): {
  recordCount: number;
  txRoot: Uint8Array;
  receiptsRoot: Uint8Array;
} {
  return {
    recordCount: body.receipts.length,
    txRoot: txRoot(
      body.receipts.map((r) => r.txId),
      body.stacksTxs,
    ),
    receiptsRoot: receiptsRoot(body.receipts.map((r) => encodeSignedReceipt(r))),
  };
}

/** The encoded body's size in bytes, without encoding it. */
export function bodySize(body: BlockBody): number {
  let n = compactSizeLength(body.receipts.length) + body.receipts.length * SIGNED_RECEIPT_SIZE;
  n += compactSizeLength(body.stacksTxs.length);
  for (const t of body.stacksTxs) n += compactSizeLength(t.length) + t.length;
  return n;
}

function consistencyError(r: SignedReceipt, tx: SignedInferenceTx): BlockRejectReason | null {
  let id: Uint8Array;
  try {
    id = txId(tx);
  } catch {
    return 'tx-malformed';
  }
  if (!equalBytes(id, r.txId)) return 'tx-id-mismatch';
  if (tx.chainId !== r.chainId) return 'tx-chain-id';
  if (!equalBytes(tx.modelId, r.modelId)) return 'receipt-model-mismatch';
  if (r.outputTokens > tx.maxTokens) return 'receipt-too-many-tokens';
  if (r.finishReason === 'length' && r.outputTokens !== tx.maxTokens) return 'receipt-length-mismatch';
  if (r.finishReason === 'stop-string' && tx.stop.length === 0) return 'receipt-no-stop-strings';
  if (!verifyTxSignature(tx)) return 'tx-bad-signature';
  return null;
}

/** Validates a decoded block in its context. Cheap checks first, signatures last. Never throws. */
export function validateBlock(block: Block, ctx: BlockContext): BlockCheck {
  const { header: h, body } = block;
  const shape = headerShapeError(h);
  if (shape) return reject('bad-header', undefined, shape);
  if (h.chainId !== ctx.chainId) return reject('bad-chain-id');
  if (ctx.parent === null) {
    if (h.height !== 0 || !equalBytes(h.parentHash, ZERO32)) return reject('bad-parent');
  } else {
    if (h.height !== ctx.parent.height + 1) return reject('bad-height');
    if (!equalBytes(h.parentHash, ctx.parent.hash)) return reject('bad-parent');
  }
  if (ctx.ledgerHeight !== undefined && h.ledgerHeight !== ctx.ledgerHeight)
    return reject('bad-ledger-height');
  if (body.receipts.length > MAX_BLOCK_RECORDS) return reject('too-many-records');
  if (body.stacksTxs.length > MAX_BLOCK_STACKS_TXS) return reject('too-many-stacks-txs');
  if (h.recordCount !== body.receipts.length) return reject('record-count-mismatch');
  if (bodySize(body) > MAX_BLOCK_BODY_BYTES) return reject('body-too-large');

  // Receipt fields against the block, and one record per transaction.
  const seen = new Set<string>();
  for (let i = 0; i < body.receipts.length; i++) {
    const r = body.receipts[i]!;
    if (r.chainId !== h.chainId) return reject('receipt-chain-id', i);
    if (r.ledgerHeight > h.ledgerHeight || r.ledgerHeight + RECEIPT_MAX_AGE < h.ledgerHeight)
      return reject('receipt-ledger-height', i);
    const key = toHex(r.txId);
    if (seen.has(key)) return reject('duplicate-tx-id', i);
    seen.add(key);
  }

  // Roots.
  let encoded: Uint8Array[];
  try {
    encoded = body.receipts.map((r) => encodeSignedReceipt(r));
  } catch (e) {
    return reject('bad-receipt-signature', undefined, (e as Error).message);
  }
  const ids = body.receipts.map((r) => r.txId);
  if (!equalBytes(txRoot(ids, body.stacksTxs), h.txRoot)) return reject('bad-tx-root');
  if (!equalBytes(receiptsRoot(encoded), h.receiptsRoot)) return reject('bad-receipts-root');

  // Certificate placement (before the expensive checks: it is a header rule).
  let certified: RecordVerdict[] | null = null;
  if (h.qc !== null) {
    if (!inCertificateWindow(h.qc.height, h.height)) return reject('qc-outside-window');
    if (!ctx.certified) return reject('qc-missing-context');
    if (!equalBytes(h.qc.blockHash, ctx.certified.hash)) return reject('qc-not-ancestor');
  }

  // Transactions beside the block.
  if (ctx.txs !== undefined) {
    if (ctx.txs.length !== body.receipts.length) return reject('tx-count-mismatch');
    for (let i = 0; i < ctx.txs.length; i++) {
      const e = consistencyError(body.receipts[i]!, ctx.txs[i]!);
      if (e) return reject(e, i);
    }
  }

  // Stacks transactions.
  for (let i = 0; i < body.stacksTxs.length; i++) {
    try {
      const e = stacksTxError(decodeStacksTx(body.stacksTxs[i]!), h.chainId);
      if (e) return reject('bad-stacks-tx', i, e);
    } catch (err) {
      return reject('bad-stacks-tx', i, (err as Error).message);
    }
  }

  // Receipt signatures, over the bytes already encoded.
  for (let i = 0; i < encoded.length; i++)
    if (!verifySignedReceiptBytes(encoded[i]!)) return reject('bad-receipt-signature', i);

  if (h.qc !== null && ctx.certified) {
    const c = verifyCertificate(
      h.qc,
      { blockHash: ctx.certified.hash, recordCount: ctx.certified.recordCount },
      ctx.certified.verifierKeys,
    );
    if (!c.ok) return reject(c.reason, undefined, c.detail);
    certified = c.verdicts;
  }
  return { ok: true, certified };
}
