import { checkTransaction } from '../consensus/check-tx.js';
import type { Coin, CoinView } from '../consensus/coins.js';
import type { ChainAncestry } from '../consensus/connect-block.js';
import { calculateSequenceLocks, evaluateSequenceLocks, isFinalTx } from '../consensus/locktime.js';
import { getBlockScriptFlags } from '../consensus/script-flags.js';
import { checkTxInputs } from '../consensus/tx-inputs.js';
import type { ChainParams } from '../params/chain-params.js';
import { getTransactionSigOpCost } from '../script/sigops.js';
import { equalBytes, hashToHex, toHex } from '../wire/bytes.js';
import type { OutPoint, Transaction, TxIds, TxOut } from '../wire/tx.js';
import {
  txid as computeTxid,
  wtxid as computeWtxid,
  hasWitness,
  isCoinbase,
  txSize,
  WITNESS_SCALE_FACTOR,
} from '../wire/tx.js';
import { addWithDescendants, ancestorsOf, type MempoolEntry } from './entry.js';
import { asRejection, MempoolRejection, MissingInputsError } from './errors.js';
import { feeForVsize, virtualSize } from './fee-rate.js';
import { hashKey, prevoutKey } from './keys.js';
import type { MempoolPolicy } from './policy.js';
import {
  MAX_STANDARD_TX_SIGOPS_COST,
  MIN_STANDARD_TX_NONWITNESS_SIZE,
  STANDARD_SCRIPT_VERIFY_FLAGS,
} from './policy.js';
import {
  checkNoNewUnconfirmed,
  checkPaysForRbf,
  checkPaysMoreThanConflicts,
  checkReplacementCount,
} from './rbf.js';
import { checkInputScripts } from './script-checks.js';
import { areInputsStandard, isWitnessStandard, signalsOptInRbf, standardTxError } from './standardness.js';

/**
 * What the mempool needs of the active chain: its UTXO set at the tip, the tip's height and the
 * median time past of any block on it (BIP68, BIP113). The chain state implements it.
 */
export interface MempoolChain extends CoinView, ChainAncestry {
  tipHeight(): number;
}

/** What acceptance reads of the pool (keys are keys.ts's: hashKey of txids and wtxids, prevoutKey). */
export interface PoolView {
  readonly policy: MempoolPolicy;
  /** The entry with this txid. */
  get(txidKey: string): MempoolEntry | undefined;
  hasWtxid(wtxidKey: string): boolean;
  /** The entry spending this outpoint. */
  spenderOf(outpointKey: string): MempoolEntry | undefined;
  /** The fee rate (per kvB) a transaction needs to enter now (Core's GetMinFee). */
  minFeeRate(now: number): bigint;
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
  /** Its txid and wtxid when the caller has them (txIdsFromBytes of the bytes received). */
  ids?: TxIds;
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

/** Everything acceptance computed about a transaction that passed every check. */
export interface AcceptCandidate {
  tx: Transaction;
  txid: Uint8Array;
  wtxid: Uint8Array;
  /** hashKey of the txid and of the wtxid. */
  key: string;
  wkey: string;
  fee: bigint;
  weight: number;
  vsize: number;
  sigOpCost: number;
  spendsCoinbase: boolean;
  parents: ReadonlySet<MempoolEntry>;
  ancestors: ReadonlySet<MempoolEntry>;
  /** Pool transactions spending one of its inputs (BIP125 replacement candidates). */
  conflicts: ReadonlySet<MempoolEntry>;
  /** Everything a replacement evicts (direct conflicts and their descendants). */
  replaced: ReadonlySet<MempoolEntry>;
  /** The outputs its inputs spend, in input order. */
  spent: TxOut[];
  /** prevoutKey of each input. */
  prevoutKeys: string[];
  /** The height of the block it would enter. */
  height: number;
}

/**
 * The candidate's sets when it has no conflicts or unconfirmed parents, as nearly every transaction
 * (read only: the candidate's sets are never changed after preChecks).
 */
const NONE: ReadonlySet<MempoolEntry> = new Set();

export class MemPoolAccept {
  /** The chain's median time past at a height, made once (sequence locks ask for it per transaction). */
  private readonly mtpAt: (height: number) => number;

  constructor(
    private readonly pool: PoolView,
    private readonly chain: MempoolChain,
    private readonly params: ChainParams,
  ) {
    this.mtpAt = (h) => chain.medianTimePast(h);
  }

  /**
   * Core's PreChecks, ReplacementChecks and PolicyScriptChecks, in Core's order (so the first rule a
   * transaction breaks gives Core's reason).
   */
  validate(tx: Transaction, now: number, bypassLimits: boolean, ids?: TxIds): AcceptCandidate {
    const candidate = this.preChecks(tx, now, bypassLimits, ids);
    if (candidate.conflicts.size > 0) this.replacementChecks(candidate);
    this.policyScriptChecks(candidate);
    return candidate;
  }

