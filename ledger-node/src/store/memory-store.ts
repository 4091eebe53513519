import { toHex } from '../wire/bytes.js';
import type { Column, KVStore, ScanOptions, WriteBatch } from './kv-store.js';
import { COLUMNS } from './kv-store.js';

interface Entry {
  key: Uint8Array;
  value: Uint8Array;
}

/**
 * KVStore in memory, for tests and tools. Keys are indexed by their hex form, whose string order is
 * the bytewise order RocksDB uses, so scans come back in the same order on both backends.
 */
export class MemoryStore implements KVStore {
  private readonly columns = new Map<Column, Map<string, Entry>>(COLUMNS.map((c) => [c, new Map()]));
  private closed = false;

  private column(c: Column): Map<string, Entry> {
    if (this.closed) throw new Error('store is closed');
    const m = this.columns.get(c);
    if (m === undefined) throw new TypeError(`unknown column ${c}`);
    return m;
  }

  get(column: Column, key: Uint8Array): Uint8Array | undefined {
    return this.column(column).get(toHex(key))?.value;
  }

  getMany(column: Column, keys: readonly Uint8Array[]): (Uint8Array | undefined)[] {
    const m = this.column(column);
    return keys.map((k) => m.get(toHex(k))?.value);
  }

  *scan(column: Column, options: ScanOptions = {}): Iterable<[Uint8Array, Uint8Array]> {
    const m = this.column(column);
    const lo = options.gte === undefined ? undefined : toHex(options.gte);
    const hi = options.lt === undefined ? undefined : toHex(options.lt);
    const keys = [...m.keys()]
      .filter((k) => (lo === undefined || k >= lo) && (hi === undefined || k < hi))
      .sort();
    if (options.reverse) keys.reverse();
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    let n = 0;
    for (const k of keys) {
      if (n++ >= limit) return;
      const e = m.get(k);
      if (e !== undefined) yield [e.key, e.value];
    }
  }

  write(batch: WriteBatch): void {
    // Validate every column first so a bad batch applies nothing, as an atomic backend would.
    for (const op of batch.ops) this.column(op.column);
    for (const op of batch.ops) {
      const m = this.column(op.column);
      const k = toHex(op.key);
      if (op.type === 'put') m.set(k, { key: Uint8Array.from(op.key), value: Uint8Array.from(op.value) });
      else m.delete(k);
    }
  }

  approximateSize(): number {
    let n = 0;
    for (const m of this.columns.values()) for (const e of m.values()) n += e.key.length + e.value.length;
    return n;
  }

  /** Entries in one column (tests use it to compare stores). */
  count(column: Column): number {
    return this.column(column).size;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
