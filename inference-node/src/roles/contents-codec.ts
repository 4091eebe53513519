import { ByteReader, ByteWriter, DecodeError, toHex } from '@funai/ledger-node';
import { FINISH_REASONS } from '../llm/request/types.js';
import { MAX_TX_BYTES, MAX_TX_OUTPUT_TOKENS } from '../tx/limits.js';
import { SIGNED_RECEIPT_SIZE } from '../tx/receipt.js';
import {
  CONTENTS_BATCH_RECORDS,
  type ContentsProvider,
  MAX_CONTENTS_REPLY_BYTES,
  type RecordContents,
} from './verifier.js';

/**
 * Wire forms of a contents request and its reply (docs/protocol.md §16.9), for the daemon's
 * request/response protocol. Integers little-endian, counts CompactSize (§15 conventions).
 *
 *   request = blockHash:32 | count:CompactSize (1 … CONTENTS_BATCH_RECORDS) | count × txId:32
 *   reply   = count:CompactSize (= the request's) | count × record
 *   record  = 0x00 (not held) | 0x01 | tx:CompactSize length (≤ MAX_TX_BYTES) + bytes | receipt:207
 *             | finishReason:u8 (0 stop-token, 1 stop-string, 2 length) | tokenCount:CompactSize
 *             (≤ MAX_TX_OUTPUT_TOKENS) | tokenCount × token:u32
 *
 * Decoders are bounded: the input size is capped first (a request's exact size, a reply's
 * MAX_CONTENTS_REPLY_BYTES), every length against its cap and the bytes left before anything is read.
 * They throw only DecodeError; a reply that does not decode is a bad answer (ban the peer).
 */

export interface ContentsRequest {
  blockHash: Uint8Array;
  txIds: Uint8Array[];
}

export function encodeContentsRequest(blockHash: Uint8Array, txIds: readonly Uint8Array[]): Uint8Array {
  if (blockHash.length !== 32) throw new RangeError('a block hash is 32 bytes');
  if (txIds.length < 1 || txIds.length > CONTENTS_BATCH_RECORDS)
    throw new RangeError(`a request asks for 1 … ${CONTENTS_BATCH_RECORDS} records`);
  const w = new ByteWriter(33 + 32 * txIds.length).bytes(blockHash).compactSize(txIds.length);
  for (const id of txIds) {
    if (id.length !== 32) throw new RangeError('a transaction id is 32 bytes');
    w.bytes(id);
  }
  return w.finish();
}

export function decodeContentsRequest(bytes: Uint8Array): ContentsRequest {
  if (bytes.length > 33 + 32 * CONTENTS_BATCH_RECORDS)
    throw new DecodeError('contents-request-too-large', `${bytes.length} bytes`);
  const r = new ByteReader(bytes);
  const blockHash = r.bytes(32).slice();
  const n = r.count(32);
  if (n < 1 || n > CONTENTS_BATCH_RECORDS) throw new DecodeError('contents-request-count', `${n}`);
  const txIds: Uint8Array[] = [];
  for (let i = 0; i < n; i++) txIds.push(r.bytes(32).slice());
  r.end();
  return { blockHash, txIds };
}

export function encodeContentsReply(records: readonly (RecordContents | null)[]): Uint8Array {
  if (records.length > CONTENTS_BATCH_RECORDS) throw new RangeError('too many records in a reply');
  const w = new ByteWriter(1024);
  w.compactSize(records.length);
  for (const c of records) {
    if (c === null) {
      w.u8(0);
      continue;
    }
    if (c.tx.length > MAX_TX_BYTES) throw new RangeError('transaction too large');
    if (c.receipt.length !== SIGNED_RECEIPT_SIZE) throw new RangeError('a signed receipt is 207 bytes');
    const finish = FINISH_REASONS.indexOf(c.output.finishReason);
    if (finish < 0) throw new RangeError('unknown finish reason');
    if (c.output.tokens.length > MAX_TX_OUTPUT_TOKENS) throw new RangeError('too many tokens');
    w.u8(1).varBytes(c.tx).bytes(c.receipt).u8(finish).compactSize(c.output.tokens.length);
    for (const t of c.output.tokens) w.u32le(t);
  }
  const out = w.finish();
  if (out.length > MAX_CONTENTS_REPLY_BYTES) throw new RangeError('reply too large');
  return out;
}

