import { sha256d } from '../crypto/hash.js';
import { merkleRootOf } from '../crypto/sha256-multi.js';
import { MAX_BLOCK_WEIGHT } from './block.js';
import { equalBytes } from './bytes.js';
import { DecodeError } from './errors.js';
import type { BlockHeader } from './header.js';
import { HEADER_SIZE, readHeader, writeHeader } from './header.js';
import { ByteReader } from './reader.js';
import type { Transaction } from './tx.js';
import { txHashesConcat, WITNESS_SCALE_FACTOR } from './tx.js';
import { ByteWriter } from './writer.js';

export interface MerkleResult {
  /** 32 zero bytes for an empty list, as Core. */
  root: Uint8Array;
  /**
   * True when some level paired two identical adjacent hashes (CVE-2012-2459): a different,
   * invalid transaction list (with a duplicated tail) gives the same root.
   */
  mutated: boolean;
}

/** SHA-256d of the 64-byte concatenation of two child hashes. */
export function merkleParent(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64);
  buf.set(left, 0);
  buf.set(right, 32);
  return sha256d(buf);
}

/**
 * Bitcoin Core's ComputeMerkleRoot: each level hashes adjacent pairs, duplicating the last hash
 * of an odd level. `mutated` is set when a pair of equal hashes is found at any level before the
 * odd-level duplication. The levels are hashed in batches (crypto/sha256-multi), from one copy of
 * the leaves laid end to end.
 */
export function computeMerkleRoot(leaves: readonly Uint8Array[]): MerkleResult {
  if (leaves.length === 1 && leaves[0]!.length === 32) return { root: leaves[0]!, mutated: false };
  const concat = new Uint8Array(32 * leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    if (leaves[i]!.length !== 32) throw new TypeError('Merkle leaves are 32 bytes');
    concat.set(leaves[i]!, 32 * i);
  }
  return merkleRootOf(concat);
}

/** The header's Merkle root over the txids. */
export function blockMerkleRoot(txs: readonly Transaction[]): MerkleResult {
  return merkleRootOf(txHashesConcat(txs, false));
}

/** BIP141 witness root over the wtxids, the coinbase's wtxid taken as 32 zero bytes. */
export function blockWitnessMerkleRoot(txs: readonly Transaction[]): MerkleResult {
  const wtxids = txHashesConcat(txs, true);
  wtxids.fill(0, 0, 32);
  return merkleRootOf(wtxids);
}

/** BIP141 witness root over a block's wtxids in block order (the coinbase's taken as 32 zero bytes). */
export function witnessMerkleRoot(wtxids: readonly Uint8Array[]): MerkleResult {
  return computeMerkleRoot(wtxids.map((id, i) => (i === 0 ? new Uint8Array(32) : id)));
}

/**
 * Inclusion proof of one leaf: the sibling hashes from the leaf level up to (excluding) the root,
 * and the leaf's position. Bit k of `index` tells whether the running hash is the right (1) or
 * left (0) child at level k. A sibling equal to the running hash marks the odd-level duplication.
 */
/** Deepest branch accepted: a tree of 2^32 leaves. */
export const MAX_MERKLE_BRANCH_DEPTH = 32;

export interface MerkleBranch {
  index: number;
  siblings: Uint8Array[];
}

export function merkleBranch(leaves: readonly Uint8Array[], index: number): MerkleBranch {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`leaf index ${index} out of range`);
  }
  const siblings: Uint8Array[] = [];
  let level: Uint8Array[] = leaves.slice();
  let pos = index;
  while (level.length > 1) {
    if (level.length & 1) level.push(level[level.length - 1]!);
    siblings.push(level[pos ^ 1]!);
    const next: Uint8Array[] = new Array(level.length >> 1);
    for (let i = 0; i < next.length; i++) next[i] = merkleParent(level[2 * i]!, level[2 * i + 1]!);
    level = next;
    pos >>= 1;
  }
  return { index, siblings };
}

/** Folds a branch from a leaf up to the root it implies. */
export function merkleRootFromBranch(leaf: Uint8Array, branch: MerkleBranch): Uint8Array {
  let h = leaf;
  let pos = branch.index;
  for (const s of branch.siblings) {
    h = pos & 1 ? merkleParent(s, h) : merkleParent(h, s);
    pos = Math.floor(pos / 2);
  }
  return h;
}

/**
 * Checks that `leaf` sits at `branch.index` under `root`, with rules that make the index canonical:
 * - index < 2^depth, so one proof cannot be replayed at another position;
 * - depth <= 32 (no block holds 2^32 transactions);
 * - a right child never equals its left sibling: Core's odd-level duplication only ever copies a
 *   node into the right slot, so a right child equal to its sibling is either that phantom copy
 *   (an index past the level's end) or a mutated tree (CVE-2012-2459).
 */
