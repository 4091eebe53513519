import { sha256 } from '@funai/ledger-node';

const DOMAIN = new TextEncoder().encode('funai/llm/draw/v1');

/**
 * The uniform draw of output step `step` (0-based) under `seed`:
 * h = SHA-256("funai/llm/draw/v1" || u64le(seed) || u32le(step)); u = (first 8 bytes of h as a
 * big-endian u64 >> 11) / 2^53, a number in [0, 1) with 53 bits, exact in a double.
 */
export function drawUniform(seed: number, step: number): number {
  const msg = new Uint8Array(DOMAIN.length + 12);
  msg.set(DOMAIN);
  const v = new DataView(msg.buffer);
  v.setBigUint64(DOMAIN.length, BigInt(seed), true);
  v.setUint32(DOMAIN.length + 8, step, true);
  const h = sha256(msg);
  const hv = new DataView(h.buffer, h.byteOffset, 8);
  const hi = hv.getUint32(0, false);
  const lo = hv.getUint32(4, false);
  return (hi * 2 ** 21 + (lo >>> 11)) / 2 ** 53;
}
