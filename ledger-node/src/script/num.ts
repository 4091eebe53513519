/**
 * CScriptNum: Script's numbers are little-endian sign-magnitude byte strings (the top bit of the
 * last byte is the sign). Operands of arithmetic opcodes are limited to 4 bytes, those of
 * CHECKLOCKTIMEVERIFY/CHECKSEQUENCEVERIFY to 5; results may be longer (up to 5 bytes from 4-byte
 * operands), so every value fits a JS number exactly (|n| < 2^40).
 */

export const DEFAULT_MAX_NUM_SIZE = 4;

/** Core's scriptnum_error: an operand too long, or not minimally encoded under MINIMALDATA. */
export class ScriptNumError extends Error {
  override readonly name = 'ScriptNumError';
}

/** True when `bytes` is the shortest encoding of its value (Core's fRequireMinimal check). */
export function isMinimalScriptNum(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n === 0) return true;
  // A zero most-significant byte (ignoring the sign bit) is padding, unless it is there to keep
  // the previous byte's top bit from reading as the sign. This also rejects negative zero.
  if ((bytes[n - 1]! & 0x7f) === 0) {
    if (n <= 1 || (bytes[n - 2]! & 0x80) === 0) return false;
  }
  return true;
}

/** Decodes a stack element as a number; throws ScriptNumError as Core's CScriptNum constructor does. */
export function decodeScriptNum(
  bytes: Uint8Array,
  requireMinimal: boolean,
  maxSize: number = DEFAULT_MAX_NUM_SIZE,
): number {
  const n = bytes.length;
  if (n > maxSize) throw new ScriptNumError('script number overflow');
  if (requireMinimal && !isMinimalScriptNum(bytes)) {
    throw new ScriptNumError('non-minimally encoded script number');
  }
  if (n === 0) return 0;
  let result = 0;
  let scale = 1;
  for (let i = 0; i < n - 1; i++) {
    result += bytes[i]! * scale;
    scale *= 256;
  }
  const last = bytes[n - 1]!;
  result += (last & 0x7f) * scale;
  // `0 - result`, not `-result`: negative zero decodes to 0, never to JS's -0.
  return last & 0x80 ? 0 - result : result;
}

/** Core's CScriptNum::serialize: minimal encoding, zero is the empty string. */
export function encodeScriptNum(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new RangeError('script number must be a safe integer');
  if (value === 0) return new Uint8Array(0);
  const neg = value < 0;
  let abs = neg ? -value : value;
  const out: number[] = [];
  while (abs > 0) {
    out.push(abs % 256);
    abs = Math.floor(abs / 256);
  }
  if (out[out.length - 1]! & 0x80) out.push(neg ? 0x80 : 0);
  else if (neg) out[out.length - 1]! |= 0x80;
  return Uint8Array.from(out);
}

/** Core's CScriptNum::getint: the value clamped to the int32 range. */
export function scriptNumToInt32(value: number): number {
  if (value > 0x7fffffff) return 0x7fffffff;
  if (value < -0x80000000) return -0x80000000;
  return value;
}

/** Core's CastToBool: false for any encoding of zero, including negative zero. */
export function castToBool(bytes: Uint8Array): boolean {
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) return !(i === n - 1 && bytes[i] === 0x80);
  }
  return false;
}
