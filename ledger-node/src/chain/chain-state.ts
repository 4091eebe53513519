import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { checkBlock, checkBlockHeader } from '../consensus/check-block.js';
import type { Coin, OutPointCoin } from '../consensus/coins.js';
import type { BlockConnection } from '../consensus/connect-block.js';
import { bip30Enforced, connectBlock } from '../consensus/connect-block.js';
import type { ParentBlock } from '../consensus/contextual.js';
import { contextualCheckBlock, contextualCheckBlockHeader } from '../consensus/contextual.js';
import { ValidationError } from '../consensus/errors.js';
import type { ChainParams } from '../params/chain-params.js';
import type { KVStore } from '../store/kv-store.js';
import type { Block } from '../wire/block.js';
import { blockTxIdsFromBytes, decodeBlock, encodeBlock, txBytesIn } from '../wire/block.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import type { BlockHeader } from '../wire/header.js';
import { blockHash } from '../wire/header.js';
import { blockWitnessMerkleRoot, witnessMerkleRoot } from '../wire/merkle.js';
import type { OutPoint } from '../wire/tx.js';
import { txidsOf } from '../wire/tx.js';
import { findWitnessCommitmentIndex } from '../wire/witness-commitment.js';
import { ActiveChain, BlockIndexEntry, BlockStatus, lastCommonAncestor } from './block-index.js';
import { ChainIO } from './chain-io.js';
import { decodeCoin, encodeCoin, outPointKey } from './coin.js';
import { CoinOverlay, StoreCoinView } from './coin-view.js';
import { disconnectUtxos } from './disconnect.js';
import type { FunaiBlockOps } from './funai-index.js';
import { decodeFunaiBlockOps, encodeFunaiBlockOps, extractFunaiOps } from './funai-index.js';
import { buildLocator, findLocatorFork } from './locator.js';
import type { OrphanPoolLimits } from './orphan-pool.js';
import { OrphanPool } from './orphan-pool.js';
import type { ScriptCheckRunner } from './script-check-pool.js';
import { InlineScriptChecker, ScriptCheckPool } from './script-check-pool.js';
import type { BlockUndo } from './undo.js';
import { DEFAULT_DBCACHE_MIB, UtxoCache, type UtxoCacheStats } from './utxo-cache.js';
import type { UtxoSetStats } from './utxo-stats.js';

export type ProcessStatus = 'connected' | 'orphan' | 'side-chain' | 'duplicate' | 'invalid';

export interface ProcessBlockResult {
  status: ProcessStatus;
  /** Display hex of the block hash. */
  hash: string;
  /** Core's reject reason, for 'invalid'. */
  reason?: string;
  detail?: string;
}

export interface ProcessHeadersResult {
  /** Headers added to the block tree (already known ones are not counted). */
  accepted: number;
  /** Set when a header was rejected; the headers after it were not looked at. */
  invalid?: { hash: string; reason: string; detail?: string };
  /** Set when a header's parent is unknown. */
  missingParent?: string;
}

/** A known header and where it stands, as RPC's getblockheader reports it. */
export interface HeaderInfo {
  hash: Uint8Array;
  /** Display hex. */
  hashHex: string;
  header: BlockHeader;
  height: number;
  chainWork: bigint;
  status: number;
  medianTimePast: number;
  nTx: number;
  inActiveChain: boolean;
  /** Confirmations as Core counts them: tip height - height + 1 on the active chain, -1 off it. */
  confirmations: number;
  haveData: boolean;
  failed: boolean;
}

export type ChainTipStatus = 'active' | 'valid-fork' | 'valid-headers' | 'headers-only' | 'invalid';

export interface ChainTip {
  height: number;
  hash: string;
  /** Blocks between the tip and the active chain. */
  branchLength: number;
  status: ChainTipStatus;
}

export interface UtxoSetInfo extends UtxoSetStats {
  height: number;
  /** Display hex of the tip the set belongs to. */
  bestBlock: string;
}

export interface BlockEvent {
  entry: HeaderInfo;
  block: Block;
}

export interface ChainEvents {
  /** A block became the tip (emitted after its write is durable in the store). */
  connected: [BlockEvent];
  /** The tip block was disconnected (in a reorg); its parent is now the tip. */
  disconnected: [BlockEvent];
  /** The tip changed, once per activation, after every connect/disconnect it made. */
  tip: [HeaderInfo];
}

export interface ChainStateOptions {
  logger?: Logger;
  /** UNIX seconds; the clock for the future-timestamp rule. */
  now?: () => number;
  /**
   * Worker threads for script checks: 0 runs them on the calling thread. Default: available
   * parallelism.
   */
  scriptThreads?: number;
  orphanLimits?: OrphanPoolLimits;
  /** Blocks below the tip verified against their undo data at startup. Default 6. */
  checkBlocks?: number;
  /** fsync the write-ahead log with every block (survives power loss, not only a crash). */
  syncWrites?: boolean;
  /**
   * The UTXO write-back cache's budget in bytes (bitcoind's -dbcache): the set's changes stay in
   * memory until it is full, `flushIntervalMs` passes, or the chain state closes. Default 450 MiB.
   */
  dbCacheBytes?: number;
  /** Most time between two flushes of the UTXO set, checked after each activation. Default 60 s. */
  flushIntervalMs?: number;
  /**
   * Connect the next block while the script checks of the one before still run (its UTXO view
   * layered on that block's changes; both discarded if that block fails). Default: on with worker
   * threads, where the checks run beside this thread.
   */
  overlapBlocks?: boolean;
}

