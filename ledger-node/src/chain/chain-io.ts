import type { Logger } from 'pino';
import type { Coin } from '../consensus/coins.js';
import type { ChainParams } from '../params/chain-params.js';
import type { KVStore } from '../store/kv-store.js';
import { prefixEnd, WriteBatch } from '../store/kv-store.js';
import type { Block } from '../wire/block.js';
import { decodeBlock, encodeBlock } from '../wire/block.js';
import { equalBytes, hashToHex, toHex } from '../wire/bytes.js';
import { blockHash } from '../wire/header.js';
import type { IndexRecord } from './block-index.js';
import { BlockIndexEntry, BlockStatus, decodeIndexRecord, encodeIndexRecord } from './block-index.js';
import { decodeCoin } from './coin.js';
import { encodeFunaiBlockOps, extractFunaiOps, funaiKey } from './funai-index.js';
import { type RecentBlocksReport, repairRecentBlocks, verifyRecentBlocks } from './startup-check.js';
import type { BlockUndo } from './undo.js';
import { decodeBlockUndo, encodeBlockUndo } from './undo.js';
import type { UtxoCache } from './utxo-cache.js';
import type { UtxoSetStats } from './utxo-stats.js';
import { computeUtxoStats } from './utxo-stats.js';

/** Version of the layout of the chainstate database (meta key `schema`). */
export const CHAINSTATE_SCHEMA = 1;

const META_SCHEMA = new TextEncoder().encode('schema');
const META_GENESIS = new TextEncoder().encode('genesis');
const META_TIP = new TextEncoder().encode('tip');
/** The last block connected (written with each connect; `tip` lags it until the UTXO set is flushed). */
const META_ACTIVE = new TextEncoder().encode('active');

/** The block tree read back at startup: the flushed tip and the last block connected. */
export interface LoadedIndex {
  tip: BlockIndexEntry;
  active: BlockIndexEntry;
}

/**
 * The chain state's storage I/O, as btcd's chainio.go: the store's layout (columns `index`,
 * `blocks`, `undo`, `utxo`, `funai`, `meta`), genesis, loading the block index, the startup check,
 * and every batch ChainState writes. ChainState decides what and when; this module decides how and
 * where, and writes each batch atomically as it is given.
 */
export class ChainIO {
  constructor(
    readonly store: KVStore,
    readonly log: Logger,
    private readonly syncWrites: boolean,
  ) {}

  private writeOptions(): { sync: boolean } {
    return { sync: this.syncWrites };
  }

  // ---------------------------------------------------------------------------------------------
  // Startup

  /** Checks the store's schema and network, or writes genesis into an empty store. */
  init(params: ChainParams): void {
    const schema = this.store.get('meta', META_SCHEMA);
    if (schema === undefined) {
      if (this.store.get('meta', META_TIP) !== undefined)
        throw new Error('chainstate has a tip but no schema');
      this.writeGenesis(params);
      return;
    }
    const version = new DataView(schema.buffer, schema.byteOffset, schema.byteLength).getUint32(0, true);
    if (version !== CHAINSTATE_SCHEMA) {
      throw new Error(`chainstate schema ${version}, this node reads ${CHAINSTATE_SCHEMA}: reindex needed`);
    }
    const genesis = this.store.get('meta', META_GENESIS);
    if (genesis === undefined || !equalBytes(genesis, params.genesisHash)) {
      throw new Error(`chainstate belongs to another network than ${params.name}`);
    }
  }

