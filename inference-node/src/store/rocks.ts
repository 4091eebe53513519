import { createRequire } from 'node:module';

// @nxtedition/rocksdb is CommonJS without type declarations; these are the parts used here, the same
// synchronous "nxt" entry points ledger-node/src/store/rocks-store.ts reads and writes through.
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

export function newRocksLevel(location: string): RocksLevel {
  const { RocksLevel } = require('@nxtedition/rocksdb') as { RocksLevel: RocksLevelCtor };
  return new RocksLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
}

export type RocksOp =
  | { type: 'put'; column: ColumnHandle; key: Uint8Array; value: Uint8Array }
  | { type: 'del'; column: ColumnHandle; key: Uint8Array };

/** Applies the operations as one RocksDB write batch: after a crash all are visible or none. */
export function writeAtomically(db: RocksLevel, ops: readonly RocksOp[], sync: boolean): void {
  const b = db.batch();
  try {
    for (const op of ops) {
      if (op.type === 'put') b._put(op.key, op.value, { column: op.column });
      else b._del(op.key, { column: op.column });
    }
    b._writeSync({ sync });
  } finally {
    void b.close();
  }
}

/** Rows fetched per native iterator call. */
const SCAN_CHUNK = 1000;

export function* scanRocks(
  db: RocksLevel,
  column: ColumnHandle,
  range: { gte?: Uint8Array; lt?: Uint8Array; reverse?: boolean; limit?: number },
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
