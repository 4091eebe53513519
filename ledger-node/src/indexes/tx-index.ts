import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { HeaderInfo } from '../chain/chain-state.js';
import type { KVStore } from '../store/kv-store.js';
import { WriteBatch } from '../store/kv-store.js';
import { equalBytes, hashToHex } from '../wire/bytes.js';
import { readHeader } from '../wire/header.js';
import { ByteReader } from '../wire/reader.js';
import type { Transaction } from '../wire/tx.js';
import { decodeTx, readTx, txid } from '../wire/tx.js';

/** Smallest serialized transaction (Core's MIN_TRANSACTION_WEIGHT / 4), for the count bound. */
const MIN_TX_BYTES = 60;
/** Blocks indexed between two yields to the event loop while catching up. */
const BLOCKS_PER_STEP = 50;
/** Key of the index's best block (txids are 32 bytes, so a 4-byte key cannot collide). */
const BEST_KEY = new TextEncoder().encode('best');

/** What the index needs of the chain state: the active chain, stored blocks and the tip event. */
export interface TxIndexChain {
  getTip(): HeaderInfo;
  getBlockHash(height: number): Uint8Array | undefined;
  getHeader(hash: Uint8Array): HeaderInfo | undefined;
  getRawBlock(hash: Uint8Array): Uint8Array | undefined;
  on(event: 'tip', listener: (tip: HeaderInfo) => void): unknown;
  off(event: 'tip', listener: (tip: HeaderInfo) => void): unknown;
}

/** Where a confirmed transaction's bytes are: its block and its byte range in the raw block. */
export interface TxLocation {
  /** Internal byte order. */
  blockHash: Uint8Array;
  offset: number;
  length: number;
}

/** getindexinfo's entry for the index. */
export interface IndexInfo {
  synced: boolean;
  best_block_height: number;
}

/** The byte range of every transaction of a raw block, in block order, with its txid. */
export function transactionRanges(raw: Uint8Array): { txid: Uint8Array; offset: number; length: number }[] {
  const r = new ByteReader(raw);
  readHeader(r);
  const n = r.count(MIN_TX_BYTES);
  const out: { txid: Uint8Array; offset: number; length: number }[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const offset = r.offset;
    const tx = readTx(r);
    out[i] = { txid: txid(tx), offset, length: r.offset - offset };
  }
  r.end();
  return out;
}

function encodeLocation(loc: TxLocation): Uint8Array {
  const v = new Uint8Array(40);
  v.set(loc.blockHash, 0);
  const dv = new DataView(v.buffer);
  dv.setUint32(32, loc.offset, true);
  dv.setUint32(36, loc.length, true);
  return v;
}

function decodeLocation(v: Uint8Array): TxLocation {
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  return { blockHash: v.slice(0, 32), offset: dv.getUint32(32, true), length: dv.getUint32(36, true) };
}

/**
 * bitcoind's `-txindex` (TxIndex over BaseIndex): txid → block and byte range, in its own store,
 * so that getrawtransaction and gettxoutproof find confirmed transactions. It catches up with the
 * active chain in the background from where it stopped (its best block is written in the same batch
 * as the entries it covers, so a crash loses nothing it claimed), yielding to the event loop every
 * few blocks, then follows every new tip; a reorg first rewinds it to the fork. As Core, the
 * genesis coinbase is not indexed (it cannot be spent).
 */
export class TxIndex {
  private best: { hash: Uint8Array; height: number } | null = null;
  private synced = false;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastLoggedPercent = -1;
  private readonly waiters: (() => void)[] = [];
  private readonly onTip = () => this.schedule();

  constructor(
    private readonly store: KVStore,
    private readonly chain: TxIndexChain,
    private readonly log: Logger,
  ) {
    const v = store.get('txindex', BEST_KEY);
    if (v !== undefined) {
      this.best = {
        hash: v.slice(0, 32),
        height: new DataView(v.buffer, v.byteOffset, v.byteLength).getUint32(32, true),
      };
    }
  }

  /** Starts catching up in the background and following the tip. */
  start(): void {
    this.chain.on('tip', this.onTip);
    this.schedule();
  }

