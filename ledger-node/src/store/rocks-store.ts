import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Column, KVStore, ScanOptions, WriteBatch, WriteOptions } from './kv-store.js';
import { COLUMNS } from './kv-store.js';
import type { ColumnHandle, RocksLevel } from './rocks-binding.js';
import { newRocksLevel, scanRocks, writeRocksBatch } from './rocks-binding.js';

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
    const db = newRocksLevel(location);
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

  scan(column: Column, options: ScanOptions = {}): Iterable<[Uint8Array, Uint8Array]> {
    return scanRocks(this.db, this.handle(column), options);
  }

  write(batch: WriteBatch, options: WriteOptions = {}): void {
    writeRocksBatch(this.db, batch.ops, options.sync ?? false, (c) => this.handle(c));
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
