/**
 * The storage the chain state needs, and nothing more: named columns of byte keys and values,
 * synchronous point reads and ordered scans, and atomic multi-column write batches. The chain
 * logic (src/chain) is written against this interface; RocksStore backs it on disk and
 * MemoryStore in tests.
 *
 * Reads and writes are synchronous on purpose: a block is validated against a consistent view
 * and committed as one batch, with no other writer interleaving (the chain state serializes its
 * own work), and RocksDB's reads from its block cache are cheaper than a promise round trip.
 */

/** Column families of the chain database (see docs/protocol.md §8, "Storage"). */
export const COLUMNS = ['meta', 'index', 'blocks', 'undo', 'utxo', 'funai', 'txindex'] as const;
export type Column = (typeof COLUMNS)[number];

export type WriteOp =
  | { type: 'put'; column: Column; key: Uint8Array; value: Uint8Array }
  | { type: 'del'; column: Column; key: Uint8Array };

/** Operations applied all together or not at all by KVStore.write. */
export class WriteBatch {
  readonly ops: WriteOp[] = [];

  put(column: Column, key: Uint8Array, value: Uint8Array): this {
    this.ops.push({ type: 'put', column, key, value });
    return this;
  }

  del(column: Column, key: Uint8Array): this {
    this.ops.push({ type: 'del', column, key });
    return this;
  }

  get length(): number {
    return this.ops.length;
  }
}

export interface ScanOptions {
  /** Inclusive lower bound. */
  gte?: Uint8Array;
  /** Exclusive upper bound. */
  lt?: Uint8Array;
  reverse?: boolean;
  limit?: number;
}

export interface WriteOptions {
  /** fsync the write-ahead log before returning (survives power loss, not only a process kill). */
  sync?: boolean;
}

export interface KVStore {
  get(column: Column, key: Uint8Array): Uint8Array | undefined;
  /** One lookup per key, in order; undefined where the key is absent. */
  getMany(column: Column, keys: readonly Uint8Array[]): (Uint8Array | undefined)[];
  /** Entries in bytewise key order (reverse order when asked). */
  scan(column: Column, options?: ScanOptions): Iterable<[Uint8Array, Uint8Array]>;
  /** Applies the batch atomically: after a crash either every operation is visible or none is. */
  write(batch: WriteBatch, options?: WriteOptions): void;
  /** Bytes the store occupies, as well as the backend can tell. */
  approximateSize(): number;
  close(): Promise<void>;
}

/** Every key that starts with `prefix` is >= prefix and < prefixEnd(prefix). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] !== 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}
