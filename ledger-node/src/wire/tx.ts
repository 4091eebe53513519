import { sha256d } from '../crypto/hash.js';
import { sha256dHasher } from '../crypto/sha256-multi.js';
import { DecodeError } from './errors.js';
import { ByteReader } from './reader.js';
import { ByteWriter, compactSizeLength } from './writer.js';

/** A reference to an output: the txid in internal byte order (as hashed, not as displayed). */
export interface OutPoint {
  txid: Uint8Array;
  vout: number;
}

export interface TxIn {
  prevout: OutPoint;
  scriptSig: Uint8Array;
  sequence: number;
  /** BIP141 witness stack; empty when the input has none. */
  witness: Uint8Array[];
}

export interface TxOut {
  /** Base units (1 FAI = 10^8). Signed 64-bit on the wire, so a decoded value can be negative. */
  value: bigint;
  scriptPubKey: Uint8Array;
}

export interface Transaction {
  version: number;
  inputs: TxIn[];
  outputs: TxOut[];
  locktime: number;
}

export const WITNESS_SCALE_FACTOR = 4;
export const SEQUENCE_FINAL = 0xffffffff;
export const NULL_TXID = new Uint8Array(32);
/** Smallest encodings: an input (outpoint, empty script, sequence) and an output (value, empty script). */
const MIN_TXIN_BYTES = 41;
const MIN_TXOUT_BYTES = 9;

export function hasWitness(tx: Transaction): boolean {
  return tx.inputs.some((i) => i.witness.length > 0);
}

export function isCoinbase(tx: Transaction): boolean {
  const first = tx.inputs[0];
  return (
    tx.inputs.length === 1 &&
    first !== undefined &&
    first.prevout.vout === 0xffffffff &&
    isNullHash(first.prevout.txid)
  );
}

export function isNullHash(h: Uint8Array): boolean {
  for (let i = 0; i < h.length; i++) if (h[i] !== 0) return false;
  return true;
}

export function writeTx(w: ByteWriter, tx: Transaction, withWitness = true): void {
  const witness = withWitness && hasWitness(tx);
  w.i32le(tx.version);
  if (witness) w.u8(0).u8(1);
  w.compactSize(tx.inputs.length);
  for (const i of tx.inputs) {
    w.bytes(i.prevout.txid).u32le(i.prevout.vout).varBytes(i.scriptSig).u32le(i.sequence);
  }
  w.compactSize(tx.outputs.length);
  for (const o of tx.outputs) w.i64le(o.value).varBytes(o.scriptPubKey);
  if (witness) {
    for (const i of tx.inputs) {
      w.compactSize(i.witness.length);
      for (const item of i.witness) w.varBytes(item);
    }
  }
  w.u32le(tx.locktime);
}

/** BIP144 serialization; `withWitness: false` gives the legacy form that the txid hashes. */
export function encodeTx(tx: Transaction, withWitness = true): Uint8Array {
  const w = new ByteWriter(txSize(tx, withWitness));
  writeTx(w, tx, withWitness);
  return w.finish();
}

function readTxIns(r: ByteReader): TxIn[] {
  const n = r.count(MIN_TXIN_BYTES);
  const ins: TxIn[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const txid = r.bytes(32).slice();
    const vout = r.u32le();
    const scriptSig = r.varBytes().slice();
    const sequence = r.u32le();
    ins[k] = { prevout: { txid, vout }, scriptSig, sequence, witness: [] };
  }
  return ins;
}

function readTxOuts(r: ByteReader): TxOut[] {
  const n = r.count(MIN_TXOUT_BYTES);
  const outs: TxOut[] = new Array(n);
  for (let k = 0; k < n; k++) outs[k] = { value: r.i64le(), scriptPubKey: r.varBytes().slice() };
  return outs;
}

/**
 * Reads one transaction at the reader's position, with Bitcoin Core's rules for the BIP144 marker.
 * `allowWitness: false` reads the legacy form only, where an empty input list is just that.
 */
