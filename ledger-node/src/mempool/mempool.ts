/**
 * The pool of unconfirmed transactions, as Bitcoin Core's CTxMemPool: its entries and indexes,
 * the running totals, orphans, removal (blocks, conflicts, expiry, size limit) and reorgs. What a
 * transaction must pass to enter is accept.ts (Core's MemPoolAccept). Pure logic: confirmed coins
 * come from the chain view it is given, time is an argument of every call that needs it, and
 * nothing here does I/O.
 */
import { EventEmitter } from 'node:events';
import { calculateSequenceLocks, evaluateSequenceLocks, isFinalTx } from '../consensus/locktime.js';
import type { ChainParams } from '../params/chain-params.js';
import type { Block } from '../wire/block.js';
import { toHex } from '../wire/bytes.js';
import type { OutPoint, Transaction, TxIds, TxOut } from '../wire/tx.js';
import { txid as computeTxid, isCoinbase, txWeight } from '../wire/tx.js';
import type {
  AcceptCandidate,
  AcceptOptions,
  AcceptResult,
  MempoolChain,
  PoolView,
  TestAcceptResult,
} from './accept.js';
import { MemPoolAccept } from './accept.js';
import {
  addWithDescendants,
  ancestorsOf,
  descendantsOf,
  estimateEntryMemory,
  MempoolEntry,
} from './entry.js';
import { MempoolRejection, MissingInputsError } from './errors.js';
import { feeRatePerKvB, maxFeeRate } from './fee-rate.js';
import { hashKey, prevoutKey } from './keys.js';
import { OrphanPool } from './orphanage.js';
import type { MempoolPolicy } from './policy.js';
import { mempoolPolicy, ROLLING_FEE_HALFLIFE } from './policy.js';
import { compareScores, descendantScore } from './scores.js';

/** Why an entry left the pool (Core's MemPoolRemovalReason, as RemovalReasonToString spells it). */
export type RemovalReason = 'expiry' | 'sizelimit' | 'reorg' | 'block' | 'conflict' | 'replaced';

export interface MempoolEvents {
  added: [entry: MempoolEntry];
  removed: [entry: MempoolEntry, reason: RemovalReason];
}

/** Core's getmempoolinfo. */
export interface MempoolInfo {
  size: number;
  /** Sum of virtual sizes. */
  bytes: number;
  usage: number;
  totalFee: bigint;
  maxMempool: number;
  /** Fee rates per kvB: the current minimum to enter, the relay minimum, the replacement step. */
  mempoolMinFee: bigint;
  minRelayTxFee: bigint;
  incrementalRelayFee: bigint;
  fullRbf: boolean;
}

/**
 * The pool. Listeners of its events run synchronously after the change they report and must not
 * throw (an exception would reach the caller of the operation that had already been applied).
 */
export class Mempool extends EventEmitter<MempoolEvents> {
  readonly policy: MempoolPolicy;
  readonly orphans: OrphanPool;
  private readonly chain: MempoolChain;
  private readonly params: ChainParams;
  /** By hashKey of the txid, and of the wtxid. */
  private readonly byTxid = new Map<string, MempoolEntry>();
  private readonly byWtxid = new Map<string, MempoolEntry>();
  /** prevoutKey → the entry spending that outpoint. */
  private readonly spentBy = new Map<string, MempoolEntry>();
  private usage = 0;
  private vbytes = 0;
  private fees = 0n;
  /** Core's rolling minimum fee rate (per kvB, fractional while it decays). */
  private rollingMinimumFeeRate = 0;
  private lastRollingFeeUpdate = 0;
  private blockSinceLastRollingFeeBump = false;
  /** No entry arrived before this (a lower bound, so expiry scans only when something may expire). */
  private oldestTime = Number.POSITIVE_INFINITY;

  private readonly acceptor: MemPoolAccept;

