import { type ByteReader, type ByteWriter, DecodeError } from '@funai/ledger-node';

/**
 * UTF-8 strings in consensus encodings (docs/protocol.md §15.1): CompactSize byte length, then the bytes,
 * which must be well-formed UTF-8 (no surrogate code points, no overlong forms). A leading U+FEFF is
 * kept as a character (ignoreBOM), so decoding then encoding gives back the same bytes.
 */

const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ENCODER = new TextEncoder();
// With the u flag a surrogate pair is one code point, so this matches unpaired surrogates only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A string that has a UTF-8 form (no unpaired surrogate). */
export function isWellFormedText(s: string): boolean {
  return typeof s === 'string' && !LONE_SURROGATE.test(s);
}

export function utf8Bytes(s: string): Uint8Array {
  if (!isWellFormedText(s)) throw new RangeError('string has an unpaired surrogate');
  return ENCODER.encode(s);
}

export function writeText(w: ByteWriter, s: string, maxBytes: number, what: string): void {
  const b = utf8Bytes(s);
  if (b.length > maxBytes) throw new RangeError(`${what} is ${b.length} bytes, at most ${maxBytes}`);
  w.varBytes(b);
}

/** Reads a string of at most `maxBytes` bytes; the length is checked before the bytes are read. */
export function readText(r: ByteReader, maxBytes: number, reason: string): string {
  const n = r.compactSize();
  if (n > maxBytes) throw new DecodeError(reason, `${n} bytes > ${maxBytes}`);
  const b = r.bytes(n);
  try {
    return DECODER.decode(b);
  } catch {
    throw new DecodeError('bad-utf8', reason);
  }
}
