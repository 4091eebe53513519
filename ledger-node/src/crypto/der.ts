/**
 * secp256k1 scalars and signature encodings as Bitcoin Core handles them. The lax DER parser is a
 * port of libsecp256k1's contrib/lax_der_parsing.c (ecdsa_signature_parse_der_lax), which Core
 * uses for every consensus signature check: before BIP66 any BER-ish encoding it accepted was
 * valid, so it stays the parser even though DERSIG now rejects most of those encodings earlier.
 */

/** The group order n, big-endian. */
export const SECP256K1_ORDER = Uint8Array.from(
  Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex'),
);
/** n / 2 (rounded down): the largest low S. */
export const SECP256K1_HALF_ORDER = Uint8Array.from(
  Buffer.from('7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0', 'hex'),
);

/** Compares 32-byte big-endian a[ao..ao+32) with b: -1, 0 or 1. */
function compare32(a: Uint8Array, ao: number, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const x = a[ao + i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function isZero32(a: Uint8Array, ao: number): boolean {
  for (let i = 0; i < 32; i++) if (a[ao + i] !== 0) return false;
  return true;
}

// Parser state, kept in module variables so parsing allocates nothing (it runs once per signature
// check on the validation hot path).
let lenValue = 0;
let lenPos = 0;

/**
 * Reads a DER length at `pos` the lax way into lenValue/lenPos; false when it cannot. Long forms
 * skip leading zero bytes and must then fit in 7 bytes (libsecp256k1's `lenbyte >= sizeof(size_t)`).
 */
function readLaxLength(input: Uint8Array, pos: number): boolean {
  const n = input.length;
  if (pos === n) return false;
  let lenbyte = input[pos++]!;
  if (!(lenbyte & 0x80)) {
    lenValue = lenbyte;
    lenPos = pos;
    return true;
  }
  lenbyte -= 0x80;
  if (lenbyte > n - pos) return false;
  while (lenbyte > 0 && input[pos] === 0) {
    pos++;
    lenbyte--;
  }
  if (lenbyte >= 8) return false;
  let len = 0;
  while (lenbyte > 0) {
    len = len * 256 + input[pos]!;
    pos++;
    lenbyte--;
  }
  lenValue = len;
  lenPos = pos;
  return true;
}

/** Copies an integer of `len` bytes (leading zeros stripped) right-aligned into out[at..at+32). */
function copyScalar(der: Uint8Array, pos: number, len: number, out: Uint8Array, at: number): void {
  const base = at + 32 - len;
  for (let i = 0; i < len; i++) out[base + i] = der[pos + i]!;
}

/**
 * ecdsa_signature_parse_der_lax: parses `der` (without the sighash byte) into `out64` as r || s.
 * Returns false only for input it cannot parse at all; an r or s that does not fit, or is not
 * below n, yields r = s = 0 (a signature that verifies against nothing), exactly as libsecp256k1.
 */
export function parseDerLax(der: Uint8Array, out64: Uint8Array): boolean {
  out64.fill(0);
  const n = der.length;
  let pos = 0;
  // Sequence tag, then a length whose value is ignored (a long form's length bytes are skipped).
  if (pos === n || der[pos] !== 0x30) return false;
  pos++;
  if (pos === n) return false;
  let lenbyte = der[pos++]!;
  if (lenbyte & 0x80) {
    lenbyte -= 0x80;
    if (lenbyte > n - pos) return false;
    pos += lenbyte;
  }

  if (pos === n || der[pos] !== 0x02) return false;
  pos++;
  if (!readLaxLength(der, pos)) return false;
  let rlen = lenValue;
  let rpos = lenPos;
  if (rlen > n - rpos) return false;
  pos = rpos + rlen;

  if (pos === n || der[pos] !== 0x02) return false;
  pos++;
  if (!readLaxLength(der, pos)) return false;
  let slen = lenValue;
  let spos = lenPos;
  if (slen > n - spos) return false;

  let overflow = false;
  while (rlen > 0 && der[rpos] === 0) {
    rlen--;
    rpos++;
  }
  if (rlen > 32) overflow = true;
  else copyScalar(der, rpos, rlen, out64, 0);
  while (slen > 0 && der[spos] === 0) {
    slen--;
    spos++;
  }
  if (slen > 32) overflow = true;
  else copyScalar(der, spos, slen, out64, 32);

  // secp256k1_ecdsa_signature_parse_compact rejects r or s >= n.
  if (!overflow)
    overflow = compare32(out64, 0, SECP256K1_ORDER) >= 0 || compare32(out64, 32, SECP256K1_ORDER) >= 0;
  if (overflow) out64.fill(0);
  return true;
}

/** True when the compact signature's S is above n/2 (what secp256k1_ecdsa_signature_normalize fixes). */
export function isHighS(sig64: Uint8Array): boolean {
  return compare32(sig64, 32, SECP256K1_HALF_ORDER) > 0;
}

/** Replaces a high S by n − S in place (secp256k1_ecdsa_signature_normalize). */
export function normalizeS(sig64: Uint8Array): void {
  if (!isHighS(sig64)) return;
  let borrow = 0;
  for (let i = 31; i >= 0; i--) {
    const d = SECP256K1_ORDER[i]! - sig64[32 + i]! - borrow;
    sig64[32 + i] = d & 0xff;
    borrow = d < 0 ? 1 : 0;
  }
}

/** r = 0 or s = 0: libsecp256k1's verifier rejects these outright. */
export function hasZeroScalar(sig64: Uint8Array): boolean {
  return isZero32(sig64, 0) || isZero32(sig64, 32);
}

/** Strict DER encoding of a compact r || s signature (what a signer puts in a scriptSig). */
export function encodeDer(sig64: Uint8Array): Uint8Array {
  const int = (b: Uint8Array): number[] => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = Array.from(b.subarray(i));
    if (v[0]! & 0x80) v.unshift(0);
    return [0x02, v.length, ...v];
  };
  const body = [...int(sig64.subarray(0, 32)), ...int(sig64.subarray(32, 64))];
  return Uint8Array.from([0x30, body.length, ...body]);
}