/** A block connected whose script checks are still running (see ChainState.connectTip). */
interface Inflight {
  entry: BlockIndexEntry;
  block: Block;
  scriptsDone: Promise<void>;
  /** Its UTXO changes (by outpointKey; the created coins encoded), applied to the cache when it is committed. */
  spentKeys: string[];
  createdKeys: string[];
  created: OutPointCoin[];
  createdValues: Uint8Array[];
  funaiOps: Uint8Array;
  /** writeBlockData wrote its bytes too (it was pending), so dropping it removes them. */
  wroteRaw: boolean;
  /** The same changes, for the view of the next block connected before the verdict. */
  overlay: CoinOverlay;
  /** Resolves once the verdict is applied (committed or marked invalid). */
  verdict: { promise: Promise<void>; resolve: () => void };
}

interface PendingBlock {
  block: Block;
  raw: Uint8Array;
  /** Computed once when the block was accepted, for its connection (see acceptBlock). */
  txids: Uint8Array[];
}

/**
 * The ledger's chain state, as bitcoind's validation.cpp with its chainstate and block stores: the
 * block tree, the active chain with its UTXO set, undo data and FUN AI op index, chain selection by
 * most work with reorgs, and the events the rest of the node follows.
 *
 * A connected block's data and undo record are written while its script checks run, and its index
 * record (which alone makes them reachable) once they passed; its
 * UTXO changes and op-index entry go to a write-back cache (Core's CCoinsViewCache, `-dbcache`),
 * flushed in one atomic batch together with the tip they belong to (`meta.tip`). So the store always
 * holds the UTXO set after some block, and a crash loses only work that startup redoes: the blocks
 * after `meta.tip`, recorded as valid with their data, are connected again. Calls are serialized:
 * each runs to completion before the next begins, except that with worker threads the last block
 * connected may stay in flight (its checks running, its changes not yet in the cache, the tip not
 * moved) while the next call connects its child on top; its caller is answered with the verdict. This class holds block acceptance and best-chain
 * activation; its reads and writes of the store (but the UTXO cache's) go through ChainIO (chain-io.ts).
 */
export class ChainState extends EventEmitter<ChainEvents> {
  private readonly index = new Map<string, BlockIndexEntry>();
  private readonly chain = new ActiveChain();
  private readonly candidates = new Set<BlockIndexEntry>();
  /** Entries with data whose parent lacks data (headers-first download out of order), by parent key. */
  private readonly unlinked = new Map<string, BlockIndexEntry[]>();
  /** Accepted blocks not yet written: a block about to be connected is stored by its connect batch. */
  private readonly pending = new Map<string, PendingBlock>();
  private readonly failures = new Map<string, ValidationError>();
  private readonly orphans: OrphanPool;
  private bestHeaderEntry!: BlockIndexEntry;
  private sequence = 2;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly now: () => number;
  private readonly log: Logger;
  /** The UTXO set's unflushed changes (and cached reads). */
  private readonly utxo: UtxoCache;
  /** Op-index entries by height not yet written (null: delete), flushed with the UTXO set. */
  private readonly pendingFunai = new Map<number, Uint8Array | null>();
  private lastFlush = Date.now();
  /** The last block connected, before the verdict on its script checks (at most one). */
  private inflight: Inflight | undefined;
  /** Whether a block may stay in flight while the next is connected (with a worker pool). */
  private readonly overlap: boolean;

  private constructor(
    private readonly io: ChainIO,
    readonly params: ChainParams,
    private readonly scripts: ScriptCheckRunner,
    private readonly options: ChainStateOptions,
    private readonly onClose?: () => void,
  ) {
    super();
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.log = io.log;
    this.orphans = new OrphanPool(options.orphanLimits);
    this.utxo = new UtxoCache(io.store, options.dbCacheBytes ?? DEFAULT_DBCACHE_MIB * 2 ** 20);
    this.overlap = options.overlapBlocks ?? scripts instanceof ScriptCheckPool;
  }

  /**
   * Opens the chain state over a store (RocksDB in the node, a MemoryStore in tests). The chain
   * state never opens or locks a data directory itself (node/chainstate-dir.ts does): `onClose`
   * runs after the store is closed, for whoever holds the directory's lock to release it.
   */
  static async openStore(
    store: KVStore,
    params: ChainParams,
    options: ChainStateOptions = {},
    onClose?: () => void,
  ): Promise<ChainState> {
    const threads = options.scriptThreads ?? ScriptCheckPool.defaultSize();
    const scripts: ScriptCheckRunner = threads > 0 ? new ScriptCheckPool(threads) : new InlineScriptChecker();
    const log = options.logger ?? pino({ level: 'silent' });
    const io = new ChainIO(store, log, options.syncWrites ?? false);
    const cs = new ChainState(io, params, scripts, options, onClose);
    try {
      cs.io.init(params);
      cs.loadIndex();
      cs.startupCheck(options.checkBlocks ?? 6);
      await cs.activateBestChain();
      await cs.drain();
    } catch (e) {
      await scripts.close();
      throw e;
    }
    return cs;
  }

  // ---------------------------------------------------------------------------------------------
  // Startup

