import type { BlockHeader } from './header.js';
import { HEADER_SIZE, readHeader, writeHeader } from './header.js';
import { ByteReader } from './reader.js';
import type { Transaction, TxIdLists } from './tx.js';
import { readTx, txIdsFromConcatBytes, txSize, WITNESS_SCALE_FACTOR, writeTx } from './tx.js';
import { ByteWriter, compactSizeLength } from './writer.js';

/** BIP141 block weight limit (weight = base size × 3 + total size). */
export const MAX_BLOCK_WEIGHT = 4_000_000;

export interface Block {
  header: BlockHeader;
  txs: Transaction[];
}

/** Smallest serialized transaction: version, one-byte input and output counts (zero), locktime. */
const MIN_TX_BYTES = 10;

export function writeBlock(w: ByteWriter, block: Block, withWitness = true): void {
  writeHeader(w, block.header);
  w.compactSize(block.txs.length);
  for (const tx of block.txs) writeTx(w, tx, withWitness);
}

/** Block serialization: header, CompactSize tx count, the transactions (BIP144 form unless told). */
export function encodeBlock(block: Block, withWitness = true): Uint8Array {
  const w = new ByteWriter(blockSize(block, withWitness));
  writeBlock(w, block, withWitness);
  return w.finish();
}

/** The tx count is bounded by the remaining input (each tx takes at least 10 bytes). */
export function readBlock(r: ByteReader): Block {
  return readBlockAt(r, false).block;
}

/** readBlock, and (when `record`) where each transaction begins in the reader's bytes, and the last ends. */
function readBlockAt(r: ByteReader, record: boolean): { block: Block; offsets: Uint32Array | undefined } {
  const header = readHeader(r);
  const n = r.count(MIN_TX_BYTES);
  const txs: Transaction[] = new Array(n);
  const offsets = record ? new Uint32Array(n + 1) : undefined;
  for (let i = 0; i < n; i++) {
    if (offsets !== undefined) offsets[i] = r.offset;
    txs[i] = readTx(r);
  }
  if (offsets !== undefined) offsets[n] = r.offset;
  return { block: { header, txs }, offsets };
}

/** Each block decodeBlock made, with the bytes it came from and where its transactions lie in them. */
const DECODED_FROM = new WeakMap<Block, { bytes: Uint8Array; offsets: Uint32Array }>();

/** Decodes exactly one block; trailing bytes are an error. */
export function decodeBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes);
  const { block, offsets } = readBlockAt(r, true);
  r.end();
  DECODED_FROM.set(block, { bytes, offsets: offsets! });
  return block;
}

/**
 * The serialization of each transaction of `block` as a view into `raw`, when decodeBlock made the
 * block from exactly these bytes (else undefined: the caller encodes the transactions itself).
 */
export function txBytesIn(block: Block, raw: Uint8Array): ((txIndex: number) => Uint8Array) | undefined {
  const d = DECODED_FROM.get(block);
  if (d === undefined || d.bytes !== raw) return undefined;
  const { offsets } = d;
  return (i) => raw.subarray(offsets[i]!, offsets[i + 1]!);
}

/**
 * The txids and wtxids of `block`, decoded from `raw`, hashed in one batch from those bytes (no
 * transaction is encoded again; crypto/sha256-multi): what the Merkle root and the witness root
 * (merkle.ts witnessMerkleRoot) are computed over.
 */
export function blockTxIdsFromBytes(raw: Uint8Array, block: Block): TxIdLists {
  return txIdsFromConcatBytes(raw, HEADER_SIZE + compactSizeLength(block.txs.length), block.txs);
}

/** Serialized size; `withWitness: false` is the stripped size (BIP141 base size). */
export function blockSize(block: Block, withWitness = true): number {
  let n = HEADER_SIZE + compactSizeLength(block.txs.length);
  for (const tx of block.txs) n += txSize(tx, withWitness);
  return n;
}

export function blockStrippedSize(block: Block): number {
  return blockSize(block, false);
}

/** BIP141 block weight: stripped size × 3 + total size. */
export function blockWeight(block: Block): number {
  return blockSize(block, false) * (WITNESS_SCALE_FACTOR - 1) + blockSize(block, true);
}
