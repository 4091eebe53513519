import type { Coin } from '../consensus/coins.js';
import { DecodeError } from '../wire/errors.js';
import { ByteReader } from '../wire/reader.js';
import type { OutPoint } from '../wire/tx.js';
import { ByteWriter } from '../wire/writer.js';

export type { Coin };

export const OUTPOINT_KEY_SIZE = 36;

/**
 * UTXO key: txid (internal byte order) then vout as big-endian u32, so that a transaction's outputs
 * are adjacent and in index order in a bytewise-ordered store.
 */
export function outPointKey(p: OutPoint): Uint8Array {
  const k = new Uint8Array(OUTPOINT_KEY_SIZE);
  k.set(p.txid, 0);
  // Byte by byte rather than through a DataView: a key is made per input and output of every
  // block connected, and the DataView was a second allocation each time.
  const v = p.vout >>> 0;
  k[32] = v >>> 24;
  k[33] = v >>> 16;
  k[34] = v >>> 8;
  k[35] = v;
  return k;
}

export function outPointFromKey(k: Uint8Array): OutPoint {
  if (k.length !== OUTPOINT_KEY_SIZE) throw new DecodeError('bad-outpoint-key');
  return {
    txid: k.slice(0, 32),
    vout: new DataView(k.buffer, k.byteOffset, k.byteLength).getUint32(32, false),
  };
}

// Bitcoin Core's VARINT (serialize.h, VarIntMode::DEFAULT): base-128, most significant group
// first, each continuation byte's value offset by one so every integer has exactly one encoding.
// Arithmetic rather than bit operators keeps values up to 2^53 exact.

// Digits of a VARINT, least significant first (a VARINT of a safe integer has at most 8): written
// per coin of every block connected, so no array is made per call.
const VARINT_DIGITS = new Uint8Array(10);

