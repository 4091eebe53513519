import { sha256d } from '../crypto/hash.js';
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
  if (withWitness && hasWitness(tx)) {
    n += 2;
    for (const i of tx.inputs) {
      n += compactSizeLength(i.witness.length);
      for (const item of i.witness) n += compactSizeLength(item.length) + item.length;
    }
  }
  return n;
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
  return { txid: txid(tx), wtxid: bytes.length === txSize(tx, true) ? sha256d(bytes) : wtxid(tx) };
}
