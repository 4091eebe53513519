import { describe, expect, it } from 'vitest';
import { sha256, sha256d } from '../../src/crypto/hash.js';
import { decodeBlock } from '../../src/wire/block.js';
import { concatBytes, fromHex, hashToHex, hexToHash, toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';
import { decodeHeader } from '../../src/wire/header.js';
import {
  blockMerkleRoot,
  buildPartialMerkleTree,
  computeMerkleRoot,
  decodeMerkleBlock,
  decodeMerkleBranch,
  encodeMerkleBlock,
  encodeMerkleBranch,
  extractPartialMerkleMatches,
  MAX_PARTIAL_TREE_TRANSACTIONS,
  merkleBranch,
  merkleParent,
  merkleRootFromBranch,
  verifyMerkleBlock,
  verifyMerkleBranch,
} from '../../src/wire/merkle.js';
import { txid } from '../../src/wire/tx.js';
import { expectTreeProves } from '../support/partial-merkle.js';
import { rng } from '../support/rng.js';
import { BLOCK_542213 } from './block-542213.fixture.js';
import {
  BLOCK170_COINBASE_HEX,
  BLOCK170_HEADER_HEX,
  BLOCK170_SPEND_HEX,
  BLOCK170_SPEND_TXID,
} from './known-data.js';

/** Distinct 32-byte leaves. */
function leaves(n: number, salt = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => sha256(Uint8Array.of(salt, i & 0xff, i >> 8)));
}

/** The root by the textbook recursive definition: pad odd levels with the last node. */
function referenceRoot(level: Uint8Array[]): Uint8Array {
  if (level.length === 1) return level[0]!;
  const padded = level.length % 2 ? [...level, level[level.length - 1]!] : level;
  const next: Uint8Array[] = [];
  for (let i = 0; i < padded.length; i += 2) next.push(sha256d(concatBytes(padded[i]!, padded[i + 1]!)));
  return referenceRoot(next);
}

describe('Merkle root', () => {
  it('is the leaf itself for one leaf and 32 zero bytes for none', () => {
    const [a] = leaves(1);
    expect(computeMerkleRoot([a!])).toEqual({ root: a, mutated: false });
    expect(computeMerkleRoot([])).toEqual({ root: new Uint8Array(32), mutated: false });
  });

  it('matches the recursive definition for 1..70 leaves', () => {
    for (let n = 1; n <= 70; n++) {
      const l = leaves(n);
      const r = computeMerkleRoot(l);
      expect(toHex(r.root)).toBe(toHex(referenceRoot(l)));
      expect(r.mutated).toBe(false);
    }
  });

  it('recomputes the Merkle root of mainnet block 542213', () => {
    const block = decodeBlock(fromHex(BLOCK_542213.hex));
    expect(toHex(blockMerkleRoot(block.txs).root)).toBe(BLOCK_542213.merkleRoot);
  });

  it('flags CVE-2012-2459: a duplicated tail gives the same root, marked mutated', () => {
    const [a, b, c, d, e, f] = leaves(6);
    const odd = computeMerkleRoot([a!, b!, c!]);
    const dup = computeMerkleRoot([a!, b!, c!, c!]);
    expect(toHex(dup.root)).toBe(toHex(odd.root));
    expect(odd.mutated).toBe(false);
    expect(dup.mutated).toBe(true);
    // Duplication one level up: [a..f] pads to [ab, cd, ef, ef]; appending e,f again gives the same root.
    const six = computeMerkleRoot([a!, b!, c!, d!, e!, f!]);
    const eight = computeMerkleRoot([a!, b!, c!, d!, e!, f!, e!, f!]);
    expect(toHex(eight.root)).toBe(toHex(six.root));
    expect(six.mutated).toBe(false);
    expect(eight.mutated).toBe(true);
    // Equal neighbours that are not a pair (positions 1 and 2) are not a mutation.
    expect(computeMerkleRoot([a!, b!, b!, c!]).mutated).toBe(false);
    expect(computeMerkleRoot([a!, a!]).mutated).toBe(true);
  });
});

