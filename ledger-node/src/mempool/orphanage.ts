import { outpointKey } from '../consensus/coins.js';
import { toHex } from '../wire/bytes.js';
import type { OutPoint, Transaction } from '../wire/tx.js';

export interface OrphanLimits {
  maxTxs: number;
  /** Heavier orphans are not kept: a peer must not fill the pool with a few huge ones. */
  maxTxWeight: number;
  /** Seconds an orphan waits for its parents. */
  expirySeconds: number;
}

export interface Orphan {
  /** Hex of the txid, internal byte order. */
  key: string;
  tx: Transaction;
  txid: Uint8Array;
  weight: number;
  /** The peer that sent it, if any (so its orphans can be dropped when it disconnects). */
  peer: string | undefined;
  expiresAt: number;
}

/**
 * Transactions that spend outputs the node does not know (Core's TxOrphanage), kept until their
 * parents arrive. Bounded in count and per-transaction weight; when full, the oldest orphan goes
 * first (Core evicts at random; this pool takes no randomness, and the newest orphans are the
 * likeliest to see their parents arrive).
 */
export class OrphanPool {
  private readonly orphans = new Map<string, Orphan>();
  /** Outpoint key → orphans spending it. */
  private readonly bySpent = new Map<string, Set<string>>();

  constructor(private readonly limits: OrphanLimits) {}

  get size(): number {
    return this.orphans.size;
  }

  has(key: string): boolean {
    return this.orphans.has(key);
  }

  get(key: string): Orphan | undefined {
    return this.orphans.get(key);
  }

  all(): IterableIterator<Orphan> {
    return this.orphans.values();
  }

  /**
   * Keeps an orphan; false when it is too heavy or already held. Expired orphans are dropped first,
   * then the oldest while the pool is over its count.
   */
  add(tx: Transaction, txid: Uint8Array, weight: number, now: number, peer?: string): boolean {
    const key = toHex(txid);
    if (this.orphans.has(key) || weight > this.limits.maxTxWeight || this.limits.maxTxs <= 0) return false;
    this.expire(now);
    while (this.orphans.size >= this.limits.maxTxs) {
      const oldest = this.orphans.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    this.orphans.set(key, { key, tx, txid, weight, peer, expiresAt: now + this.limits.expirySeconds });
    for (const input of tx.inputs) {
      const k = outpointKey(input.prevout);
      let set = this.bySpent.get(k);
      if (set === undefined) this.bySpent.set(k, (set = new Set()));
      set.add(key);
    }
    return true;
  }

  remove(key: string): Orphan | undefined {
    const o = this.orphans.get(key);
    if (o === undefined) return undefined;
    this.orphans.delete(key);
    for (const input of o.tx.inputs) {
      const k = outpointKey(input.prevout);
      const set = this.bySpent.get(k);
      set?.delete(key);
      if (set?.size === 0) this.bySpent.delete(k);
    }
    return o;
  }

  /** Orphans spending any output of the transaction `txid` with `outputCount` outputs, oldest first. */
  spendersOf(txid: Uint8Array, outputCount: number): Orphan[] {
    const keys = new Set<string>();
    for (let vout = 0; vout < outputCount; vout++) {
      const set = this.bySpent.get(outpointKey({ txid, vout }));
      if (set) for (const k of set) keys.add(k);
    }
    return [...this.orphans.values()].filter((o) => keys.has(o.key));
  }

  /** Orphans spending `outpoint`. */
  spendersOfOutpoint(outpoint: OutPoint): Orphan[] {
    const set = this.bySpent.get(outpointKey(outpoint));
    return set ? [...set].map((k) => this.orphans.get(k)!) : [];
  }

  /** Drops orphans past their expiry; returns how many. */
  expire(now: number): number {
    let n = 0;
    for (const o of [...this.orphans.values()]) {
      if (o.expiresAt <= now) {
        this.remove(o.key);
        n++;
      }
    }
    return n;
  }

  /** Drops the orphans a peer sent (it disconnected). */
  removeForPeer(peer: string): number {
    let n = 0;
    for (const o of [...this.orphans.values()]) {
      if (o.peer === peer) {
        this.remove(o.key);
        n++;
      }
    }
    return n;
  }

  /** Drops orphans a block included or made invalid (they spend an input the block spent). */
  removeForBlock(txs: readonly Transaction[], txids: readonly Uint8Array[]): number {
    let n = 0;
    txs.forEach((tx, i) => {
      if (this.remove(toHex(txids[i]!))) n++;
      for (const input of tx.inputs) {
        for (const o of this.spendersOfOutpoint(input.prevout)) {
          this.remove(o.key);
          n++;
        }
      }
    });
    return n;
  }
}
