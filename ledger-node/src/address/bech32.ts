import { AddressError } from './errors.js';

/** BIP173 checksums with constant 1, BIP350's bech32m with 0x2bc830a3. */
export type Bech32Encoding = 'bech32' | 'bech32m';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CHARSET_REV = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) CHARSET_REV[CHARSET.charCodeAt(i)] = i;
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const CONSTANT: Record<Bech32Encoding, number> = { bech32: 1, bech32m: 0x2bc830a3 };
/** BIP173's limit on the whole string. */
export const BECH32_MAX_LENGTH = 90;
const CHECKSUM_LENGTH = 6;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i]!;
  }
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
  checkHrp(hrp);
  if (hrp !== hrp.toLowerCase()) throw new AddressError('mixed-case', 'hrp must be lower case to encode');
  if (data.some((d) => !Number.isInteger(d) || d < 0 || d > 31)) throw new TypeError('data are 5-bit groups');
  if (hrp.length + 1 + data.length + CHECKSUM_LENGTH > BECH32_MAX_LENGTH) throw new AddressError('too-long');
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ CONSTANT[encoding];
  let out = `${hrp}1`;
  for (const d of data) out += CHARSET[d];
  for (let i = 0; i < CHECKSUM_LENGTH; i++) out += CHARSET[(mod >>> (5 * (5 - i))) & 31];
  return out;
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
  return encodeBech32(
    hrp,
    [version, ...convertBits(program, 8, 5, true)],
    version === 0 ? 'bech32' : 'bech32m',
  );
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
