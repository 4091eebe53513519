import { sha256d } from '../crypto/hash.js';
import { equalBytes } from './bytes.js';
import type { Transaction } from './tx.js';
import { txid, wtxid } from './tx.js';

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
 * odd-level duplication.
 */
export function computeMerkleRoot(leaves: readonly Uint8Array[]): MerkleResult {
  if (leaves.length === 0) return { root: new Uint8Array(32), mutated: false };
  let level: Uint8Array[] = leaves.slice();
  let mutated = false;
  while (level.length > 1) {
    for (let i = 0; i + 1 < level.length; i += 2) {
      if (equalBytes(level[i]!, level[i + 1]!)) mutated = true;
    }
    if (level.length & 1) level.push(level[level.length - 1]!);
    const next: Uint8Array[] = new Array(level.length >> 1);
    for (let i = 0; i < next.length; i++) next[i] = merkleParent(level[2 * i]!, level[2 * i + 1]!);
    level = next;
  }
  return { root: level[0]!, mutated };
}

/** The header's Merkle root over the txids. */
export function blockMerkleRoot(txs: readonly Transaction[]): MerkleResult {
  return computeMerkleRoot(txs.map((tx) => txid(tx)));
}

/** BIP141 witness root over the wtxids, the coinbase's wtxid taken as 32 zero bytes. */
export function blockWitnessMerkleRoot(txs: readonly Transaction[]): MerkleResult {
  return computeMerkleRoot(txs.map((tx, i) => (i === 0 ? new Uint8Array(32) : wtxid(tx))));
}

/**
 * Inclusion proof of one leaf: the sibling hashes from the leaf level up to (excluding) the root,
 * and the leaf's position. Bit k of `index` tells whether the running hash is the right (1) or
 * left (0) child at level k. A sibling equal to the running hash marks the odd-level duplication.
 */
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
  if (leaf.length !== 32 || root.length !== 32 || depth > 32) return false;
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
