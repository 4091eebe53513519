import { outpointKey } from '../consensus/coins.js';
import type { KVStore, WriteBatch } from '../store/kv-store.js';
import { fromHex } from '../wire/bytes.js';
import type { OutPoint } from '../wire/tx.js';
import { outPointFromKey, outPointKey } from './coin.js';

/** Bitcoin Core's -dbcache default, in MiB. */
export const DEFAULT_DBCACHE_MIB = 450;

/**
 * Estimated bytes an entry holds besides its value: the outpointKey string (about 70 characters),
 * the entry object and the Map slot. An estimate, as Core's DynamicMemoryUsage; it keeps the cache within its budget to
 * a small factor.
 */
const ENTRY_OVERHEAD = 160;

interface Entry {
  /** The serialized coin, or null when the output is spent (or was found absent). */
  value: Uint8Array | null;
  /** Differs from the store: written at the next flush. */
  dirty: boolean;
  /**
   * Not in the store (Core's FRESH): spending it before a flush just forgets it, so a coin created
   * and spent between two flushes never reaches the disk.
   */
  fresh: boolean;
}

/** Where the UTXO reads of a block being connected go: the cache, or the store directly. */
export interface UtxoSource {
  get(key: Uint8Array): Uint8Array | undefined;
  getMany(keys: readonly Uint8Array[]): (Uint8Array | undefined)[];
}

/** Where the UTXO changes of a block go (the cache, or a write batch when repairing at startup). */
export interface UtxoSink {
  put(key: Uint8Array, value: Uint8Array): void;
  del(key: Uint8Array): void;
}

export interface UtxoCacheStats {
  /** Lookups answered from memory / from the store since the cache was made. */
  hits: number;
  misses: number;
  /** Estimated bytes now, and the most it held. */
  usage: number;
  peakUsage: number;
  flushes: number;
}

/**
 * Core's CCoinsViewCache over the `utxo` column: reads are cached, writes stay in memory (dirty)
 * until `flushTo` moves them into a write batch, which the chain state commits together with the
 * tip the set belongs to, atomically. A crash loses only unflushed changes, which the chain state
 * replays from the stored blocks at startup.
 */
export class UtxoCache implements UtxoSource, UtxoSink {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private peak = 0;
  private hits = 0;
  private misses = 0;
  private flushes = 0;

  constructor(
    private readonly store: KVStore,
    /** Flush when the estimated usage passes this many bytes. */
    readonly budgetBytes: number,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const k = keyOf(key);
    const e = this.entries.get(k);
    if (e !== undefined) {
      this.hits++;
      return e.value ?? undefined;
    }
    this.misses++;
    const v = this.store.get('utxo', key);
    this.set(k, { value: v ?? null, dirty: false, fresh: false });
    return v;
  }

  getMany(keys: readonly Uint8Array[]): (Uint8Array | undefined)[] {
    return this.getManyByKey(
      keys.map((key) => keyOf(key)),
      (i) => keys[i]!,
    );
  }

