import { ByteReader, ByteWriter, DecodeError, hash160, sha256, toHex } from '@funai/ledger-node';
import type { ChatMessage, InferenceRequest } from '../llm/request/types.js';
import {
  MAX_CONTEXT_MESSAGES,
  MAX_STOP_STRING_BYTES,
  MAX_TEMPERATURE_MILLI,
  MAX_TEXT_BYTES,
  MAX_TX_BYTES,
  MAX_TX_OUTPUT_TOKENS,
  MAX_TX_STOP_STRING_UNITS,
  MAX_TX_STOP_STRINGS,
  MAX_TX_TOP_K,
  SEED_LIMIT,
  TEMPERATURE_SCALE,
  TOP_P_SCALE,
  TX_VERSION,
} from './limits.js';
import { isCompressedPublicKey, signCompact, verifyCompact } from './signature.js';
import { isWellFormedText, readText, writeText } from './text.js';

/**
 * Inference transactions (docs/protocol.md §15.1–15.3). Everything that decides the output is in the
 * signed body, the sampling seed included (chosen by the client, so no executor can grind it).
 *
 *   version:u8 | chainId:u32 | sender:33 | nonce:u64 | modelId:32 | gasLimit:u64 | gasPrice:u64
 *   | system:text | contextCount:CompactSize, each (role:u8 | content:text) | input:text
 *   | samplingMode:u8 (0 greedy, 1 seeded) | [temperatureMilli:u16 | topK:u16 | topPMicro:u32]
 *   | seed:u64 | maxTokens:u32 | stopCount:CompactSize, each stop:text
 *   | signature:64                                   (integers little-endian, text = CompactSize + UTF-8)
 */

export type TxSampling =
  | { mode: 'greedy' }
  | {
      mode: 'seeded';
      /** Temperature × 1000, 1 … 4000. */
      temperatureMilli: number;
      /** 1 … 1024. */
      topK: number;
      /** top-p × 10^6, 1 … 1,000,000. */
      topPMicro: number;
    };

export interface InferenceTx {
  version: number;
  chainId: number;
  /** The client's compressed secp256k1 public key; its hash160 is the paying account's principal. */
  sender: Uint8Array;
  nonce: bigint;
  modelId: Uint8Array;
  gasLimit: bigint;
  gasPrice: bigint;
  system: string;
  context: ChatMessage[];
  input: string;
  sampling: TxSampling;
  /** 0 ≤ seed < 2^53; used by seeded sampling, carried (and signed) in every transaction. */
  seed: number;
  maxTokens: number;
  stop: string[];
}

export interface SignedInferenceTx extends InferenceTx {
  /** Compact low-S signature by `sender` over txId(tx). */
  signature: Uint8Array;
}

/** Domain tag of the transaction id (11 bytes). */
export const TX_ID_DOMAIN = new TextEncoder().encode('FUNAI-TX-V1');
/** Domain tag of the derived seed (13 bytes). */
export const SEED_DOMAIN = new TextEncoder().encode('FUNAI-SEED-V1');

const U64_MAX = (1n << 64n) - 1n;
const ROLES = ['user', 'assistant'] as const;

function u64ok(v: bigint): boolean {
  return typeof v === 'bigint' && v >= 0n && v <= U64_MAX;
}

function intIn(v: number, lo: number, hi: number): boolean {
  return Number.isInteger(v) && v >= lo && v <= hi;
}

function stopError(s: string): string | null {
  if (!isWellFormedText(s)) return 'tx-stop-text';
  if (s.length < 1 || s.length > MAX_TX_STOP_STRING_UNITS) return 'tx-stop-length';
  if (s.includes('\uFFFD')) return 'tx-stop-replacement-char';
  return null;
}

function samplingError(s: TxSampling): string | null {
  if (s.mode === 'greedy') return null;
  if (s.mode !== 'seeded') return 'tx-sampling-mode';
  if (!intIn(s.temperatureMilli, 1, MAX_TEMPERATURE_MILLI)) return 'tx-temperature';
  if (!intIn(s.topK, 1, MAX_TX_TOP_K)) return 'tx-top-k';
  if (!intIn(s.topPMicro, 1, TOP_P_SCALE)) return 'tx-top-p';
  return null;
}