/** Decodes a reply to a request for `expected` records. */
export function decodeContentsReply(bytes: Uint8Array, expected: number): (RecordContents | null)[] {
  if (bytes.length > MAX_CONTENTS_REPLY_BYTES)
    throw new DecodeError('contents-reply-too-large', `${bytes.length} bytes`);
  const r = new ByteReader(bytes);
  const n = r.count(1);
  if (n !== expected) throw new DecodeError('contents-reply-count', `${n} records for ${expected} asked`);
  const out: (RecordContents | null)[] = [];
  for (let i = 0; i < n; i++) {
    const present = r.u8();
    if (present === 0) {
      out.push(null);
      continue;
    }
    if (present !== 1) throw new DecodeError('contents-record-flag', `${present}`);
    const len = r.compactSize();
    if (len > MAX_TX_BYTES) throw new DecodeError('contents-tx-too-large', `${len} bytes`);
    const tx = r.bytes(len).slice();
    const receipt = r.bytes(SIGNED_RECEIPT_SIZE).slice();
    const finishReason = FINISH_REASONS[r.u8()];
    if (finishReason === undefined) throw new DecodeError('contents-finish-reason');
    const count = r.count(4);
    if (count > MAX_TX_OUTPUT_TOKENS) throw new DecodeError('contents-too-many-tokens', `${count}`);
    const tokens: number[] = new Array(count);
    for (let k = 0; k < count; k++) tokens[k] = r.u32le();
    out.push({ tx, receipt, output: { tokens, finishReason } });
  }
  r.end();
  return out;
}

/**
 * The serving side: answers a contents request from `lookup` (the node's records by block and transaction
 * id, hex). Throws DecodeError for a malformed request (the asking peer's fault).
 */
export function serveContents(
  request: Uint8Array,
  lookup: (blockHashHex: string, txIdHex: string) => RecordContents | null,
): Uint8Array {
  const { blockHash, txIds } = decodeContentsRequest(request);
  const block = toHex(blockHash);
  return encodeContentsReply(txIds.map((id) => lookup(block, toHex(id))));
}

/** A byte transport to peers (the daemon's libp2p request/response stream). */
export interface ContentsTransport {
  /**
   * Sends a request to a peer and resolves with its reply, or null when the peer gave none (no stream,
   * closed, timed out). It must stop reading at MAX_CONTENTS_REPLY_BYTES + 1 bytes.
   */
  request(peer: string, bytes: Uint8Array, signal: AbortSignal): Promise<Uint8Array | null>;
}

export interface PeerContentsOptions {
  transport: ContentsTransport;
  /** Peers to ask for a block's contents, best first (its producer, then the executors, then others). */
  peers: (blockHashHex: string) => readonly string[];
  /** A reply that does not decode, or is larger than allowed: ban or score the peer. */
  onBadReply?: (peer: string, reason: string) => void;
}

/**
 * A ContentsProvider over a byte transport: asks the block's peers in order (skipping the excluded ones)
 * until one answers with a reply that decodes; that peer is the reply's `source`. With no answer, every
 * record is missing (`source` null).
 */
export function peerContentsProvider(o: PeerContentsOptions): ContentsProvider {
  return async (blockHash, txIds, { signal, exclude }) => {
    const bytes = encodeContentsRequest(blockHash, txIds);
    for (const peer of o.peers(toHex(blockHash))) {
      if (exclude.includes(peer)) continue;
      if (signal.aborted) break;
      const reply = await o.transport.request(peer, bytes, signal).catch(() => null);
      if (reply === null) continue;
      try {
        return { source: peer, records: decodeContentsReply(reply, txIds.length) };
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        o.onBadReply?.(peer, e.reason);
      }
    }
    return { source: null, records: txIds.map(() => null) };
  };
}
