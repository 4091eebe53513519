import { fromHex, sha256 } from '@funai/ledger-node';

const DOMAIN = new TextEncoder().encode('funai/llm/draw/v2');
const MSG_LENGTH = DOMAIN.length + 8 + 32 + 4;

/**
 * The uniform draw of output step `step` (0-based) of a request with sampling seed `seed` on model
 * `modelId` (docs/protocol.md §12.4):
 * h = SHA-256("funai/llm/draw/v2" || u64le(seed) || modelId (32 bytes) || u32le(step));
 * u = (first 8 bytes of h as a big-endian u64 >> 11) / 2^53, a number in [0, 1) with 53 bits, exact in a
 * double. The key holds nothing the executor chooses: the seed is signed by the client with the inference
 * transaction, the model id is the request's, and the step is the output position.
 */
export function drawUniform(seed: number, modelId: string, step: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be an integer in [0, 2^53)');
  if (!Number.isInteger(step) || step < 0 || step > 0xffffffff) throw new RangeError('step must be a u32');
  const id = fromHex(modelId);
  if (id.length !== 32) throw new RangeError('modelId must be 32 bytes of hex');
  const msg = new Uint8Array(MSG_LENGTH);
  msg.set(DOMAIN);
  const v = new DataView(msg.buffer);
  v.setBigUint64(DOMAIN.length, BigInt(seed), true);
  msg.set(id, DOMAIN.length + 8);
  v.setUint32(DOMAIN.length + 40, step, true);
  const h = sha256(msg);
  const hv = new DataView(h.buffer, h.byteOffset, 8);
  const hi = hv.getUint32(0, false);
  const lo = hv.getUint32(4, false);
  return (hi * 2 ** 21 + (lo >>> 11)) / 2 ** 53;
}
