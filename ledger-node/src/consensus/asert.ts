/**
 * aserti3-2d, Bitcoin Cash's absolutely scheduled exponentially rising targets (spec
 * "2020-11-15-asert"): the target of the next block is the anchor block's target scaled by
 * 2^((time ahead of or behind the ideal schedule) / half-life), approximated with a cubic in
 * 16.16 fixed point exactly as the reference C++ does.
 */
import type { AsertAnchor } from '../params/chain-params.js';
import { decodeCompact, encodeCompact } from './pow.js';

export type { AsertAnchor } from '../params/chain-params.js';

export interface AsertParams {
  /** Ideal seconds between blocks. */
  targetSpacing: number;
  /** Seconds of schedule drift that double (or halve) the target. */
  halfLife: number;
  powLimit: bigint;
}

const int64 = (n: bigint): bigint => BigInt.asIntN(64, n);
const uint64 = (n: bigint): bigint => BigInt.asUintN(64, n);
const TWO_256 = 1n << 256n;
const ABS_DRIFT_LIMIT = 1n << 47n;

/**
 * CalculateASERT. Inputs are the reference's int64 values (BigInt so that heights past 2^53 and the
 * int64 wrap-around of the vectors are reproduced): the exponent is a truncating int64 division, its
 * integer part an arithmetic (flooring) right shift, the polynomial is evaluated in uint64, and a
 * result that would not fit in 256 bits becomes the POW limit.
 *
 * The reference keeps its 256-bit product exact by asserting powLimit < 2^224; here the product is
 * exact for any limit, so this computes what the reference would with wider integers (identical
 * whenever refTarget * 2^17 fits in 256 bits, i.e. for every limit below 2^239).
 */
export function calculateAsert(
  refTarget: bigint,
  targetSpacing: bigint,
  timeDiff: bigint,
  heightDiff: bigint,
  powLimit: bigint,
  halfLife: bigint,
): bigint {
  if (refTarget <= 0n || refTarget > powLimit) throw new RangeError('ASERT reference target out of range');
  if (heightDiff < 0n) throw new RangeError('ASERT height difference is negative');
  if (halfLife <= 0n || targetSpacing <= 0n) throw new RangeError('ASERT spacing and half-life are positive');
  const drift = int64(timeDiff - int64(targetSpacing * heightDiff));
  if (drift >= ABS_DRIFT_LIMIT || drift <= -ABS_DRIFT_LIMIT)
    throw new RangeError('ASERT schedule drift too large');

  // BigInt division truncates toward zero, as C++'s int64 division does.
  const exponent = int64(
    int64(int64(timeDiff - int64(targetSpacing * (heightDiff + 1n))) * 65536n) / halfLife,
  );
  // BigInt's >> is an arithmetic (flooring) shift; the fractional part is the low 16 bits.
  let shifts = exponent >> 16n;
  const frac = BigInt.asUintN(16, exponent);

  const poly = uint64(
    uint64(195766423245049n * frac) +
      uint64(971821376n * frac * frac) +
      uint64(5127n * frac * frac * frac) +
      (1n << 47n),
  );
  const factor = 65536n + (poly >> 48n);
  let next = refTarget * factor;

  shifts -= 16n;
  if (shifts <= 0n) {
    next >>= -shifts;
  } else if (shifts >= 256n) {
    // A non-zero product shifted this far cannot fit (and the shift would build a huge BigInt).
    next = powLimit;
  } else {
    next <<= shifts;
    if (next >= TWO_256) next = powLimit;
  }

  if (next === 0n) return 1n;
  return next > powLimit ? powLimit : next;
}

/**
 * GetNextASERTWorkRequired: the bits the block after `prev` must carry, measured from the anchor.
 * Heights and times are the reference's int64 values.
 */
export function nextAsertBits(
  prev: { height: number | bigint; time: number | bigint },
  anchor: AsertAnchor,
  params: AsertParams,
): number {
  const refTarget = decodeCompact(anchor.bits).target;
  const timeDiff = int64(BigInt(prev.time) - BigInt(anchor.parentTime));
  const heightDiff = int64(BigInt(prev.height) - BigInt(anchor.height));
  const next = calculateAsert(
    refTarget,
    BigInt(params.targetSpacing),
    timeDiff,
    heightDiff,
    params.powLimit,
    BigInt(params.halfLife),
  );
  return encodeCompact(next);
}
