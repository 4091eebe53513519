/**
 * Byte formats of the request/response payloads (each is one frame's payload; see framing.ts).
 * Hashes are in internal byte order and headers and blocks use the ledger's own codecs. Every
 * decoder is bounded: counts are checked against the protocol limits before anything is read, and
 * trailing bytes are an error.
 */
import type { Block } from '../wire/block.js';
import { readBlock } from '../wire/block.js';
import { DecodeError } from '../wire/errors.js';
import type { BlockHeader } from '../wire/header.js';
import { HEADER_SIZE, readHeader, writeHeader } from '../wire/header.js';
import { ByteReader } from '../wire/reader.js';
import { ByteWriter } from '../wire/writer.js';
import {
  MAX_ADDR_BYTES,
  MAX_ADDRS,
  MAX_BLOCKS_PER_REQUEST,
  MAX_HEADERS_RESULTS,
  MAX_LOCATOR_HASHES,
  MAX_USER_AGENT_BYTES,
} from './protocols.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** What each side says about itself when a connection opens. */
export interface StatusMessage {
  version: number;
  /** Height and hash of the sender's active tip. */
  height: number;
  tipHash: Uint8Array;
  /** Total work of the sender's active chain. */
  chainWork: bigint;
  userAgent: string;
}

export interface GetHeadersMessage {
  /** Block locator, most recent first (at most 101 hashes). */
  locator: Uint8Array[];
  /** Stop after this hash; all zeros: send up to the limit. */
  stop: Uint8Array;
}

function readHash(r: ByteReader): Uint8Array {
  return r.bytes(32).slice();
}

function readCount(r: ByteReader, max: number, minItemBytes: number, what: string): number {
  const n = r.count(minItemBytes);
  if (n > max) throw new DecodeError(`too-many-${what}`, `${n} > ${max}`);
  return n;
}

function readString(r: ByteReader, maxBytes: number, what: string): string {
  const n = r.compactSize();
  if (n > maxBytes) throw new DecodeError(`${what}-too-long`, `${n} > ${maxBytes}`);
  try {
    return fromUtf8.decode(r.bytes(n));
  } catch {
    throw new DecodeError(`${what}-not-utf8`);
  }
}

function finish<T>(r: ByteReader, value: T): T {
  r.end();
  return value;
}

// --- status --------------------------------------------------------------------------------------

export function encodeStatus(s: StatusMessage): Uint8Array {
  const ua = utf8.encode(s.userAgent);
  if (ua.length > MAX_USER_AGENT_BYTES) throw new RangeError('user agent too long');
  const w = new ByteWriter(80 + ua.length);
  w.u32le(s.version).u32le(s.height).bytes(s.tipHash);
  let work = s.chainWork;
  for (let i = 0; i < 32; i++) {
    w.u8(Number(work & 0xffn));
    work >>= 8n;
  }
  if (work !== 0n) throw new RangeError('chain work exceeds 256 bits');
  return w.varBytes(ua).finish();
}

export function decodeStatus(bytes: Uint8Array): StatusMessage {
  const r = new ByteReader(bytes);
  const version = r.u32le();
  const height = r.u32le();
  const tipHash = readHash(r);
  const workBytes = r.bytes(32);
  let chainWork = 0n;
  for (let i = 31; i >= 0; i--) chainWork = (chainWork << 8n) | BigInt(workBytes[i]!);
  const userAgent = readString(r, MAX_USER_AGENT_BYTES, 'user-agent');
  return finish(r, { version, height, tipHash, chainWork, userAgent });
}

// --- headers -------------------------------------------------------------------------------------

export function encodeGetHeaders(m: GetHeadersMessage): Uint8Array {
  if (m.locator.length > MAX_LOCATOR_HASHES) throw new RangeError('locator too long');
  const w = new ByteWriter(3 + 32 * (m.locator.length + 1));
  w.compactSize(m.locator.length);
  for (const h of m.locator) w.bytes(h);
  return w.bytes(m.stop).finish();
}

