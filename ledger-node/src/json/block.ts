import type { AddressPrefixes } from '../address/networks.js';
import type { HeaderInfo } from '../chain/chain-state.js';
import type { BlockUndo } from '../chain/undo.js';
import { type Block, blockSize, blockStrippedSize, blockWeight } from '../wire/block.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import { encodeHeader } from '../wire/header.js';
import { encodeTx, isCoinbase, txid } from '../wire/tx.js';
import { amountToJson } from './amount.js';
import { difficultyFromBits } from './difficulty.js';
import { type TxJson, txToJson } from './tx.js';

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
          const fee = spent
            ? {
                fee: amountToJson(
                  spent.reduce((s, coin) => s + coin.output.value, 0n) -
                    tx.outputs.reduce((s, o) => s + o.value, 0n),
                ),
              }
            : {};
          return { ...txToJson(tx, prefixes), ...fee, hex: toHex(encodeTx(tx)) };
        });
  return {
    hash: head.hash,
    confirmations: head.confirmations,
    size: blockSize(block),
    strippedsize: blockStrippedSize(block),
    weight: blockWeight(block),
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