  /** Builds the tree from the stored index: sequences, chain tx counts, candidates, best header. */
  private loadIndex(): void {
    const { tip, active } = this.io.loadIndex(this.index);
    this.chain.setTip(tip);
    // The chain of the last block connected keeps the lowest sequence: among equal-work chains it
    // stays active, even when the UTXO set was flushed at an earlier block.
    for (const e of this.index.values()) {
      e.sequence = active.getAncestor(e.height) === e ? 0 : 1;
      const parent = e.parent;
      if (e.haveData && (parent === null || parent.chainTx > 0)) e.chainTx = (parent?.chainTx ?? 0) + e.nTx;
      else if (e.haveData && parent !== null) this.addUnlinked(e);
    }
    this.bestHeaderEntry = tip;
    for (const e of this.index.values()) {
      if (e.chainTx > 0 && e.isValid(BlockStatus.VALID_TRANSACTIONS)) this.candidates.add(e);
      if (!e.failed && e.chainWork > this.bestHeaderEntry.chainWork) this.bestHeaderEntry = e;
    }
    this.pruneCandidates();
    this.log.info({ height: tip.height, tip: tip.hashHex, headers: this.index.size }, 'loaded block index');
  }

  /**
   * The startup check (ChainIO.checkRecentBlocks); after a repair the rolled-back blocks are
   * connected again, fully validated, by chain activation.
   */
  private startupCheck(depth: number): void {
    if (depth <= 0 || this.chain.height === 0) return;
    const oldTip = this.chain.tip;
    const target = this.io.checkRecentBlocks(oldTip, depth);
    if (target === undefined) return;
    this.chain.setTip(target);
    this.candidates.add(oldTip);
    this.log.info({ height: target.height }, 'rolled back; reconnecting');
  }

  // ---------------------------------------------------------------------------------------------
  // Serialization of calls

