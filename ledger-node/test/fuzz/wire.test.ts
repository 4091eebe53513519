import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/wire/block.js';
import { blockSize, decodeBlock, encodeBlock } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';
import { decodeHeader, encodeHeader, HEADER_SIZE } from '../../src/wire/header.js';
import type { PartialMerkleTree } from '../../src/wire/merkle.js';
import {
  buildPartialMerkleTree,
  computeMerkleRoot,
  decodeMerkleBlock,
  decodeMerkleBranch,
  decodePartialMerkleTree,
  encodeMerkleBlock,
  encodeMerkleBranch,
  encodePartialMerkleTree,
  extractPartialMerkleMatches,
  merkleBranch,
  verifyMerkleBlock,
  verifyMerkleBranch,
} from '../../src/wire/merkle.js';
import { ByteReader, MAX_COMPACT_SIZE } from '../../src/wire/reader.js';
import type { Transaction } from '../../src/wire/tx.js';
import { decodeTx, encodeTx, txSize } from '../../src/wire/tx.js';
import { ByteWriter } from '../../src/wire/writer.js';
import { expectTreeProves } from '../support/partial-merkle.js';
import { blockArb, headerArb, leavesArb, txArb } from './arbitraries.js';
import { decodeOrTypedError, mutate, mutationsArb, params, steeringBytesArb } from './harness.js';

// Every byte decoder of the ledger on random bytes, on seeded mutations of valid encodings, and on
// valid encodings: only DecodeError ever escapes; whatever decodes re-encodes to the very same bytes
// (so decoding allocates no more than the input: every decoded byte and element is in it).

function txElements(tx: Transaction): number {
  let n = tx.inputs.length + tx.outputs.length;
  for (const i of tx.inputs) n += i.witness.length;
  return n;
}

/** Checks a decoded transaction against the bytes it came from. */
function checkTx(input: Uint8Array, tx: Transaction | undefined): void {
  if (tx === undefined) return;
  expect(txSize(tx)).toBe(input.length);
  expect(txElements(tx)).toBeLessThanOrEqual(input.length);
  expect(toHex(encodeTx(tx))).toBe(toHex(input));
}

function checkBlock(input: Uint8Array, block: Block | undefined): void {
  if (block === undefined) return;
  expect(blockSize(block)).toBe(input.length);
  expect(block.txs.reduce((n, t) => n + 1 + txElements(t), 0)).toBeLessThanOrEqual(input.length);
  expect(toHex(encodeBlock(block))).toBe(toHex(input));
}

function checkTree(input: Uint8Array, tree: PartialMerkleTree | undefined, extra = 0): void {
  if (tree === undefined) return;
  expect(extra + 4 + tree.hashes.length * 32 + tree.flags.length).toBeLessThanOrEqual(input.length);
  // Extraction of any decoded tree terminates with a result or null.
  const m = extractPartialMerkleMatches(tree);
  if (m !== null) expect(m.matches.length).toBeLessThanOrEqual(tree.hashes.length);
}

describe('CompactSize', () => {
  it('decodes random bytes canonically or throws DecodeError', () => {
    fc.assert(
      fc.property(steeringBytesArb(10), (bytes) => {
        const r = new ByteReader(bytes);
        const n = decodeOrTypedError(DecodeError, () => r.compactSize());
        if (n === undefined) return;
        expect(n).toBeLessThanOrEqual(MAX_COMPACT_SIZE);
        const w = new ByteWriter().compactSize(n).finish();
        expect(toHex(bytes.subarray(0, r.offset))).toBe(toHex(w));
      }),
      params(5000),
    );
  });

  it('round-trips every value up to MAX_SIZE', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_COMPACT_SIZE }), (n) => {
        const bytes = new ByteWriter().compactSize(n).finish();
        const r = new ByteReader(bytes);
        expect(r.compactSize()).toBe(n);
        expect(r.remaining).toBe(0);
      }),
      params(2000),
    );
  });
});

describe('transactions', () => {
  it('random bytes: DecodeError or a canonical transaction', () => {
    fc.assert(
      fc.property(steeringBytesArb(400), (bytes) => {
        checkTx(
          bytes,
          decodeOrTypedError(DecodeError, () => decodeTx(bytes)),
        );
      }),
      params(3000),
    );
  });

  it('mutated valid transactions: DecodeError or a canonical transaction', () => {
    fc.assert(
      fc.property(txArb, mutationsArb, (tx, muts) => {
        const bytes = mutate(encodeTx(tx), muts);
        checkTx(
          bytes,
          decodeOrTypedError(DecodeError, () => decodeTx(bytes)),
        );
      }),
      params(3000),
    );
  });

  it('valid transactions round-trip byte for byte, with and without witness', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const bytes = encodeTx(tx);
        const back = decodeTx(bytes);
        expect(back).toEqual(tx);
        expect(toHex(encodeTx(back))).toBe(toHex(bytes));
        const legacy = encodeTx(tx, false);
        const stripped = decodeTx(legacy);
        expect(toHex(encodeTx(stripped))).toBe(toHex(legacy));
      }),
      params(1500),
    );
  });
});