  /** Genesis is the first tip; as in Bitcoin its coinbase is not added to the UTXO set. */
  private writeGenesis(params: ChainParams): void {
    const g = params.genesis;
    const hash = blockHash(g.header);
    if (!equalBytes(hash, params.genesisHash)) throw new Error('genesis block does not match its hash');
    const status = BlockStatus.VALID_SCRIPTS | BlockStatus.HAVE_DATA;
    const schema = new Uint8Array(4);
    new DataView(schema.buffer).setUint32(0, CHAINSTATE_SCHEMA, true);
    const batch = new WriteBatch()
      .put('index', hash, encodeIndexRecord({ header: g.header, height: 0, status, nTx: g.txs.length }))
      .put('blocks', hash, encodeBlock(g))
      .put('funai', funaiKey(0), encodeFunaiBlockOps(hash, extractFunaiOps(g)))
      .put('meta', META_GENESIS, hash)
      .put('meta', META_TIP, hash)
      .put('meta', META_SCHEMA, schema);
    this.store.write(batch, { sync: true });
    this.log.info({ genesis: hashToHex(hash), network: params.name }, 'initialized chainstate');
  }

  /**
   * Reads every index record into `index` (by key, parents first; a record whose parent is missing
   * is ignored, a child of a failed block is marked failed-child) and returns the flushed tip
   * (`meta.tip`) and the last block connected (`meta.active`, the tip when absent).
   */
  loadIndex(index: Map<string, BlockIndexEntry>): LoadedIndex {
    const records: { hash: Uint8Array; rec: IndexRecord }[] = [];
    for (const [key, value] of this.store.scan('index'))
      records.push({ hash: key.slice(), rec: decodeIndexRecord(value) });
    records.sort((a, b) => a.rec.height - b.rec.height);
    for (const { hash, rec } of records) {
      const parentKey = toHex(rec.header.prevBlock);
      const parent = rec.height === 0 ? null : index.get(parentKey);
      if (parent === undefined) {
        this.log.warn({ hash: hashToHex(hash) }, 'index entry without parent; ignored');
        continue;
      }
      const e = new BlockIndexEntry(hash, rec.header, parent, rec.status);
      if (e.height !== rec.height)
        throw new Error(`index entry ${hashToHex(hash)} has an inconsistent height`);
      e.nTx = rec.nTx;
      if (parent?.failed && !e.failed) e.status |= BlockStatus.FAILED_CHILD;
      index.set(e.key, e);
    }
    const tipHash = this.store.get('meta', META_TIP);
    const tip = tipHash === undefined ? undefined : index.get(toHex(tipHash));
    if (tip === undefined) throw new Error('chainstate tip is not in the block index');
    const activeHash = this.store.get('meta', META_ACTIVE);
    const active = (activeHash && index.get(toHex(activeHash))) || tip;
    return { tip, active };
  }