  constructor(opts: { chain: MempoolChain; params: ChainParams; policy?: Partial<MempoolPolicy> }) {
    super();
    this.chain = opts.chain;
    this.params = opts.params;
    this.policy = mempoolPolicy(opts.policy);
    const view: PoolView = {
      policy: this.policy,
      get: (key) => this.byTxid.get(key),
      hasWtxid: (key) => this.byWtxid.has(key),
      spenderOf: (key) => this.spentBy.get(key),
      minFeeRate: (now) => this.minFeeRate(now),
    };
    this.acceptor = new MemPoolAccept(view, opts.chain, opts.params);
    this.orphans = new OrphanPool({
      maxTxs: this.policy.maxOrphanTxs,
      maxTxWeight: this.policy.maxOrphanTxWeight,
      expirySeconds: this.policy.orphanExpirySeconds,
    });
  }

  // --- Queries -------------------------------------------------------------------------------

  get size(): number {
    return this.byTxid.size;
  }

  /** Sum of the entries' virtual sizes (getmempoolinfo's `bytes`). */
  get totalVsize(): number {
    return this.vbytes;
  }

  /** Estimated memory held (the figure the size limit applies to). */
  get memoryUsage(): number {
    return this.usage;
  }

  get totalFees(): bigint {
    return this.fees;
  }

  has(txid: Uint8Array): boolean {
    return this.byTxid.has(hashKey(txid));
  }

  get(txid: Uint8Array): MempoolEntry | undefined {
    return this.byTxid.get(hashKey(txid));
  }

  getByWtxid(wtxid: Uint8Array): MempoolEntry | undefined {
    return this.byWtxid.get(hashKey(wtxid));
  }

  /** Entries in arrival order. */
  entries(): IterableIterator<MempoolEntry> {
    return this.byTxid.values();
  }

  /** The entry spending `outpoint`, if any. */
  spenderOf(outpoint: OutPoint): MempoolEntry | undefined {
    return this.spentBy.get(prevoutKey(outpoint));
  }

  /** An output of a mempool transaction (spent or not), if the pool has that transaction. */
  outputOf(outpoint: OutPoint): TxOut | undefined {
    return this.byTxid.get(hashKey(outpoint.txid))?.tx.outputs[outpoint.vout];
  }

  ancestors(entry: MempoolEntry): Set<MempoolEntry> {
    return ancestorsOf(entry);
  }

  descendants(entry: MempoolEntry): Set<MempoolEntry> {
    return descendantsOf(entry);
  }

  info(now: number): MempoolInfo {
    const poolMin = this.minFeeRate(now);
    const relayMin = this.policy.minRelayFeeRate;
    return {
      size: this.size,
      bytes: this.vbytes,
      usage: this.usage,
      totalFee: this.fees,
      maxMempool: this.policy.maxMempoolBytes,
      mempoolMinFee: maxFeeRate(poolMin, relayMin),
      minRelayTxFee: this.policy.minRelayFeeRate,
      incrementalRelayFee: this.policy.incrementalRelayFeeRate,
      fullRbf: this.policy.fullRbf,
    };
  }

  /**
   * Core's GetMinFee: the fee rate (per kvB) a transaction needs to enter a pool that has evicted.
   * It is raised by evictions and, once a block has arrived since, halves every 12 hours (faster
   * while the pool is under half, or a quarter, of its limit), dropping to 0 below half the
   * incremental relay fee.
   */
  minFeeRate(now: number): bigint {
    // Nothing evicted yet (the usual case): no BigInt to make on every acceptance.
    if (this.rollingMinimumFeeRate === 0) return 0n;
    const incremental = this.policy.incrementalRelayFeeRate;
    if (!this.blockSinceLastRollingFeeBump) {
      return BigInt(Math.round(this.rollingMinimumFeeRate));
    }
    if (now > this.lastRollingFeeUpdate + 10) {
      let halflife = ROLLING_FEE_HALFLIFE;
      if (this.usage < this.policy.maxMempoolBytes / 4) halflife /= 4;
      else if (this.usage < this.policy.maxMempoolBytes / 2) halflife /= 2;
      this.rollingMinimumFeeRate /= 2 ** ((now - this.lastRollingFeeUpdate) / halflife);
      this.lastRollingFeeUpdate = now;
      if (this.rollingMinimumFeeRate < Number(incremental) / 2) {
        this.rollingMinimumFeeRate = 0;
        return 0n;
      }
    }
    return maxFeeRate(BigInt(Math.round(this.rollingMinimumFeeRate)), incremental);
  }