describe('Merkle branches', () => {
  it('prove every leaf of odd and even trees of 1..33 leaves', () => {
    let proofs = 0;
    for (let n = 1; n <= 33; n++) {
      const l = leaves(n, n);
      const { root } = computeMerkleRoot(l);
      const depth = Math.ceil(Math.log2(n));
      for (let i = 0; i < n; i++) {
        const br = merkleBranch(l, i);
        expect(br.siblings).toHaveLength(depth);
        expect(toHex(merkleRootFromBranch(l[i]!, br))).toBe(toHex(root));
        expect(verifyMerkleBranch(l[i]!, br, root)).toBe(true);
        // The wrong leaf, position, sibling or root fails.
        expect(verifyMerkleBranch(l[(i + 1) % n]!, br, root)).toBe(n === 1);
        if (depth > 0) {
          expect(verifyMerkleBranch(l[i]!, { ...br, index: i ^ 1 }, root)).toBe(false);
          const bad = br.siblings.map((s) => Uint8Array.from(s));
          bad[depth - 1]![0]! ^= 1;
          expect(verifyMerkleBranch(l[i]!, { index: i, siblings: bad }, root)).toBe(false);
          expect(verifyMerkleBranch(l[i]!, { ...br, index: i + 2 ** depth }, root)).toBe(false);
        }
        expect(verifyMerkleBranch(l[i]!, br, sha256(root))).toBe(false);
        proofs++;
      }
    }
    expect(proofs).toBe((33 * 34) / 2);
  });

  it('rejects the phantom position of an odd level (the duplicated last node)', () => {
    const l = leaves(3);
    const { root } = computeMerkleRoot(l);
    // Leaf 2 is duplicated into position 3 at the bottom level: the same hashes prove "position 3".
    const real = merkleBranch(l, 2);
    const phantom = { index: 3, siblings: real.siblings };
    expect(toHex(merkleRootFromBranch(l[2]!, phantom))).toBe(toHex(root));
    expect(verifyMerkleBranch(l[2]!, real, root)).toBe(true);
    expect(verifyMerkleBranch(l[2]!, phantom, root)).toBe(false);
  });

  it('proves the first transfer in block 170 against the header', () => {
    const block = decodeBlock(
      fromHex(`${BLOCK170_HEADER_HEX}02${BLOCK170_COINBASE_HEX}${BLOCK170_SPEND_HEX}`),
    );
    const ids = block.txs.map((t) => txid(t));
    const br = merkleBranch(ids, 1);
    expect(verifyMerkleBranch(hexToHash(BLOCK170_SPEND_TXID), br, block.header.merkleRoot)).toBe(true);
    expect(toHex(merkleParent(br.siblings[0]!, ids[1]!))).toBe(toHex(block.header.merkleRoot));
  });

  it('encodes branches as index | depth | siblings, with bounded decoding', () => {
    const l = leaves(11);
    for (let i = 0; i < l.length; i++) {
      const br = merkleBranch(l, i);
      const bytes = encodeMerkleBranch(br);
      expect(bytes).toHaveLength(5 + 32 * 4);
      expect(toHex(bytes.subarray(0, 5))).toBe(`${toHex(Uint8Array.of(i, 0, 0, 0))}04`);
      const back = decodeMerkleBranch(bytes);
      expect(back.index).toBe(i);
      expect(back.siblings.map(toHex)).toEqual(br.siblings.map(toHex));
    }
    const reason = (b: Uint8Array) => {
      try {
        decodeMerkleBranch(b);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        return (e as DecodeError).reason;
      }
      return 'ok';
    };
    expect(reason(fromHex('0000000021'))).toBe('merkle-branch-too-deep');
    expect(reason(fromHex('0000000001'))).toBe('truncated');
    expect(reason(fromHex('000000'))).toBe('truncated');
    expect(reason(fromHex('000000000000'))).toBe('trailing-bytes');
    expect(reason(fromHex('0000000000'))).toBe('ok');
  });

  it('rejects malformed branches without throwing', () => {
    const l = leaves(4);
    const { root } = computeMerkleRoot(l);
    const br = merkleBranch(l, 0);
    expect(verifyMerkleBranch(l[0]!, { index: -1, siblings: br.siblings }, root)).toBe(false);
    expect(verifyMerkleBranch(l[0]!, { index: 0.5, siblings: br.siblings }, root)).toBe(false);
    expect(verifyMerkleBranch(l[0]!, { index: 0, siblings: [br.siblings[0]!.subarray(1)] }, root)).toBe(
      false,
    );
    expect(verifyMerkleBranch(l[0]!.subarray(1), br, root)).toBe(false);
    expect(verifyMerkleBranch(l[0]!, { index: 0, siblings: new Array(33).fill(l[1]) }, root)).toBe(false);
    expect(() => merkleBranch(l, 4)).toThrow(RangeError);
  });
});

