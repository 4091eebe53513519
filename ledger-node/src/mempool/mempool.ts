/**
 * The pool of unconfirmed transactions, as Bitcoin Core's CTxMemPool with the acceptance logic of
 * its MemPoolAccept (validation.cpp). Pure logic: confirmed coins come from the chain view it is
 * given, time is an argument of every call that needs it, and nothing here does I/O.
 */
import { EventEmitter } from 'node:events';
import { checkTransaction } from '../consensus/check-tx.js';
import type { Coin, CoinView } from '../consensus/coins.js';
import { outpointKey } from '../consensus/coins.js';
import type { ChainAncestry } from '../consensus/connect-block.js';
import { calculateSequenceLocks, evaluateSequenceLocks, isFinalTx } from '../consensus/locktime.js';
import { getBlockScriptFlags } from '../consensus/script-flags.js';
import { checkTxInputs } from '../consensus/tx-inputs.js';
import type { ChainParams } from '../params/chain-params.js';
import { getTransactionSigOpCost } from '../script/sigops.js';
import type { Block } from '../wire/block.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import type { OutPoint, Transaction, TxOut } from '../wire/tx.js';
import {
  txid as computeTxid,
  wtxid as computeWtxid,
  hasWitness,
  isCoinbase,
  txSize,
  txWeight,
} from '../wire/tx.js';
import {
  addWithDescendants,
  ancestorsOf,
  descendantsOf,
  estimateEntryMemory,
  MempoolEntry,
} from './entry.js';
import { asRejection, MempoolRejection } from './errors.js';
import { feeForVsize, feeRatePerKvB, maxFeeRate, virtualSize } from './fee-rate.js';
import { OrphanPool } from './orphanage.js';
import type { MempoolPolicy } from './policy.js';
import {
  MAX_STANDARD_TX_SIGOPS_COST,
  MIN_STANDARD_TX_NONWITNESS_SIZE,
  mempoolPolicy,
  ROLLING_FEE_HALFLIFE,
  STANDARD_SCRIPT_VERIFY_FLAGS,
} from './policy.js';
import {
  checkNoNewUnconfirmed,
  checkPaysForRbf,
  checkPaysMoreThanConflicts,
  checkReplacementCount,
} from './rbf.js';
import { compareScores, descendantScore } from './scores.js';
import { checkInputScripts } from './script-checks.js';
import { areInputsStandard, isWitnessStandard, signalsOptInRbf, standardTxError } from './standardness.js';

/**
 * What the mempool needs of the active chain: its UTXO set at the tip, the tip's height and the
 * median time past of any block on it (BIP68, BIP113). The chain state implements it.
 */
export interface MempoolChain extends CoinView, ChainAncestry {
  tipHeight(): number;
}

/** Why an entry left the pool (Core's MemPoolRemovalReason, as RemovalReasonToString spells it). */
export type RemovalReason = 'expiry' | 'sizelimit' | 'reorg' | 'block' | 'conflict' | 'replaced';

export interface MempoolEvents {
  added: [entry: MempoolEntry];
  removed: [entry: MempoolEntry, reason: RemovalReason];
}

export interface AcceptOptions {
  /**
   * Skip the fee-rate minimums and the size limit, as Core does for transactions returned to the
   * pool by a disconnected block.
   */
  bypassLimits?: boolean;
  /** Keep the transaction as an orphan when it spends unknown outputs (a relay peer sent it). */
  keepOrphan?: boolean;
  /** The peer that sent it, recorded with an orphan. */
  peer?: string;
}

export interface AcceptResult {
  entry: MempoolEntry;
  /** Transactions the new one replaced (BIP125), descendants included. */
  replaced: MempoolEntry[];
  /** Orphans accepted because this transaction supplied their missing inputs, in acceptance order. */
  orphans: MempoolEntry[];
}

/** What testAccept reports, as Core's testmempoolaccept. */
export interface TestAcceptResult {
  txid: Uint8Array;
  wtxid: Uint8Array;
  fee: bigint;
  vsize: number;
  weight: number;
}

