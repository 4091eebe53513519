/**
 * Bitcoin's compact "nBits" encoding of a 256-bit target (the header's bits field), with the integer
 * behaviour of Bitcoin Core's arith_uint256 SetCompact/GetCompact. consensus/pow.ts re-exports it.
 */

const U256 = (1n << 256n) - 1n;

export interface CompactTarget {
  /** The 256-bit value, already truncated to 256 bits as Core's shift does. */
  target: bigint;
  /** The sign bit (0x00800000) is set with a non-zero mantissa. */
  negative: boolean;
  /** The value does not fit in 256 bits. */
  overflow: boolean;
}

/** arith_uint256::SetCompact. */
export function decodeCompact(bits: number): CompactTarget {
  const size = bits >>> 24;
  let word = bits & 0x007fffff;
  let target: bigint;
  if (size <= 3) {
    word >>>= 8 * (3 - size);
    target = BigInt(word);
  } else {
    target = (BigInt(word) << BigInt(8 * (size - 3))) & U256;
  }
  const negative = word !== 0 && (bits & 0x00800000) !== 0;
  const overflow = word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return { target, negative, overflow };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** arith_uint256::GetCompact: the shortest encoding, the mantissa kept clear of the sign bit. */
export function encodeCompact(target: bigint, negative = false): number {
  if (target < 0n || target > U256) throw new RangeError('target must be a 256-bit unsigned integer');
  let size = Math.ceil(bitLength(target) / 8);
  let compact: number;
  if (size <= 3) {
    compact = Number(target << BigInt(8 * (3 - size)));
  } else {
    compact = Number((target >> BigInt(8 * (size - 3))) & 0xffffffffn);
  }
  if (compact & 0x00800000) {
    compact >>>= 8;
    size++;
  }
  compact |= size << 24;
  if (negative && (compact & 0x007fffff) !== 0) compact |= 0x00800000;
  return compact >>> 0;
}
