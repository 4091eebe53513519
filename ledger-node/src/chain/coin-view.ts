import type { Coin, CoinView } from '../consensus/coins.js';
import { outpointKey } from '../consensus/coins.js';
import type { BlockConnection } from '../consensus/connect-block.js';
import type { Block } from '../wire/block.js';
import { toHex } from '../wire/bytes.js';
import type { OutPoint } from '../wire/tx.js';
import { isCoinbase } from '../wire/tx.js';
import { decodeCoin, outPointKey } from './coin.js';
import type { UtxoCache } from './utxo-cache.js';

/**
 * The UTXO changes of a block connected but whose script checks are still running (ChainState's
 * block in flight), by outpointKey: the next block is connected on top of them before their
 * verdict, and they reach the UTXO cache only once it is known.
 */
export class CoinOverlay {
  constructor(private readonly changes: BlockConnection['changes']) {}

  /** The coin at a key: a Coin when created, null when spent, undefined when the block left it alone. */
  lookup(key: string): Coin | null | undefined {
    return this.changes.get(key)?.coin;
  }
}

/**
 * The UTXO set as a block being connected sees it: the UTXO cache, read once per block with a single
 * multi-get of every input the block spends (RocksDB MultiGet for what the cache lacks), then served
 * from memory; with the changes of the block in flight below it, if any, on top.
 */
export class StoreCoinView implements CoinView {
  /** By outpointKey; null: absent. */
  private readonly cache = new Map<string, Coin | null>();
  /**
   * The key made for each input's outpoint object by prefetchBlock: the block's connection looks the
   * same objects up, and one string per outpoint is hashed once for every map it meets.
   */
  private readonly keys = new Map<OutPoint, string>();

  constructor(
    private readonly utxo: UtxoCache,
    /** The changes of the block in flight below this one, read before the cache. */
    private readonly above?: CoinOverlay,
  ) {}

  /**
   * Loads, in one multi-get, every coin connecting the block reads: the coins its inputs spend
   * (except those created earlier in the block, or by the block in flight) and, when `bip30` (see
   * bip30Enforced), its own outputs, which almost always miss.
   */
  prefetchBlock(block: Block, txids: readonly Uint8Array[], bip30: boolean): void {
    const inBlock = new Set<string>();
    for (const id of txids) inBlock.add(toHex(id));
    const keys: string[] = [];
    const outpoints: OutPoint[] = [];
    let answeredAbove = 0;
    const want = (key: string, outpoint: OutPoint) => {
      if (this.above?.lookup(key) !== undefined) {
        answeredAbove++;
        return;
      }
      keys.push(key);
      outpoints.push(outpoint);
    };
    block.txs.forEach((tx, i) => {
      if (!isCoinbase(tx)) {
        for (const input of tx.inputs) {
          const key = outpointKey(input.prevout);
          this.keys.set(input.prevout, key);
          // The key begins with the txid's hex (outpointKey).
          if (!inBlock.has(key.slice(0, key.indexOf(':')))) want(key, input.prevout);
        }
      }
      if (bip30)
        for (let vout = 0; vout < tx.outputs.length; vout++) {
          const outpoint = { txid: txids[i]!, vout };
          want(outpointKey(outpoint), outpoint);
        }
    });
    this.utxo.countHits(answeredAbove);
    const values = this.utxo.getManyByKey(keys, (i) => outPointKey(outpoints[i]!));
    for (let i = 0; i < keys.length; i++) {
      const v = values[i];
      this.cache.set(keys[i]!, v === undefined ? null : decodeCoin(v));
    }
  }

  keyOf(outpoint: OutPoint): string | undefined {
    return this.keys.get(outpoint);
  }

  getCoin(outpoint: OutPoint): Coin | undefined {
    return this.getCoinByKey(outpointKey(outpoint), outpoint);
  }

  getCoinByKey(key: string, outpoint: OutPoint): Coin | undefined {
    const above = this.above?.lookup(key);
    if (above !== undefined) return above ?? undefined;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const v = this.utxo.getManyByKey([key], () => outPointKey(outpoint))[0];
    const coin = v === undefined ? null : decodeCoin(v);
    this.cache.set(key, coin);
    return coin ?? undefined;
  }
}