/** `missing-inputs`: some input spends an output neither the chain nor the pool has. */
export class MissingInputsError extends MempoolRejection {
  /** Whether the transaction was kept in the orphan pool. */
  orphaned = false;

  constructor(
    /** The unknown parents (txids, internal order): what a relay peer should be asked for. */
    readonly missingParents: Uint8Array[],
    detail?: string,
  ) {
    super('missing-inputs', 'missing-inputs', detail);
  }
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

/** Everything acceptance computed about a transaction that passed every check. */
interface Workspace {
  tx: Transaction;
  txid: Uint8Array;
  wtxid: Uint8Array;
  key: string;
  wkey: string;
  fee: bigint;
  weight: number;
  vsize: number;
  sigOpCost: number;
  spendsCoinbase: boolean;
  parents: Set<MempoolEntry>;
  ancestors: Set<MempoolEntry>;
  /** Everything a replacement evicts (direct conflicts and their descendants). */
  replaced: Set<MempoolEntry>;
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
  private readonly byTxid = new Map<string, MempoolEntry>();
  private readonly byWtxid = new Map<string, MempoolEntry>();
  /** Outpoint key → the entry spending it. */
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

  constructor(opts: { chain: MempoolChain; params: ChainParams; policy?: Partial<MempoolPolicy> }) {
    super();
    this.chain = opts.chain;
    this.params = opts.params;
    this.policy = mempoolPolicy(opts.policy);
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
    return this.byTxid.has(toHex(txid));
  }

  get(txid: Uint8Array): MempoolEntry | undefined {
    return this.byTxid.get(toHex(txid));
  }

  getByWtxid(wtxid: Uint8Array): MempoolEntry | undefined {
    return this.byWtxid.get(toHex(wtxid));
  }

  /** Entries in arrival order. */
  entries(): IterableIterator<MempoolEntry> {
    return this.byTxid.values();
  }

  /** The entry spending `outpoint`, if any. */
  spenderOf(outpoint: OutPoint): MempoolEntry | undefined {
    return this.spentBy.get(outpointKey(outpoint));
  }

  /** An output of a mempool transaction (spent or not), if the pool has that transaction. */
  outputOf(outpoint: OutPoint): TxOut | undefined {
    return this.byTxid.get(toHex(outpoint.txid))?.tx.outputs[outpoint.vout];
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
    const incremental = this.policy.incrementalRelayFeeRate;
    if (!this.blockSinceLastRollingFeeBump || this.rollingMinimumFeeRate === 0) {
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
      result = this.acceptOne(tx, now, opts.bypassLimits ?? false);
    } catch (err) {
      if (err instanceof MissingInputsError && opts.keepOrphan) {
        const id = computeTxid(tx);
        err.orphaned = this.orphans.add(tx, id, txWeight(tx), now, opts.peer) || this.orphans.has(toHex(id));
      }
      throw err;
    }
    result.orphans = this.acceptOrphansOf(result.entry, now);
    return result;
  }

  /** Core's testmempoolaccept: every check acceptance runs, without changing the pool. */
  testAccept(tx: Transaction, now: number, opts: { bypassLimits?: boolean } = {}): TestAcceptResult {
    const ws = this.validate(tx, now, opts.bypassLimits ?? false);
    return { txid: ws.txid, wtxid: ws.wtxid, fee: ws.fee, vsize: ws.vsize, weight: ws.weight };
  }

  private acceptOne(tx: Transaction, now: number, bypassLimits: boolean): AcceptResult {
    const ws = this.validate(tx, now, bypassLimits);
    const replaced = [...ws.replaced];
    this.removeStaged(ws.replaced, 'replaced');
    const entry = this.addEntry(ws, now);
    this.orphans.remove(entry.key);
    if (!bypassLimits) {
      this.limitSize(now);
      if (!this.byTxid.has(entry.key)) throw new MempoolRejection('mempool full', 'mempool-policy');
    }
    return { entry, replaced, orphans: [] };
  }

