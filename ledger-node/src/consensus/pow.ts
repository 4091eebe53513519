/**
 * Proof of work: the hash-below-target check and the work a block proves, with the integer behaviour
 * of Bitcoin Core's arith_uint256 (the compact "nBits" codec is wire/compact.ts, re-exported here).
 */

export type { CompactTarget } from '../wire/compact.js';
export { decodeCompact, encodeCompact } from '../wire/compact.js';

import { decodeCompact } from '../wire/compact.js';

export const TWO_256 = 1n << 256n;

/** The target of valid bits, or null when the bits are negative, zero, overflowing or above the limit. */
export function targetFromBits(bits: number, powLimit: bigint): bigint | null {
  const { target, negative, overflow } = decodeCompact(bits);
  if (negative || overflow || target === 0n || target > powLimit) return null;
  return target;
}

/** A 32-byte hash read as a little-endian 256-bit number, as Core's UintToArith256. */
export function hashToBigInt(hash: Uint8Array): bigint {
  if (hash.length !== 32) throw new TypeError('a hash is 32 bytes');
  let n = 0n;
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(hash[i]!);
  return n;
}

/** CheckProofOfWork: the bits are a valid target within the limit and the hash does not exceed it. */
export function checkProofOfWork(hash: Uint8Array, bits: number, powLimit: bigint): boolean {
  const target = targetFromBits(bits, powLimit);
  return target !== null && hashToBigInt(hash) <= target;
}

/**
 * GetBlockProof: the expected number of hashes to meet the target, 2^256 / (target + 1); zero for
 * bits that encode no valid target. Chain work is the sum over a chain's blocks.
 */
export function blockProof(bits: number): bigint {
  const { target, negative, overflow } = decodeCompact(bits);
  if (negative || overflow || target === 0n) return 0n;
  return TWO_256 / (target + 1n);
}