  /** getindexinfo: `synced` once the index has reached the tip (it then stays true, as Core's). */
  info(): IndexInfo {
    return { synced: this.synced, best_block_height: this.best?.height ?? -1 };
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /** The location of a confirmed transaction of the indexed chain, or undefined. */
  find(id: Uint8Array): TxLocation | undefined {
    const v = this.store.get('txindex', id);
    return v === undefined ? undefined : decodeLocation(v);
  }

  /** The transaction and its block, read from the block store; undefined when not indexed. */
  getTransaction(id: Uint8Array): { tx: Transaction; blockHash: Uint8Array } | undefined {
    const loc = this.find(id);
    if (loc === undefined) return undefined;
    const raw = this.chain.getRawBlock(loc.blockHash);
    if (raw === undefined || loc.offset + loc.length > raw.length) {
      throw new Error(`txindex points past the data of block ${hashToHex(loc.blockHash)}`);
    }
    const tx = decodeTx(raw.subarray(loc.offset, loc.offset + loc.length));
    if (!equalBytes(txid(tx), id)) throw new Error(`txindex entry of ${hashToHex(id)} is corrupt`);
    return { tx, blockHash: loc.blockHash };
  }

  /** Core's BlockUntilSyncedToCurrentChain: resolves once the index covers the current tip. */
  whenSynced(): Promise<void> {
    if (this.coversTip()) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
    });
  }

  /** Stops following the chain, waits for the step in progress and closes the store. */
  async close(): Promise<void> {
    this.stopped = true;
    this.chain.off('tip', this.onTip);
    await this.running;
    for (const w of this.waiters.splice(0)) w();
    await this.store.close();
  }

  private coversTip(): boolean {
    const tip = this.chain.getTip();
    return this.best !== null && equalBytes(this.best.hash, tip.hash);
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.catchUp();
        } while (this.again && !this.stopped);
      } catch (e) {
        this.log.error({ err: e }, 'txindex stopped on an error');
      } finally {
        this.running = null;
      }
    })();
  }

  private async catchUp(): Promise<void> {
    while (!this.stopped) {
      this.rewindToActiveChain();
      const tip = this.chain.getTip();
      const from = (this.best?.height ?? -1) + 1;
      if (from > tip.height) {
        if (!this.synced) this.log.info({ height: tip.height }, 'txindex is enabled and synced');
        this.synced = true;
        for (const w of this.waiters.splice(0)) w();
        return;
      }
      const batch = new WriteBatch();
      let last: { hash: Uint8Array; height: number } | null = null;
      for (let h = from; h <= tip.height && h < from + BLOCKS_PER_STEP; h++) {
        const hash = this.chain.getBlockHash(h);
        if (hash === undefined) break; // the chain got shorter meanwhile: look again
        const raw = this.chain.getRawBlock(hash);
        if (raw === undefined) throw new Error(`block ${hashToHex(hash)} of the active chain has no data`);
        if (h > 0) {
          for (const t of transactionRanges(raw)) {
            batch.put(
              'txindex',
              t.txid,
              encodeLocation({ blockHash: hash, offset: t.offset, length: t.length }),
            );
          }
        }
        last = { hash, height: h };
      }
      if (last === null) {
        await yieldToEventLoop();
        continue;
      }
      this.writeBest(batch, last);
      this.logProgress(last.height, tip.height);
      await yieldToEventLoop();
    }
  }

  /** Core's BaseIndex::Rewind: takes the entries of blocks no longer on the active chain out. */
  private rewindToActiveChain(): void {
    while (this.best !== null) {
      const info = this.chain.getHeader(this.best.hash);
      if (info?.inActiveChain) return;
      const batch = new WriteBatch();
      const raw = this.chain.getRawBlock(this.best.hash);
      if (raw !== undefined && this.best.height > 0) {
        for (const t of transactionRanges(raw)) {
          const loc = this.find(t.txid);
          if (loc !== undefined && equalBytes(loc.blockHash, this.best.hash)) batch.del('txindex', t.txid);
        }
      }
      const parent = info?.header.prevBlock;
      if (info === undefined || parent === undefined || this.best.height === 0) {
        throw new Error(`txindex best block ${hashToHex(this.best.hash)} is not in the block tree`);
      }
      this.writeBest(batch, { hash: parent, height: this.best.height - 1 });
    }
  }

  private writeBest(batch: WriteBatch, best: { hash: Uint8Array; height: number }): void {
    const v = new Uint8Array(36);
    v.set(best.hash, 0);
    new DataView(v.buffer).setUint32(32, best.height, true);
    batch.put('txindex', BEST_KEY, v);
    this.store.write(batch);
    this.best = best;
  }

  private logProgress(height: number, tipHeight: number): void {
    if (this.synced) return;
    const percent = Math.floor((100 * height) / Math.max(tipHeight, 1));
    if (percent >= this.lastLoggedPercent + 10 || height === tipHeight) {
      this.lastLoggedPercent = percent;
      this.log.info({ height, tip: tipHeight, percent }, 'txindex syncing');
    }
  }
}