  // --- Acceptance ----------------------------------------------------------------------------

  /**
   * AcceptToMemoryPool. Throws MempoolRejection with Core's reason (MissingInputsError for
   * `missing-inputs`, after keeping the transaction as an orphan when `keepOrphan`). On success the
   * transaction is in the pool, the transactions it replaced are not, and orphans waiting for it
   * have been tried.
   */
  accept(tx: Transaction, now: number, opts: AcceptOptions = {}): AcceptResult {
    let result: AcceptResult;
    try {
      result = this.acceptOne(tx, now, opts.bypassLimits ?? false, opts.ids);
    } catch (err) {
      if (err instanceof MissingInputsError && opts.keepOrphan) {
        const id = opts.ids?.txid ?? computeTxid(tx);
        err.orphaned = this.orphans.add(tx, id, txWeight(tx), now, opts.peer) || this.orphans.has(toHex(id));
      }
      throw err;
    }
    if (this.orphans.size > 0) result.orphans = this.acceptOrphansOf(result.entry, now);
    return result;
  }

  /** Core's testmempoolaccept: every check acceptance runs, without changing the pool. */
  testAccept(
    tx: Transaction,
    now: number,
    opts: { bypassLimits?: boolean; ids?: TxIds } = {},
  ): TestAcceptResult {
    const ws = this.acceptor.validate(tx, now, opts.bypassLimits ?? false, opts.ids);
    return { txid: ws.txid, wtxid: ws.wtxid, fee: ws.fee, vsize: ws.vsize, weight: ws.weight };
  }

  private acceptOne(tx: Transaction, now: number, bypassLimits: boolean, ids?: TxIds): AcceptResult {
    const ws = this.acceptor.validate(tx, now, bypassLimits, ids);
    const replaced = ws.replaced.size === 0 ? [] : [...ws.replaced];
    this.removeStaged(ws.replaced, 'replaced');
    const entry = this.addEntry(ws, now);
    if (this.orphans.size > 0) this.orphans.remove(entry.key);
    if (!bypassLimits) {
      this.limitSize(now);
      if (!this.byTxid.has(entry.id)) throw new MempoolRejection('mempool full', 'mempool-policy');
    }
    return { entry, replaced, orphans: [] };
  }

  private addEntry(ws: AcceptCandidate, now: number): MempoolEntry {
    const entry = new MempoolEntry(
      ws.tx,
      ws.txid,
      ws.wtxid,
      ws.key,
      ws.fee,
      ws.weight,
      ws.vsize,
      ws.sigOpCost,
      now,
      this.chain.tipHeight(),
      ws.spendsCoinbase,
      estimateEntryMemory(ws.tx),
    );
    // Ancestors are parents and theirs. Guarded: iterating even an empty set allocates, and most
    // candidates have no parents.
    if (ws.parents.size > 0) {
      for (const p of ws.parents) {
        entry.parents.add(p);
        p.children.add(entry);
      }
      for (const a of ws.ancestors) {
        a.descendantCount++;
        a.descendantSize += entry.vsize;
        a.descendantFees += entry.fee;
        entry.ancestorCount++;
        entry.ancestorSize += a.vsize;
        entry.ancestorFees += a.fee;
        entry.ancestorSigOpCost += a.sigOpCost;
      }
    }
    this.byTxid.set(ws.key, entry);
    this.byWtxid.set(ws.wkey, entry);
    for (let i = 0; i < ws.prevoutKeys.length; i++) this.spentBy.set(ws.prevoutKeys[i]!, entry);
    this.usage += entry.memoryUsage;
    this.vbytes += entry.vsize;
    this.fees += entry.fee;
    if (now < this.oldestTime) this.oldestTime = now;
    this.emit('added', entry);
    return entry;
  }

