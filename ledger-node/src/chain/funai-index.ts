import type { FunaiOp } from '../funai/envelope.js';
import { findFunaiOp, isOpReturnScript } from '../funai/envelope.js';
import type { Block } from '../wire/block.js';
import { ByteReader } from '../wire/reader.js';
import type { TxOut } from '../wire/tx.js';
import { txid } from '../wire/tx.js';
import { ByteWriter } from '../wire/writer.js';

/** One FUN AI op found in a block of the active chain, with what its transaction pays. */
export interface IndexedFunaiOp {
  /** Position of the transaction in the block. */
  txIndex: number;
  /** Internal byte order. */
  txid: Uint8Array;
  /** Index of the OP_RETURN output that carries the op. */
  vout: number;
  op: FunaiOp;
  /** Every output of the transaction, in order (the op's output included, usually with value 0). */
  outputs: TxOut[];
}

/** The ops of the block at one height of the active chain (funai column, key = height u32 BE). */
export interface FunaiBlockOps {
  height: number;
  /** Internal byte order. */
  blockHash: Uint8Array;
  ops: IndexedFunaiOp[];
}

export function funaiKey(height: number): Uint8Array {
  const k = new Uint8Array(4);
  new DataView(k.buffer).setUint32(0, height, false);
  return k;
}

/** The ops of a block, in transaction order; `txids` may be passed when already computed. */
export function extractFunaiOps(block: Block, txids?: readonly Uint8Array[]): IndexedFunaiOp[] {
  const ops: IndexedFunaiOp[] = [];
  block.txs.forEach((tx, i) => {
    const op = findFunaiOp(tx);
    if (op === null) return;
    const vout = tx.outputs.findIndex((o) => isOpReturnScript(o.scriptPubKey));
    ops.push({ txIndex: i, txid: txids?.[i] ?? txid(tx), vout, op, outputs: tx.outputs });
  });
  return ops;
}

/**
 * blockHash(32) | CompactSize n | n × (txIndex u32 | txid 32 | vout u32 | op u8 | version u8 |
 * body varbytes | CompactSize m | m × (value i64 | scriptPubKey varbytes)).
 */
export function encodeFunaiBlockOps(blockHash: Uint8Array, ops: readonly IndexedFunaiOp[]): Uint8Array {
  const w = new ByteWriter(64 + ops.length * 128);
  w.bytes(blockHash).compactSize(ops.length);
  for (const o of ops) {
    w.u32le(o.txIndex).bytes(o.txid).u32le(o.vout).u8(o.op.op).u8(o.op.version).varBytes(o.op.body);
    w.compactSize(o.outputs.length);
    for (const out of o.outputs) w.i64le(out.value).varBytes(out.scriptPubKey);
  }
  return w.finish();
}

export function decodeFunaiBlockOps(height: number, bytes: Uint8Array): FunaiBlockOps {
  const r = new ByteReader(bytes);
  const blockHash = r.bytes(32).slice();
  const n = r.count(43);
  const ops: IndexedFunaiOp[] = [];
  for (let i = 0; i < n; i++) {
    const txIndex = r.u32le();
    const id = r.bytes(32).slice();
    const vout = r.u32le();
    const op = r.u8();
    const version = r.u8();
    const body = r.varBytes().slice();
    const m = r.count(9);
    const outputs: TxOut[] = [];
    for (let k = 0; k < m; k++) outputs.push({ value: r.i64le(), scriptPubKey: r.varBytes().slice() });
    ops.push({ txIndex, txid: id, vout, op: { op, version, body }, outputs });
  }
  r.end();
  return { height, blockHash, ops };
}
