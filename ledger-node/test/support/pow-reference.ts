import { createHash } from 'node:crypto';
import { hashToBigInt } from '../../src/consensus/pow.js';

/**
 * The hash of an 80-byte header with `nonce` written in, as a number, computed with node's own
 * SHA-256 (a reference independent of the miner kernels under test).
 */
export function hashWithNonce(header: Uint8Array, nonce: number): bigint {
  const h = Uint8Array.from(header);
  new DataView(h.buffer).setUint32(76, nonce, true);
  return hashToBigInt(createHash('sha256').update(createHash('sha256').update(h).digest()).digest());
}
