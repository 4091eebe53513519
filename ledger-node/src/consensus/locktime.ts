/**
 * Absolute (nLockTime, BIP113) and relative (BIP68 sequence) lock times, as Bitcoin Core's
 * IsFinalTx, CalculateSequenceLocks and EvaluateSequenceLocks.
 */

import {
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  SEQUENCE_LOCKTIME_MASK,
  SEQUENCE_LOCKTIME_TYPE_FLAG,
} from '../script/checker.js';
import type { Transaction } from '../wire/tx.js';
import { SEQUENCE_FINAL } from '../wire/tx.js';
import { LOCKTIME_THRESHOLD } from './limits.js';

/** BIP68: time locks count units of 2^9 = 512 seconds. */
export const SEQUENCE_LOCKTIME_GRANULARITY = 9;

/**
 * IsFinalTx: the lock time is passed at `height` (heights) or `time` (UNIX times, the median time past
 * of the parent under BIP113), or every input opts out with a final sequence.
 */
export function isFinalTx(tx: Transaction, height: number, time: number): boolean {
  if (tx.locktime === 0) return true;
  if (tx.locktime < (tx.locktime < LOCKTIME_THRESHOLD ? height : time)) return true;
  return tx.inputs.every((i) => i.sequence === SEQUENCE_FINAL);
}

/** The last invalid height and the last invalid median time past (-1: none), nLockTime style. */
export interface SequenceLocks {
  minHeight: number;
  minTime: number;
}

/**
 * CalculateSequenceLocks for a transaction in the block at `height`. `coinHeights[i]` is the height
 * of the coin input i spends; `medianTimePast(h)` is the median time past of the block at height h
 * on the same branch (h below `height`). Relative locks apply to version 2+ transactions when
 * `enforce` (BIP68 active).
 */
export function calculateSequenceLocks(
  tx: Transaction,
  enforce: boolean,
  coinHeights: readonly number[],
  medianTimePast: (height: number) => number,
): SequenceLocks {
  if (coinHeights.length !== tx.inputs.length) throw new RangeError('one coin height per input');
  let minHeight = -1;
  let minTime = -1;
  // The version compares as unsigned, as Core's static_cast<uint32_t>(nVersion) >= 2.
  if (!enforce || tx.version >>> 0 < 2) return { minHeight, minTime };
  tx.inputs.forEach((input, i) => {
    const seq = input.sequence;
    if (seq & SEQUENCE_LOCKTIME_DISABLE_FLAG) return;
    const coinHeight = coinHeights[i]!;
    const lock = seq & SEQUENCE_LOCKTIME_MASK;
    if (seq & SEQUENCE_LOCKTIME_TYPE_FLAG) {
      // Measured from the median time past of the block before the one holding the coin: the
      // earliest time that block could have had.
      const coinTime = medianTimePast(Math.max(coinHeight - 1, 0));
      minTime = Math.max(minTime, coinTime + lock * 2 ** SEQUENCE_LOCKTIME_GRANULARITY - 1);
    } else {
      minHeight = Math.max(minHeight, coinHeight + lock - 1);
    }
  });
  return { minHeight, minTime };
}

/** EvaluateSequenceLocks: the locks are passed by a block at `height` whose parent has this MTP. */
export function evaluateSequenceLocks(
  height: number,
  parentMedianTimePast: number,
  locks: SequenceLocks,
): boolean {
  return locks.minHeight < height && locks.minTime < parentMedianTimePast;
}