  /**
   * Core's ProcessOrphanTx: orphans spending the new entry's outputs are tried in turn; each one
   * accepted is tried as a parent in its turn. An orphan still missing inputs stays; one rejected
   * for any other reason is dropped.
   */
  private acceptOrphansOf(entry: MempoolEntry, now: number): MempoolEntry[] {
    const accepted: MempoolEntry[] = [];
    const work: MempoolEntry[] = [entry];
    while (work.length > 0 && this.orphans.size > 0) {
      const parent = work.shift()!;
      for (const orphan of this.orphans.spendersOf(parent.txid, parent.tx.outputs.length)) {
        this.orphans.remove(orphan.key);
        try {
          const r = this.acceptOne(orphan.tx, now, false);
          accepted.push(r.entry);
          work.push(r.entry);
        } catch (err) {
          if (!(err instanceof MempoolRejection)) throw err;
          if (err instanceof MissingInputsError) {
            this.orphans.add(orphan.tx, orphan.txid, orphan.weight, now, orphan.peer);
          }
        }
      }
    }
    return accepted;
  }

  // --- Removal -------------------------------------------------------------------------------

  /**
   * Core's RemoveStaged: removes a set of entries, updating the running totals of the ancestors and
   * descendants that stay (a block removes parents whose children stay).
   */
  private removeStaged(stage: ReadonlySet<MempoolEntry>, reason: RemovalReason): void {
    if (stage.size === 0) return;
    for (const r of stage) {
      for (const a of ancestorsOf(r)) {
        if (stage.has(a)) continue;
        a.descendantCount--;
        a.descendantSize -= r.vsize;
        a.descendantFees -= r.fee;
      }
      for (const d of descendantsOf(r)) {
        if (stage.has(d)) continue;
        d.ancestorCount--;
        d.ancestorSize -= r.vsize;
        d.ancestorFees -= r.fee;
        d.ancestorSigOpCost -= r.sigOpCost;
      }
    }
    for (const r of stage) {
      for (const p of r.parents) p.children.delete(r);
      for (const c of r.children) c.parents.delete(r);
      r.parents.clear();
      r.children.clear();
      this.byTxid.delete(r.id);
      this.byWtxid.delete(hashKey(r.wtxid));
      for (const input of r.tx.inputs) {
        const k = prevoutKey(input.prevout);
        if (this.spentBy.get(k) === r) this.spentBy.delete(k);
      }
      this.usage -= r.memoryUsage;
      this.vbytes -= r.vsize;
      this.fees -= r.fee;
    }
    for (const r of stage) this.emit('removed', r, reason);
  }

  /** Core's Expire: entries older than the expiry age, and their descendants. Returns how many. */
  expire(now: number): number {
    const cutoff = now - this.policy.expirySeconds;
    if (this.oldestTime >= cutoff) return 0;
    const stage = new Set<MempoolEntry>();
    let oldest = Number.POSITIVE_INFINITY;
    for (const e of this.byTxid.values()) {
      if (e.time < cutoff) addWithDescendants(e, stage);
    }
    for (const e of this.byTxid.values()) if (!stage.has(e) && e.time < oldest) oldest = e.time;
    this.removeStaged(stage, 'expiry');
    this.oldestTime = oldest;
    return stage.size;
  }

  /**
   * Core's TrimToSize: while over `limit` bytes, evicts the package with the lowest descendant score
   * (the entry and its descendants), raising the rolling minimum fee rate above what was evicted.
   */
  trimToSize(limit: number): number {
    let removed = 0;
    while (this.byTxid.size > 0 && this.usage > limit) {
      let worst: MempoolEntry | undefined;
      let worstScore = { fee: 0n, size: 1 };
      for (const e of this.byTxid.values()) {
        const s = descendantScore(e);
        // Equal scores: the newer entry goes first.
        const c = worst === undefined ? -1 : compareScores(s, worstScore);
        if (c < 0 || (c === 0 && e.time >= worst!.time)) {
          worst = e;
          worstScore = s;
        }
      }
      const evicted = worst!;
      const rate =
        feeRatePerKvB(evicted.descendantFees, evicted.descendantSize) + this.policy.incrementalRelayFeeRate;
      if (Number(rate) > this.rollingMinimumFeeRate) {
        this.rollingMinimumFeeRate = Number(rate);
        this.blockSinceLastRollingFeeBump = false;
      }
      const stage = new Set<MempoolEntry>();
      addWithDescendants(evicted, stage);
      removed += stage.size;
      this.removeStaged(stage, 'sizelimit');
    }
    return removed;
  }