  /**
   * Core's PreChecks, ReplacementChecks and PolicyScriptChecks, in Core's order (so the first rule a
   * transaction breaks gives Core's reason).
   */
  private validate(tx: Transaction, now: number, bypassLimits: boolean): Workspace {
    const policy = this.policy;
    try {
      checkTransaction(tx);
    } catch (err) {
      throw asRejection(err);
    }
    if (isCoinbase(tx)) throw new MempoolRejection('coinbase', 'consensus');
    const nonStandard = standardTxError(tx, policy);
    if (nonStandard) throw new MempoolRejection(nonStandard, 'not-standard');
    // Smaller ones are Core's policy (CVE-2017-12842); exactly 64 bytes is consensus (BIP54, checkTransaction).
    if (txSize(tx, false) < MIN_STANDARD_TX_NONWITNESS_SIZE)
      throw new MempoolRejection('tx-size-small', 'not-standard');

    const tip = this.chain.tipHeight();
    const height = tip + 1;
    const mtp = this.chain.medianTimePast(tip);
    if (!isFinalTx(tx, height, mtp)) throw new MempoolRejection('non-final', 'premature-spend');

    const txid = computeTxid(tx);
    const wtxid = hasWitness(tx) ? computeWtxid(tx) : txid;
    const key = toHex(txid);
    const wkey = hasWitness(tx) ? toHex(wtxid) : key;
    if (this.byWtxid.has(wkey)) throw new MempoolRejection('txn-already-in-mempool', 'conflict');
    if (this.byTxid.has(key)) throw new MempoolRejection('txn-same-nonwitness-data-in-mempool', 'conflict');

    const outpointKeys = tx.inputs.map((i) => outpointKey(i.prevout));
    const conflicts = new Set<MempoolEntry>();
    for (const k of outpointKeys) {
      const spender = this.spentBy.get(k);
      if (spender === undefined || conflicts.has(spender)) continue;
      if (!policy.fullRbf && !signalsOptInRbf(spender.tx)) {
        throw new MempoolRejection(
          'txn-mempool-conflict',
          'conflict',
          `conflicts with ${hashToHex(spender.txid)}`,
        );
      }
      conflicts.add(spender);
    }

    // Inputs: outputs of pool transactions (taken to confirm in the next block) or chain coins.
    const coins: Coin[] = [];
    const parents = new Set<MempoolEntry>();
    const missing: Uint8Array[] = [];
    for (const input of tx.inputs) {
      const parentKey = toHex(input.prevout.txid);
      const parent = this.byTxid.get(parentKey);
      if (parent) {
        const output = parent.tx.outputs[input.prevout.vout];
        if (!output) {
          throw new MempoolRejection(
            'bad-txns-inputs-missingorspent',
            'consensus',
            `input ${parentKey}:${input.prevout.vout} does not exist`,
          );
        }
        coins.push({ output, height, isCoinbase: false });
        parents.add(parent);
        continue;
      }
      const coin = this.chain.getCoin(input.prevout);
      if (coin) coins.push(coin);
      else if (!missing.some((m) => toHex(m) === parentKey)) missing.push(input.prevout.txid);
    }
    if (missing.length > 0) {
      // Its own outputs are in the UTXO set: it is confirmed already.
      for (let vout = 0; vout < tx.outputs.length; vout++) {
        if (this.chain.getCoin({ txid, vout })) throw new MempoolRejection('txn-already-known', 'conflict');
      }
      throw new MissingInputsError(missing, `unknown parents ${missing.map(hashToHex).join(', ')}`);
    }

    const locks = calculateSequenceLocks(
      tx,
      height >= this.params.csvHeight,
      coins.map((c) => c.height),
      (h) => this.chain.medianTimePast(h),
    );
    if (!evaluateSequenceLocks(height, mtp, locks))
      throw new MempoolRejection('non-BIP68-final', 'premature-spend');

    const byOutpoint = new Map<string, Coin>();
    outpointKeys.forEach((k, i) => {
      byOutpoint.set(k, coins[i]!);
    });
    let fee: bigint;
    try {
      fee = checkTxInputs(
        tx,
        { getCoin: (o) => byOutpoint.get(outpointKey(o)) },
        height,
        this.params.coinbaseMaturity,
      ).fee;
    } catch (err) {
      throw asRejection(err);
    }

    if (!areInputsStandard(tx, coins))
      throw new MempoolRejection('bad-txns-nonstandard-inputs', 'inputs-not-standard');
    if (hasWitness(tx) && !isWitnessStandard(tx, coins)) {
      throw new MempoolRejection('bad-witness-nonstandard', 'inputs-not-standard');
    }
    const spent = coins.map((c) => c.output);
    const sigOpCost = getTransactionSigOpCost(tx, spent, STANDARD_SCRIPT_VERIFY_FLAGS);
    if (sigOpCost > MAX_STANDARD_TX_SIGOPS_COST) {
      throw new MempoolRejection('bad-txns-too-many-sigops', 'not-standard', String(sigOpCost));
    }

    const weight = txWeight(tx);
    const vsize = virtualSize(weight, sigOpCost, policy.bytesPerSigOp);
    if (!bypassLimits) {
      const poolFee = feeForVsize(this.minFeeRate(now), vsize);
      if (poolFee > 0n && fee < poolFee) {
        throw new MempoolRejection('mempool min fee not met', 'mempool-policy', `${fee} < ${poolFee}`);
      }
      const relayFee = feeForVsize(policy.minRelayFeeRate, vsize);
      if (fee < relayFee)
        throw new MempoolRejection('min relay fee not met', 'mempool-policy', `${fee} < ${relayFee}`);
    }

    // What a replacement would evict: the chain limits below do not count it.
    const replaced = new Set<MempoolEntry>();
    for (const c of conflicts) addWithDescendants(c, replaced);
    const ancestors = this.ancestorsWithinLimits(parents, vsize, replaced);
    for (const a of ancestors) {
      if (conflicts.has(a)) {
        throw new MempoolRejection(
          'bad-txns-spends-conflicting-tx',
          'consensus',
          `${hashToHex(txid)} spends conflicting transaction ${hashToHex(a.txid)}`,
        );
      }
    }

    if (conflicts.size > 0) {
      checkPaysMoreThanConflicts(conflicts, fee, vsize, txid);
      checkReplacementCount(conflicts, policy.maxReplacementCandidates, txid);
      checkNoNewUnconfirmed(tx, conflicts, (k) => this.byTxid.has(k), txid);
      let replacedFees = 0n;
      for (const r of replaced) replacedFees += r.modifiedFee;
      checkPaysForRbf(replacedFees, fee, vsize, policy.incrementalRelayFeeRate, txid);
    }

    checkInputScripts(tx, spent, STANDARD_SCRIPT_VERIFY_FLAGS, getBlockScriptFlags(height, this.params));

    return {
      tx,
      txid,
      wtxid,
      key,
      wkey,
      fee,
      weight,
      vsize,
      sigOpCost,
      spendsCoinbase: coins.some((c) => c.isCoinbase),
      parents,
      ancestors,
      replaced,
    };
  }

