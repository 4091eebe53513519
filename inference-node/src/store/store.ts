import { mkdirSync } from 'node:fs';
import { hashToHex, hexToHash, sha256, toHex } from '@funai/ledger-node';
import type { ColumnHandle, RocksLevel, RocksOp } from '@funai/ledger-node/node-kit';
import { newRocksLevel, scanRocks, writeRocksBatch } from '@funai/ledger-node/node-kit';
import type { LedgerBlockRef } from '../ledger/watcher.js';

/**
 * The inference node's database (docs/protocol.md §16.2), RocksDB with one column family each:
 *
 *     meta      "schema" → u32; "tip" → the last ledger block processed (height u32 | hash 32)
 *     ledger    height u32 → ledger block hash: the ledger chain the node processed, best chain only
 *     state     ledger block hash → consensus state after that ledger block (opaque here; keyed by
 *               ledger block, so a reorg returns to the fork's state without replaying)
 *     blocks    inference block hash → block bytes
 *     receipts  tx id → signed execution receipt
 *     certs     inference block hash → quorum certificate
 *     contents  tx id → the record's contents (inputs and outputs)
 *     reclaim   ledger height u32 | tx id → "" : contents deletable once that height is deep enough; a
 *               record waiting for a block has its output here instead (JSON, reloaded at start, §16.7)
 *     pins      tx id → "" : contents this node's own API clients still need (kept while pinned)
 *     clarity   inference block hash → the Clarity block executed for it (for rebuilds)
 *
 * Integers are big-endian so keys sort by number. Every change that belongs to one ledger block
 * is written as one atomic batch (StoreBatch), so a kill -9 leaves the state of the last whole
 * ledger block: never half of one.
 */
export const STORE_COLUMNS = [
  'meta',
  'ledger',
  'state',
  'blocks',
  'receipts',
  'certs',
  'contents',
  'reclaim',
  'pins',
  'clarity',
] as const;
export type StoreColumn = (typeof STORE_COLUMNS)[number];

export const STORE_SCHEMA_VERSION = 1;

const TIP_KEY = new TextEncoder().encode('tip');
const SCHEMA_KEY = new TextEncoder().encode('schema');
const EMPTY = new Uint8Array(0);
const EQUIVOCATION_PREFIX = 'eqv:';