export function verifyMerkleBranch(leaf: Uint8Array, branch: MerkleBranch, root: Uint8Array): boolean {
  const depth = branch.siblings.length;
  if (leaf.length !== 32 || root.length !== 32 || depth > MAX_MERKLE_BRANCH_DEPTH) return false;
  if (!Number.isInteger(branch.index) || branch.index < 0 || branch.index >= 2 ** depth) return false;
  let h = leaf;
  let pos = branch.index;
  for (const s of branch.siblings) {
    if (s.length !== 32) return false;
    if (pos & 1) {
      if (equalBytes(s, h)) return false;
      h = merkleParent(s, h);
    } else {
      h = merkleParent(h, s);
    }
    pos = Math.floor(pos / 2);
  }
  return equalBytes(h, root);
}

/**
 * Transport form of a branch (docs/protocol.md §1.6): index:u32 LE | depth:u8 | depth × 32-byte
 * siblings, leaf level first.
 */
export function encodeMerkleBranch(branch: MerkleBranch): Uint8Array {
  const depth = branch.siblings.length;
  if (depth > MAX_MERKLE_BRANCH_DEPTH) throw new RangeError('a branch has at most 32 siblings');
  if (!Number.isInteger(branch.index) || branch.index < 0 || branch.index > 0xffffffff) {
    throw new RangeError('branch index is a u32');
  }
  const w = new ByteWriter(5 + 32 * depth).u32le(branch.index).u8(depth);
  for (const s of branch.siblings) {
    if (s.length !== 32) throw new TypeError('siblings are 32 bytes');
    w.bytes(s);
  }
  return w.finish();
}

/** Bounded: the depth is checked (at most 32) before the siblings are read. */
export function decodeMerkleBranch(bytes: Uint8Array): MerkleBranch {
  const r = new ByteReader(bytes);
  const index = r.u32le();
  const depth = r.u8();
  if (depth > MAX_MERKLE_BRANCH_DEPTH) throw new DecodeError('merkle-branch-too-deep', `depth ${depth}`);
  const siblings: Uint8Array[] = new Array(depth);
  for (let i = 0; i < depth; i++) siblings[i] = r.bytes(32).slice();
  r.end();
  return { index, siblings };
}

// ---------------------------------------------------------------------------------------------
// Core's CPartialMerkleTree: the proof format of gettxoutproof / verifytxoutproof and BIP37's
// merkleblock. A depth-first walk of the tree: one flag bit per visited node (1 = an ancestor of a
// matched leaf, or a matched leaf), and one hash per node that is not descended into.

/**
 * Core's MAX_BLOCK_WEIGHT / MIN_TRANSACTION_WEIGHT (60 bytes × 4, the smallest valid transaction):
 * no block can hold more transactions.
 */
export const MAX_PARTIAL_TREE_TRANSACTIONS = Math.floor(MAX_BLOCK_WEIGHT / (WITNESS_SCALE_FACTOR * 60));

export interface PartialMerkleTree {
  /** Transactions in the block. */
  numTransactions: number;
  hashes: Uint8Array[];
  /** The flag bits packed as on the wire: bit i is byte i>>3, bit i&7 (least significant first). */
  flags: Uint8Array;
}

export interface PartialMerkleMatch {
  root: Uint8Array;
  /** Matched leaves in tree order, with their positions in the block. */
  matches: Uint8Array[];
  indexes: number[];
}

function treeWidth(numTx: number, height: number): number {
  return Math.floor((numTx + 2 ** height - 1) / 2 ** height);
}

function treeHeight(numTx: number): number {
  let h = 0;
  while (treeWidth(numTx, h) > 1) h++;
  return h;
}

function subtreeHash(height: number, pos: number, leaves: readonly Uint8Array[]): Uint8Array {
  if (height === 0) return leaves[pos]!;
  const left = subtreeHash(height - 1, pos * 2, leaves);
  const right =
    pos * 2 + 1 < treeWidth(leaves.length, height - 1) ? subtreeHash(height - 1, pos * 2 + 1, leaves) : left;
  return merkleParent(left, right);
}

/** Builds the partial tree proving the leaves whose `match` flag is set (as Core's constructor). */
export function buildPartialMerkleTree(
  leaves: readonly Uint8Array[],
  match: readonly boolean[],
): PartialMerkleTree {
  if (leaves.length === 0 || match.length !== leaves.length) {
    throw new RangeError('one match flag per leaf, and at least one leaf');
  }
  const bits: boolean[] = [];
  const hashes: Uint8Array[] = [];
  const n = leaves.length;
  const build = (height: number, pos: number): void => {
    let parentOfMatch = false;
    for (let p = pos * 2 ** height; p < (pos + 1) * 2 ** height && p < n; p++) parentOfMatch ||= match[p]!;
    bits.push(parentOfMatch);
    if (height === 0 || !parentOfMatch) {
      hashes.push(subtreeHash(height, pos, leaves));
    } else {
      build(height - 1, pos * 2);
      if (pos * 2 + 1 < treeWidth(n, height - 1)) build(height - 1, pos * 2 + 1);
    }
  };
  build(treeHeight(n), 0);
  const flags = new Uint8Array((bits.length + 7) >> 3);
  bits.forEach((b, i) => {
    if (b) flags[i >> 3]! |= 1 << (i & 7);
  });
  return { numTransactions: n, hashes, flags };
}