  /**
   * Core's CalculateMemPoolAncestors with the chain limits: at most 25 unconfirmed ancestors (itself
   * included) of at most 101 kvB in all, and no ancestor left with more than 25 descendants or 101 kvB
   * of them. Entries a replacement evicts do not count against an ancestor's descendants.
   */
  private ancestorsWithinLimits(
    parents: Set<MempoolEntry>,
    vsize: number,
    evicted: ReadonlySet<MempoolEntry>,
  ): Set<MempoolEntry> {
    const p = this.policy;
    const tooLong = (detail: string) =>
      new MempoolRejection('too-long-mempool-chain', 'mempool-policy', detail);
    if (parents.size + 1 > p.ancestorLimit)
      throw tooLong(`too many unconfirmed parents [limit: ${p.ancestorLimit}]`);
    const evictedAncestors = [...evicted].map((e) => ({ e, ancestors: ancestorsOf(e) }));
    const ancestors = new Set<MempoolEntry>();
    const staged = new Set(parents);
    let totalSize = vsize;
    while (staged.size > 0) {
      const a: MempoolEntry = staged.values().next().value!;
      staged.delete(a);
      ancestors.add(a);
      totalSize += a.vsize;
      let count = a.descendantCount;
      let size = a.descendantSize;
      for (const { e, ancestors: ea } of evictedAncestors) {
        if (ea.has(a)) {
          count--;
          size -= e.vsize;
        }
      }
      if (size + vsize > p.descendantSizeLimitVbytes) {
        throw tooLong(
          `exceeds descendant size limit for tx ${hashToHex(a.txid)} [limit: ${p.descendantSizeLimitVbytes}]`,
        );
      }
      if (count + 1 > p.descendantLimit) {
        throw tooLong(`too many descendants for tx ${hashToHex(a.txid)} [limit: ${p.descendantLimit}]`);
      }
      if (totalSize > p.ancestorSizeLimitVbytes) {
        throw tooLong(`exceeds ancestor size limit [limit: ${p.ancestorSizeLimitVbytes}]`);
      }
      for (const parent of a.parents) {
        if (!ancestors.has(parent)) staged.add(parent);
        if (staged.size + ancestors.size + 1 > p.ancestorLimit) {
          throw tooLong(`too many unconfirmed ancestors [limit: ${p.ancestorLimit}]`);
        }
      }
    }
    return ancestors;
  }