/** The first field rule `tx` breaks (the reasons the decoder gives for the same fault), or null. */
export function txShapeError(tx: InferenceTx): string | null {
  if (tx.version !== TX_VERSION) return 'tx-version';
  if (!intIn(tx.chainId, 0, 0xffffffff)) return 'tx-chain-id';
  if (!isCompressedPublicKey(tx.sender)) return 'tx-sender';
  if (!u64ok(tx.nonce)) return 'tx-nonce';
  if (tx.modelId.length !== 32) return 'tx-model-id';
  if (!u64ok(tx.gasLimit) || tx.gasLimit === 0n) return 'tx-gas-limit';
  if (!u64ok(tx.gasPrice)) return 'tx-gas-price';
  if (tx.context.length > MAX_CONTEXT_MESSAGES) return 'tx-context-count';
  for (const m of tx.context) if (!ROLES.includes(m.role)) return 'tx-context-role';
  const sampling = samplingError(tx.sampling);
  if (sampling) return sampling;
  if (!intIn(tx.seed, 0, SEED_LIMIT - 1)) return 'tx-seed';
  if (!intIn(tx.maxTokens, 1, MAX_TX_OUTPUT_TOKENS)) return 'tx-max-tokens';
  if (tx.stop.length > MAX_TX_STOP_STRINGS) return 'tx-stop-count';
  for (const s of tx.stop) {
    const e = stopError(s);
    if (e) return e;
  }
  return null;
}

function writeUnsigned(w: ByteWriter, tx: InferenceTx): void {
  const err = txShapeError(tx);
  if (err) throw new RangeError(`malformed inference transaction: ${err}`);
  w.u8(tx.version)
    .u32le(tx.chainId)
    .bytes(tx.sender)
    .u64le(tx.nonce)
    .bytes(tx.modelId)
    .u64le(tx.gasLimit)
    .u64le(tx.gasPrice);
  writeText(w, tx.system, MAX_TEXT_BYTES, 'system prompt');
  w.compactSize(tx.context.length);
  for (const m of tx.context) {
    w.u8(ROLES.indexOf(m.role));
    writeText(w, m.content, MAX_TEXT_BYTES, 'context message');
  }
  writeText(w, tx.input, MAX_TEXT_BYTES, 'input');
  const s = tx.sampling;
  if (s.mode === 'greedy') w.u8(0);
  else w.u8(1).u16le(s.temperatureMilli).u16le(s.topK).u32le(s.topPMicro);
  w.u64le(BigInt(tx.seed)).u32le(tx.maxTokens).compactSize(tx.stop.length);
  for (const stop of tx.stop) writeText(w, stop, MAX_STOP_STRING_BYTES, 'stop string');
}

/** The signed body: every field, without the signature. Throws RangeError on a malformed transaction. */
export function encodeUnsignedTx(tx: InferenceTx): Uint8Array {
  const w = new ByteWriter(512);
  writeUnsigned(w, tx);
  if (w.length + 64 > MAX_TX_BYTES) throw new RangeError(`transaction exceeds ${MAX_TX_BYTES} bytes`);
  return w.finish();
}

export function encodeTx(tx: SignedInferenceTx): Uint8Array {
  if (tx.signature.length !== 64) throw new RangeError('a signature is 64 bytes');
  const w = new ByteWriter(512);
  writeUnsigned(w, tx);
  w.bytes(tx.signature);
  if (w.length > MAX_TX_BYTES) throw new RangeError(`transaction exceeds ${MAX_TX_BYTES} bytes`);
  return w.finish();
}

function fail(reason: string, detail?: string): never {
  throw new DecodeError(reason, detail);
}

/**
 * Decodes a signed inference transaction. Bounded: the input's size is checked first, every string
 * length against its cap and the bytes left before it is read, every count against its cap before any
 * list is built. Throws only DecodeError. The signature is not checked here (verifyTxSignature).
 */
