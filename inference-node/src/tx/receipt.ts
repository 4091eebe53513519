import { DecodeError, equalBytes, sha256 } from '@funai/ledger-node';
import { FINISH_REASONS, type FinishReason, type InferenceOutput } from '../llm/request/types.js';
import { isCompressedPublicKey, signCompact, verifyCompact } from './signature.js';

/**
 * Execution receipts (docs/protocol.md §15.4), the coordination sheet's fixed layout, big-endian so that
 * Clarity can slice it (`buff-to-uint-be`):
 *
 *   off len field
 *     0   1 version = 1
 *     1   4 chainId u32
 *     5  32 txId
 *    37  32 modelId
 *    69  32 outputHash = SHA-256 over the output token ids, each as u32 little-endian
 *   101   4 outputTokens u32
 *   105   1 finishReason (0 stop-token, 1 stop-string, 2 length)
 *   106  33 executor: compressed secp256k1 public key
 *   139   4 ledgerHeight u32 (ledger tip height when executed)
 *
 * digest = SHA-256("FUNAI-RECEIPT-V1" ‖ body); signed receipt = body ‖ 64-byte compact low-S signature.
 */

export const RECEIPT_VERSION = 1;
export const RECEIPT_BODY_SIZE = 143;
export const SIGNED_RECEIPT_SIZE = RECEIPT_BODY_SIZE + 64;
export const RECEIPT_DOMAIN = new TextEncoder().encode('FUNAI-RECEIPT-V1');

export interface ExecutionReceipt {
  version: number;
  chainId: number;
  txId: Uint8Array;
  modelId: Uint8Array;
  outputHash: Uint8Array;
  outputTokens: number;
  finishReason: FinishReason;
  executor: Uint8Array;
  ledgerHeight: number;
}

export interface SignedReceipt extends ExecutionReceipt {
  signature: Uint8Array;
}

/** SHA-256 over the token ids, each as a u32 little-endian. */
export function outputHash(tokens: readonly number[]): Uint8Array {
  const buf = new Uint8Array(4 * tokens.length);
  const dv = new DataView(buf.buffer);
  tokens.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t > 0xffffffff) throw new RangeError(`token ${i} is not a u32`);
    dv.setUint32(4 * i, t, true);
  });
  return Uint8Array.from(sha256(buf));
}