  private addEntry(ws: Workspace, now: number): MempoolEntry {
    const entry = new MempoolEntry(
      ws.tx,
      ws.txid,
      ws.wtxid,
      ws.fee,
      ws.weight,
      ws.vsize,
      ws.sigOpCost,
      now,
      this.chain.tipHeight(),
      ws.spendsCoinbase,
      estimateEntryMemory(ws.tx),
    );
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
    this.byTxid.set(ws.key, entry);
    this.byWtxid.set(ws.wkey, entry);
    for (const input of ws.tx.inputs) this.spentBy.set(outpointKey(input.prevout), entry);
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
    while (work.length > 0) {
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
      this.byTxid.delete(r.key);
      this.byWtxid.delete(toHex(r.wtxid));
      for (const input of r.tx.inputs) {
        const k = outpointKey(input.prevout);
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
      const entry = this.byTxid.get(toHex(txids[i]!));
      if (entry) this.removeStaged(new Set([entry]), 'block');
      if (isCoinbase(tx)) return;
      const stage = new Set<MempoolEntry>();
      for (const input of tx.inputs) {
        const spender = this.spentBy.get(outpointKey(input.prevout));
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
    return { accepted: accepted.filter((e) => this.byTxid.get(e.key) === e), rejected };
  }

  private removeSpendersOf(txid: Uint8Array, outputs: number, reason: RemovalReason): void {
    const stage = new Set<MempoolEntry>();
    for (let vout = 0; vout < outputs; vout++) {
      const spender = this.spentBy.get(outpointKey({ txid, vout }));
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
        const child = this.spentBy.get(outpointKey({ txid: e.txid, vout }));
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
      const parent = this.byTxid.get(toHex(input.prevout.txid));
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
function parentsFirst(txs: readonly Transaction[]): { tx: Transaction; txid: Uint8Array }[] {
  const items = txs.map((tx) => ({ tx, txid: computeTxid(tx) }));
  const index = new Map<string, number>();
  items.forEach((it, i) => {
    index.set(toHex(it.txid), i);
  });
  const out: { tx: Transaction; txid: Uint8Array }[] = [];
  const state = new Uint8Array(items.length); // 0 unvisited, 1 in progress, 2 done
  const visit = (i: number): void => {
    if (state[i] !== 0) return;
    state[i] = 1;
    const item = items[i]!;
    if (!isCoinbase(item.tx)) {
      for (const input of item.tx.inputs) {
        const j = index.get(toHex(input.prevout.txid));
        if (j !== undefined && j !== i) visit(j);
      }
    }
    state[i] = 2;
    out.push(item);
  };
  for (let i = 0; i < items.length; i++) visit(i);
  return out;
}