describe('partial Merkle trees (CPartialMerkleTree)', () => {
  it('prove random subsets of trees of 1..64 leaves and round-trip their encoding', () => {
    const rand = rng(12345);
    for (let n = 1; n <= 64; n++) {
      const l = leaves(n, 7);
      const { root } = computeMerkleRoot(l);
      for (const p of [0, 0.1, 0.5, 1]) {
        const match = l.map(() => rand() < p);
        const tree = buildPartialMerkleTree(l, match);
        const back = expectTreeProves(l, match, tree);
        expect(back.numTransactions).toBe(tree.numTransactions);
        expect(back.hashes.map(toHex)).toEqual(tree.hashes.map(toHex));
        expect(toHex(back.flags)).toBe(toHex(tree.flags));
        // As Core's pmt_test1: a flipped hash bit changes the root or breaks the tree.
        if (tree.hashes.length > 0) {
          const bad = { ...tree, hashes: tree.hashes.map((h) => Uint8Array.from(h)) };
          bad.hashes[Math.floor(rand() * bad.hashes.length)]![0]! ^= 1;
          const r = extractPartialMerkleMatches(bad);
          if (r !== null) expect(toHex(r.root)).not.toBe(toHex(root));
        }
      }
    }
  });

  it("rejects Core's pmt_malleability tree (duplicated subtrees)", () => {
    const num = (v: number) => {
      const h = new Uint8Array(32);
      h[0] = v;
      return h;
    };
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 10].map(num);
    const match = [false, false, false, false, false, false, false, false, false, true, true, false];
    expect(extractPartialMerkleMatches(buildPartialMerkleTree(ids, match))).toBeNull();
  });

  it('rejects malformed trees', () => {
    const l = leaves(5);
    const tree = buildPartialMerkleTree(l, [false, true, false, false, true]);
    expect(extractPartialMerkleMatches(tree)).not.toBeNull();
    expect(extractPartialMerkleMatches({ ...tree, numTransactions: 0 })).toBeNull();
    expect(
      extractPartialMerkleMatches({ ...tree, numTransactions: MAX_PARTIAL_TREE_TRANSACTIONS + 1 }),
    ).toBeNull();
    expect(extractPartialMerkleMatches({ ...tree, hashes: tree.hashes.slice(1) })).toBeNull();
    expect(extractPartialMerkleMatches({ ...tree, hashes: [...tree.hashes, l[0]!] })).toBeNull();
    expect(
      extractPartialMerkleMatches({ ...tree, flags: concatBytes(tree.flags, Uint8Array.of(0)) }),
    ).toBeNull();
    expect(extractPartialMerkleMatches({ ...tree, flags: new Uint8Array(0) })).toBeNull();
    expect(
      extractPartialMerkleMatches({ numTransactions: 1, hashes: [l[0]!, l[1]!], flags: Uint8Array.of(1) }),
    ).toBeNull();
  });

  it('gives the gettxoutproof bytes of block 170 and verifies them', () => {
    const block = decodeBlock(
      fromHex(`${BLOCK170_HEADER_HEX}02${BLOCK170_COINBASE_HEX}${BLOCK170_SPEND_HEX}`),
    );
    const ids = block.txs.map((t) => txid(t));
    const tree = buildPartialMerkleTree(ids, [false, true]);
    const proof = encodeMerkleBlock({ header: block.header, tree });
    // header | 2 transactions | 2 hashes (coinbase txid, spend txid) | 1 flag byte: bits 1,0,1 = 0x05
    expect(toHex(proof)).toBe(`${BLOCK170_HEADER_HEX}0200000002${toHex(ids[0]!)}${toHex(ids[1]!)}0105`);
    const mb = decodeMerkleBlock(proof);
    const m = verifyMerkleBlock(mb);
    expect(m?.indexes).toEqual([1]);
    expect(hashToHex(m!.matches[0]!)).toBe(BLOCK170_SPEND_TXID);
    const otherHeader = { ...decodeHeader(fromHex(BLOCK170_HEADER_HEX)), merkleRoot: ids[0]! };
    expect(verifyMerkleBlock({ header: otherHeader, tree })).toBeNull();
  });
});
