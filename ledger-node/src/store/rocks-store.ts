import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Column, KVStore, ScanOptions, WriteBatch, WriteOptions } from './kv-store.js';
import { COLUMNS } from './kv-store.js';

// @nxtedition/rocksdb is CommonJS without type declarations; these are the parts used here. Its
// "nxt" synchronous entry points (_getManySync, _nextvSync, _writeSync) are what make a
// synchronous KVStore possible without a promise per read.
type ColumnHandle = object;
interface RocksIterator {
  _nextvSync(size: number, options: object): { rows: (Buffer | undefined)[]; finished: boolean };
  _closeSync(): void;
}
interface RocksBatch {
  _put(key: Uint8Array, value: Uint8Array, options: { column: ColumnHandle }): void;
  _del(key: Uint8Array, options: { column: ColumnHandle }): void;
  _writeSync(options: { sync: boolean }): void;
  close(): Promise<void>;
}
interface RocksLevel {
  readonly columns: Record<string, ColumnHandle>;
  open(options: object): Promise<void>;
  close(): Promise<void>;
  batch(): RocksBatch;
  iterator(options: object): RocksIterator;
  _getManySync(keys: readonly Uint8Array[], options: { column: ColumnHandle }): (Buffer | undefined | null)[];
}
type RocksLevelCtor = new (location: string, options: object) => RocksLevel;

const require = createRequire(import.meta.url);

/** Rows fetched per native iterator call: large enough to amortize the call, small for memory. */
const SCAN_CHUNK = 1000;

export interface RocksStoreOptions {
  /** Block cache for the UTXO column, in bytes (the other columns get a small one each). */
  utxoCacheBytes?: number;
}

/**
 * KVStore over RocksDB, one column family per Column. Opening takes RocksDB's own LOCK file, so a
 * second open of the same directory (from this process or another) fails.
 */
export class RocksStore implements KVStore {
  private constructor(
    private readonly db: RocksLevel,
    private readonly location: string,
  ) {}

  static async open(location: string, options: RocksStoreOptions = {}): Promise<RocksStore> {
    const { RocksLevel } = require('@nxtedition/rocksdb') as { RocksLevel: RocksLevelCtor };
    const db = new RocksLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    const small = { cacheSize: 8 << 20 };
    const columns: Record<string, object> = { default: small };
    for (const c of COLUMNS) {
      columns[c] =
        c === 'utxo' ? { cacheSize: options.utxoCacheBytes ?? 256 << 20, optimize: 'point-lookup' } : small;
    }
    await db.open({ createIfMissing: true, columns });
    return new RocksStore(db, location);
  }

  private handle(c: Column): ColumnHandle {
    const h = this.db.columns[c];
    if (h === undefined) throw new TypeError(`unknown column ${c}`);
    return h;
  }

  get(column: Column, key: Uint8Array): Uint8Array | undefined {
    return this.getMany(column, [key])[0];
  }

  getMany(column: Column, keys: readonly Uint8Array[]): (Uint8Array | undefined)[] {
    if (keys.length === 0) return [];
    const rows = this.db._getManySync(keys, { column: this.handle(column) });
    return rows.map((r, i) => {
      // null is RocksDB's "aborted or timed out"; no deadline is set, so it means a failed read.
      if (r === null) throw new Error(`rocksdb read failed in ${column} for key ${i}`);
      return r;
    });
  }

  *scan(column: Column, options: ScanOptions = {}): Iterable<[Uint8Array, Uint8Array]> {
    const it = this.db.iterator({
      column: this.handle(column),
      ...(options.gte === undefined ? {} : { gte: options.gte }),
      ...(options.lt === undefined ? {} : { lt: options.lt }),
      reverse: options.reverse ?? false,
      limit: options.limit ?? -1,
      keys: true,
      values: true,
    });
    try {
      for (;;) {
        const { rows, finished } = it._nextvSync(SCAN_CHUNK, {});
        for (let i = 0; i + 1 < rows.length; i += 2) yield [rows[i]!, rows[i + 1]!];
        if (finished || rows.length === 0) return;
      }
    } finally {
      it._closeSync();
    }
  }

  write(batch: WriteBatch, options: WriteOptions = {}): void {
    const b = this.db.batch();
    try {
      // The binding's own _put/_del, as _writeSync: abstract-level's put/del re-encode every key
      // and value and keep a copy of each operation for a 'batch' event that _writeSync never
      // emits (a quarter of the cost of writing a block's batch).
      for (const op of batch.ops) {
        if (op.type === 'put') b._put(op.key, op.value, { column: this.handle(op.column) });
        else b._del(op.key, { column: this.handle(op.column) });
      }
      b._writeSync({ sync: options.sync ?? false });
    } finally {
      // close() frees the native batch at once (its _closeSync) and then detaches the batch from
      // the database, which otherwise holds every batch ever written, with its operations, until
      // the store is closed.
      void b.close();
    }
  }

  approximateSize(): number {
    return directorySize(this.location);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function directorySize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? directorySize(p) : statSync(p).size;
  }
  return n;
}