export function decodeGetHeaders(bytes: Uint8Array): GetHeadersMessage {
  const r = new ByteReader(bytes);
  const n = readCount(r, MAX_LOCATOR_HASHES, 32, 'locator-hashes');
  const locator: Uint8Array[] = [];
  for (let i = 0; i < n; i++) locator.push(readHash(r));
  return finish(r, { locator, stop: readHash(r) });
}

export function encodeHeaders(headers: readonly BlockHeader[]): Uint8Array {
  if (headers.length > MAX_HEADERS_RESULTS) throw new RangeError('too many headers');
  const w = new ByteWriter(3 + HEADER_SIZE * headers.length);
  w.compactSize(headers.length);
  for (const h of headers) writeHeader(w, h);
  return w.finish();
}

export function decodeHeaders(bytes: Uint8Array): BlockHeader[] {
  const r = new ByteReader(bytes);
  const n = readCount(r, MAX_HEADERS_RESULTS, HEADER_SIZE, 'headers');
  const out: BlockHeader[] = [];
  for (let i = 0; i < n; i++) out.push(readHeader(r));
  return finish(r, out);
}

// --- blocks --------------------------------------------------------------------------------------

/** `max`: the protocol's bound (MAX_BLOCKS_PER_REQUEST, or MAX_BLOCKS_PER_REQUEST_V1 for blocks/1). */
export function encodeGetBlocks(hashes: readonly Uint8Array[], max = MAX_BLOCKS_PER_REQUEST): Uint8Array {
  if (hashes.length === 0 || hashes.length > max) throw new RangeError(`1 to ${max} hashes`);
  const w = new ByteWriter(3 + 32 * hashes.length);
  w.compactSize(hashes.length);
  for (const h of hashes) w.bytes(h);
  return w.finish();
}

export function decodeGetBlocks(bytes: Uint8Array, max = MAX_BLOCKS_PER_REQUEST): Uint8Array[] {
  const r = new ByteReader(bytes);
  const n = readCount(r, max, 32, 'block-hashes');
  if (n === 0) throw new DecodeError('empty-request');
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(readHash(r));
  return finish(r, out);
}

/** One frame per requested hash, in request order: 0x01 and the block, or 0x00 when not held. */
export const BLOCK_FOUND = 0x01;
export const BLOCK_NOT_FOUND = 0x00;

export function encodeBlockResponse(rawBlock: Uint8Array | undefined): Uint8Array {
  if (rawBlock === undefined) return Uint8Array.of(BLOCK_NOT_FOUND);
  const out = new Uint8Array(1 + rawBlock.length);
  out[0] = BLOCK_FOUND;
  out.set(rawBlock, 1);
  return out;
}

/** The block (and its raw bytes, a view into the input) or null for "not found". */
export function decodeBlockResponse(bytes: Uint8Array): { block: Block; raw: Uint8Array } | null {
  const r = new ByteReader(bytes);
  const flag = r.u8();
  if (flag === BLOCK_NOT_FOUND) return finish(r, null);
  if (flag !== BLOCK_FOUND) throw new DecodeError('bad-block-response-flag', String(flag));
  const block = readBlock(r);
  r.end();
  return { block, raw: bytes.subarray(1) };
}

// --- addresses -----------------------------------------------------------------------------------

/** Multiaddr strings, each with its /p2p/<peer id>. */
export function encodeAddrs(addrs: readonly string[]): Uint8Array {
  if (addrs.length > MAX_ADDRS) throw new RangeError('too many addresses');
  const w = new ByteWriter();
  w.compactSize(addrs.length);
  for (const a of addrs) {
    const b = utf8.encode(a);
    if (b.length > MAX_ADDR_BYTES) throw new RangeError('address too long');
    w.varBytes(b);
  }
  return w.finish();
}

export function decodeAddrs(bytes: Uint8Array): string[] {
  const r = new ByteReader(bytes);
  const n = readCount(r, MAX_ADDRS, 1, 'addrs');
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(readString(r, MAX_ADDR_BYTES, 'addr'));
  return finish(r, out);
}
