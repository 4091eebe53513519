/**
 * The UTXO view the input rules read. The chain state implements it over its database (and a block
 * being connected layers its own spends and outputs over it); consensus code only ever reads it.
 */
import { toHex } from '../wire/bytes.js';
import type { OutPoint, TxOut } from '../wire/tx.js';

/** An unspent output and where it came from (Core's Coin). */
export interface Coin {
  output: TxOut;
  /** Height of the block that created it. */
  height: number;
  /** Created by a coinbase: unspendable until COINBASE_MATURITY blocks later. */
  isCoinbase: boolean;
}

export interface CoinView {
  /** The unspent coin at `outpoint`, or undefined when it does not exist or is spent. */
  getCoin(outpoint: OutPoint): Coin | undefined;
  /**
   * The same, for a caller that has the outpoint's `outpointKey` already (connecting a block looks
   * every input up through two views: the key is made once).
   */
  getCoinByKey?(key: string, outpoint: OutPoint): Coin | undefined;
  /** The outpointKey of an outpoint object the view has made it for already (the same string). */
  keyOf?(outpoint: OutPoint): string | undefined;
}

/** A map key for an outpoint: the txid in internal byte order, in hex, and the index. */
export function outpointKey(outpoint: OutPoint): string {
  return outpointKeyOfHex(toHex(outpoint.txid), outpoint.vout);
}

/** outpointKey from the txid's hex (made once for all outputs of a transaction). */
export function outpointKeyOfHex(txidHex: string, vout: number): string {
  return `${txidHex}:${vout}`;
}

export interface OutPointCoin {
  outpoint: OutPoint;
  coin: Coin;
}
