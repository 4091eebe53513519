/**
 * BIP125 replace-by-fee, as Bitcoin Core's ReplacementChecks (policy/rbf.cpp). A transaction that
 * spends an output some mempool transaction already spends may replace it (and its descendants)
 * when every directly conflicting transaction signals replaceability (or the node runs full RBF) and:
 * it pays a higher fee rate than each direct conflict (rule 6), evicts at most 100 transactions
 * (rule 5), spends no unconfirmed output its conflicts did not (rule 2), pays at least their total
 * fee (rule 3), and on top of it the incremental relay fee for its own size (rule 4).
 */
import { hashToHex } from '../wire/bytes.js';
import type { Transaction } from '../wire/tx.js';
import { ancestorsOf, type MempoolEntry } from './entry.js';
import { MempoolRejection, type MempoolRejectReason } from './errors.js';
import { feeForVsize, feeRatePerKvB, formatFeeRate } from './fee-rate.js';
import { hashKey } from './keys.js';
import { signalsOptInRbf } from './standardness.js';

function policyError(reason: MempoolRejectReason, detail: string): MempoolRejection {
  return new MempoolRejection(reason, 'mempool-policy', detail);
}

/** Rule 6, against each direct conflict's own fee rate (Core compares the truncated per-kvB rates). */
export function checkPaysMoreThanConflicts(
  conflicts: Iterable<MempoolEntry>,
  fee: bigint,
  vsize: number,
  txid: Uint8Array,
): void {
  const rate = feeRatePerKvB(fee, vsize);
  for (const c of conflicts) {
    const old = feeRatePerKvB(c.modifiedFee, c.vsize);
    if (rate <= old) {
      throw policyError(
        'insufficient fee',
        `rejecting replacement ${hashToHex(txid)}; new feerate ${formatFeeRate(rate)} <= old feerate ${formatFeeRate(old)}`,
      );
    }
  }
}

/**
 * Rule 5: the direct conflicts' descendant counts (an over-estimate when they share descendants, as
 * in Core) may not exceed `max`.
 */
export function checkReplacementCount(
  conflicts: Iterable<MempoolEntry>,
  max: number,
  txid: Uint8Array,
): void {
  let count = 0;
  for (const c of conflicts) {
    count += c.descendantCount;
    if (count > max) {
      throw policyError(
        'too many potential replacements',
        `rejecting replacement ${hashToHex(txid)}; too many potential replacements (${count} > ${max})`,
      );
    }
  }
}

/**
 * Rule 2: every unconfirmed input of the replacement was already an input's parent of a conflict,
 * so a replacement cannot make miners take low fee rate parents along.
 */
export function checkNoNewUnconfirmed(
  tx: Transaction,
  conflicts: Iterable<MempoolEntry>,
  inMempool: (txid: Uint8Array) => boolean,
  txid: Uint8Array,
): void {
  const parentsOfConflicts = new Set<string>();
  for (const c of conflicts) for (const i of c.tx.inputs) parentsOfConflicts.add(hashKey(i.prevout.txid));
  tx.inputs.forEach((input, j) => {
    if (!parentsOfConflicts.has(hashKey(input.prevout.txid)) && inMempool(input.prevout.txid)) {
      throw policyError(
        'replacement-adds-unconfirmed',
        `replacement ${hashToHex(txid)} adds unconfirmed input, idx ${j}`,
      );
    }
  });
}

/** Rules 3 and 4: at least the evicted fees, plus the incremental relay fee for its own size. */
export function checkPaysForRbf(
  originalFees: bigint,
  replacementFees: bigint,
  replacementVsize: number,
  incrementalRelayFeeRate: bigint,
  txid: Uint8Array,
): void {
  if (replacementFees < originalFees) {
    throw policyError(
      'insufficient fee',
      `rejecting replacement ${hashToHex(txid)}, less fees than conflicting txs; ${replacementFees} < ${originalFees}`,
    );
  }
  const additional = replacementFees - originalFees;
  const relay = feeForVsize(incrementalRelayFeeRate, replacementVsize);
  if (additional < relay) {
    throw policyError(
      'insufficient fee',
      `rejecting replacement ${hashToHex(txid)}, not enough additional fees to relay; ${additional} < ${relay}`,
    );
  }
}

/**
 * Core's IsRBFOptIn (RPCs' `bip125-replaceable`): the entry or one of its unconfirmed ancestors
 * signals. Acceptance itself only looks at the direct conflict's own signal (rule 1 as Core applies it).
 */
export function isBip125Replaceable(entry: MempoolEntry): boolean {
  if (signalsOptInRbf(entry.tx)) return true;
  for (const a of ancestorsOf(entry)) if (signalsOptInRbf(a.tx)) return true;
  return false;
}
