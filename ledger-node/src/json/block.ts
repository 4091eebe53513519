import type { HeaderInfo } from '../chain/chain-state.js';
import type { BlockUndo } from '../chain/undo.js';
import type { AddressPrefixes } from '../params/address-prefixes.js';
import { type Block, blockSize, blockStrippedSize } from '../wire/block.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import { encodeHeader } from '../wire/header.js';
import {
  encodeTx,
  isCoinbase,
  type Transaction,
  txid,
  txSize,
  WITNESS_SCALE_FACTOR,
  writeTx,
} from '../wire/tx.js';
import { ByteWriter } from '../wire/writer.js';
import { amountToJson } from './amount.js';
import { difficultyFromBits } from './difficulty.js';
import { type TxJson, txToJson } from './tx.js';

const TX_SCRATCH_BYTES = 1 << 16;
// blockToJson serializes each transaction here rather than into a new buffer and a copy of it:
// allocations were a tenth of a 2,000-transaction getblock. txToJson never writes into it.
const TX_WRITER = new ByteWriter(4096);

/** A transaction's serialization: a view into TX_WRITER, valid until the next call (a copy above 64 KiB). */
function serialized(tx: Transaction): Uint8Array {
  if (txSize(tx) > TX_SCRATCH_BYTES) return encodeTx(tx);
  writeTx(TX_WRITER.reset(), tx);
  return TX_WRITER.view();
}

export interface HeaderJson {
  hash: string;
  confirmations: number;
  height: number;
  version: number;
  versionHex: string;
  merkleroot: string;
  time: number;
  mediantime: number;
  nonce: number;
  bits: string;
  difficulty: number;
  chainwork: string;
  nTx: number;
  previousblockhash?: string;
  nextblockhash?: string;
}

/** getblockheader's verbose result (Core's blockheaderToJSON). `next` is the active chain's next block. */
export function headerToJson(info: HeaderInfo, next?: Uint8Array): HeaderJson {
  const h = info.header;
  return {
    hash: info.hashHex,
    confirmations: info.confirmations,
    height: info.height,
    version: h.version,
    versionHex: (h.version >>> 0).toString(16).padStart(8, '0'),
    merkleroot: hashToHex(h.merkleRoot),
    time: h.time,
    mediantime: info.medianTimePast,
    nonce: h.nonce,
    bits: h.bits.toString(16).padStart(8, '0'),
    difficulty: difficultyFromBits(h.bits),
    chainwork: info.chainWork.toString(16).padStart(64, '0'),
    nTx: info.nTx,
    ...(info.height > 0 ? { previousblockhash: hashToHex(h.prevBlock) } : {}),
    ...(next ? { nextblockhash: hashToHex(next) } : {}),
  };
}

export function headerHex(info: HeaderInfo): string {
  return toHex(encodeHeader(info.header));
}

/**
 * getblock's verbose results (Core's blockToJSON): verbosity 1 lists txids, 2 full transactions
 * with their fee when the block's undo data is at hand.
 */
export function blockToJson(
  block: Block,
  info: HeaderInfo,
  verbosity: 1 | 2,
  prefixes: AddressPrefixes,
  next?: Uint8Array,
  undo?: BlockUndo,
) {
  const { nTx: _nTx, ...head } = headerToJson(info, next);
  const txs =
    verbosity === 1
      ? block.txs.map((tx) => hashToHex(txid(tx)))
      : block.txs.map((tx, i): TxJson & { fee?: number; hex: string } => {
          const spent = undo && !isCoinbase(tx) ? undo[i - 1] : undefined;
          // One serialization gives the hex, the wtxid and the sizes; the fee and the hex are added
          // to the object txToJson built (the key order of spreading it into a new one).
          const raw = serialized(tx);
          const json: TxJson & { fee?: number; hex?: string } = txToJson(tx, prefixes, raw);
          if (spent) {
            json.fee = amountToJson(
              spent.reduce((s, coin) => s + coin.output.value, 0n) -
                tx.outputs.reduce((s, o) => s + o.value, 0n),
            );
          }
          json.hex = toHex(raw);
          return json as TxJson & { fee?: number; hex: string };
        });
  // blockWeight's formula from the two sizes, rather than a second walk over every transaction.
  const size = blockSize(block);
  const strippedsize = blockStrippedSize(block);
  return {
    hash: head.hash,
    confirmations: head.confirmations,
    size,
    strippedsize,
    weight: strippedsize * (WITNESS_SCALE_FACTOR - 1) + size,
    height: head.height,
    version: head.version,
    versionHex: head.versionHex,
    merkleroot: head.merkleroot,
    tx: txs,
    time: head.time,
    mediantime: head.mediantime,
    nonce: head.nonce,
    bits: head.bits,
    difficulty: head.difficulty,
    chainwork: head.chainwork,
    nTx: block.txs.length,
    ...(head.previousblockhash ? { previousblockhash: head.previousblockhash } : {}),
    ...(head.nextblockhash ? { nextblockhash: head.nextblockhash } : {}),
  };
}
