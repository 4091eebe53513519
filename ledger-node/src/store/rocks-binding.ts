/**
 * The synchronous RocksDB binding both nodes store through (@nxtedition/rocksdb's "nxt" entry
 * points: _getManySync, _nextvSync, _writeSync), typed here since the package is CommonJS without
 * declarations. RocksStore (rocks-store.ts) is the ledger's KVStore over it; the inference node's
 * store uses these functions directly (through @funai/ledger-node/node-kit).
 */
import { createRequire } from 'node:module';

/** A column family's handle (`RocksLevel.columns[name]`). */
export type ColumnHandle = object;

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

export interface RocksLevel {
  readonly columns: Record<string, ColumnHandle>;
  open(options: object): Promise<void>;
  close(): Promise<void>;
  batch(): RocksBatch;
  iterator(options: object): RocksIterator;
  _getManySync(keys: readonly Uint8Array[], options: { column: ColumnHandle }): (Buffer | undefined | null)[];
}

type RocksLevelCtor = new (location: string, options: object) => RocksLevel;

const require = createRequire(import.meta.url);

/** A database at `location` with buffer keys and values, not yet opened (`open({ columns, ... })`). */
export function newRocksLevel(location: string): RocksLevel {
  const { RocksLevel } = require('@nxtedition/rocksdb') as { RocksLevel: RocksLevelCtor };
  return new RocksLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
}

/** One write of a batch; `column` is whatever `handle` maps to a column family. */
export type RocksOp<C = ColumnHandle> =
  | { type: 'put'; column: C; key: Uint8Array; value: Uint8Array }
  | { type: 'del'; column: C; key: Uint8Array };

/**
 * Applies the operations as one RocksDB write batch: after a crash all are visible or none.
 * `handle` maps an operation's column to its family (identity when ops carry handles).
 */
export function writeRocksBatch<C>(
  db: RocksLevel,
  ops: readonly RocksOp<C>[],
  sync: boolean,
  handle: (column: C) => ColumnHandle,
): void {
  const b = db.batch();
  try {
    // The binding's own _put/_del, as _writeSync: abstract-level's put/del re-encode every key
    // and value and keep a copy of each operation for a 'batch' event that _writeSync never
    // emits (a quarter of the cost of writing a block's batch).
    for (const op of ops) {
      if (op.type === 'put') b._put(op.key, op.value, { column: handle(op.column) });
      else b._del(op.key, { column: handle(op.column) });
    }
    b._writeSync({ sync });
  } finally {
    // close() frees the native batch at once (its _closeSync) and then detaches the batch from
    // the database, which otherwise holds every batch ever written, with its operations, until
    // the database is closed.
    void b.close();
  }
}

/** Rows fetched per native iterator call: large enough to amortize the call, small for memory. */
const SCAN_CHUNK = 1000;

/** Key-value pairs of a column in key order (or reversed), within [gte, lt), at most `limit`. */
export function* scanRocks(
  db: RocksLevel,
  column: ColumnHandle,
  range: { gte?: Uint8Array; lt?: Uint8Array; reverse?: boolean; limit?: number } = {},
): Iterable<[Uint8Array, Uint8Array]> {
  const it = db.iterator({
    column,
    ...(range.gte === undefined ? {} : { gte: range.gte }),
    ...(range.lt === undefined ? {} : { lt: range.lt }),
    reverse: range.reverse ?? false,
    limit: range.limit ?? -1,
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