describe('block headers', () => {
  it('random bytes: exactly 80 bytes decode, and re-encode identically', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 70, maxLength: 90 }), (bytes) => {
        const h = decodeOrTypedError(DecodeError, () => decodeHeader(bytes));
        expect(h !== undefined).toBe(bytes.length === HEADER_SIZE);
        if (h) expect(toHex(encodeHeader(h))).toBe(toHex(bytes));
      }),
      params(2000),
    );
  });

  it('valid headers round-trip', () => {
    fc.assert(
      fc.property(headerArb, (h) => {
        expect(decodeHeader(encodeHeader(h))).toEqual(h);
      }),
      params(1000),
    );
  });
});

describe('blocks', () => {
  it('random bytes after a header: DecodeError or a canonical block', () => {
    fc.assert(
      fc.property(headerArb, steeringBytesArb(300), (h, tail) => {
        const bytes = Uint8Array.from([...encodeHeader(h), ...tail]);
        checkBlock(
          bytes,
          decodeOrTypedError(DecodeError, () => decodeBlock(bytes)),
        );
      }),
      params(2000),
    );
  });

  it('mutated valid blocks: DecodeError or a canonical block', () => {
    fc.assert(
      fc.property(blockArb, mutationsArb, (block, muts) => {
        const bytes = mutate(encodeBlock(block), muts);
        checkBlock(
          bytes,
          decodeOrTypedError(DecodeError, () => decodeBlock(bytes)),
        );
      }),
      params(1500),
    );
  });

  it('valid blocks round-trip byte for byte', () => {
    fc.assert(
      fc.property(blockArb, (block) => {
        const bytes = encodeBlock(block);
        const back = decodeBlock(bytes);
        expect(back).toEqual(block);
        expect(toHex(encodeBlock(back))).toBe(toHex(bytes));
      }),
      params(500),
    );
  });
});

const treeArb = leavesArb.chain((leaves) =>
  fc
    .array(fc.boolean(), { minLength: leaves.length, maxLength: leaves.length })
    .map((match) => ({ leaves, match, tree: buildPartialMerkleTree(leaves, match) })),
);

describe('partial Merkle trees and merkle blocks', () => {
  it('random bytes: DecodeError or a bounded tree whose extraction terminates', () => {
    fc.assert(
      fc.property(steeringBytesArb(300), (bytes) => {
        const tree = decodeOrTypedError(DecodeError, () => decodePartialMerkleTree(bytes));
        checkTree(bytes, tree);
        if (tree) expect(toHex(encodePartialMerkleTree(tree))).toBe(toHex(bytes));
      }),
      params(3000),
    );
  });

  it('mutated valid trees: DecodeError, or a tree that re-encodes identically and never verifies falsely', () => {
    fc.assert(
      fc.property(treeArb, mutationsArb, ({ leaves, tree }, muts) => {
        const root = computeMerkleRoot(leaves).root;
        const bytes = mutate(encodePartialMerkleTree(tree), muts);
        const back = decodeOrTypedError(DecodeError, () => decodePartialMerkleTree(bytes));
        checkTree(bytes, back);
        if (back === undefined) return;
        expect(toHex(encodePartialMerkleTree(back))).toBe(toHex(bytes));
        const m = extractPartialMerkleMatches(back);
        // A mutated tree that still yields the true root proves only true leaves.
        if (m !== null && toHex(m.root) === toHex(root)) {
          m.indexes.forEach((idx, k) => {
            expect(toHex(m.matches[k]!)).toBe(toHex(leaves[idx]!));
          });
        }
      }),
      params(2000),
    );
  });

  it('valid trees round-trip and extract their matches', () => {
    fc.assert(
      fc.property(treeArb, ({ leaves, match, tree }) => {
        expectTreeProves(leaves, match, tree);
      }),
      params(1000),
    );
  });

  it('Merkle branches: random and mutated bytes give DecodeError or a canonical branch', () => {
    const branchBytes = leavesArb.chain((leaves) =>
      fc.nat({ max: leaves.length - 1 }).map((i) => encodeMerkleBranch(merkleBranch(leaves, i))),
    );
    fc.assert(
      fc.property(fc.oneof(steeringBytesArb(200), branchBytes), mutationsArb, (valid, muts) => {
        for (const bytes of [valid, mutate(valid, muts)]) {
          const br = decodeOrTypedError(DecodeError, () => decodeMerkleBranch(bytes));
          if (br === undefined) continue;
          expect(5 + 32 * br.siblings.length).toBe(bytes.length);
          expect(toHex(encodeMerkleBranch(br))).toBe(toHex(bytes));
          verifyMerkleBranch(new Uint8Array(32), br, new Uint8Array(32));
        }
      }),
      params(2000),
    );
  });

  it('merkle blocks: random and mutated bytes give DecodeError or a canonical merkle block', () => {
    fc.assert(
      fc.property(headerArb, treeArb, mutationsArb, (header, { tree }, muts) => {
        const bytes = mutate(encodeMerkleBlock({ header, tree }), muts);
        const mb = decodeOrTypedError(DecodeError, () => decodeMerkleBlock(bytes));
        if (mb === undefined) return;
        checkTree(bytes, mb.tree, HEADER_SIZE);
        expect(toHex(encodeMerkleBlock(mb))).toBe(toHex(bytes));
        verifyMerkleBlock(mb);
      }),
      params(1500),
    );
  });
});