  private run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(() => {
      if (this.closed) throw new Error('chain state is closed');
      return fn();
    });
    this.queue = next.catch(() => {});
    return next;
  }

  // ---------------------------------------------------------------------------------------------
  // Headers

  /** Headers-first sync: adds valid headers to the block tree (without their blocks). */
  processHeaders(headers: readonly BlockHeader[]): Promise<ProcessHeadersResult> {
    return this.run(() => {
      const added: BlockIndexEntry[] = [];
      let accepted = 0;
      const result: ProcessHeadersResult = { accepted: 0 };
      for (const header of headers) {
        try {
          const { entry, isNew } = this.acceptHeader(header);
          if (isNew) {
            accepted++;
            added.push(entry);
          }
        } catch (e) {
          if (e instanceof MissingParent) {
            result.missingParent = e.parentHex;
            break;
          }
          if (!(e instanceof ValidationError)) throw e;
          result.invalid = {
            hash: hashToHex(blockHash(header)),
            reason: e.reason,
            ...(e.detail ? { detail: e.detail } : {}),
          };
          break;
        }
      }
      this.io.writeIndex(added);
      result.accepted = accepted;
      return result;
    });
  }

  /** Adds a header to the tree after its checks (not written: the caller batches the record). */
  private acceptHeader(
    header: BlockHeader,
    hash = blockHash(header),
  ): { entry: BlockIndexEntry; isNew: boolean } {
    const key = toHex(hash);
    const known = this.index.get(key);
    if (known !== undefined) {
      if (known.failed)
        throw this.failures.get(key) ?? new ValidationError('duplicate-invalid', 'known invalid block');
      return { entry: known, isNew: false };
    }
    checkBlockHeader(header, this.params, hash);
    const parent = this.index.get(toHex(header.prevBlock));
    if (parent === undefined) throw new MissingParent(hashToHex(header.prevBlock));
    if (parent.failed) throw new ValidationError('bad-prevblk', 'previous block invalid');
    contextualCheckBlockHeader(header, parentBlock(parent), this.params, this.now());
    const entry = new BlockIndexEntry(hash, header, parent, BlockStatus.VALID_TREE);
    this.index.set(key, entry);
    if (entry.chainWork > this.bestHeaderEntry.chainWork) this.bestHeaderEntry = entry;
    return { entry, isNew: true };
  }

  // ---------------------------------------------------------------------------------------------
  // Blocks

  /**
   * Validates a block and, when it makes a chain with more work than the tip's, reorganizes onto
   * it. `raw` is the block's serialization when the caller has it (saves re-encoding).
   */
  processBlock(block: Block, raw?: Uint8Array): Promise<ProcessBlockResult> {
    const hash = blockHash(block.header);
    const prechecked = this.precheckSoon(block, hash, raw);
    const key = toHex(hash);
    const hex = hashToHex(hash);
    const outcome = (): ProcessBlockResult => {
      const entry = this.index.get(key)!;
      if (this.chain.contains(entry)) return { status: 'connected', hash: hex };
      if (entry.failed) return { ...invalid(this.failures.get(key)), hash: hex };
      return { status: 'side-chain', hash: hex };
    };
    return this.run(async () => {
      const accepted = this.acceptBlock(block, raw ?? encodeBlock(block), hash, await prechecked);
      if (accepted !== null) return { result: { ...accepted, hash: hex } };
      await this.activateBestChain();
      await this.processOrphansOf(key);
      // A block left in flight is answered once its verdict is in, without holding the queue: the
      // next call connects the next block meanwhile (wrapped, as a promise returned here would).
      const inflight = this.inflight;
      return inflight === undefined ? { result: outcome() } : { verdict: inflight.verdict.promise };
    }).then(async (r) => {
      if (r.result !== undefined) return r.result;
      await r.verdict;
      return outcome();
    });
  }

  /**
   * The block's context-free checks (precheckBlock), on the event loop's next turn and outside the
   * call queue: a block handed over while another is being connected is checked while that one's
   * script checks run on the workers. Skipped (undefined) for a block the tree has data for or knows
   * invalid, which acceptBlock answers without them.
   */
  private precheckSoon(block: Block, hash: Uint8Array, raw?: Uint8Array): Promise<Prechecked | undefined> {
    const p = new Promise<Prechecked | undefined>((resolve, reject) => {
      setImmediate(() => {
        const known = this.index.get(toHex(hash));
        if (known?.failed || known?.haveData) return resolve(undefined);
        try {
          resolve(precheckBlock(block, hash, this.params, raw));
        } catch (e) {
          reject(e);
        }
      });
    });
    p.catch(() => {}); // awaited in the queue, which reports it
    return p;
  }

  /**
   * Checks a block and records its data (in `pending`). Returns a final result when the block goes
   * no further (duplicate, orphan, invalid), or null when chain activation should run.
   */
  private acceptBlock(
    block: Block,
    raw: Uint8Array,
    hash: Uint8Array,
    prechecked?: Prechecked,
  ): Omit<ProcessBlockResult, 'hash'> | null {
    const key = toHex(hash);
    const known = this.index.get(key);
    if (known?.failed) return invalid(this.failures.get(key) ?? new ValidationError('duplicate-invalid'));
    if (known?.haveData || this.orphans.has(key)) return { status: 'duplicate' };

    // `pending` will hold this block object and its bytes as validated, so it must not change after
    // acceptance either way.
    const pre = prechecked ?? precheckBlock(block, hash, this.params, raw);
    if (pre.error !== undefined) {
      const e = pre.error;
      // A mutated copy says nothing about the block its header commits to: nothing is recorded.
      if (!e.mutated && known !== undefined) this.markInvalid(known, e);
      return invalid(e);
    }
    const { txids } = pre;

    const parent = this.index.get(toHex(block.header.prevBlock));
    if (parent === undefined) {
      if (!this.orphans.add(key, block, raw)) return invalid(new ValidationError('orphan-too-large'));
      this.log.debug({ hash: hashToHex(hash), missing: hashToHex(block.header.prevBlock) }, 'orphan block');
      return { status: 'orphan' };
    }

    let entry: BlockIndexEntry;
    try {
      entry = this.acceptHeader(block.header, hash).entry;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return invalid(e);
    }
    try {
      contextualCheckBlock(block, entry.height, parent.medianTimePast(), this.params, pre.witnessRoot);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      if (!e.mutated) this.markInvalid(entry, e);
      else if (known === undefined) this.forgetHeader(entry);
      return invalid(e);
    }

    entry.nTx = block.txs.length;
    entry.status |= BlockStatus.HAVE_DATA;
    entry.raiseValidity(BlockStatus.VALID_TRANSACTIONS);
    this.pending.set(key, { block, raw, txids });
    this.linkData(entry);
    return null;
  }

  /** A header added only for a mutated block is dropped again, so an honest copy is accepted. */
  private forgetHeader(entry: BlockIndexEntry): void {
    this.index.delete(entry.key);
    if (this.bestHeaderEntry === entry) this.bestHeaderEntry = entry.parent!;
  }

  private addUnlinked(e: BlockIndexEntry): void {
    const k = e.parent!.key;
    const list = this.unlinked.get(k);
    if (list === undefined) this.unlinked.set(k, [e]);
    else list.push(e);
  }

  /** Once a block and all its ancestors have data it becomes a candidate tip, and so may its waiting descendants. */
  private linkData(entry: BlockIndexEntry): void {
    const parent = entry.parent;
    if (parent !== null && parent.chainTx === 0) {
      this.addUnlinked(entry);
      return;
    }
    const queue = [entry];
    for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
      e.chainTx = (e.parent?.chainTx ?? 0) + e.nTx;
      e.sequence = this.sequence++;
      if (e.isValid(BlockStatus.VALID_TRANSACTIONS)) this.candidates.add(e);
      const children = this.unlinked.get(e.key);
      if (children !== undefined) {
        this.unlinked.delete(e.key);
        queue.push(...children);
      }
    }
  }

  private async processOrphansOf(parentKey: string): Promise<void> {
    const work = [parentKey];
    for (let k = work.pop(); k !== undefined; k = work.pop()) {
      for (const o of this.orphans.takeChildren(k)) {
        const r = this.acceptBlock(o.block, o.raw, blockHash(o.block.header));
        if (r !== null) {
          this.log.debug(
            { hash: hashToHex(blockHash(o.block.header)), status: r.status, reason: r.reason },
            'orphan resolved',
          );
          continue;
        }
        await this.activateBestChain();
        work.push(o.key);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Chain selection

  /** Most work first; at equal work, the chain whose last block arrived first. */
  private bestCandidate(): BlockIndexEntry | undefined {
    let best: BlockIndexEntry | undefined;
    for (const c of this.candidates) {
      if (c.failed) continue;
      if (
        best === undefined ||
        c.chainWork > best.chainWork ||
        (c.chainWork === best.chainWork && c.sequence < best.sequence)
      ) {
        best = c;
      }
    }
    return best;
  }

  private pruneCandidates(): void {
    const tip = this.chain.tip;
    for (const c of this.candidates) {
      if (c.failed || c.chainWork < tip.chainWork || (c !== tip && this.chain.contains(c)))
        this.candidates.delete(c);
    }
  }

  /**
   * Core's ActivateBestChain: moves the tip to the most-work valid chain, one block at a time. With
   * overlap on, the last block connected may be left in flight (see connectTip).
   */
  private async activateBestChain(startTip = this.chain.tip): Promise<void> {
    for (;;) {
      const best = this.bestCandidate();
      const inflight = this.inflight?.entry;
      const tip = inflight ?? this.chain.tip;
      if (best === undefined || best === tip) break;
      if (
        best.chainWork < tip.chainWork ||
        (best.chainWork === tip.chainWork && best.sequence >= tip.sequence)
      )
        break;
      if (inflight !== undefined && best.getAncestor(inflight.height) !== inflight) {
        // Moving away from the block in flight: its verdict first, then choose again.
        await this.settle();
        this.pruneCandidates();
        continue;
      }
      const fork = lastCommonAncestor(tip, best);
      if (fork === null) throw new Error('candidate does not share genesis with the active chain');
      while (this.chain.tip !== fork && this.inflight === undefined) this.disconnectTip();
      const path: BlockIndexEntry[] = [];
      for (let e: BlockIndexEntry | null = best; e !== null && e !== fork; e = e.parent) path.push(e);
      path.reverse();
      for (const e of path) {
        const ok = await this.connectTip(e);
        if (!ok) break;
      }
      this.pruneCandidates();
    }
    this.flushPending();
    this.flushState(false);
    if (this.chain.tip !== startTip) {
      const t = this.chain.tip;
      this.log.info({ height: t.height, hash: t.hashHex }, 'new tip');
      this.safeEmit('tip', this.info(t));
    }
  }

  /** Writes accepted blocks that were not connected (side chains) so they survive a restart. */
  private flushPending(): void {
    if (this.pending.size === 0) return;
    const inflight = this.inflight?.entry.key;
    const blocks: { entry: BlockIndexEntry; raw: Uint8Array }[] = [];
    for (const [key, p] of this.pending) {
      // The block in flight is written by its own batches, or dropped with its verdict.
      if (key === inflight) continue;
      this.pending.delete(key);
      const entry = this.index.get(key);
      if (entry === undefined || entry.failed) continue;
      blocks.push({ entry, raw: p.raw });
    }
    if (blocks.length > 0) this.io.writeBlocks(blocks);
  }

  private loadBlock(e: BlockIndexEntry): Block {
    const p = this.pending.get(e.key);
    if (p !== undefined) return p.block;
    return this.io.loadBlock(e);
  }

  /**
   * Validates `entry`'s block against the UTXO set (with the changes of the block in flight, its
   * parent, on top) and starts its script checks. While they run on the workers, this thread writes
   * what the block leaves behind whatever their verdict (its bytes and undo record, keyed by its hash
   * and read only through an index record that says it has them, written with the verdict), then
   * settles the block in flight before it. The block itself is then left in flight when overlap is on
   * (committed by the next connectTip, or by the settle its checks queue), else settled at once.
   *
   * Returns false when this block or the one in flight before it breaks a rule: the failed block is
   * marked invalid (its descendants failed-child), and nothing of either stays written or in the UTXO
   * cache but the invalid status: a block is committed only after its checks and its parent's.
   */
  private async connectTip(entry: BlockIndexEntry): Promise<boolean> {
    const prior = this.inflight;
    const parent = prior?.entry ?? this.chain.tip;
    if (entry.parent !== parent) throw new Error('connectTip: not a child of the tip');
    const pending = this.pending.get(entry.key);
    const block = this.loadBlock(entry);
    const txids = pending?.txids ?? txidsOf(block.txs);
    let conn: BlockConnection;
    try {
      const view = new StoreCoinView(this.utxo, prior?.overlay);
      view.prefetchBlock(block, txids, bip30Enforced(entry.height, this.params));
      conn = connectBlock(block, entry.height, view, this.ancestry(parent), this.params, txids);
    } catch (e) {
      // Whether this block was on a valid chain at all depends on the verdict on its parent.
      if (!(await this.settle())) return false;
      return this.rejectConnect(entry, e);
    }
    const scriptsDone = this.scripts.run(
      conn.scriptChecks,
      pending === undefined ? undefined : txBytesIn(block, pending.raw),
    );
    scriptsDone.catch(() => {}); // awaited in settle; handled there
    this.io.writeBlockData(entry.hash, conn.undo, pending?.raw);
    const job: Inflight = {
      entry,
      block,
      scriptsDone,
      spentKeys: conn.spentKeys,
      createdKeys: conn.createdKeys,
      created: conn.created,
      createdValues: conn.created.map((c) => encodeCoin(c.coin)),
      funaiOps: encodeFunaiBlockOps(entry.hash, extractFunaiOps(block, txids)),
      wroteRaw: pending !== undefined,
      overlay: new CoinOverlay(conn.changes),
      verdict: settledSignal(),
    };
    if (!(await this.settle())) {
      // The parent failed: this block's work is discarded (markInvalid made it failed-child).
      this.io.dropBlockData(entry.hash, job.wroteRaw);
      return false;
    }
    this.inflight = job;
    if (!this.overlap) return this.settle();
    // Nobody may come to settle it: its checks' end queues a settle (a no-op if one ran before).
    scriptsDone
      .catch(() => {})
      .then(() => {
        if (this.inflight !== job || this.closed) return;
        this.run(async () => {
          if (this.inflight === job) await this.settleOnce();
        }).catch((e) => this.log.error({ err: e }, 'settling a block failed'));
      });
    return true;
  }

  /**
   * Waits for the verdict on the block in flight's script checks and commits it as the tip (true),
   * or marks it invalid with its data dropped (false). No block in flight: true.
   */
  private async settle(): Promise<boolean> {
    const job = this.inflight;
    if (job === undefined) return true;
    const { entry } = job;
    try {
      await job.scriptsDone;
    } catch (e) {
      this.inflight = undefined;
      job.verdict.resolve();
      if (e instanceof ValidationError) this.io.dropBlockData(entry.hash, job.wroteRaw);
      return this.rejectConnect(entry, e);
    }
    this.inflight = undefined;
    job.verdict.resolve();
    const before = entry.status;
    entry.raiseValidity(BlockStatus.VALID_SCRIPTS);
    entry.status |= BlockStatus.HAVE_UNDO;
    try {
      this.io.writeConnected(entry);
    } catch (e) {
      entry.status = before;
      throw e;
    }
    // The block's own records are on disk: its state changes go to the cache, the tip moves.
    for (const k of job.spentKeys) this.utxo.delByKey(k);
    for (let i = 0; i < job.createdKeys.length; i++)
      this.utxo.putByKey(job.createdKeys[i]!, job.createdValues[i]!, !job.created[i]!.coin.isCoinbase);
    this.pendingFunai.set(entry.height, job.funaiOps);
    this.pending.delete(entry.key);
    this.chain.setTip(entry);
    if (this.utxo.dirtyOverBudget) this.flushState(true);
    this.log.debug({ height: entry.height, hash: entry.hashHex }, 'connected block');
    this.safeEmit('connected', { entry: this.info(entry), block: job.block });
    return true;
  }

  /** Settles blocks in flight (and what their verdicts make chain activation do) until none is left. */
  private async drain(): Promise<void> {
    while (this.inflight !== undefined) await this.settleOnce();
  }

  /** Settles the block in flight, then activates the best chain (which may leave another in flight). */
  private async settleOnce(): Promise<void> {
    const start = this.chain.tip;
    await this.settle();
    this.pruneCandidates();
    await this.activateBestChain(start);
  }

  /** A rule failed connecting `entry`: it is marked invalid (false); other errors are thrown. */
  private rejectConnect(entry: BlockIndexEntry, e: unknown): false {
    if (!(e instanceof ValidationError)) throw e;
    this.log.warn(
      { hash: entry.hashHex, height: entry.height, reason: e.reason, detail: e.detail },
      'invalid block',
    );
    this.markInvalid(entry, e);
    return false;
  }

  /** Reverses the tip block with its undo data, in one batch. */
  private disconnectTip(): void {
    const entry = this.chain.tip;
    const parent = entry.parent;
    if (parent === null) throw new Error('cannot disconnect genesis');
    const block = this.loadBlock(entry);
    disconnectUtxos(this.utxo, block, this.io.loadUndo(entry), entry.height);
    this.pendingFunai.set(entry.height, null);
    this.chain.setTip(parent);
    // The disconnected block may become the tip again (e.g. when the new branch turns out invalid).
    if (entry.isValid(BlockStatus.VALID_TRANSACTIONS)) this.candidates.add(entry);
    this.log.debug({ height: entry.height, hash: entry.hashHex }, 'disconnected block');
    this.safeEmit('disconnected', { entry: this.info(entry), block });
  }

  /** Marks a block failed and its known descendants failed-child, persistently. */
  private markInvalid(entry: BlockIndexEntry, err: ValidationError): void {
    this.failures.set(entry.key, err);
    entry.status |= BlockStatus.FAILED;
    this.dropPending(entry);
    const marked = [entry];
    for (const e of this.index.values()) {
      if (e.height > entry.height && e.getAncestor(entry.height) === entry) {
        e.status |= BlockStatus.FAILED_CHILD;
        this.dropPending(e);
        this.failures.set(e.key, new ValidationError('bad-prevblk', 'previous block invalid'));
        marked.push(e);
        this.candidates.delete(e);
      }
    }
    this.candidates.delete(entry);
    if (this.bestHeaderEntry.failed) {
      this.bestHeaderEntry = this.chain.tip;
      for (const e of this.index.values()) {
        if (!e.failed && e.chainWork > this.bestHeaderEntry.chainWork) this.bestHeaderEntry = e;
      }
    }
    this.io.writeIndex(marked);
  }

  /**
   * Forgets the unwritten data of a block marked invalid: its index record then says it has none, so
   * that reconsiderblock never picks a block whose bytes were not kept (it is downloaded again).
   */
  private dropPending(e: BlockIndexEntry): void {
    if (!this.pending.delete(e.key)) return;
    e.status &= ~(BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO);
    e.chainTx = 0;
  }

  /**
   * Core's candidate set rebuilt from the whole tree: every valid block with data on a chain with
   * data, with at least the tip's work. After invalidateblock or reconsiderblock a chain pruned
   * earlier (less work than the old tip) may be the best again.
   */
  private rebuildCandidates(): void {
    const tip = this.chain.tip;
    this.candidates.clear();
    this.candidates.add(tip);
    for (const e of this.index.values()) {
      if (e.chainTx > 0 && e.isValid(BlockStatus.VALID_TRANSACTIONS) && e.chainWork >= tip.chainWork)
        this.candidates.add(e);
    }
    this.pruneCandidates();
    this.bestHeaderEntry = tip;
    for (const e of this.index.values()) {
      if (!e.failed && e.chainWork > this.bestHeaderEntry.chainWork) this.bestHeaderEntry = e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operator actions (invalidateblock, reconsiderblock)

  /**
   * Core's InvalidateBlock: marks the block invalid as if it broke a rule (its descendants
   * failed-child), disconnecting it first when it is on the active chain, then moves to the best
   * chain that remains. Throws UnknownBlockError for a hash not in the tree, and a plain Error for
   * genesis.
   */
  invalidateBlock(hash: Uint8Array): Promise<void> {
    return this.run(async () => {
      const entry = this.index.get(toHex(hash));
      if (entry === undefined) throw new UnknownBlockError(hashToHex(hash));
      if (entry.parent === null) throw new Error('Genesis block cannot be invalidated');
      await this.drain();
      const startTip = this.chain.tip;
      while (this.chain.contains(entry)) this.disconnectTip();
      this.markInvalid(entry, new ValidationError('invalidated', 'marked invalid by invalidateblock'));
      this.log.info({ hash: entry.hashHex, height: entry.height }, 'block invalidated');
      this.rebuildCandidates();
      await this.activateBestChain(startTip);
      await this.drain();
    });
  }

  /**
   * Core's ReconsiderBlock (ResetBlockFailureFlags): clears the failure marks of the block, its
   * descendants and its ancestors, then activates the best chain: a block that really breaks a rule
   * is found invalid again when it is connected.
   */
  reconsiderBlock(hash: Uint8Array): Promise<void> {
    return this.run(async () => {
      const entry = this.index.get(toHex(hash));
      if (entry === undefined) throw new UnknownBlockError(hashToHex(hash));
      await this.drain();
      const cleared: BlockIndexEntry[] = [];
      const clear = (e: BlockIndexEntry) => {
        if (!e.failed) return;
        e.status &= ~BlockStatus.FAILED_MASK;
        this.failures.delete(e.key);
        cleared.push(e);
      };
      for (const e of this.index.values()) {
        if (e.height >= entry.height && e.getAncestor(entry.height) === entry) clear(e);
      }
      for (let a = entry.parent; a !== null; a = a.parent) clear(a);
      this.io.writeIndex(cleared);
      this.log.info({ hash: entry.hashHex, height: entry.height }, 'block reconsidered');
      const startTip = this.chain.tip;
      this.rebuildCandidates();
      await this.activateBestChain(startTip);
      await this.drain();
    });
  }

  /**
   * Writes the UTXO cache's changes, the pending op-index entries and `meta.tip` in one batch
   * (ChainIO.flushState), when `force`d, when the cache is over its budget, or when the flush
   * interval has passed.
   */
  private flushState(force: boolean): void {
    const interval = this.options.flushIntervalMs ?? 60_000;
    if (!force && !this.utxo.dirtyOverBudget && Date.now() - this.lastFlush < interval) return;
    const coins = this.io.flushState(this.utxo, this.pendingFunai, this.chain.tip);
    this.utxo.flushed();
    this.pendingFunai.clear();
    this.lastFlush = Date.now();
    this.log.debug({ coins, height: this.chain.height }, 'flushed UTXO set');
  }

  /** Writes the UTXO set's cached changes and the tip now (Core's FlushStateToDisk, forced). */
  flush(): Promise<void> {
    return this.run(async () => {
      await this.drain();
      this.flushState(true);
    });
  }

  /** The UTXO cache's hit counts and memory use (the bench's utxo-cache-hit-rate, dbcache-peak-mib). */
  cacheStats(): UtxoCacheStats {
    return this.utxo.stats();
  }

  private ancestry(parent: BlockIndexEntry): { medianTimePast(height: number): number } {
    return {
      medianTimePast: (h: number) => {
        const a = parent.getAncestor(h);
        if (a === null) throw new RangeError(`no ancestor at height ${h}`);
        return a.medianTimePast();
      },
    };
  }

  private safeEmit<K extends keyof ChainEvents>(event: K, ...args: ChainEvents[K]): void {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: EventEmitter's generic emit signature
      (this.emit as any)(event, ...args);
    } catch (e) {
      // A subscriber's failure must not leave the chain state half-updated.
      this.log.error({ err: e, event }, 'chain event listener threw');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  private info(e: BlockIndexEntry): HeaderInfo {
    const active = this.chain.contains(e);
    return {
      hash: e.hash,
      hashHex: e.hashHex,
      header: e.header,
      height: e.height,
      chainWork: e.chainWork,
      status: e.status,
      medianTimePast: e.medianTimePast(),
      nTx: e.nTx,
      inActiveChain: active,
      confirmations: active ? this.chain.height - e.height + 1 : -1,
      haveData: e.haveData,
      failed: e.failed,
    };
  }

  getTip(): HeaderInfo {
    return this.info(this.chain.tip);
  }

  /** The most-work valid header known (the target of headers-first sync). */
  getBestHeader(): HeaderInfo {
    return this.info(this.bestHeaderEntry);
  }

  /** Internal-order hash of the active chain's block at `height`. */
  getBlockHash(height: number): Uint8Array | undefined {
    return this.chain.at(height)?.hash;
  }

  getHeader(hash: Uint8Array): HeaderInfo | undefined {
    const e = this.index.get(toHex(hash));
    return e === undefined ? undefined : this.info(e);
  }

  getBlock(hash: Uint8Array): Block | undefined {
    const raw = this.getRawBlock(hash);
    return raw === undefined ? undefined : decodeBlock(raw);
  }

  getRawBlock(hash: Uint8Array): Uint8Array | undefined {
    const key = toHex(hash);
    const p = this.pending.get(key);
    if (p !== undefined) return p.raw;
    if (!this.index.get(key)?.haveData) return undefined;
    return this.io.readRawBlock(hash);
  }

  /** The coins a block spent (its undo record), for blocks connected at least once. */
  getBlockUndo(hash: Uint8Array): BlockUndo | undefined {
    return this.io.readUndo(hash);
  }

  /** An unspent output of the active chain's UTXO set. */
  getCoin(outpoint: OutPoint): Coin | undefined {
    const v = this.utxo.get(outPointKey(outpoint));
    return v === undefined ? undefined : decodeCoin(v);
  }

  /**
   * Some unspent output of a transaction (Core's AccessByTxid), found by the txid prefix of the UTXO
   * keys; gettxoutproof uses its height to find the block.
   */
  findCoinByTxid(id: Uint8Array): Coin | undefined {
    this.flushState(true);
    return this.io.findCoinByTxid(id);
  }

  /** Count, total and MuHash3072 of the UTXO set at the tip (a full scan). */
  utxoSetInfo(): UtxoSetInfo {
    this.flushState(true);
    const tip = this.chain.tip;
    return { height: tip.height, bestBlock: tip.hashHex, ...this.io.utxoStats() };
  }

  /** FUN AI ops in the active chain's block at `height`. */
  getFunaiOps(height: number): FunaiBlockOps | undefined {
    if (this.chain.at(height) === undefined) return undefined;
    const v = this.pendingFunai.has(height)
      ? (this.pendingFunai.get(height) ?? undefined)
      : this.io.readFunai(height);
    return v === undefined ? undefined : decodeFunaiBlockOps(height, v);
  }

  /** Core's getchaintips: every leaf of the block tree, and the active tip. */
  getChainTips(): ChainTip[] {
    const hasChild = new Set<BlockIndexEntry>();
    for (const e of this.index.values()) if (e.parent !== null) hasChild.add(e.parent);
    const tips: ChainTip[] = [];
    const tip = this.chain.tip;
    for (const e of this.index.values()) {
      if (hasChild.has(e) && e !== tip) continue;
      const fork = this.chain.findFork(e)!;
      let status: ChainTipStatus;
      if (this.chain.contains(e)) status = 'active';
      else if (e.failed) status = 'invalid';
      else if (e.chainTx === 0) status = 'headers-only';
      else if (e.isValid(BlockStatus.VALID_SCRIPTS)) status = 'valid-fork';
      else status = 'valid-headers';
      if (status === 'active' && e !== tip) continue;
      tips.push({ height: e.height, hash: e.hashHex, branchLength: e.height - fork.height, status });
    }
    return tips.sort((a, b) => b.height - a.height);
  }

  /** A block locator from `hash` (default: the tip) back to genesis. */
  getLocator(hash?: Uint8Array): Uint8Array[] {
    const from = hash === undefined ? this.chain.tip : this.index.get(toHex(hash));
    if (from === undefined) throw new RangeError('unknown block');
    return buildLocator(from);
  }

  /** The last block of a peer's locator that is on our active chain (genesis if none). */
  findFork(locator: readonly Uint8Array[]): HeaderInfo {
    return this.info(findLocatorFork(this.chain, (h) => this.index.get(toHex(h)), locator));
  }

  /** Every stored block the tree knows, for tests and tools. */
  get headerCount(): number {
    return this.index.size;
  }

  get orphanCount(): number {
    return this.orphans.size;
  }

  /** Resolves when every call made so far has finished. */
  async idle(): Promise<void> {
    await this.queue;
    if (this.inflight !== undefined && !this.closed) await this.run(() => this.drain()).catch(() => {});
  }

  /** Waits for running work, then closes the worker pool, the store and the data directory lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.run(() => this.drain()).catch(() => {});
    await this.queue;
    this.closed = true;
    this.flushState(true);
    await this.scripts.close();
    await this.io.close();
    this.onClose?.();
  }
}

/** invalidateblock / reconsiderblock on a hash the block tree does not hold. */
export class UnknownBlockError extends Error {
  override readonly name = 'UnknownBlockError';
  constructor(readonly hashHex: string) {
    super(`unknown block ${hashHex}`);
  }
}

class MissingParent extends Error {
  constructor(readonly parentHex: string) {
    super(`unknown parent ${parentHex}`);
  }
}

function invalid(e: ValidationError | undefined): Omit<ProcessBlockResult, 'hash'> {
  const err = e ?? new ValidationError('invalid');
  return { status: 'invalid', reason: err.reason, ...(err.detail ? { detail: err.detail } : {}) };
}

/** A block's context-free checks, done before its turn in the queue (precheckSoon). */
interface Prechecked {
  /** Its txids in block order: each serializes and hashes its transaction, so computed once. */
  txids: Uint8Array[];
  /** The first context-free rule it breaks (the rest is then not computed). */
  error?: ValidationError;
  /** Its BIP141 witness Merkle root, when its coinbase carries a commitment. */
  witnessRoot?: Uint8Array;
}

/**
 * Proof of work, then (so that a block failing it costs no more) the txids, CheckBlock with the
 * Merkle root, and the witness root contextualCheckBlock compares with the commitment. Pure.
 */
function precheckBlock(block: Block, hash: Uint8Array, params: ChainParams, raw?: Uint8Array): Prechecked {
  try {
    checkBlockHeader(block.header, params, hash);
    // From the bytes the block was decoded from, txids and wtxids are one hashing batch over them.
    const ids = raw === undefined ? undefined : blockTxIdsFromBytes(raw, block);
    const txids = ids?.txids ?? txidsOf(block.txs);
    checkBlock(block, params, { checkPow: false, txids });
    if (findWitnessCommitmentIndex(block.txs[0]!) < 0) return { txids };
    const witnessRoot = ids ? witnessMerkleRoot(ids.wtxids).root : blockWitnessMerkleRoot(block.txs).root;
    return { txids, witnessRoot };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { txids: [], error: e };
  }
}

function settledSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function parentBlock(e: BlockIndexEntry): ParentBlock {
  return { height: e.height, time: e.header.time, bits: e.header.bits, medianTimePast: e.medianTimePast() };
}
