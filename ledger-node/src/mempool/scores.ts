/**
 * The orderings Bitcoin Core's mempool keeps its entries in, written as comparisons of fee/size
 * pairs (cross-multiplied, so exact): ancestor score for block assembly, descendant score for
 * eviction.
 */
import { compareFeeRates } from './fee-rate.js';

/** The fee and size a package is ranked by. */
export interface Score {
  fee: bigint;
  size: number;
}

interface PackageTotals {
  modifiedFee: bigint;
  vsize: number;
  ancestorFees: bigint;
  ancestorSize: number;
  descendantFees: bigint;
  descendantSize: number;
}

/**
 * CompareTxMemPoolEntryByAncestorFee's key: the lower of the transaction's own fee rate and its
 * fee rate with all unconfirmed ancestors. A child cannot raise its own rank above its own rate,
 * and a parent's low rate drags its children down: mining the child means mining the parent.
 */
export function ancestorScore(
  e: Pick<PackageTotals, 'modifiedFee' | 'vsize' | 'ancestorFees' | 'ancestorSize'>,
): Score {
  return compareFeeRates(e.modifiedFee, e.vsize, e.ancestorFees, e.ancestorSize) > 0
    ? { fee: e.ancestorFees, size: e.ancestorSize }
    : { fee: e.modifiedFee, size: e.vsize };
}

/**
 * CompareTxMemPoolEntryByDescendantScore's key: the higher of the own fee rate and the fee rate with
 * all descendants, so that a parent whose children pay for it is not evicted for its own low rate.
 */
export function descendantScore(
  e: Pick<PackageTotals, 'modifiedFee' | 'vsize' | 'descendantFees' | 'descendantSize'>,
): Score {
  return compareFeeRates(e.descendantFees, e.descendantSize, e.modifiedFee, e.vsize) > 0
    ? { fee: e.descendantFees, size: e.descendantSize }
    : { fee: e.modifiedFee, size: e.vsize };
}

/** Sign of a's rate minus b's. */
export function compareScores(a: Score, b: Score): number {
  return compareFeeRates(a.fee, a.size, b.fee, b.size);
}
