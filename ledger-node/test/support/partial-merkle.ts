import { expect } from 'vitest';
import { toHex } from '../../src/wire/bytes.js';
import type { PartialMerkleTree } from '../../src/wire/merkle.js';
import {
  computeMerkleRoot,
  decodePartialMerkleTree,
  encodePartialMerkleTree,
  extractPartialMerkleMatches,
} from '../../src/wire/merkle.js';

/**
 * Expects `tree`, built over `leaves` for `match`, to re-encode byte for byte after decoding and, as
 * built and as decoded, to prove exactly the matched leaves (indexes and hashes) under the leaves'
 * Merkle root. Returns the decoded tree.
 */
export function expectTreeProves(
  leaves: readonly Uint8Array[],
  match: readonly boolean[],
  tree: PartialMerkleTree,
): PartialMerkleTree {
  const bytes = encodePartialMerkleTree(tree);
  const back = decodePartialMerkleTree(bytes);
  expect(toHex(encodePartialMerkleTree(back))).toBe(toHex(bytes));
  const root = toHex(computeMerkleRoot(leaves).root);
  const indexes = match.flatMap((x, i) => (x ? [i] : []));
  for (const t of [tree, back]) {
    const m = extractPartialMerkleMatches(t);
    expect(m).not.toBeNull();
    expect(toHex(m!.root)).toBe(root);
    expect(m!.indexes).toEqual(indexes);
    expect(m!.matches.map(toHex)).toEqual(indexes.map((i) => toHex(leaves[i]!)));
  }
  return back;
}
