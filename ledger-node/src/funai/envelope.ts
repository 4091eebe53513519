import { OP_16, OP_PUSHDATA1, OP_RETURN } from '../script/opcodes.js';
import { ScriptCursor } from '../script/parse.js';
import { DecodeError } from '../wire/errors.js';
import type { Transaction, TxOut } from '../wire/tx.js';
import { isCoinbase } from '../wire/tx.js';
import { FUNAI_OP } from './ops.js';

/** ASCII "FAI": the first bytes of every FUN AI op payload. */
export const FUNAI_MAGIC = Uint8Array.of(0x46, 0x41, 0x49);
/** Magic, op byte, version byte. */
export const FUNAI_HEADER_SIZE = FUNAI_MAGIC.length + 2;
/** Payload limit, as Bitcoin Core's 80-byte data carrier limit. */
export const MAX_FUNAI_PAYLOAD = 80;
export const MAX_FUNAI_BODY = MAX_FUNAI_PAYLOAD - FUNAI_HEADER_SIZE;
/** Core's MAX_OP_RETURN_RELAY: OP_RETURN, OP_PUSHDATA1, length, 80 bytes. */
export const MAX_NULL_DATA_SCRIPT_SIZE = 83;

/** One FUN AI operation: what it is (`op`, see ops.ts), the body's format version, and the body. */
export interface FunaiOp {
  op: number;
  version: number;
  body: Uint8Array;
}

export function isOpReturnScript(script: Uint8Array): boolean {
  return script.length > 0 && script[0] === OP_RETURN;
}

/** payload = magic | op | version | body */
export function encodeFunaiPayload(op: FunaiOp): Uint8Array {
  checkByte(op.op, 'op');
  checkByte(op.version, 'version');
  if (op.op === FUNAI_OP.RESERVED_ZERO) throw new TypeError('op 0 is reserved');
  if (op.body.length > MAX_FUNAI_BODY) throw new RangeError(`an op body is at most ${MAX_FUNAI_BODY} bytes`);
  const out = new Uint8Array(FUNAI_HEADER_SIZE + op.body.length);
  out.set(FUNAI_MAGIC);
  out[FUNAI_MAGIC.length] = op.op;
  out[FUNAI_MAGIC.length + 1] = op.version;
  out.set(op.body, FUNAI_HEADER_SIZE);
  return out;
}

function checkByte(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new TypeError(`${what} is one byte`);
}

export function decodeFunaiPayload(payload: Uint8Array): FunaiOp {
  if (payload.length > MAX_FUNAI_PAYLOAD) throw new DecodeError('funai-payload-too-large');
  if (payload.length < FUNAI_HEADER_SIZE) throw new DecodeError('truncated', 'FUN AI payload header');
  for (let i = 0; i < FUNAI_MAGIC.length; i++) {
    if (payload[i] !== FUNAI_MAGIC[i]) throw new DecodeError('funai-bad-magic');
  }
  const op = payload[FUNAI_MAGIC.length]!;
  if (op === FUNAI_OP.RESERVED_ZERO) throw new DecodeError('funai-reserved-op');
  return {
    op,
    version: payload[FUNAI_MAGIC.length + 1]!,
    body: Uint8Array.from(payload.subarray(FUNAI_HEADER_SIZE)),
  };
}

/** OP_RETURN followed by the payload's canonical (shortest) push. */
export function encodeFunaiOpScript(op: FunaiOp): Uint8Array {
  const payload = encodeFunaiPayload(op);
  const prefix =
    payload.length < OP_PUSHDATA1 ? [OP_RETURN, payload.length] : [OP_RETURN, OP_PUSHDATA1, payload.length];
  const out = new Uint8Array(prefix.length + payload.length);
  out.set(prefix);
  out.set(payload, prefix.length);
  return out;
}

export function funaiOpOutput(op: FunaiOp, value = 0n): TxOut {
  return { value, scriptPubKey: encodeFunaiOpScript(op) };
}

/**
 * Reads the op of one output script. The script must be exactly OP_RETURN and one canonical push
 * of a well-formed payload: a direct push for 5..75 bytes, OP_PUSHDATA1 for 76..80, and nothing
 * after it. Reasons: `funai-not-op-return`, `funai-non-canonical-push`, `funai-trailing-bytes`,
 * `truncated`, `funai-payload-too-large`, `funai-bad-magic`, `funai-reserved-op`.
 */
export function decodeFunaiOpScript(script: Uint8Array): FunaiOp {
  if (!isOpReturnScript(script)) throw new DecodeError('funai-not-op-return');
  if (script.length > MAX_NULL_DATA_SCRIPT_SIZE) throw new DecodeError('funai-payload-too-large');
  const first = script[1];
  if (first === undefined) throw new DecodeError('truncated', 'OP_RETURN without data');
  let start: number;
  let len: number;
  if (first >= 1 && first < OP_PUSHDATA1) {
    start = 2;
    len = first;
  } else if (first === OP_PUSHDATA1) {
    const n = script[2];
    if (n === undefined) throw new DecodeError('truncated', 'OP_PUSHDATA1 length');
    if (n < OP_PUSHDATA1) throw new DecodeError('funai-non-canonical-push');
    start = 3;
    len = n;
  } else {
    throw new DecodeError('funai-non-canonical-push', `opcode 0x${first.toString(16)}`);
  }
  if (script.length < start + len) throw new DecodeError('truncated', 'push runs past the script');
  if (script.length > start + len) throw new DecodeError('funai-trailing-bytes');
  return decodeFunaiPayload(script.subarray(start, start + len));
}

/**
 * The op a transaction carries, or null. A transaction carries an op when it is not a coinbase,
 * exactly one of its outputs is an OP_RETURN output (first byte 0x6a), and that output's script is
 * a well-formed envelope. With two or more OP_RETURN outputs it carries none, so an op is never
 * ambiguous.
 */
export function findFunaiOp(tx: Transaction): FunaiOp | null {
  if (isCoinbase(tx)) return null;
  let found: Uint8Array | undefined;
  for (const o of tx.outputs) {
    if (!isOpReturnScript(o.scriptPubKey)) continue;
    if (found !== undefined) return null;
    found = o.scriptPubKey;
  }
  if (found === undefined) return null;
  try {
    return decodeFunaiOpScript(found);
  } catch (e) {
    if (e instanceof DecodeError) return null;
    throw e;
  }
}

/**
 * Mempool policy for an OP_RETURN output, as Bitcoin Core before v30 (TxoutType::NULL_DATA with
 * the default -datacarriersize): OP_RETURN followed only by push operations (OP_0..OP_16, the
 * pushdata forms, OP_1NEGATE, OP_RESERVED as Core's IsPushOnly), none truncated, the whole script at
 * most 83 bytes. Whether a transaction has more than one such output is checked by the caller
 * (`nullDataOutputCount`, Core's "multi-op-return").
 */
export function isStandardNullData(script: Uint8Array): boolean {
  if (!isOpReturnScript(script) || script.length > MAX_NULL_DATA_SCRIPT_SIZE) return false;
  const c = new ScriptCursor(script, 1);
  while (!c.done) {
    if (!c.next()) return false;
    if (c.opcode > OP_16) return false;
  }
  return true;
}

/** OP_RETURN outputs of a transaction: policy allows at most one. */
export function nullDataOutputCount(tx: Transaction): number {
  let n = 0;
  for (const o of tx.outputs) if (isOpReturnScript(o.scriptPubKey)) n++;
  return n;
}