/**
 * Core's ExtractMatches: the root the tree commits to and the matched leaves, or null when the
 * tree is malformed (no or too many transactions, more hashes than transactions, fewer bits than
 * hashes, running out of bits or hashes, identical left and right subtrees, unused hashes, or
 * unused flag bytes beyond the last partial one).
 */
export function extractPartialMerkleMatches(
  tree: PartialMerkleTree,
  maxTransactions = MAX_PARTIAL_TREE_TRANSACTIONS,
): PartialMerkleMatch | null {
  const n = tree.numTransactions;
  const numBits = tree.flags.length * 8;
  if (n === 0 || n > maxTransactions) return null;
  if (tree.hashes.length > n) return null;
  if (numBits < tree.hashes.length) return null;
  let bitsUsed = 0;
  let hashesUsed = 0;
  let bad = false;
  const matches: Uint8Array[] = [];
  const indexes: number[] = [];
  const walk = (height: number, pos: number): Uint8Array => {
    if (bitsUsed >= numBits) {
      bad = true;
      return new Uint8Array(32);
    }
    const parentOfMatch = ((tree.flags[bitsUsed >> 3]! >> (bitsUsed & 7)) & 1) === 1;
    bitsUsed++;
    if (height === 0 || !parentOfMatch) {
      const hash = tree.hashes[hashesUsed++];
      if (hash === undefined || hash.length !== 32) {
        bad = true;
        return new Uint8Array(32);
      }
      if (height === 0 && parentOfMatch) {
        matches.push(hash);
        indexes.push(pos);
      }
      return hash;
    }
    const left = walk(height - 1, pos * 2);
    let right = left;
    if (pos * 2 + 1 < treeWidth(n, height - 1)) {
      right = walk(height - 1, pos * 2 + 1);
      // Distinct transactions never give identical subtrees: equality means a CVE-2012-2459 forgery.
      if (equalBytes(left, right)) bad = true;
    }
    return merkleParent(left, right);
  };
  const root = walk(treeHeight(n), 0);
  if (bad) return null;
  if ((bitsUsed + 7) >> 3 !== tree.flags.length) return null;
  if (hashesUsed !== tree.hashes.length) return null;
  return { root, matches, indexes };
}

/** Wire form, as Core: numTransactions:u32 | CompactSize + 32-byte hashes | CompactSize + flag bytes. */
export function writePartialMerkleTree(w: ByteWriter, tree: PartialMerkleTree): void {
  w.u32le(tree.numTransactions).compactSize(tree.hashes.length);
  for (const h of tree.hashes) {
    if (h.length !== 32) throw new TypeError('partial Merkle tree hashes are 32 bytes');
    w.bytes(h);
  }
  w.varBytes(tree.flags);
}

export function encodePartialMerkleTree(tree: PartialMerkleTree): Uint8Array {
  const w = new ByteWriter(4 + 9 + tree.hashes.length * 32 + 9 + tree.flags.length);
  writePartialMerkleTree(w, tree);
  return w.finish();
}

/** Bounded: the hash count is checked against the remaining input before anything is allocated. */
export function readPartialMerkleTree(r: ByteReader): PartialMerkleTree {
  const numTransactions = r.u32le();
  const count = r.count(32);
  const hashes: Uint8Array[] = new Array(count);
  for (let i = 0; i < count; i++) hashes[i] = r.bytes(32).slice();
  const flags = r.varBytes().slice();
  return { numTransactions, hashes, flags };
}

export function decodePartialMerkleTree(bytes: Uint8Array): PartialMerkleTree {
  const r = new ByteReader(bytes);
  const tree = readPartialMerkleTree(r);
  r.end();
  return tree;
}

/** Core's CMerkleBlock, the bytes gettxoutproof returns: the 80-byte header then the partial tree. */
export interface MerkleBlock {
  header: BlockHeader;
  tree: PartialMerkleTree;
}

export function encodeMerkleBlock(mb: MerkleBlock): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE + 4 + 9 + mb.tree.hashes.length * 32 + 9 + mb.tree.flags.length);
  writeHeader(w, mb.header);
  writePartialMerkleTree(w, mb.tree);
  return w.finish();
}

export function decodeMerkleBlock(bytes: Uint8Array): MerkleBlock {
  const r = new ByteReader(bytes);
  const header = readHeader(r);
  const tree = readPartialMerkleTree(r);
  r.end();
  return { header, tree };
}

/**
 * verifytxoutproof's check: the matched txids, when the tree is well formed and commits to the
 * header's Merkle root; null otherwise.
 */
export function verifyMerkleBlock(mb: MerkleBlock): PartialMerkleMatch | null {
  const m = extractPartialMerkleMatches(mb.tree);
  if (m === null || !equalBytes(m.root, mb.header.merkleRoot)) return null;
  return m;
}