  /**
   * Core's PreChecks: the transaction alone (consensus, standardness, finality), then against the
   * pool and the chain (duplicates, conflicts, inputs, sequence locks, fee, standard inputs, sigops,
   * fee minimums) and the chain limits of its unconfirmed ancestors.
   */
  private preChecks(tx: Transaction, now: number, bypassLimits: boolean, ids?: TxIds): AcceptCandidate {
    const policy = this.pool.policy;
    try {
      checkTransaction(tx);
    } catch (err) {
      throw asRejection(err);
    }
    if (isCoinbase(tx)) throw new MempoolRejection('coinbase', 'consensus');
    const witness = hasWitness(tx);
    const baseSize = txSize(tx, false);
    const weight = baseSize * (WITNESS_SCALE_FACTOR - 1) + (witness ? txSize(tx, true) : baseSize);
    const nonStandard = standardTxError(tx, policy, weight);
    if (nonStandard) throw new MempoolRejection(nonStandard, 'not-standard');
    // Smaller ones are Core's policy (CVE-2017-12842); exactly 64 bytes is consensus (BIP54, checkTransaction).
    if (baseSize < MIN_STANDARD_TX_NONWITNESS_SIZE)
      throw new MempoolRejection('tx-size-small', 'not-standard');

    const tip = this.chain.tipHeight();
    const height = tip + 1;
    const mtp = this.chain.medianTimePast(tip);
    if (!isFinalTx(tx, height, mtp)) throw new MempoolRejection('non-final', 'premature-spend');

    const txid = ids?.txid ?? computeTxid(tx);
    const wtxid = ids?.wtxid ?? (witness ? computeWtxid(tx) : txid);
    const key = hashKey(txid);
    const wkey = witness ? hashKey(wtxid) : key;
    if (this.pool.hasWtxid(wkey)) throw new MempoolRejection('txn-already-in-mempool', 'conflict');
    if (this.pool.get(key) !== undefined)
      throw new MempoolRejection('txn-same-nonwitness-data-in-mempool', 'conflict');

    const inputs = tx.inputs;
    const prevoutKeys: string[] = new Array(inputs.length);
    let conflicts: Set<MempoolEntry> | undefined;
    for (let i = 0; i < inputs.length; i++) {
      const k = prevoutKey(inputs[i]!.prevout);
      prevoutKeys[i] = k;
      const spender = this.pool.spenderOf(k);
      if (spender === undefined || conflicts?.has(spender)) continue;
      if (!policy.fullRbf && !signalsOptInRbf(spender.tx)) {
        throw new MempoolRejection(
          'txn-mempool-conflict',
          'conflict',
          `conflicts with ${hashToHex(spender.txid)}`,
        );
      }
      conflicts ??= new Set();
      conflicts.add(spender);
    }

    // Inputs: outputs of pool transactions (taken to confirm in the next block) or chain coins,
    // each fetched once: what follows reads them from here.
    const coins: Coin[] = new Array(inputs.length);
    const spent: TxOut[] = new Array(inputs.length);
    const coinHeights: number[] = new Array(inputs.length);
    let spendsCoinbase = false;
    let parents: Set<MempoolEntry> | undefined;
    let missing: Uint8Array[] | undefined;
    for (let i = 0; i < inputs.length; i++) {
      const prevout = inputs[i]!.prevout;
      const parent = this.pool.get(hashKey(prevout.txid));
      if (parent) {
        const output = parent.tx.outputs[prevout.vout];
        if (!output) {
          throw new MempoolRejection(
            'bad-txns-inputs-missingorspent',
            'consensus',
            `input ${toHex(prevout.txid)}:${prevout.vout} does not exist`,
          );
        }
        coins[i] = { output, height, isCoinbase: false };
        spent[i] = output;
        coinHeights[i] = height;
        parents ??= new Set();
        parents.add(parent);
        continue;
      }
      const coin = this.chain.getCoin(prevout);
      if (coin) {
        coins[i] = coin;
        spent[i] = coin.output;
        coinHeights[i] = coin.height;
        if (coin.isCoinbase) spendsCoinbase = true;
      } else if (missing === undefined) missing = [prevout.txid];
      else if (!missing.some((m) => equalBytes(m, prevout.txid))) missing.push(prevout.txid);
    }
    if (missing !== undefined) {
      // Its own outputs are in the UTXO set: it is confirmed already.
      for (let vout = 0; vout < tx.outputs.length; vout++) {
        if (this.chain.getCoin({ txid, vout })) throw new MempoolRejection('txn-already-known', 'conflict');
      }
      throw new MissingInputsError(missing, `unknown parents ${missing.map(hashToHex).join(', ')}`);
    }

    const locks = calculateSequenceLocks(tx, height >= this.params.csvHeight, coinHeights, this.mtpAt);
    if (!evaluateSequenceLocks(height, mtp, locks))
      throw new MempoolRejection('non-BIP68-final', 'premature-spend');

    let fee: bigint;
    try {
      fee = checkTxInputs(
        tx,
        new InputCoinView(tx, coins, prevoutKeys),
        height,
        this.params.coinbaseMaturity,
      ).fee;
    } catch (err) {
      throw asRejection(err);
    }

    if (!areInputsStandard(tx, coins))
      throw new MempoolRejection('bad-txns-nonstandard-inputs', 'inputs-not-standard');
    if (witness && !isWitnessStandard(tx, coins)) {
      throw new MempoolRejection('bad-witness-nonstandard', 'inputs-not-standard');
    }
    const sigOpCost = getTransactionSigOpCost(tx, spent, STANDARD_SCRIPT_VERIFY_FLAGS);
    if (sigOpCost > MAX_STANDARD_TX_SIGOPS_COST) {
      throw new MempoolRejection('bad-txns-too-many-sigops', 'not-standard', String(sigOpCost));
    }

    const vsize = virtualSize(weight, sigOpCost, policy.bytesPerSigOp);
    if (!bypassLimits) {
      // A zero rate asks no fee: no BigInt arithmetic for it.
      const poolRate = this.pool.minFeeRate(now);
      const poolFee = poolRate === 0n ? 0n : feeForVsize(poolRate, vsize);
      if (poolFee > 0n && fee < poolFee) {
        throw new MempoolRejection('mempool min fee not met', 'mempool-policy', `${fee} < ${poolFee}`);
      }
      const relayFee = feeForVsize(policy.minRelayFeeRate, vsize);
      if (fee < relayFee)
        throw new MempoolRejection('min relay fee not met', 'mempool-policy', `${fee} < ${relayFee}`);
    }

    // What a replacement would evict: the chain limits below do not count it.
    let replaced: ReadonlySet<MempoolEntry> = NONE;
    if (conflicts !== undefined) {
      const r = new Set<MempoolEntry>();
      for (const c of conflicts) addWithDescendants(c, r);
      replaced = r;
    }
    const ancestors = this.ancestorsWithinLimits(parents ?? NONE, vsize, replaced);
    // Only a replacement can spend what it conflicts with.
    if (conflicts !== undefined) {
      for (const a of ancestors) {
        if (conflicts.has(a)) {
          throw new MempoolRejection(
            'bad-txns-spends-conflicting-tx',
            'consensus',
            `${hashToHex(txid)} spends conflicting transaction ${hashToHex(a.txid)}`,
          );
        }
      }
    }

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
      spendsCoinbase,
      parents: parents ?? NONE,
      ancestors,
      conflicts: conflicts ?? NONE,
      replaced,
      spent,
      prevoutKeys,
      height,
    };
  }