function u32ok(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

export function receiptShapeError(r: ExecutionReceipt): string | null {
  if (r.version !== RECEIPT_VERSION) return 'receipt-version';
  if (!u32ok(r.chainId)) return 'receipt-chain-id';
  if (r.txId.length !== 32) return 'receipt-tx-id';
  if (r.modelId.length !== 32) return 'receipt-model-id';
  if (r.outputHash.length !== 32) return 'receipt-output-hash';
  if (!u32ok(r.outputTokens) || r.outputTokens === 0) return 'receipt-output-tokens';
  if (!FINISH_REASONS.includes(r.finishReason)) return 'receipt-finish-reason';
  if (!isCompressedPublicKey(r.executor)) return 'receipt-executor';
  if (!u32ok(r.ledgerHeight)) return 'receipt-ledger-height';
  return null;
}

function putU32be(out: Uint8Array, off: number, v: number): void {
  out[off] = v >>> 24;
  out[off + 1] = v >>> 16;
  out[off + 2] = v >>> 8;
  out[off + 3] = v;
}

/** Writes the 143-byte body at the start of `out` (which is 143 or 207 bytes long). */
function writeBody(out: Uint8Array, r: ExecutionReceipt): void {
  const err = receiptShapeError(r);
  if (err) throw new RangeError(`malformed receipt: ${err}`);
  out[0] = r.version;
  putU32be(out, 1, r.chainId);
  out.set(r.txId, 5);
  out.set(r.modelId, 37);
  out.set(r.outputHash, 69);
  putU32be(out, 101, r.outputTokens);
  out[105] = FINISH_REASONS.indexOf(r.finishReason);
  out.set(r.executor, 106);
  putU32be(out, 139, r.ledgerHeight);
}

export function encodeReceiptBody(r: ExecutionReceipt): Uint8Array {
  const out = new Uint8Array(RECEIPT_BODY_SIZE);
  writeBody(out, r);
  return out;
}

export function encodeSignedReceipt(r: SignedReceipt): Uint8Array {
  if (r.signature.length !== 64) throw new RangeError('a signature is 64 bytes');
  const out = new Uint8Array(SIGNED_RECEIPT_SIZE);
  writeBody(out, r);
  out.set(r.signature, RECEIPT_BODY_SIZE);
  return out;
}

function readBody(b: Uint8Array): ExecutionReceipt {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const version = b[0]!;
  if (version !== RECEIPT_VERSION) throw new DecodeError('receipt-version', `version ${version}`);
  const reason = FINISH_REASONS[b[105]!];
  if (reason === undefined) throw new DecodeError('receipt-finish-reason', `${b[105]}`);
  const r: ExecutionReceipt = {
    version,
    chainId: dv.getUint32(1, false),
    txId: b.slice(5, 37),
    modelId: b.slice(37, 69),
    outputHash: b.slice(69, 101),
    outputTokens: dv.getUint32(101, false),
    finishReason: reason,
    executor: b.slice(106, 139),
    ledgerHeight: dv.getUint32(139, false),
  };
  const err = receiptShapeError(r);
  if (err) throw new DecodeError(err);
  return r;
}

export function decodeReceiptBody(bytes: Uint8Array): ExecutionReceipt {
  if (bytes.length !== RECEIPT_BODY_SIZE) throw new DecodeError('receipt-length', `${bytes.length} bytes`);
  return readBody(bytes);
}

/** Decodes body ‖ signature (207 bytes). The signature is not checked here (verifyReceipt). */
export function decodeSignedReceipt(bytes: Uint8Array): SignedReceipt {
  if (bytes.length !== SIGNED_RECEIPT_SIZE) throw new DecodeError('receipt-length', `${bytes.length} bytes`);
  return { ...readBody(bytes.subarray(0, RECEIPT_BODY_SIZE)), signature: bytes.slice(RECEIPT_BODY_SIZE) };
}

// The digest preimage is hashed at once (synchronously), so one scratch buffer per thread serves every call.
const DIGEST_PREIMAGE = new Uint8Array(RECEIPT_DOMAIN.length + RECEIPT_BODY_SIZE);
DIGEST_PREIMAGE.set(RECEIPT_DOMAIN, 0);

/** SHA-256("FUNAI-RECEIPT-V1" ‖ body) of a 143-byte body. */
export function receiptDigestOfBody(body: Uint8Array): Uint8Array {
  if (body.length !== RECEIPT_BODY_SIZE) throw new RangeError('a receipt body is 143 bytes');
  DIGEST_PREIMAGE.set(body, RECEIPT_DOMAIN.length);
  return sha256(DIGEST_PREIMAGE);
}

/** SHA-256("FUNAI-RECEIPT-V1" ‖ body): what the executor signs (Clarity: `secp256k1-verify digest sig executor`). */
export function receiptDigest(r: ExecutionReceipt): Uint8Array {
  return receiptDigestOfBody(encodeReceiptBody(r));
}

export function signReceipt(r: ExecutionReceipt, privateKey: Uint8Array): SignedReceipt {
  const signature = signCompact(receiptDigest(r), privateKey);
  const signed = { ...r, signature };
  if (!verifyReceipt(signed)) throw new RangeError('the private key is not the executor key');
  return signed;
}

/** True for a well-formed receipt with a valid low-S signature by its executor. Never throws. */
export function verifyReceipt(r: SignedReceipt): boolean {
  if (receiptShapeError(r)) return false;
  return verifyCompact(r.signature, receiptDigest(r), r.executor);
}

/**
 * Verifies a signed receipt in its 207-byte wire form without building the object (the block validator's
 * path): the digest is taken over the body bytes as they are.
 */
export function verifySignedReceiptBytes(bytes: Uint8Array): boolean {
  if (bytes.length !== SIGNED_RECEIPT_SIZE) return false;
  return verifyCompact(
    bytes.subarray(RECEIPT_BODY_SIZE),
    receiptDigestOfBody(bytes.subarray(0, RECEIPT_BODY_SIZE)),
    bytes.subarray(106, 139),
  );
}

/** The receipt an executor issues for transaction `tx` (its id given) and an engine output. */
export function receiptFor(
  tx: { chainId: number; modelId: Uint8Array },
  id: Uint8Array,
  output: Pick<InferenceOutput, 'tokens' | 'finishReason'>,
  executor: Uint8Array,
  ledgerHeight: number,
): ExecutionReceipt {
  return {
    version: RECEIPT_VERSION,
    chainId: tx.chainId,
    txId: Uint8Array.from(id),
    modelId: Uint8Array.from(tx.modelId),
    outputHash: Uint8Array.from(outputHash(output.tokens)),
    outputTokens: output.tokens.length,
    finishReason: output.finishReason,
    executor: Uint8Array.from(executor),
    ledgerHeight,
  };
}

/** Same (outputHash, outputTokens, finishReason). */
export function sameOutput(a: ExecutionReceipt, b: ExecutionReceipt): boolean {
  return (
    equalBytes(a.outputHash, b.outputHash) &&
    a.outputTokens === b.outputTokens &&
    a.finishReason === b.finishReason
  );
}
