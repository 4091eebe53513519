/**
 * Fee rates as Bitcoin Core's CFeeRate: base units per 1,000 virtual bytes, an integer, truncated
 * when computed from a fee and a size. Rules that compare fee rates (BIP125's "higher fee rate", the
 * minimum relay fee) compare these truncated values, exactly as Core does.
 */
import { WITNESS_SCALE_FACTOR } from '../wire/tx.js';

/** CFeeRate(fee, vsize): the fee per 1,000 vbytes, truncated toward zero; 0 for an empty size. */
export function feeRatePerKvB(fee: bigint, vsize: number): bigint {
  if (vsize <= 0) return 0n;
  return (fee * 1000n) / BigInt(vsize);
}

/**
 * CFeeRate::GetFee: the fee this rate asks of `vsize` vbytes, truncated, but never rounded down to
 * zero for a non-zero rate and size (a positive rate always asks for at least one base unit).
 */
export function feeForVsize(ratePerKvB: bigint, vsize: number): bigint {
  const fee = (ratePerKvB * BigInt(vsize)) / 1000n;
  if (fee === 0n && vsize !== 0) {
    if (ratePerKvB > 0n) return 1n;
    if (ratePerKvB < 0n) return -1n;
  }
  return fee;
}

/**
 * GetVirtualTransactionSize: the weight in vbytes (rounded up), or the sigop cost priced at
 * `bytesPerSigOp` when that is larger, so that a sigop-heavy transaction cannot buy block sigop room
 * at the price of its bytes.
 */
export function virtualSize(weight: number, sigOpCost: number, bytesPerSigOp: number): number {
  const w = Math.max(weight, sigOpCost * bytesPerSigOp);
  return Math.ceil(w / WITNESS_SCALE_FACTOR);
}

/** Sign of fee1/size1 − fee2/size2, exactly (cross-multiplied, no truncation). */
export function compareFeeRates(fee1: bigint, size1: number, fee2: bigint, size2: number): number {
  const a = fee1 * BigInt(size2);
  const b = fee2 * BigInt(size1);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fee rate in base units per vbyte, as RPCs print them (FAI/kvB is the same number ÷ 10^5). */
export function formatFeeRate(ratePerKvB: bigint): string {
  const whole = ratePerKvB / 1000n;
  const frac = (ratePerKvB < 0n ? -ratePerKvB : ratePerKvB) % 1000n;
  return `${whole}.${frac.toString().padStart(3, '0')} base/vB`;
}

/** The higher of two fee rates (bigints, which Math.max does not take). */
export function maxFeeRate(a: bigint, b: bigint): bigint {
  if (a > b) return a;
  return b;
}