export function readTx(r: ByteReader, allowWitness = true): Transaction {
  const version = r.i32le();
  let flags = 0;
  let inputs = readTxIns(r);
  let outputs: TxOut[] = [];
  if (inputs.length === 0 && allowWitness) {
    // An empty input list is the BIP144 marker; the next byte is the flag.
    flags = r.u8();
    if (flags !== 0) {
      inputs = readTxIns(r);
      outputs = readTxOuts(r);
    }
  } else {
    outputs = readTxOuts(r);
  }
  if (flags & 1) {
    flags ^= 1;
    for (const i of inputs) {
      const n = r.count(1);
      const stack: Uint8Array[] = new Array(n);
      for (let k = 0; k < n; k++) stack[k] = r.varBytes().slice();
      i.witness = stack;
    }
    if (!inputs.some((i) => i.witness.length > 0)) throw new DecodeError('superfluous-witness-record');
  }
  if (flags) throw new DecodeError('unknown-optional-data', 'unknown transaction optional data');
  const locktime = r.u32le();
  return { version, inputs, outputs, locktime };
}

/** Decodes exactly one transaction; trailing bytes are an error. */
export function decodeTx(bytes: Uint8Array, allowWitness = true): Transaction {
  const r = new ByteReader(bytes);
  const tx = readTx(r, allowWitness);
  r.end();
  return tx;
}

export function txSize(tx: Transaction, withWitness = true): number {
  let n = 4 + compactSizeLength(tx.inputs.length) + compactSizeLength(tx.outputs.length) + 4;
  for (const i of tx.inputs) n += 40 + compactSizeLength(i.scriptSig.length) + i.scriptSig.length;
  for (const o of tx.outputs) n += 8 + compactSizeLength(o.scriptPubKey.length) + o.scriptPubKey.length;
  return withWitness ? n + witnessSize(tx) : n;
}

/** BIP141 weight: base size × 3 + total size. */
export function txWeight(tx: Transaction): number {
  return txSize(tx, false) * (WITNESS_SCALE_FACTOR - 1) + txSize(tx, true);
}

/** Virtual size, rounded up as bitcoind reports it. */
export function txVsize(tx: Transaction): number {
  return Math.ceil(txWeight(tx) / WITNESS_SCALE_FACTOR);
}

/** Transactions up to this size are hashed in HASH_WRITER; larger ones get a writer of their own. */
const HASH_SCRATCH_BYTES = 1 << 16;
// txids and wtxids are computed many times per block and per mempool transaction: one writer,
// reused (hashing is synchronous, and each worker thread has its own module instance), saves an
// allocation per hash, and the bytes are hashed in place instead of copied out.
const HASH_WRITER = new ByteWriter(4096);

/** SHA-256d of a serialization, hashed where it was written. */
function hashTx(tx: Transaction, withWitness: boolean): Uint8Array {
  const size = txSize(tx, withWitness);
  const w = size <= HASH_SCRATCH_BYTES ? HASH_WRITER.reset() : new ByteWriter(size);
  writeTx(w, tx, withWitness);
  return sha256d(w.view());
}

/** Transaction id (internal byte order): SHA-256d of the serialization without witness. */
export function txid(tx: Transaction): Uint8Array {
  return hashTx(tx, false);
}

/** Witness transaction id (BIP141); equals the txid for a transaction without witness. */
export function wtxid(tx: Transaction): Uint8Array {
  return hashTx(tx, true);
}

/** A transaction's txid and wtxid (the same array when it has no witness). */
export interface TxIds {
  txid: Uint8Array;
  wtxid: Uint8Array;
}

/**
 * The ids of `tx`, decoded from `bytes` (as received: a `tx` message, sendrawtransaction's hex).
 * The bytes are hashed where they lie when they are the serialization the id hashes (always, for
 * bytes decodeTx accepted): the wtxid of a witness transaction and the txid of one without witness
 * need no second encoding.
 */
