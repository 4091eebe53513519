import { ByteReader, ByteWriter, DecodeError } from '@funai/ledger-node';
import {
  decodeSignedReceipt,
  encodeSignedReceipt,
  SIGNED_RECEIPT_SIZE,
  type SignedReceipt,
} from '../tx/receipt.js';
import { type BlockHeader, readHeader, writeHeader } from './header.js';
import {
  MAX_BLOCK_BODY_BYTES,
  MAX_BLOCK_RECORDS,
  MAX_BLOCK_STACKS_TXS,
  MAX_STACKS_TX_BYTES,
} from './limits.js';
import { decodeStacksTx } from './stacks.js';

/**
 * The block body (docs/protocol.md §15.7): hashes only for inference — each record is the executor's
 * signed receipt (which names the transaction by id); the transactions' bytes and outputs travel beside
 * the block — and the Stacks-format transactions whole.
 *
 *   receiptCount:CompactSize | receiptCount × signed receipt (207 bytes)
 *   | stacksCount:CompactSize | stacksCount × (CompactSize length | Stacks transaction)
 */
export interface BlockBody {
  receipts: SignedReceipt[];
  /** Serialized Stacks transactions (transfers, contract calls, deployments). */
  stacksTxs: Uint8Array[];
}

export interface Block {
  header: BlockHeader;
  body: BlockBody;
}

export function writeBody(w: ByteWriter, b: BlockBody): void {
  if (b.receipts.length > MAX_BLOCK_RECORDS) throw new RangeError('too many receipts');
  if (b.stacksTxs.length > MAX_BLOCK_STACKS_TXS) throw new RangeError('too many Stacks transactions');
  w.compactSize(b.receipts.length);
  for (const r of b.receipts) w.bytes(encodeSignedReceipt(r));
  w.compactSize(b.stacksTxs.length);
  for (const t of b.stacksTxs) {
    if (t.length > MAX_STACKS_TX_BYTES) throw new RangeError('Stacks transaction too large');
    w.varBytes(t);
  }
}

export function encodeBody(b: BlockBody): Uint8Array {
  const w = new ByteWriter(2 + b.receipts.length * SIGNED_RECEIPT_SIZE + 64 * b.stacksTxs.length);
  writeBody(w, b);
  if (w.length > MAX_BLOCK_BODY_BYTES) throw new RangeError(`body exceeds ${MAX_BLOCK_BODY_BYTES} bytes`);
  return w.finish();
}

/**
 * Bounded: the body's size is capped, each count is checked against its cap and against the bytes left
 * (at the minimum item size) before anything is built, every receipt is decoded structurally and every
 * Stacks transaction must be a canonical transfer, call or deployment. Throws only DecodeError.
 */
export function readBody(r: ByteReader): BlockBody {
  const n = r.count(SIGNED_RECEIPT_SIZE);
  if (n > MAX_BLOCK_RECORDS) throw new DecodeError('body-too-many-receipts', `${n}`);
  const receipts: SignedReceipt[] = new Array(n);
  for (let i = 0; i < n; i++) receipts[i] = decodeSignedReceipt(r.bytes(SIGNED_RECEIPT_SIZE));
  const m = r.count(1);
  if (m > MAX_BLOCK_STACKS_TXS) throw new DecodeError('body-too-many-stacks-txs', `${m}`);
  const stacksTxs: Uint8Array[] = new Array(m);
  for (let i = 0; i < m; i++) {
    const len = r.compactSize();
    if (len > MAX_STACKS_TX_BYTES) throw new DecodeError('stacks-tx-too-large', `${len} bytes`);
    const t = r.bytes(len).slice();
    decodeStacksTx(t);
    stacksTxs[i] = t;
  }
  return { receipts, stacksTxs };
}

export function decodeBody(bytes: Uint8Array): BlockBody {
  if (bytes.length > MAX_BLOCK_BODY_BYTES) throw new DecodeError('body-too-large', `${bytes.length} bytes`);
  const r = new ByteReader(bytes);
  const b = readBody(r);
  r.end();
  return b;
}

/** A whole block on the wire: header then body. */
export function encodeBlock(b: Block): Uint8Array {
  const body = encodeBody(b.body);
  const w = new ByteWriter(400 + body.length);
  writeHeader(w, b.header);
  w.bytes(body);
  return w.finish();
}

export function decodeBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes);
  const header = readHeader(r);
  if (r.remaining > MAX_BLOCK_BODY_BYTES) throw new DecodeError('body-too-large', `${r.remaining} bytes`);
  const body = readBody(r);
  r.end();
  return { header, body };
}