  /** Core's LimitMempoolSize: expiry, then the memory cap. */
  limitSize(now: number): void {
    this.expire(now);
    this.trimToSize(this.policy.maxMempoolBytes);
  }

  /**
   * Core's removeForBlock, for a block just connected: its transactions leave the pool (`block`), and
   * so do pool transactions spending an input it spent, with their descendants (`conflict`), and
   * orphans it included or conflicted with. The rolling minimum fee starts decaying.
   */
  removeForBlock(block: Block, now: number): void {
    const txids = block.txs.map((tx) => computeTxid(tx));
    block.txs.forEach((tx, i) => {
      const entry = this.byTxid.get(hashKey(txids[i]!));
      if (entry) this.removeStaged(new Set([entry]), 'block');
      if (isCoinbase(tx)) return;
      const stage = new Set<MempoolEntry>();
      for (const input of tx.inputs) {
        const spender = this.spentBy.get(prevoutKey(input.prevout));
        if (spender) addWithDescendants(spender, stage);
      }
      this.removeStaged(stage, 'conflict');
    });
    this.orphans.removeForBlock(block.txs, txids);
    this.lastRollingFeeUpdate = now;
    this.blockSinceLastRollingFeeBump = true;
  }

  /**
   * Core's MaybeUpdateMempoolForReorg, after blocks were disconnected (and the chain view rewound):
   * their transactions, coinbases included, in any order. Each non-coinbase one is accepted again
   * (parents first, fee and size limits waived); one that fails takes the pool transactions spending
   * its outputs with it, as does every coinbase. Pool transactions that spend the returned ones
   * become their descendants, then entries no longer final, BIP68-final or mature at the new tip are
   * removed (`reorg`), and the pool is brought back within its limits.
   */
  reinsertDisconnected(
    txs: readonly Transaction[],
    now: number,
  ): { accepted: MempoolEntry[]; rejected: { tx: Transaction; error: MempoolRejection }[] } {
    const accepted: MempoolEntry[] = [];
    const rejected: { tx: Transaction; error: MempoolRejection }[] = [];
    for (const { tx, txid } of parentsFirst(txs)) {
      if (isCoinbase(tx)) {
        this.removeSpendersOf(txid, tx.outputs.length, 'reorg');
        continue;
      }
      try {
        accepted.push(this.acceptOne(tx, now, true).entry);
      } catch (err) {
        if (!(err instanceof MempoolRejection)) throw err;
        rejected.push({ tx, error: err });
        this.removeSpendersOf(txid, tx.outputs.length, 'reorg');
      }
    }
    this.linkExistingChildren(accepted);
    this.removeForReorg();
    this.limitSize(now);
    return { accepted: accepted.filter((e) => this.byTxid.get(e.id) === e), rejected };
  }

  private removeSpendersOf(txid: Uint8Array, outputs: number, reason: RemovalReason): void {
    const stage = new Set<MempoolEntry>();
    for (let vout = 0; vout < outputs; vout++) {
      const spender = this.spentBy.get(prevoutKey({ txid, vout }));
      if (spender) addWithDescendants(spender, stage);
    }
    this.removeStaged(stage, reason);
  }