export function txIdsFromBytes(bytes: Uint8Array, tx: Transaction): TxIds {
  if (!hasWitness(tx)) {
    const id = bytes.length === txSize(tx, false) ? sha256d(bytes) : txid(tx);
    return { txid: id, wtxid: id };
  }
  if (bytes.length !== txSize(tx, true) || bytes[4] !== 0 || bytes[5] !== 1)
    return { txid: txid(tx), wtxid: wtxid(tx) };
  // Both ids from the bytes, in one batch of two (a third cheaper than two node:crypto calls).
  const hasher = sha256dHasher();
  hasher.begin();
  addStripped(bytes, 0, txSize(tx, false), bytes.length);
  hasher.add(bytes);
  const ids = Buffer.allocUnsafe(64);
  hasher.finish(ids);
  return { txid: ids.subarray(0, 32), wtxid: ids.subarray(32) };
}

/** Adds the serialization of `tx` to the hasher's batch. */
function addTx(tx: Transaction, withWitness: boolean): void {
  const size = txSize(tx, withWitness);
  const w = size <= HASH_SCRATCH_BYTES ? HASH_WRITER.reset() : new ByteWriter(size);
  writeTx(w, tx, withWitness);
  sha256dHasher().add(w.view());
}

/**
 * The txids (or, `withWitness`, the wtxids) of `txs` hashed as one batch (crypto/sha256-multi:
 * four at a time in WebAssembly SIMD lanes where the runtime has them), laid end to end: id i at
 * bytes [32 i, 32 i + 32). In a Buffer, as txid() gives, whose subarrays are Buffers too: ids
 * compare equal (deep equality tells a Buffer from a Uint8Array) however computed.
 */
export function txHashesConcat(txs: readonly Transaction[], withWitness: boolean): Uint8Array {
  const hasher = sha256dHasher();
  hasher.begin();
  for (const tx of txs) addTx(tx, withWitness);
  const out = Buffer.allocUnsafe(32 * txs.length);
  hasher.finish(out);
  return out;
}

/**
 * Adds to the hasher's batch the serialization without witness of the witness transaction
 * serialized in bytes [at, at + size), `base` bytes long: its version, its inputs and outputs (after
 * the marker and flag) and its locktime (after the witnesses), as BIP144 lays them out.
 */
function addStripped(bytes: Uint8Array, at: number, base: number, size: number): void {
  const hasher = sha256dHasher();
  const to = hasher.reserve(base);
  const b = hasher.bytes;
  // Byte by byte for the 4-byte pieces: a subarray each would cost more than the copy.
  for (let k = 0; k < 4; k++) {
    b[to + k] = bytes[at + k]!;
    b[to + base - 4 + k] = bytes[at + size - 4 + k]!;
  }
  b.set(bytes.subarray(at + 6, at + base - 2), to + 4);
}

/** The bytes the witness adds to a transaction's serialization (marker, flag, stacks): 0 without. */
function witnessSize(tx: Transaction): number {
  if (!hasWitness(tx)) return 0;
  let n = 2;
  for (const i of tx.inputs) {
    n += compactSizeLength(i.witness.length);
    for (const item of i.witness) n += compactSizeLength(item.length) + item.length;
  }
  return n;
}

/** The 32-byte ids laid end to end in `ids`, as views of it. */
export function splitIds(ids: Uint8Array): Uint8Array[] {
  const n = ids.length >> 5;
  const list: Uint8Array[] = new Array(n);
  for (let i = 0; i < n; i++) list[i] = ids.subarray(32 * i, 32 * i + 32);
  return list;
}

/** txid of each transaction, hashed as one batch (txid() one at a time costs ~8× more). */
export function txidsOf(txs: readonly Transaction[]): Uint8Array[] {
  return splitIds(txHashesConcat(txs, false));
}

/** wtxid of each transaction, hashed as one batch. */
export function wtxidsOf(txs: readonly Transaction[]): Uint8Array[] {
  return splitIds(txHashesConcat(txs, true));
}

/** The ids of many transactions: `txids[i]` and `wtxids[i]` (the same array without witness). */
export interface TxIdLists {
  txids: Uint8Array[];
  wtxids: Uint8Array[];
}

/** scanTx's second result: the size without witness of the witness transaction it read, else -1. */
let scannedBase = -1;

/**
 * The end of the transaction serialized at `at` in `bytes`, read as readTx lays it out (BIP144's
 * marker and flag, then the witnesses after the outputs); -1 where the bytes do not hold one. Sets
 * `scannedBase`. Reads lengths only: a block's ids need its transactions' bounds, and sizing the
 * decoded transactions (txSize) cost a quarter of computing them.
 */
