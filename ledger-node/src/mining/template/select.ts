/**
 * Transaction selection for a block template, as Bitcoin Core's BlockAssembler::addPackageTxs:
 * packages (a transaction with its unconfirmed ancestors not yet in the block) are taken in order of
 * ancestor fee rate, so a high-fee child pays for its low-fee parent (CPFP). Once part of a package
 * is in the block, the rest is re-ranked on what it still needs.
 */

import { MAX_BLOCK_SIGOPS_COST } from '../../consensus/limits.js';
import { isFinalTx } from '../../consensus/locktime.js';
import { ancestorsOf, descendantsOf, type MempoolEntry } from '../../mempool/entry.js';
import { feeForVsize } from '../../mempool/fee-rate.js';
import { COINBASE_RESERVED_SIGOPS_COST, COINBASE_RESERVED_WEIGHT } from '../../mempool/policy.js';
import { ancestorScore, compareScores, type Score } from '../../mempool/scores.js';
import { WITNESS_SCALE_FACTOR } from '../../wire/tx.js';

/** Core's MAX_CONSECUTIVE_FAILURES: packages that did not fit before giving up near a full block. */
const MAX_CONSECUTIVE_FAILURES = 1000;

export interface SelectionOptions {
  /** Weight the block may reach, coinbase reserve included. */
  maxWeight: number;
  /** Packages paying less (per kvB) are left out. */
  minFeeRate: bigint;
  /** Height of the block being built, and its lock-time cutoff (the parent's median time past). */
  height: number;
  lockTimeCutoff: number;
}

export interface Selection {
  /** In block order: every transaction after its unconfirmed parents. */
  entries: MempoolEntry[];
  /** Weight and sigop cost of the selected transactions plus the coinbase reserve. */
  weight: number;
  sigOpCost: number;
  fees: bigint;
}

/** Ancestor totals of an entry with its already-selected ancestors taken out (CTxMemPoolModifiedEntry). */
interface Modified {
  entry: MempoolEntry;
  ancestorSize: number;
  ancestorFees: bigint;
  ancestorSigOpCost: number;
}

function scoreOf(e: MempoolEntry, m?: Modified): Score {
  return ancestorScore({
    modifiedFee: e.modifiedFee,
    vsize: e.vsize,
    ancestorFees: m ? m.ancestorFees : e.ancestorFees,
    ancestorSize: m ? m.ancestorSize : e.ancestorSize,
  });
}

/** Core's ancestor-score order: higher first, ties by txid (internal byte order, as uint256's <). */
function byAncestorScore(
  a: { score: Score; entry: MempoolEntry },
  b: { score: Score; entry: MempoolEntry },
): number {
  const c = compareScores(b.score, a.score);
  return c !== 0 ? c : compareTxids(a.entry.txid, b.entry.txid);
}

/** uint256's operator<: memcmp of the internal byte order. */
function compareTxids(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    if (a[i]! !== b[i]!) return a[i]! - b[i]!;
  }
  return 0;
}

export function selectPackages(pool: Iterable<MempoolEntry>, opts: SelectionOptions): Selection {
  const sorted = [...pool].map((entry) => ({ entry, score: scoreOf(entry) })).sort(byAncestorScore);
  const inBlock = new Set<MempoolEntry>();
  const failed = new Set<MempoolEntry>();
  const modified = new Map<MempoolEntry, Modified>();
  const entries: MempoolEntry[] = [];
  let weight = COINBASE_RESERVED_WEIGHT;
  let sigOpCost = COINBASE_RESERVED_SIGOPS_COST;
  let fees = 0n;
  let consecutiveFailed = 0;

  const fits = (size: number, sigops: number) =>
    weight + WITNESS_SCALE_FACTOR * size < opts.maxWeight && sigOpCost + sigops < MAX_BLOCK_SIGOPS_COST;

  let i = 0;
  while (i < sorted.length || modified.size > 0) {
    const next = sorted[i];
    if (next && (inBlock.has(next.entry) || modified.has(next.entry) || failed.has(next.entry))) {
      i++;
      continue;
    }
    let best: Modified | undefined;
    let bestScore: Score | undefined;
    for (const m of modified.values()) {
      const s = scoreOf(m.entry, m);
      const better =
        bestScore === undefined ||
        byAncestorScore({ score: s, entry: m.entry }, { score: bestScore, entry: best!.entry }) < 0;
      if (better) {
        best = m;
        bestScore = s;
      }
    }
    let entry: MempoolEntry;
    let usingModified: Modified | undefined;
    if (!next) {
      entry = best!.entry;
      usingModified = best;
    } else if (best && byAncestorScore({ score: bestScore!, entry: best.entry }, next) < 0) {
      entry = best.entry;
      usingModified = best;
    } else {
      entry = next.entry;
      i++;
    }

    const packageSize = usingModified ? usingModified.ancestorSize : entry.ancestorSize;
    const packageFees = usingModified ? usingModified.ancestorFees : entry.ancestorFees;
    const packageSigOps = usingModified ? usingModified.ancestorSigOpCost : entry.ancestorSigOpCost;
    // Everything left ranks lower.
    if (packageFees < feeForVsize(opts.minFeeRate, packageSize)) break;

    const dropFailed = () => {
      if (usingModified) {
        modified.delete(entry);
        failed.add(entry);
      }
    };
    if (!fits(packageSize, packageSigOps)) {
      dropFailed();
      consecutiveFailed++;
      if (consecutiveFailed > MAX_CONSECUTIVE_FAILURES && weight > opts.maxWeight - COINBASE_RESERVED_WEIGHT)
        break;
      continue;
    }
    const pkg = [...ancestorsOf(entry)].filter((a) => !inBlock.has(a));
    pkg.push(entry);
    if (!pkg.every((e) => isFinalTx(e.tx, opts.height, opts.lockTimeCutoff))) {
      dropFailed();
      continue;
    }
    consecutiveFailed = 0;

    // Fewer ancestors first: a parent always has fewer than its child.
    pkg.sort((a, b) => a.ancestorCount - b.ancestorCount || compareTxids(a.txid, b.txid));
    for (const e of pkg) {
      entries.push(e);
      inBlock.add(e);
      modified.delete(e);
      weight += e.weight;
      sigOpCost += e.sigOpCost;
      fees += e.fee;
    }
    // What depends on the package now needs less to be mined.
    for (const e of pkg) {
      for (const d of descendantsOf(e)) {
        if (inBlock.has(d)) continue;
        let m = modified.get(d);
        if (!m) {
          m = {
            entry: d,
            ancestorSize: d.ancestorSize,
            ancestorFees: d.ancestorFees,
            ancestorSigOpCost: d.ancestorSigOpCost,
          };
          modified.set(d, m);
        }
        m.ancestorSize -= e.vsize;
        m.ancestorFees -= e.modifiedFee;
        m.ancestorSigOpCost -= e.sigOpCost;
      }
    }
  }
  return { entries, weight, sigOpCost, fees };
}