export function decodeTx(bytes: Uint8Array): SignedInferenceTx {
  if (bytes.length > MAX_TX_BYTES) fail('tx-too-large', `${bytes.length} bytes`);
  const r = new ByteReader(bytes);
  const version = r.u8();
  if (version !== TX_VERSION) fail('tx-version', `version ${version}`);
  const chainId = r.u32le();
  const sender = r.bytes(33).slice();
  if (!isCompressedPublicKey(sender)) fail('tx-sender');
  const nonce = r.u64le();
  const modelId = r.bytes(32).slice();
  const gasLimit = r.u64le();
  if (gasLimit === 0n) fail('tx-gas-limit');
  const gasPrice = r.u64le();
  const system = readText(r, MAX_TEXT_BYTES, 'tx-system-too-long');
  const count = r.compactSize();
  if (count > MAX_CONTEXT_MESSAGES) fail('tx-context-count', `${count} messages`);
  const context: ChatMessage[] = [];
  for (let i = 0; i < count; i++) {
    const role = ROLES[r.u8()];
    if (role === undefined) fail('tx-context-role');
    context.push({ role, content: readText(r, MAX_TEXT_BYTES, 'tx-context-too-long') });
  }
  const input = readText(r, MAX_TEXT_BYTES, 'tx-input-too-long');
  const mode = r.u8();
  let sampling: TxSampling;
  if (mode === 0) sampling = { mode: 'greedy' };
  else if (mode === 1)
    sampling = { mode: 'seeded', temperatureMilli: r.u16le(), topK: r.u16le(), topPMicro: r.u32le() };
  else fail('tx-sampling-mode', `mode ${mode}`);
  const samplingErr = samplingError(sampling);
  if (samplingErr) fail(samplingErr);
  const seed = r.u64le();
  if (seed >= BigInt(SEED_LIMIT)) fail('tx-seed', 'seed ≥ 2^53');
  const maxTokens = r.u32le();
  if (maxTokens < 1 || maxTokens > MAX_TX_OUTPUT_TOKENS) fail('tx-max-tokens', `${maxTokens}`);
  const stopCount = r.compactSize();
  if (stopCount > MAX_TX_STOP_STRINGS) fail('tx-stop-count', `${stopCount}`);
  const stop: string[] = [];
  for (let i = 0; i < stopCount; i++) {
    const s = readText(r, MAX_STOP_STRING_BYTES, 'tx-stop-length');
    const e = stopError(s);
    if (e) fail(e);
    stop.push(s);
  }
  const signature = r.bytes(64).slice();
  r.end();
  return {
    version,
    chainId,
    sender,
    nonce,
    modelId,
    gasLimit,
    gasPrice,
    system,
    context,
    input,
    sampling,
    seed: Number(seed),
    maxTokens,
    stop,
    signature,
  };
}

function tagged(tag: Uint8Array, body: Uint8Array): Uint8Array {
  const buf = new Uint8Array(tag.length + body.length);
  buf.set(tag, 0);
  buf.set(body, tag.length);
  return Uint8Array.from(sha256(buf));
}

/**
 * The transaction id: SHA-256("FUNAI-TX-V1" ‖ encodeUnsignedTx(tx)). The signature is not hashed: the
 * id names the request (everything the output depends on, and the payer), not one of its signatures, so
 * re-signing cannot give a request a second id. It is also the digest the client signs.
 */
export function txId(tx: InferenceTx): Uint8Array {
  return tagged(TX_ID_DOMAIN, encodeUnsignedTx(tx));
}

export function signTx(tx: InferenceTx, privateKey: Uint8Array): SignedInferenceTx {
  const signature = signCompact(txId(tx), privateKey);
  const signed = { ...tx, signature };
  if (!verifyTxSignature(signed)) throw new RangeError('the private key is not the sender key');
  return signed;
}

/** True when the signature is a valid low-S signature of txId(tx) by tx.sender. Never throws. */
export function verifyTxSignature(tx: SignedInferenceTx): boolean {
  if (txShapeError(tx)) return false;
  try {
    return verifyCompact(tx.signature, txId(tx), tx.sender);
  } catch {
    return false;
  }
}

/** hash160 of the sender key: the 20-byte hash of the account's standard principal (coordination rule). */
export function txSenderHash160(tx: InferenceTx): Uint8Array {
  return hash160(tx.sender);
}

/**
 * The seed an API derives for a client that sent none (coordination rule): the first 8 bytes, big-endian,
 * of SHA-256("FUNAI-SEED-V1" ‖ encodeUnsignedTx(tx with seed = 0)), mod 2^53. The client then signs the
 * transaction with that seed; a verifier never derives anything, it reads the signed seed.
 */
export function deriveSeed(tx: InferenceTx): number {
  const h = tagged(SEED_DOMAIN, encodeUnsignedTx({ ...tx, seed: 0 }));
  const v = new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, false);
  return Number(v & ((1n << 53n) - 1n));
}

/** The LLM engine's request (§12.3) for a transaction: the fixed-point sampling values become numbers. */
export function toInferenceRequest(tx: InferenceTx): InferenceRequest {
  const s = tx.sampling;
  return {
    modelId: toHex(tx.modelId),
    prompt: { system: tx.system, messages: tx.context.map((m) => ({ ...m })), input: tx.input },
    maxTokens: tx.maxTokens,
    stop: [...tx.stop],
    sampling:
      s.mode === 'greedy'
        ? { mode: 'greedy' }
        : {
            mode: 'seeded',
            temperature: s.temperatureMilli / TEMPERATURE_SCALE,
            topK: s.topK,
            topP: s.topPMicro / TOP_P_SCALE,
            seed: tx.seed,
          },
  };
}
