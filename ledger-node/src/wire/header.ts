import { sha256d } from '../crypto/hash.js';
import { DecodeError } from './errors.js';
import { ByteReader } from './reader.js';
import { ByteWriter } from './writer.js';

/** Bitcoin's 80-byte block header. Hashes are in internal byte order (as hashed, not as displayed). */
export interface BlockHeader {
  version: number;
  prevBlock: Uint8Array;
  merkleRoot: Uint8Array;
  time: number;
  bits: number;
  nonce: number;
}

export const HEADER_SIZE = 80;

export function writeHeader(w: ByteWriter, h: BlockHeader): void {
  if (h.prevBlock.length !== 32 || h.merkleRoot.length !== 32) {
    throw new TypeError('prevBlock and merkleRoot are 32 bytes');
  }
  w.i32le(h.version).bytes(h.prevBlock).bytes(h.merkleRoot).u32le(h.time).u32le(h.bits).u32le(h.nonce);
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE);
  writeHeader(w, h);
  return w.finish();
}

/** Reads 80 bytes at the reader's position; the hashes are copies, not views into the input. */
export function readHeader(r: ByteReader): BlockHeader {
  if (r.remaining < HEADER_SIZE)
    throw new DecodeError('truncated', `header needs 80 bytes, have ${r.remaining}`);
  const version = r.i32le();
  const prevBlock = r.bytes(32).slice();
  const merkleRoot = r.bytes(32).slice();
  const time = r.u32le();
  const bits = r.u32le();
  const nonce = r.u32le();
  return { version, prevBlock, merkleRoot, time, bits, nonce };
}

/** Decodes exactly 80 bytes. */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  const r = new ByteReader(bytes);
  const h = readHeader(r);
  r.end();
  return h;
}

/** Block hash (internal byte order): SHA-256d of the 80-byte header. */
export function blockHash(h: BlockHeader): Uint8Array {
  return sha256d(encodeHeader(h));
}
