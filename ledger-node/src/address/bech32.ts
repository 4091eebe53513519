import { AddressError } from './errors.js';

/** BIP173 checksums with constant 1, BIP350's bech32m with 0x2bc830a3. */
export type Bech32Encoding = 'bech32' | 'bech32m';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CHARSET_CODES = Uint8Array.from(CHARSET, (c) => c.charCodeAt(0));
const CHARSET_REV = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) CHARSET_REV[CHARSET.charCodeAt(i)] = i;
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const CONSTANT: Record<Bech32Encoding, number> = { bech32: 1, bech32m: 0x2bc830a3 };
/** BIP173's limit on the whole string. */
export const BECH32_MAX_LENGTH = 90;
const CHECKSUM_LENGTH = 6;

/** For each value of the top five bits, the XOR of the generators their set bits select. */
const GENERATOR_XOR = new Int32Array(32);
for (let top = 0; top < 32; top++) {
  for (let i = 0; i < 5; i++) if ((top >>> i) & 1) GENERATOR_XOR[top]! ^= GENERATOR[i]!;
}

/** One step of BIP173's polymod, by table (it runs once per character of every address printed). */
function polymodStep(chk: number, v: number): number {
  return (((chk & 0x1ffffff) << 5) ^ v ^ GENERATOR_XOR[chk >>> 25]!) | 0;
}

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) chk = polymodStep(chk, v);
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

function checkHrp(hrp: string): void {
  if (hrp.length === 0) throw new AddressError('invalid-hrp', 'empty');
  for (let i = 0; i < hrp.length; i++) {
    const c = hrp.charCodeAt(i);
    if (c < 33 || c > 126) throw new AddressError('invalid-hrp', 'character outside 33..126');
  }
}

/** Encodes 5-bit groups under a lower-case human-readable part. */
export function encodeBech32(hrp: string, data: readonly number[], encoding: Bech32Encoding): string {
  checkEncodableHrp(hrp);
  if (data.some((d) => !Number.isInteger(d) || d < 0 || d > 31)) throw new TypeError('data are 5-bit groups');
  checkEncodedLength(hrp, data.length);
  return checksummed(hrp, data, encoding);
}

function checkEncodableHrp(hrp: string): void {
  checkHrp(hrp);
  if (hrp !== hrp.toLowerCase()) throw new AddressError('mixed-case', 'hrp must be lower case to encode');
}

function checkEncodedLength(hrp: string, dataLength: number): void {
  if (hrp.length + 1 + dataLength + CHECKSUM_LENGTH > BECH32_MAX_LENGTH) throw new AddressError('too-long');
}

// checksummed writes the characters here and decodes them once: a string grown character by
// character is a deep rope that JSON.stringify must flatten later, which cost more than the
// encoding itself in getblock's JSON. Encodable strings are ASCII and at most 90 characters.
const OUT = Buffer.alloc(BECH32_MAX_LENGTH);

/**
 * The string of checked 5-bit groups with its checksum (the caller has checked the hrp and the
 * length). The checksum is folded in as the characters are written, with no expanded-hrp or padded
 * copy of the data (addresses are encoded once per output in getblock's JSON).
 */
function checksummed(hrp: string, data: ArrayLike<number>, encoding: Bech32Encoding): string {
  let chk = 1;
  for (let i = 0; i < hrp.length; i++) chk = polymodStep(chk, hrp.charCodeAt(i) >> 5);
  chk = polymodStep(chk, 0);
  let o = 0;
  for (let i = 0; i < hrp.length; i++) {
    const c = hrp.charCodeAt(i);
    chk = polymodStep(chk, c & 31);
    OUT[o++] = c;
  }
  OUT[o++] = 0x31; // '1'
  for (let i = 0; i < data.length; i++) {
    const d = data[i]!;
    chk = polymodStep(chk, d);
    OUT[o++] = CHARSET_CODES[d]!;
  }
  for (let i = 0; i < CHECKSUM_LENGTH; i++) chk = polymodStep(chk, 0);
  const mod = (chk >>> 0) ^ CONSTANT[encoding];
  for (let i = 0; i < CHECKSUM_LENGTH; i++) OUT[o++] = CHARSET_CODES[(mod >>> (5 * (5 - i))) & 31]!;
  return OUT.toString('latin1', 0, o);
}

export interface Bech32Decoded {
  /** Lower case. */
  hrp: string;
  /** The 5-bit groups between the separator and the checksum. */
  data: number[];
  encoding: Bech32Encoding;
}