function scanTx(bytes: Uint8Array, at: number): number {
  const length = bytes.length;
  let p = at + 4;
  /** A CompactSize at p (advancing p); -1 past the end or beyond 32 bits. */
  const compact = (): number => {
    if (p >= length) return -1;
    const b = bytes[p]!;
    if (b < 0xfd) {
      p += 1;
      return b;
    }
    if (b === 0xfd) {
      p += 3;
      return bytes[p - 2]! | (bytes[p - 1]! << 8);
    }
    if (b === 0xfe) {
      p += 5;
      return (bytes[p - 4]! | (bytes[p - 3]! << 8) | (bytes[p - 2]! << 16) | (bytes[p - 1]! << 24)) >>> 0;
    }
    return -1;
  };
  const witness = bytes[p] === 0 && bytes[p + 1] === 1;
  if (witness) p += 2;
  const inputs = compact();
  for (let k = 0; k < inputs && p < length; k++) {
    p += 36;
    const script = compact();
    if (script < 0) return -1;
    p += script + 4;
  }
  const outputs = compact();
  for (let k = 0; k < outputs && p < length; k++) {
    p += 8;
    const script = compact();
    if (script < 0) return -1;
    p += script;
  }
  if (inputs < 0 || outputs < 0) return -1;
  scannedBase = witness ? p - at + 2 : -1;
  if (witness) {
    for (let k = 0; k < inputs && p < length; k++) {
      const items = compact();
      for (let j = 0; j < items && p < length; j++) {
        const item = compact();
        if (item < 0) return -1;
        p += item;
      }
    }
  }
  p += 4;
  return p <= length ? p : -1;
}

/**
 * The txids and wtxids of `txs`, decoded from their serializations laid end to end in `bytes` from
 * `offset` (a block's transactions), hashed as one batch from the bytes where they lie: no
 * transaction is encoded again. A witness transaction's txid hashes its bytes less the marker, flag
 * and witnesses (BIP144). When the bytes are not exactly the transactions' serializations the ids
 * are computed from the transactions.
 */
export function txIdsFromConcatBytes(
  bytes: Uint8Array,
  offset: number,
  txs: readonly Transaction[],
): TxIdLists {
  const n = txs.length;
  const sizes = new Int32Array(n);
  const baseSizes = new Int32Array(n);
  let end = offset;
  for (let i = 0; i < n && end >= 0; i++) {
    const next = scanTx(bytes, end);
    if (next < 0) end = -1;
    else {
      sizes[i] = next - end;
      baseSizes[i] = scannedBase < 0 ? sizes[i]! : scannedBase;
      end = next;
    }
  }
  if (end !== bytes.length) {
    const txids = txidsOf(txs);
    const wtxids = wtxidsOf(txs);
    for (let i = 0; i < n; i++) if (!hasWitness(txs[i]!)) wtxids[i] = txids[i]!;
    return { txids, wtxids };
  }
  const hasher = sha256dHasher();
  hasher.begin();
  let witnessTxs = 0;
  for (let i = 0, at = offset; i < n; at += sizes[i++]!) {
    const base = baseSizes[i]!;
    if (base === sizes[i]) {
      hasher.add(bytes.subarray(at, at + base));
      continue;
    }
    witnessTxs++;
    addStripped(bytes, at, base, sizes[i]!);
  }
  for (let i = 0, at = offset; i < n; at += sizes[i++]!) {
    if (baseSizes[i] !== sizes[i]) hasher.add(bytes.subarray(at, at + sizes[i]!));
  }
  const ids = Buffer.allocUnsafe(32 * (n + witnessTxs));
  hasher.finish(ids);
  const txids = splitIds(ids.subarray(0, 32 * n));
  const wtxids = txids.slice();
  let k = n;
  for (let i = 0; i < n; i++) {
    if (baseSizes[i] === sizes[i]) continue;
    wtxids[i] = ids.subarray(32 * k, 32 * k + 32);
    k++;
  }
  return { txids, wtxids };
}