  /** Core's ReplacementChecks (BIP125 rules 2 to 5, as Core v25–v27 apply them). */
  private replacementChecks(c: AcceptCandidate): void {
    const policy = this.pool.policy;
    checkPaysMoreThanConflicts(c.conflicts, c.fee, c.vsize, c.txid);
    checkReplacementCount(c.conflicts, policy.maxReplacementCandidates, c.txid);
    checkNoNewUnconfirmed(c.tx, c.conflicts, (t) => this.pool.get(hashKey(t)) !== undefined, c.txid);
    let replacedFees = 0n;
    for (const r of c.replaced) replacedFees += r.modifiedFee;
    checkPaysForRbf(replacedFees, c.fee, c.vsize, policy.incrementalRelayFeeRate, c.txid);
  }

  /** Core's PolicyScriptChecks: the input scripts under the standard flags (and the consensus ones). */
  private policyScriptChecks(c: AcceptCandidate): void {
    checkInputScripts(
      c.tx,
      c.spent,
      STANDARD_SCRIPT_VERIFY_FLAGS,
      getBlockScriptFlags(c.height, this.params),
    );
  }

  /**
   * Core's CalculateMemPoolAncestors with the chain limits: at most 25 unconfirmed ancestors (itself
   * included) of at most 101 kvB in all, and no ancestor left with more than 25 descendants or 101 kvB
   * of them. Entries a replacement evicts do not count against an ancestor's descendants.
   */
  private ancestorsWithinLimits(
    parents: ReadonlySet<MempoolEntry>,
    vsize: number,
    evicted: ReadonlySet<MempoolEntry>,
  ): ReadonlySet<MempoolEntry> {
    const p = this.pool.policy;
    if (parents.size + 1 > p.ancestorLimit)
      throw tooLong(`too many unconfirmed parents [limit: ${p.ancestorLimit}]`);
    if (parents.size === 0) return NONE;
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
}

/**
 * The coins acceptance fetched for a transaction's inputs, as the view checkTxInputs reads: it asks
 * for each input's own prevout in input order, found by identity without a lookup (any other
 * outpoint by its key).
 */
class InputCoinView implements CoinView {
  private next = 0;

  constructor(
    private readonly tx: Transaction,
    private readonly coins: readonly Coin[],
    private readonly prevoutKeys: readonly string[],
  ) {}

  getCoin(outpoint: OutPoint): Coin | undefined {
    let i = this.next;
    if (this.tx.inputs[i]?.prevout !== outpoint) i = this.prevoutKeys.indexOf(prevoutKey(outpoint));
    if (i < 0) return undefined;
    this.next = i + 1;
    return this.coins[i];
  }
}

function tooLong(detail: string): MempoolRejection {
  return new MempoolRejection('too-long-mempool-chain', 'mempool-policy', detail);
}