  /**
   * Checks that the last `depth` blocks' undo data exactly reverses the UTXO set to their parents;
   * if not (a torn write), rolls the set back over those blocks with their undo data, idempotently,
   * and moves `meta.tip` there. Returns the block rolled back to, or undefined when consistent.
   */
  checkRecentBlocks(tip: BlockIndexEntry, depth: number): BlockIndexEntry | undefined {
    const report: RecentBlocksReport = verifyRecentBlocks(this.store, tip, depth, (done, total) => {
      if (done % 100 === 0 || done === total) this.log.info({ done, total }, 'verifying recent blocks');
    });
    if (report.ok) {
      this.log.info({ blocks: report.checked }, 'recent blocks consistent');
      return undefined;
    }
    const bad = report.firstBad!;
    this.log.warn(
      { height: bad.height, reason: report.reason },
      'chainstate inconsistent; repairing from undo data',
    );
    const target = bad.parent!;
    const batch = repairRecentBlocks(this.store, tip, target);
    batch.put('meta', META_TIP, target.hash);
    this.store.write(batch, { sync: true });
    return target;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  /** Index records (new headers, failure marks set or cleared), in one batch; none: no write. */
  writeIndex(entries: Iterable<BlockIndexEntry>): void {
    const batch = new WriteBatch();
    for (const e of entries) batch.put('index', e.hash, encodeIndexRecord(e));
    if (batch.length > 0) this.store.write(batch, this.writeOptions());
  }

  /** Accepted blocks that were not connected (side chains), with their index records, in one batch. */
  writeBlocks(blocks: Iterable<{ entry: BlockIndexEntry; raw: Uint8Array }>): void {
    const batch = new WriteBatch();
    for (const { entry, raw } of blocks) {
      batch.put('blocks', entry.hash, raw);
      batch.put('index', entry.hash, encodeIndexRecord(entry));
    }
    this.store.write(batch, this.writeOptions());
  }

  /**
   * The first of a connection's two batches, written while its script checks run: the block's undo
   * record and (when not stored yet) its bytes, reachable only once writeConnected has run.
   */
  writeBlockData(hash: Uint8Array, undo: BlockUndo, raw: Uint8Array | undefined): void {
    const data = new WriteBatch().put('undo', hash, encodeBlockUndo(undo));
    if (raw !== undefined) data.put('blocks', hash, raw);
    this.store.write(data, this.writeOptions());
  }

  /** Removes what writeBlockData wrote for a block its script checks rejected. */
  dropBlockData(hash: Uint8Array, withRaw: boolean): void {
    const drop = new WriteBatch().del('undo', hash);
    if (withRaw) drop.del('blocks', hash);
    this.store.write(drop, this.writeOptions());
  }

  /** The second batch of a connection: the block's index record and `meta.active`. */
  writeConnected(entry: BlockIndexEntry): void {
    const batch = new WriteBatch();
    batch.put('index', entry.hash, encodeIndexRecord(entry));
    batch.put('meta', META_ACTIVE, entry.hash);
    this.store.write(batch, this.writeOptions());
  }

  /**
   * Writes the UTXO cache's changes, the pending op-index entries (null: delete) and `meta.tip` in
   * one batch; returns the number of coins written.
   */
  flushState(utxo: UtxoCache, funai: ReadonlyMap<number, Uint8Array | null>, tip: BlockIndexEntry): number {
    const batch = new WriteBatch();
    const coins = utxo.flushTo(batch);
    for (const [height, v] of funai) {
      if (v === null) batch.del('funai', funaiKey(height));
      else batch.put('funai', funaiKey(height), v);
    }
    batch.put('meta', META_TIP, tip.hash);
    this.store.write(batch, this.writeOptions());
    return coins;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** A stored block; throws when its data is missing. */
  loadBlock(e: BlockIndexEntry): Block {
    const raw = this.store.get('blocks', e.hash);
    if (raw === undefined) throw new Error(`block data of ${e.hashHex} is missing`);
    return decodeBlock(raw);
  }

  readRawBlock(hash: Uint8Array): Uint8Array | undefined {
    return this.store.get('blocks', hash);
  }

  /** A stored block's undo record; throws when it is missing. */
  loadUndo(e: BlockIndexEntry): BlockUndo {
    const raw = this.store.get('undo', e.hash);
    if (raw === undefined) throw new Error(`undo data of ${e.hashHex} is missing`);
    return decodeBlockUndo(raw);
  }

  readUndo(hash: Uint8Array): BlockUndo | undefined {
    const raw = this.store.get('undo', hash);
    return raw === undefined ? undefined : decodeBlockUndo(raw);
  }

  /** The stored op-index entry at `height` (encoded). */
  readFunai(height: number): Uint8Array | undefined {
    return this.store.get('funai', funaiKey(height));
  }

  /** Some stored unspent output of a transaction, by the txid prefix of the UTXO keys. */
  findCoinByTxid(id: Uint8Array): Coin | undefined {
    for (const [, v] of this.store.scan('utxo', { gte: id, lt: prefixEnd(id), limit: 1 }))
      return decodeCoin(v);
    return undefined;
  }

  /** Count, total and MuHash3072 of the stored UTXO set (a full scan). */
  utxoStats(): UtxoSetStats {
    return computeUtxoStats(this.store);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