  /**
   * Core's UpdateTransactionsFromBlock: entries accepted while their parents were confirmed now have
   * those parents back in the pool; link them and recompute the totals of everything related.
   */
  private linkExistingChildren(returned: readonly MempoolEntry[]): void {
    const affected = new Set<MempoolEntry>();
    for (const e of returned) {
      for (let vout = 0; vout < e.tx.outputs.length; vout++) {
        const child = this.spentBy.get(prevoutKey({ txid: e.txid, vout }));
        if (child && child !== e && !e.children.has(child)) {
          e.children.add(child);
          child.parents.add(e);
          affected.add(e);
        }
      }
    }
    const stale = new Set<MempoolEntry>();
    for (const e of affected) {
      stale.add(e);
      for (const a of ancestorsOf(e)) stale.add(a);
      for (const d of descendantsOf(e)) {
        stale.add(d);
        for (const a of ancestorsOf(d)) stale.add(a);
      }
    }
    for (const e of stale) recomputeTotals(e);
  }

  /**
   * Core's removeForReorg: entries that, at the new tip, are not final, not BIP68-final, spend an
   * immature coinbase or an output that no longer exists, with their descendants.
   */
  private removeForReorg(): void {
    const tip = this.chain.tipHeight();
    const height = tip + 1;
    const mtp = this.chain.medianTimePast(tip);
    const stage = new Set<MempoolEntry>();
    for (const e of this.byTxid.values()) {
      if (stage.has(e)) continue;
      if (!this.stillValidAt(e, height, mtp)) addWithDescendants(e, stage);
    }
    this.removeStaged(stage, 'reorg');
  }

  private stillValidAt(e: MempoolEntry, height: number, mtp: number): boolean {
    if (!isFinalTx(e.tx, height, mtp)) return false;
    const heights: number[] = [];
    for (const input of e.tx.inputs) {
      const parent = this.byTxid.get(hashKey(input.prevout.txid));
      if (parent) {
        if (!parent.tx.outputs[input.prevout.vout]) return false;
        heights.push(height);
        continue;
      }
      const coin = this.chain.getCoin(input.prevout);
      if (!coin) return false;
      if (coin.isCoinbase && height - coin.height < this.params.coinbaseMaturity) return false;
      heights.push(coin.height);
    }
    const locks = calculateSequenceLocks(e.tx, height >= this.params.csvHeight, heights, (h) =>
      this.chain.medianTimePast(h),
    );
    return evaluateSequenceLocks(height, mtp, locks);
  }
}

function recomputeTotals(e: MempoolEntry): void {
  e.ancestorCount = 1;
  e.ancestorSize = e.vsize;
  e.ancestorFees = e.fee;
  e.ancestorSigOpCost = e.sigOpCost;
  for (const a of ancestorsOf(e)) {
    e.ancestorCount++;
    e.ancestorSize += a.vsize;
    e.ancestorFees += a.fee;
    e.ancestorSigOpCost += a.sigOpCost;
  }
  e.descendantCount = 1;
  e.descendantSize = e.vsize;
  e.descendantFees = e.fee;
  for (const d of descendantsOf(e)) {
    e.descendantCount++;
    e.descendantSize += d.vsize;
    e.descendantFees += d.fee;
  }
}

/**
 * Transactions ordered so that each comes after any other in the list it spends from (a stable
 * topological sort: otherwise the given order is kept).
 */
export function parentsFirst(txs: readonly Transaction[]): { tx: Transaction; txid: Uint8Array }[] {
  const items = txs.map((tx) => ({ tx, txid: computeTxid(tx) }));
  const index = new Map<string, number>();
  items.forEach((it, i) => {
    index.set(hashKey(it.txid), i);
  });
  const out: { tx: Transaction; txid: Uint8Array }[] = [];
  const state = new Uint8Array(items.length); // 0 unvisited, 1 in progress, 2 done
  const visit = (i: number): void => {
    if (state[i] !== 0) return;
    state[i] = 1;
    const item = items[i]!;
    if (!isCoinbase(item.tx)) {
      for (const input of item.tx.inputs) {
        const j = index.get(hashKey(input.prevout.txid));
        if (j !== undefined && j !== i) visit(j);
      }
    }
    state[i] = 2;
    out.push(item);
  };
  for (let i = 0; i < items.length; i++) visit(i);
  return out;
}