function metaKey(name: string): Uint8Array {
  return new TextEncoder().encode(`x:${name}`);
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly reason: 'locked' | 'schema-mismatch' | 'corrupt' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

function readU32(b: Uint8Array, at = 0): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function encodeRef(ref: LedgerBlockRef): Uint8Array {
  return concat(u32(ref.height), hexToHash(ref.hashHex));
}

function decodeRef(b: Uint8Array): LedgerBlockRef {
  if (b.length !== 36) throw new StoreError('corrupt', 'ledger tip record is not 36 bytes');
  return { height: readU32(b), hashHex: hashToHex(b.subarray(4)) };
}

/**
 * The changes of one ledger block (or of any other unit that must land whole). Nothing is written
 * until InferenceStore.commit.
 */
export class StoreBatch {
  readonly ops: { type: 'put' | 'del'; column: StoreColumn; key: Uint8Array; value?: Uint8Array }[] = [];

  private put(column: StoreColumn, key: Uint8Array, value: Uint8Array): this {
    this.ops.push({ type: 'put', column, key, value });
    return this;
  }

  private del(column: StoreColumn, key: Uint8Array): this {
    this.ops.push({ type: 'del', column, key });
    return this;
  }

  /** The ledger block `ref` was processed, leaving `state`; it becomes the tip. */
  connectLedger(ref: LedgerBlockRef, state: Uint8Array): this {
    const hash = hexToHash(ref.hashHex);
    this.put('ledger', u32(ref.height), hash);
    this.put('state', hash, state);
    return this.put('meta', TIP_KEY, encodeRef(ref));
  }

  /**
   * The ledger block `ref` (the tip) left the best chain; `parent` (or nothing) becomes the tip. Its
   * state stays, keyed by its hash: a reorg back to it reuses it (docs/protocol.md §14.9).
   */
  disconnectLedger(ref: LedgerBlockRef, parent: LedgerBlockRef | null): this {
    this.del('ledger', u32(ref.height));
    return parent ? this.put('meta', TIP_KEY, encodeRef(parent)) : this.del('meta', TIP_KEY);
  }

  /** A small node-local record under `meta` (e.g. the producer's spent budget). */
  putMeta(name: string, value: Uint8Array): this {
    return this.put('meta', metaKey(name), value);
  }

  deleteMeta(name: string): this {
    return this.del('meta', metaKey(name));
  }

  /** An equivocation proof (§15.5) waiting for submission, under `meta` `x:eqv:<SHA-256 of the proof>`. */
  putEquivocation(proof: Uint8Array): this {
    return this.putMeta(`${EQUIVOCATION_PREFIX}${toHex(sha256(proof))}`, proof);
  }

  deleteEquivocation(proof: Uint8Array): this {
    return this.deleteMeta(`${EQUIVOCATION_PREFIX}${toHex(sha256(proof))}`);
  }

  putBlock(hash: Uint8Array, bytes: Uint8Array): this {
    return this.put('blocks', hash, bytes);
  }

  deleteBlock(hash: Uint8Array): this {
    this.del('blocks', hash);
    this.del('certs', hash);
    return this.del('clarity', hash);
  }

  putReceipt(txId: Uint8Array, bytes: Uint8Array): this {
    return this.put('receipts', txId, bytes);
  }

  putCertificate(blockHash: Uint8Array, bytes: Uint8Array): this {
    return this.put('certs', blockHash, bytes);
  }

  putClarityBlock(blockHash: Uint8Array, bytes: Uint8Array): this {
    return this.put('clarity', blockHash, bytes);
  }

  putContent(txId: Uint8Array, bytes: Uint8Array): this {
    return this.put('contents', txId, bytes);
  }

  /**
   * The record's contents may be deleted once ledger height `height` is deep enough (§16.2). `note`: what
   * the row keeps meanwhile (an executed record's output while it waits for a block, §16.7).
   */
  scheduleReclaim(txId: Uint8Array, height: number, note: Uint8Array = EMPTY): this {
    return this.put('reclaim', concat(u32(height), txId), note);
  }

  unscheduleReclaim(txId: Uint8Array, height: number): this {
    return this.del('reclaim', concat(u32(height), txId));
  }

  /** Keeps the record's contents past reclamation (a local API client still needs them). */
  pin(txId: Uint8Array): this {
    return this.put('pins', txId, EMPTY);
  }

  unpin(txId: Uint8Array): this {
    return this.del('pins', txId);
  }

  get length(): number {
    return this.ops.length;
  }
}

export interface CommitOptions {
  /** fsync the write-ahead log before returning (survives power loss, not only a process kill). */
  sync?: boolean;
}

/**
 * The store. Opening takes RocksDB's LOCK file (a kernel lock, released when the process dies,
 * even by kill -9), which is the data directory's lock: a second daemon on the same directory
 * fails with StoreError 'locked'.
 */
export class InferenceStore {
  private closed = false;

  private constructor(
    private readonly db: RocksLevel,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<InferenceStore> {
    mkdirSync(path, { recursive: true });
    const db = newRocksLevel(path);
    const small = { cacheSize: 8 << 20 };
    const columns: Record<string, object> = { default: small };
    for (const c of STORE_COLUMNS) columns[c] = small;
    try {
      await db.open({ createIfMissing: true, columns });
    } catch (e) {
      const text = `${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}`;
      if (/lock/i.test(text))
        throw new StoreError('locked', `${path} is in use by another process (${text.trim()})`);
      throw e;
    }
    const store = new InferenceStore(db, path);
    const schema = store.get('meta', SCHEMA_KEY);
    if (schema === undefined) {
      writeRocksBatch(
        db,
        [{ type: 'put', column: db.columns.meta!, key: SCHEMA_KEY, value: u32(STORE_SCHEMA_VERSION) }],
        true,
        (c) => c,
      );
    } else if (schema.length !== 4 || readU32(schema) !== STORE_SCHEMA_VERSION) {
      await db.close();
      throw new StoreError(
        'schema-mismatch',
        `${path} has store schema ${schema.length === 4 ? readU32(schema) : '?'}, this node reads ${STORE_SCHEMA_VERSION}`,
      );
    }
    return store;
  }

  private column(c: StoreColumn): ColumnHandle {
    if (this.closed) throw new StoreError('closed', 'store is closed');
    return this.db.columns[c]!;
  }

  get(column: StoreColumn, key: Uint8Array): Uint8Array | undefined {
    const [row] = this.db._getManySync([key], { column: this.column(column) });
    if (row === null) throw new Error(`rocksdb read failed in ${column}`);
    // A plain Uint8Array view over the binding's Buffer: callers compare and slice bytes.
    return row === undefined ? undefined : new Uint8Array(row.buffer, row.byteOffset, row.byteLength);
  }

  /** Applies the batch atomically. */
  commit(batch: StoreBatch, opts: CommitOptions = {}): void {
    const ops: RocksOp[] = batch.ops.map((o) =>
      o.type === 'put'
        ? { type: 'put', column: this.column(o.column), key: o.key, value: o.value! }
        : { type: 'del', column: this.column(o.column), key: o.key },
    );
    writeRocksBatch(this.db, ops, opts.sync ?? false, (c) => c);
  }

  /** The last ledger block processed, or null in a new store. */
  ledgerTip(): LedgerBlockRef | null {
    const v = this.get('meta', TIP_KEY);
    return v === undefined ? null : decodeRef(v);
  }

  /** The last `n` ledger blocks processed, ascending (what the watcher resumes from). */
  ledgerTail(n: number): LedgerBlockRef[] {
    const out: LedgerBlockRef[] = [];
    for (const [k, v] of scanRocks(this.db, this.column('ledger'), { reverse: true, limit: n })) {
      out.push({ height: readU32(k), hashHex: hashToHex(v) });
    }
    return out.reverse();
  }

  getMeta(name: string): Uint8Array | undefined {
    return this.get('meta', metaKey(name));
  }

  /** The node-local `meta` records whose name starts with `prefix`, in key order: [name, value]. */
  *metaWithPrefix(prefix: string): Iterable<[string, Uint8Array]> {
    const gte = metaKey(prefix);
    const lt = gte.slice();
    lt[lt.length - 1]!++;
    for (const [k, v] of scanRocks(this.db, this.column('meta'), { gte, lt }))
      yield [new TextDecoder().decode(k.subarray(2)), v];
  }

  /** The reclaim schedule from ledger height `height` up, in key order (bounded by the receipt age rule). */
  *scheduledFrom(height: number): Iterable<{ height: number; txId: Uint8Array; note: Uint8Array }> {
    for (const [k, v] of scanRocks(this.db, this.column('reclaim'), { gte: u32(height) }))
      yield { height: readU32(k), txId: Uint8Array.from(k.subarray(4)), note: Uint8Array.from(v) };
  }

  /** The stored equivocation proofs (§15.5) not yet submitted. */
  equivocations(): Uint8Array[] {
    return [...this.metaWithPrefix(EQUIVOCATION_PREFIX)].map(([, v]) => Uint8Array.from(v));
  }

  ledgerHashAt(height: number): string | undefined {
    const v = this.get('ledger', u32(height));
    return v === undefined ? undefined : hashToHex(v);
  }

  /** The consensus record of a ledger block by its hash in internal byte order. */
  stateByHash(hash: Uint8Array): Uint8Array | undefined {
    return this.get('state', hash);
  }

  /** The consensus state stored after ledger block `hashHex`. */
  stateAt(hashHex: string): Uint8Array | undefined {
    return this.get('state', hexToHash(hashHex));
  }

  getBlock(hash: Uint8Array): Uint8Array | undefined {
    return this.get('blocks', hash);
  }

  getReceipt(txId: Uint8Array): Uint8Array | undefined {
    return this.get('receipts', txId);
  }

  getCertificate(blockHash: Uint8Array): Uint8Array | undefined {
    return this.get('certs', blockHash);
  }

  getClarityBlock(blockHash: Uint8Array): Uint8Array | undefined {
    return this.get('clarity', blockHash);
  }

  getContent(txId: Uint8Array): Uint8Array | undefined {
    return this.get('contents', txId);
  }

  /** Every entry of a column in key order (inspection and tests). */
  scanAll(column: StoreColumn): Iterable<[Uint8Array, Uint8Array]> {
    return scanRocks(this.db, this.column(column), {});
  }

  isPinned(txId: Uint8Array): boolean {
    return this.get('pins', txId) !== undefined;
  }

  /**
   * Deletes the contents scheduled for reclamation at ledger heights below `belowHeight`, in one batch;
   * returns how many contents were deleted. A pinned record keeps its contents and its schedule, so it
   * goes at the first reclamation after it is unpinned.
   */
  reclaimContents(belowHeight: number, opts: CommitOptions = {}): number {
    const batch = new StoreBatch();
    let deleted = 0;
    for (const [k] of scanRocks(this.db, this.column('reclaim'), { lt: u32(belowHeight) })) {
      const height = readU32(k);
      const txId = k.slice(4);
      if (this.isPinned(txId)) continue;
      batch.unscheduleReclaim(txId, height);
      if (this.getContent(txId) === undefined) continue;
      batch.ops.push({ type: 'del', column: 'contents', key: txId });
      deleted++;
    }
    if (batch.length > 0) this.commit(batch, opts);
    return deleted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}
