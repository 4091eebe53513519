import { blockProof } from '../consensus/pow.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import { DecodeError } from '../wire/errors.js';
import type { BlockHeader } from '../wire/header.js';
import { HEADER_SIZE, readHeader, writeHeader } from '../wire/header.js';
import { ByteReader } from '../wire/reader.js';
import { ByteWriter } from '../wire/writer.js';

/**
 * Validity levels (low three bits, each implying the ones below) and flags of a block index entry,
 * as Core's BlockStatus.
 */
export const BlockStatus = {
  /** Header: proof of work, parent known and valid, contextual header rules. */
  VALID_TREE: 1,
  /** Block: context-free and contextual block rules; its data was stored. */
  VALID_TRANSACTIONS: 2,
  /** Connected at least once: inputs exist and are unspent, amounts and scripts are valid. */
  VALID_SCRIPTS: 3,
  VALID_MASK: 7,
  HAVE_DATA: 8,
  HAVE_UNDO: 16,
  /** The block itself broke a rule. */
  FAILED: 32,
  /** An ancestor broke a rule. */
  FAILED_CHILD: 64,
  FAILED_MASK: 96,
} as const;

/** Median-time-past span, as Bitcoin. */
export const MEDIAN_TIME_SPAN = 11;

function invertLowestOne(n: number): number {
  return n & (n - 1);
}

/** Core's GetSkipHeight: skip pointers that make ancestor lookups O(log n). */
function skipHeight(height: number): number {
  if (height < 2) return 0;
  return height & 1 ? invertLowestOne(invertLowestOne(height - 1)) + 1 : invertLowestOne(height);
}

/** One known header: a node of the block tree. */
export class BlockIndexEntry {
  /** Hex of the hash in internal byte order: the key of maps and of the index column. */
  readonly key: string;
  readonly height: number;
  /** Sum of blockProof over this block and its ancestors. */
  readonly chainWork: bigint;
  readonly skip: BlockIndexEntry | null;
  status: number;
  /** Transactions in the block, 0 until its data is known. */
  nTx = 0;
  /** Transactions in this block and every ancestor, 0 while any of them lacks data. */
  chainTx = 0;
  /** Order in which block data arrived: of two chains with equal work the first one seen wins. */
  sequence = 0;

  constructor(
    readonly hash: Uint8Array,
    readonly header: BlockHeader,
    readonly parent: BlockIndexEntry | null,
    status: number,
  ) {
    this.key = toHex(hash);
    this.height = parent === null ? 0 : parent.height + 1;
    this.chainWork = (parent?.chainWork ?? 0n) + blockProof(header.bits);
    this.status = status;
    this.skip = parent === null ? null : parent.getAncestor(skipHeight(this.height));
  }

  /** Block hash in display (byte-reversed) hex. */
  get hashHex(): string {
    return hashToHex(this.hash);
  }

  get failed(): boolean {
    return (this.status & BlockStatus.FAILED_MASK) !== 0;
  }

  get haveData(): boolean {
    return (this.status & BlockStatus.HAVE_DATA) !== 0;
  }

  /** Valid up to `level` and not failed. */
  isValid(level: number): boolean {
    return !this.failed && (this.status & BlockStatus.VALID_MASK) >= level;
  }

  raiseValidity(level: number): boolean {
    if (this.failed || (this.status & BlockStatus.VALID_MASK) >= level) return false;
    this.status = (this.status & ~BlockStatus.VALID_MASK) | level;
    return true;
  }

  /** The ancestor at `height` (this entry at its own height), or null outside 0..height. */
  getAncestor(height: number): BlockIndexEntry | null {
    if (height > this.height || height < 0) return null;
    let walk: BlockIndexEntry = this;
    let h = this.height;
    while (h > height) {
      const hs = skipHeight(h);
      const hsPrev = skipHeight(h - 1);
      if (walk.skip !== null && (hs === height || (hs > height && !(hsPrev < hs - 2 && hsPrev >= height)))) {
        walk = walk.skip;
        h = hs;
      } else {
        walk = walk.parent!;
        h--;
      }
    }
    return walk;
  }

  /** Median of the timestamps of this block and up to ten ancestors (BIP113's median time past). */
  medianTimePast(): number {
    const times: number[] = [];
    let e: BlockIndexEntry | null = this;
    for (let i = 0; i < MEDIAN_TIME_SPAN && e !== null; i++, e = e.parent) times.push(e.header.time);
    times.sort((a, b) => a - b);
    return times[times.length >> 1]!;
  }
}

/** The deepest entry that is an ancestor of (or equal to) both. */
export function lastCommonAncestor(a: BlockIndexEntry, b: BlockIndexEntry): BlockIndexEntry | null {
  let x: BlockIndexEntry | null = a.height > b.height ? a.getAncestor(b.height) : a;
  let y: BlockIndexEntry | null = b.height > a.height ? b.getAncestor(a.height) : b;
  while (x !== null && y !== null && x !== y) {
    x = x.parent;
    y = y.parent;
  }
  return x === y ? x : null;
}

/** Persisted form of an entry (index column, key = block hash): header, height, status, nTx. */
export interface IndexRecord {
  header: BlockHeader;
  height: number;
  status: number;
  nTx: number;
}

export const INDEX_RECORD_SIZE = HEADER_SIZE + 12;

export function encodeIndexRecord(e: {
  header: BlockHeader;
  height: number;
  status: number;
  nTx: number;
}): Uint8Array {
  const w = new ByteWriter(INDEX_RECORD_SIZE);
  writeHeader(w, e.header);
  w.u32le(e.height).u32le(e.status).u32le(e.nTx);
  return w.finish();
}

export function decodeIndexRecord(bytes: Uint8Array): IndexRecord {
  if (bytes.length !== INDEX_RECORD_SIZE) throw new DecodeError('bad-index-record');
  const r = new ByteReader(bytes);
  const header = readHeader(r);
  const height = r.u32le();
  const status = r.u32le();
  const nTx = r.u32le();
  return { header, height, status, nTx };
}

/** The active chain: one entry per height from genesis to the tip. */
export class ActiveChain {
  private entries: BlockIndexEntry[] = [];

  get tip(): BlockIndexEntry {
    const t = this.entries[this.entries.length - 1];
    if (t === undefined) throw new Error('empty chain');
    return t;
  }

  get height(): number {
    return this.entries.length - 1;
  }

  at(height: number): BlockIndexEntry | undefined {
    return height < 0 ? undefined : this.entries[height];
  }

  contains(e: BlockIndexEntry): boolean {
    return this.entries[e.height] === e;
  }

  /** The successor of an entry on the active chain. */
  next(e: BlockIndexEntry): BlockIndexEntry | undefined {
    return this.contains(e) ? this.entries[e.height + 1] : undefined;
  }

  /** Makes `tip` the tip, replacing only the entries above the fork with the old chain. */
  setTip(tip: BlockIndexEntry | null): void {
    if (tip === null) {
      this.entries = [];
      return;
    }
    this.entries.length = tip.height + 1;
    for (let e: BlockIndexEntry | null = tip; e !== null && this.entries[e.height] !== e; e = e.parent) {
      this.entries[e.height] = e;
    }
  }

  /** The deepest entry of the active chain that is an ancestor of (or equal to) `e`. */
  findFork(e: BlockIndexEntry): BlockIndexEntry | undefined {
    let walk: BlockIndexEntry | null = e.height > this.height ? e.getAncestor(this.height) : e;
    while (walk !== null && !this.contains(walk)) walk = walk.parent;
    return walk ?? undefined;
  }
}