export function writeVarInt(w: ByteWriter, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint out of range: ${n}`);
  let len = 0;
  for (;;) {
    VARINT_DIGITS[len] = (n % 128) | (len > 0 ? 0x80 : 0);
    len++;
    if (n <= 0x7f) break;
    n = Math.floor(n / 128) - 1;
  }
  for (let i = len - 1; i >= 0; i--) w.u8(VARINT_DIGITS[i]!);
}

export function readVarInt(r: ByteReader): number {
  let n = 0;
  for (;;) {
    const ch = r.u8();
    n = n * 128 + (ch & 0x7f);
    if (n > Number.MAX_SAFE_INTEGER) throw new DecodeError('varint-too-large');
    if (ch & 0x80) n++;
    else return n;
  }
}

/** VARINT of a 64-bit unsigned value (amounts, whose compressed form can exceed 2^53). */
export function writeVarInt64(w: ByteWriter, n: bigint): void {
  if (n >= 0n && n <= MAX_SAFE_BIG) {
    writeVarInt(w, Number(n));
    return;
  }
  if (n < 0n || n > 0xffffffffffffffffn) throw new RangeError(`varint out of range: ${n}`);
  const tmp: number[] = [];
  for (;;) {
    tmp.push(Number(n & 0x7fn) | (tmp.length > 0 ? 0x80 : 0));
    if (n <= 0x7fn) break;
    n = (n >> 7n) - 1n;
  }
  for (let i = tmp.length - 1; i >= 0; i--) w.u8(tmp[i]!);
}

export function readVarInt64(r: ByteReader): bigint {
  let n = 0n;
  for (;;) {
    const ch = r.u8();
    n = (n << 7n) | BigInt(ch & 0x7f);
    if (n > 0xffffffffffffffffn) throw new DecodeError('varint-too-large');
    if (ch & 0x80) n++;
    else return n;
  }
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
/** Below this, compressAmount's result (at most 9 × the value + 10) is a safe integer. */
const SMALL_AMOUNT = 1_000_000_000_000_000n;

/** compressAmount for a value below SMALL_AMOUNT (every amount of a real chain), without a BigInt operation. */
function compressSmallAmount(n: number): number {
  if (n === 0) return 0;
  let e = 0;
  while (n % 10 === 0 && e < 9) {
    n /= 10;
    e++;
  }
  if (e < 9) {
    const d = n % 10;
    n = (n - d) / 10;
    return 1 + (n * 9 + d - 1) * 10 + e;
  }
  return 1 + (n - 1) * 10 + 9;
}

/**
 * Core's CompressAmount: trailing decimal zeros folded into an exponent, so round amounts take one
 * or two bytes. Defined for 0..2^64-1 as Core's uint64 arithmetic.
 */
export function compressAmount(value: bigint): bigint {
  if (value < 0n || value > 0xffffffffffffffffn) throw new RangeError('amount out of range');
  let n = value;
  if (n === 0n) return 0n;
  let e = 0n;
  while (n % 10n === 0n && e < 9n) {
    n /= 10n;
    e++;
  }
  if (e < 9n) {
    const d = n % 10n;
    n /= 10n;
    return 1n + (n * 9n + d - 1n) * 10n + e;
  }
  return 1n + (n - 1n) * 10n + 9n;
}

export function decompressAmount(x: bigint): bigint {
  if (x === 0n) return 0n;
  x--;
  let e = x % 10n;
  x /= 10n;
  let n: bigint;
  if (e < 9n) {
    const d = (x % 9n) + 1n;
    x /= 9n;
    n = x * 10n + d;
  } else {
    n = x + 1n;
  }
  while (e > 0n) {
    n *= 10n;
    e--;
  }
  return n;
}

/** Special script forms of Core's ScriptCompression that are used here (P2PK forms 4/5 are not). */
const SPECIAL_SCRIPTS = 6;

function isP2pkh(s: Uint8Array): boolean {
  return s.length === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 20 && s[23] === 0x88 && s[24] === 0xac;
}

function isP2sh(s: Uint8Array): boolean {
  return s.length === 23 && s[0] === 0xa9 && s[1] === 20 && s[22] === 0x87;
}

function isCompressedP2pk(s: Uint8Array): boolean {
  return s.length === 35 && s[0] === 33 && s[34] === 0xac && (s[1] === 0x02 || s[1] === 0x03);
}

export function writeCompressedScript(w: ByteWriter, s: Uint8Array): void {
  if (isP2pkh(s)) w.u8(0x00).bytes(s.subarray(3, 23));
  else if (isP2sh(s)) w.u8(0x01).bytes(s.subarray(2, 22));
  else if (isCompressedP2pk(s)) w.u8(s[1]!).bytes(s.subarray(2, 34));
  else {
    writeVarInt(w, s.length + SPECIAL_SCRIPTS);
    w.bytes(s);
  }
}

export function readCompressedScript(r: ByteReader): Uint8Array {
  const size = readVarInt(r);
  switch (size) {
    case 0x00: {
      const s = new Uint8Array(25);
      s.set([0x76, 0xa9, 20]);
      s.set(r.bytes(20), 3);
      s.set([0x88, 0xac], 23);
      return s;
    }
    case 0x01: {
      const s = new Uint8Array(23);
      s.set([0xa9, 20]);
      s.set(r.bytes(20), 2);
      s[22] = 0x87;
      return s;
    }
    case 0x02:
    case 0x03: {
      const s = new Uint8Array(35);
      s[0] = 33;
      s[1] = size;
      s.set(r.bytes(32), 2);
      s[34] = 0xac;
      return s;
    }
    case 0x04:
    case 0x05:
      throw new DecodeError('unsupported-compressed-script', 'P2PK of an uncompressed key is stored raw');
    default:
      return r.bytes(size - SPECIAL_SCRIPTS).slice();
  }
}

/**
 * Compact coin serialization, as Core's chainstate Coin: VARINT(height × 2 + coinbase),
 * VARINT(CompressAmount(value)), compressed scriptPubKey.
 */
export function writeCoin(w: ByteWriter, coin: Coin): void {
  writeVarInt(w, coin.height * 2 + (coin.isCoinbase ? 1 : 0));
  const value = coin.output.value;
  if (value >= 0n && value < SMALL_AMOUNT) writeVarInt(w, compressSmallAmount(Number(value)));
  else writeVarInt64(w, compressAmount(value));
  writeCompressedScript(w, coin.output.scriptPubKey);
}

export function readCoin(r: ByteReader): Coin {
  const code = readVarInt(r);
  const value = decompressAmount(readVarInt64(r));
  const scriptPubKey = readCompressedScript(r);
  return { height: Math.floor(code / 2), isCoinbase: code % 2 === 1, output: { value, scriptPubKey } };
}

// encodeCoin runs once per output of every block connected: one writer serves them all, and the
// coin is the only allocation (encodeCoin calls nothing that could call it again).
const COIN_WRITER = new ByteWriter(256);

export function encodeCoin(coin: Coin): Uint8Array {
  writeCoin(COIN_WRITER.reset(), coin);
  return COIN_WRITER.finish();
}

export function decodeCoin(bytes: Uint8Array): Coin {
  const r = new ByteReader(bytes);
  const coin = readCoin(r);
  r.end();
  return coin;
}