  /**
   * getMany by outpointKey strings (the form connecting a block has them in); `bytes(i)` makes the
   * store key of `keys[i]`, asked only for what the cache lacks.
   */
  getManyByKey(keys: readonly string[], bytes: (i: number) => Uint8Array): (Uint8Array | undefined)[] {
    const out: (Uint8Array | undefined)[] = new Array(keys.length);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const e = this.entries.get(keys[i]!);
      if (e === undefined) missing.push(i);
      else out[i] = e.value ?? undefined;
    }
    this.hits += keys.length - missing.length;
    this.misses += missing.length;
    if (missing.length > 0) {
      const values = this.store.getMany(
        'utxo',
        missing.map((i) => bytes(i)),
      );
      for (let j = 0; j < missing.length; j++) {
        const i = missing[j]!;
        const v = values[j];
        out[i] = v;
        // A key asked twice in one call is read once from the store and cached once.
        if (!this.entries.has(keys[i]!)) this.set(keys[i]!, { value: v ?? null, dirty: false, fresh: false });
      }
    }
    return out;
  }

  /** A created (or, when disconnecting, restored) coin. */
  put(key: Uint8Array, value: Uint8Array): void {
    this.putByKey(keyOf(key), value);
  }

  /**
   * put by outpointKey. `created`: a new output of a block's non-coinbase transaction, which the
   * store cannot hold unspent (BIP30, or BIP34 implying it: see bip30Enforced), as Core's AddCoin
   * without possible_overwrite: fresh unless the cache holds a deletion of the key not yet written.
   */
  putByKey(k: string, value: Uint8Array, created = false): void {
    const e = this.entries.get(k);
    if (e === undefined) {
      this.insert(k, { value, dirty: true, fresh: created });
      return;
    }
    // Fresh only when the store is known not to hold the key: looked up and found absent, and not
    // deleted in memory since (a dirty deletion may still have the old coin on disk).
    this.update(e, value, e.fresh || (e.value === null && !e.dirty));
  }

  /** A spent coin. */
  del(key: Uint8Array): void {
    this.delByKey(keyOf(key));
  }

  /** del by outpointKey. */
  delByKey(k: string): void {
    const e = this.entries.get(k);
    if (e === undefined) this.insert(k, { value: null, dirty: true, fresh: false });
    else if (e.fresh) this.remove(k, e);
    else this.update(e, null, false);
  }

  /** Lookups a block's connection answered from memory before the cache (the block in flight's changes). */
  countHits(n: number): void {
    this.hits += n;
  }

  /** Estimated bytes held. */
  get usage(): number {
    return this.bytes;
  }

  get dirtyOverBudget(): boolean {
    return this.bytes > this.budgetBytes;
  }

  stats(): UtxoCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      usage: this.bytes,
      peakUsage: this.peak,
      flushes: this.flushes,
    };
  }

  /**
   * Adds every dirty entry to `batch` (puts and deletes). After the batch is written, call
   * `flushed()`; if the write fails the cache is unchanged and still authoritative.
   */
  flushTo(batch: WriteBatch): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (!e.dirty) continue;
      const key = outPointKey(outPointOfKey(k));
      if (e.value === null) batch.del('utxo', key);
      else batch.put('utxo', key, e.value);
      n++;
    }
    return n;
  }

  /** The batch of `flushTo` is on disk: the memory is given back (Core's Flush empties the cache). */
  flushed(): void {
    this.entries.clear();
    this.bytes = 0;
    this.flushes++;
  }

  /** A key not in the map (one hash lookup fewer than set). */
  private insert(k: string, e: Entry): void {
    this.entries.set(k, e);
    this.bytes += size(e);
    if (this.bytes > this.peak) this.peak = this.bytes;
  }

  /** An entry changed in place: dirty from now on. */
  private update(e: Entry, value: Uint8Array | null, fresh: boolean): void {
    this.bytes -= size(e);
    e.value = value;
    e.dirty = true;
    e.fresh = fresh;
    this.bytes += size(e);
    if (this.bytes > this.peak) this.peak = this.bytes;
  }

  private set(k: string, e: Entry): void {
    const old = this.entries.get(k);
    if (old !== undefined) this.bytes -= size(old);
    this.entries.set(k, e);
    this.bytes += size(e);
    if (this.bytes > this.peak) this.peak = this.bytes;
  }

  private remove(k: string, e: Entry): void {
    this.entries.delete(k);
    this.bytes -= size(e);
  }
}

function size(e: Entry): number {
  return ENTRY_OVERHEAD + (e.value?.length ?? 0);
}

/** The map key of a UTXO store key: consensus's outpointKey, the form a block's connection uses. */
function keyOf(key: Uint8Array): string {
  return outpointKey(outPointFromKey(key));
}

function outPointOfKey(k: string): OutPoint {
  const colon = k.indexOf(':');
  return { txid: fromHex(k.slice(0, colon)), vout: Number(k.slice(colon + 1)) };
}