/**
 * BIP173/BIP350 decoding, as Core's bech32::Decode: characters 33..126 only, not mixed case, at
 * most 90 characters, the separator is the last '1' with a non-empty hrp before it and at least
 * six checksum characters after it, data characters from the Bech32 alphabet, and a checksum
 * valid under either constant.
 */
export function decodeBech32(str: string): Bech32Decoded {
  if (str.length > BECH32_MAX_LENGTH) throw new AddressError('too-long');
  let lower = false;
  let upper = false;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 33 || c > 126) throw new AddressError('invalid-character');
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
  }
  if (lower && upper) throw new AddressError('mixed-case');
  const s = str.toLowerCase();
  const pos = s.lastIndexOf('1');
  if (pos < 1) throw new AddressError('invalid-separator', pos === 0 ? 'empty hrp' : 'no separator');
  if (pos + 1 + CHECKSUM_LENGTH > s.length) throw new AddressError('invalid-checksum', 'checksum too short');
  const hrp = s.slice(0, pos);
  const values: number[] = [];
  for (let i = pos + 1; i < s.length; i++) {
    const v = CHARSET_REV[s.charCodeAt(i)]!;
    if (v === -1) throw new AddressError('invalid-character', `'${s[i]}' is not in the bech32 alphabet`);
    values.push(v);
  }
  const check = polymod([...hrpExpand(hrp), ...values]);
  let encoding: Bech32Encoding;
  if (check === CONSTANT.bech32) encoding = 'bech32';
  else if (check === CONSTANT.bech32m) encoding = 'bech32m';
  else throw new AddressError('invalid-checksum');
  return { hrp, data: values.slice(0, values.length - CHECKSUM_LENGTH), encoding };
}

/**
 * Regroups bits (8→5 to encode, 5→8 to decode). Without padding, as a decoder must, leftover
 * bits must be fewer than `from` and all zero (`invalid-padding`).
 */
export function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >> from !== 0) throw new AddressError('invalid-character', 'value out of range');
    acc = ((acc << from) | v) & 0xffffff;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & maxv);
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & maxv);
  } else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) {
    throw new AddressError('invalid-padding');
  }
  return out;
}

export interface WitnessProgram {
  /** 0..16 */
  version: number;
  /** 2..40 bytes; 20 or 32 for version 0. */
  program: Uint8Array;
}

function checkProgram(version: number, program: Uint8Array): void {
  if (!Number.isInteger(version) || version < 0 || version > 16) {
    throw new AddressError('invalid-witness-version', `version ${version}`);
  }
  if (version === 0 && program.length !== 20 && program.length !== 32) {
    throw new AddressError('invalid-program-length', `v0 program of ${program.length} bytes`);
  }
  if (program.length < 2 || program.length > 40) {
    throw new AddressError('invalid-program-length', `program of ${program.length} bytes`);
  }
}

/** A segwit address: bech32 for version 0, bech32m for versions 1..16 (BIP350). */
export function encodeSegwitAddress(hrp: string, version: number, program: Uint8Array): string {
  checkProgram(version, program);
  // The 5-bit groups are made here from checked bytes, so of encodeBech32's checks only the hrp
  // and the length are needed, in its order.
  const data = new Uint8Array(1 + Math.ceil((program.length * 8) / 5));
  data[0] = version;
  let acc = 0;
  let bits = 0;
  let o = 1;
  for (let i = 0; i < program.length; i++) {
    acc = ((acc << 8) | program[i]!) & 0xffffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data[o++] = (acc >> bits) & 31;
    }
  }
  if (bits > 0) data[o] = (acc << (5 - bits)) & 31;
  checkEncodableHrp(hrp);
  checkEncodedLength(hrp, data.length);
  return checksummed(hrp, data, version === 0 ? 'bech32' : 'bech32m');
}

/** Decodes a segwit address and checks it belongs to `hrp`, with the BIP173/BIP350 rules. */
export function decodeSegwitAddress(hrp: string, str: string): WitnessProgram {
  const dec = decodeBech32(str);
  if (dec.hrp !== hrp) throw new AddressError('wrong-network', `hrp '${dec.hrp}', expected '${hrp}'`);
  const version = dec.data[0];
  if (version === undefined) throw new AddressError('invalid-program-length', 'no witness version');
  if (version === 0 && dec.encoding !== 'bech32') throw new AddressError('wrong-encoding', 'v0 needs bech32');
  if (version !== 0 && dec.encoding !== 'bech32m')
    throw new AddressError('wrong-encoding', 'v1+ needs bech32m');
  const program = Uint8Array.from(convertBits(dec.data.slice(1), 5, 8, false));
  checkProgram(version, program);
  return { version, program };
}
