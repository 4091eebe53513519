import { concatBytes, sha256, toHex } from '@funai/ledger-node';

/**
 * Model identity (docs/protocol.md §12.1): the model file is cut into chunks of CHUNK_SIZE bytes (the
 * last one shorter, never empty) and the model id is the root of an RFC 6962 Merkle tree over them,
 * with domain-separated leaves and nodes:
 *   leaf(chunk) = SHA-256(0x00 || chunk),  node(l, r) = SHA-256(0x01 || l || r),
 *   MTH(one leaf) = leaf;  MTH(n leaves) = node(MTH(first k), MTH(rest)), k = largest power of 2 < n.
 * Unlike Bitcoin's tree nothing is duplicated, so no two leaf lists share a root (no CVE-2012-2459
 * mutation), and a chunk's audit path proves it against the root alone.
 */
export const CHUNK_SIZE = 1 << 20;

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export function leafHash(chunk: Uint8Array): Uint8Array {
  return sha256(concatBytes(LEAF, chunk));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(NODE, left, right));
}

/** Number of chunks of a file of `size` bytes (size >= 1). */
export function chunkCount(size: number): number {
  return Math.ceil(size / CHUNK_SIZE);
}

/** Byte length of chunk `index` of a file of `size` bytes. */
export function chunkLength(size: number, index: number): number {
  return Math.min(CHUNK_SIZE, size - index * CHUNK_SIZE);
}

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * An RFC 6962 tree over fixed leaf hashes. Subtree hashes are memoized, so serving proofs for every
 * chunk of a file costs O(n) hashes in all rather than O(n) per proof.
 */
export class MerkleTree {
  private readonly leaves: readonly Uint8Array[];
  private readonly memo = new Map<number, Uint8Array>();

  constructor(leaves: readonly Uint8Array[]) {
    if (leaves.length === 0) throw new RangeError('a model file has at least one chunk');
    this.leaves = leaves;
  }

  get size(): number {
    return this.leaves.length;
  }

  /** MTH(D[start : start + n]). */
  private hash(start: number, n: number): Uint8Array {
    if (n === 1) return this.leaves[start]!;
    const key = start * 2 ** 26 + n; // start and n < 2^26 (a 64 TiB file)
    let h = this.memo.get(key);
    if (!h) {
      const k = split(n);
      h = nodeHash(this.hash(start, k), this.hash(start + k, n - k));
      this.memo.set(key, h);
    }
    return h;
  }

  root(): Uint8Array {
    return this.hash(0, this.leaves.length);
  }

  /** RFC 6962 audit path of leaf `index`, from the leaf's sibling up to the root's child. */
  proof(index: number): Uint8Array[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.leaves.length)
      throw new RangeError('leaf index out of range');
    const path: Uint8Array[] = [];
    const walk = (start: number, n: number, i: number): void => {
      if (n === 1) return;
      const k = split(n);
      if (i < k) {
        walk(start, k, i);
        path.push(this.hash(start + k, n - k));
      } else {
        walk(start + k, n - k, i - k);
        path.push(this.hash(start, k));
      }
    };
    walk(0, this.leaves.length, index);
    return path;
  }
}

/** RFC 6962 MTH over leaf hashes. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  return new MerkleTree(leaves).root();
}

/** RFC 6962 audit path of leaf `index`. */
export function merkleProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  return new MerkleTree(leaves).proof(index);
}

/** Recomputes the root from a leaf hash and its audit path (RFC 9162 §2.1.3.2). */
export function rootFromProof(
  leaf: Uint8Array,
  index: number,
  count: number,
  proof: readonly Uint8Array[],
): Uint8Array | null {
  if (!Number.isInteger(index) || index < 0 || index >= count) return null;
  let fn = index;
  let sn = count - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/**
 * Verifies a chunk fetched from a peer: its length must be the one chunk `index` has in a file of
 * `fileSize` bytes, and its audit path must lead to `modelId`. Never throws.
 */
export function verifyChunk(
  modelId: string,
  fileSize: number,
  index: number,
  chunk: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(fileSize) || fileSize < 1) return false;
  const count = chunkCount(fileSize);
  if (!Number.isInteger(index) || index < 0 || index >= count) return false;
  if (chunk.length !== chunkLength(fileSize, index)) return false;
  if (proof.some((p) => p.length !== 32)) return false;
  const root = rootFromProof(leafHash(chunk), index, count, proof);
  return root !== null && toHex(root) === modelId;
}
