import { base58 } from '@scure/base';
import { sha256d } from '../crypto/hash.js';
import { AddressError } from './errors.js';

const ALPHABET = /^[1-9A-HJ-NP-Za-km-z]*$/;
/** Characters per byte at most: log(256)/log(58) ≈ 1.3657 (a leading zero byte takes one '1'). */
const CHARS_PER_BYTE = 1.3658;

export function encodeBase58(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/**
 * Base58 without checksum. Strict where Core is lenient: surrounding whitespace is rejected, not
 * skipped. Strings that could decode to more than `maxBytes` are rejected before decoding (the
 * conversion is quadratic in the length).
 */
export function decodeBase58(str: string, maxBytes = 256): Uint8Array {
  if (!ALPHABET.test(str)) throw new AddressError('invalid-base58-character');
  if (str.length > Math.ceil(maxBytes * CHARS_PER_BYTE) + 1) throw new AddressError('too-long');
  const out = base58.decode(str);
  if (out.length > maxBytes) throw new AddressError('too-long');
  return out;
}

/** Base58Check: payload followed by the first 4 bytes of SHA-256d(payload). */
export function encodeBase58Check(payload: Uint8Array): string {
  const buf = new Uint8Array(payload.length + 4);
  buf.set(payload);
  buf.set(sha256d(payload).subarray(0, 4), payload.length);
  return encodeBase58(buf);
}

/** The payload of a Base58Check string of at most `maxPayload` bytes. */
export function decodeBase58Check(str: string, maxPayload = 252): Uint8Array {
  const raw = decodeBase58(str, maxPayload + 4);
  if (raw.length < 4) throw new AddressError('invalid-checksum', 'shorter than its checksum');
  const payload = raw.subarray(0, raw.length - 4);
  const check = sha256d(payload);
  for (let i = 0; i < 4; i++) {
    if (raw[raw.length - 4 + i] !== check[i]) throw new AddressError('invalid-checksum');
  }
  return payload.slice();
}
