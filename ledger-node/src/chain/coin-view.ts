import type { Coin, CoinView } from '../consensus/coins.js';
import type { Block } from '../wire/block.js';
import { toHex } from '../wire/bytes.js';
import type { OutPoint } from '../wire/tx.js';
import { isCoinbase } from '../wire/tx.js';
import { decodeCoin, OUTPOINT_KEY_SIZE, outPointKey } from './coin.js';
import type { UtxoSource } from './utxo-cache.js';

/**
 * The UTXO changes of a block connected but whose script checks are still running (ChainState's
 * block in flight), by UTXO key in hex: the next block is connected on top of them before their
 * verdict, and they reach the UTXO cache only once it is known.
 */
export class CoinOverlay {
  private readonly spent = new Set<string>();
  private readonly created = new Map<string, Coin>();

  constructor(spentKeys: readonly Uint8Array[], created: readonly { key: Uint8Array; coin: Coin }[]) {
    for (const k of spentKeys) this.spent.add(keyString(k));
    for (const c of created) this.created.set(keyString(c.key), c.coin);
  }

  /** The coin at a key: a Coin when created, null when spent, undefined when the block left it alone. */
  lookup(ks: string): Coin | null | undefined {
    const c = this.created.get(ks);
    if (c !== undefined) return c;
    return this.spent.has(ks) ? null : undefined;
  }
}

/**
 * The UTXO set as a block being connected sees it: the UTXO cache (or the store), read once per block
 * with a single multi-get of every input the block spends (RocksDB MultiGet for what the cache
 * lacks), then served from memory.
 */
export class StoreCoinView implements CoinView {
  private readonly cache = new Map<string, Coin | undefined>();

  constructor(
    private readonly utxo: UtxoSource,
    /** The changes of the block in flight below this one, read before the cache. */
    private readonly above?: CoinOverlay,
  ) {}

  /**
   * Loads, in one multi-get, every coin connecting the block reads: the coins its inputs spend
   * (except those created earlier in the block) and, when `bip30` (see bip30Enforced), its own
   * outputs, which almost always miss.
   */
  prefetchBlock(block: Block, txids: readonly Uint8Array[], bip30: boolean): void {
    const inBlock = new Set<string>();
    for (const id of txids) inBlock.add(toHex(id));
    const keys: Uint8Array[] = [];
    block.txs.forEach((tx, i) => {
      if (!isCoinbase(tx)) {
        for (const input of tx.inputs) {
          if (!inBlock.has(toHex(input.prevout.txid))) keys.push(outPointKey(input.prevout));
        }
      }
      if (bip30)
        for (let vout = 0; vout < tx.outputs.length; vout++)
          keys.push(outPointKey({ txid: txids[i]!, vout }));
    });
    this.prefetch(keys);
  }

  prefetch(all: readonly Uint8Array[]): void {
    const above = this.above;
    // What the block in flight changed is answered by it: no store read, nothing cached here.
    const keys = above === undefined ? all : all.filter((k) => above.lookup(keyString(k)) === undefined);
    const values = this.utxo.getMany(keys);
    keys.forEach((k, i) => {
      const v = values[i];
      this.cache.set(keyString(k), v === undefined ? undefined : decodeCoin(v));
    });
  }

  getCoin(outpoint: OutPoint): Coin | undefined {
    const k = outPointKey(outpoint);
    const ks = keyString(k);
    const above = this.above?.lookup(ks);
    if (above !== undefined) return above ?? undefined;
    if (this.cache.has(ks)) return this.cache.get(ks);
    const v = this.utxo.get(k);
    const coin = v === undefined ? undefined : decodeCoin(v);
    this.cache.set(ks, coin);
    return coin;
  }
}

function keyString(k: Uint8Array): string {
  if (k.length !== OUTPOINT_KEY_SIZE) throw new TypeError('outpoint key is 36 bytes');
  return toHex(k);
}
