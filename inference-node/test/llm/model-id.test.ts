import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, sha256, toHex } from '@funai/ledger-node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/errors.js';
import { chunkProof, computeModelFileId, ModelIdCache } from '../../src/llm/model-id/file-id.js';
import {
  CHUNK_SIZE,
  chunkCount,
  chunkLength,
  leafHash,
  merkleProof,
  merkleRoot,
  rootFromProof,
  verifyChunk,
} from '../../src/llm/model-id/merkle.js';

// RFC 6962 reference vectors from Certificate Transparency's merkle_tree_test (google/certificate-transparency,
// also used by the Go and Rust CT implementations): the leaves, the tree heads of the first 1..8 leaves,
// and the audit paths of leaf 0 and leaf 5 in the tree of 8.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => leafHash(fromHex(h)));
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_PATHS: Array<[number, string[]]> = [
  [
    0,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

describe('Merkle tree (RFC 6962)', () => {
  it('matches the Certificate Transparency tree heads for 1..8 leaves', () => {
    for (let n = 1; n <= 8; n++) expect(toHex(merkleRoot(CT_LEAVES.slice(0, n)))).toBe(CT_ROOTS[n - 1]);
  });

  it('produces the reference audit paths, which verify', () => {
    for (const [index, path] of CT_PATHS) {
      const proof = merkleProof(CT_LEAVES, index);
      expect(proof.map(toHex)).toEqual(path);
      expect(toHex(rootFromProof(CT_LEAVES[index]!, index, 8, proof)!)).toBe(CT_ROOTS[7]);
    }
  });

  it('every leaf of every tree size up to 40 proves, and a wrong leaf or index does not', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => leafHash(Uint8Array.of(i, i >> 8)));
    for (let n = 1; n <= 40; n++) {
      const tree = leaves.slice(0, n);
      const root = toHex(merkleRoot(tree));
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(tree, i);
        expect(toHex(rootFromProof(tree[i]!, i, n, proof)!)).toBe(root);
        expect(rootFromProof(leafHash(Uint8Array.of(255, 255)), i, n, proof)).not.toEqual(merkleRoot(tree));
        if (n > 1) {
          const other = (i + 1) % n;
          const r = rootFromProof(tree[i]!, other, n, proof);
          expect(r === null || toHex(r) !== root).toBe(true);
        }
        expect(rootFromProof(tree[i]!, n, n, proof)).toBeNull();
      }
    }
  });
});

describe('chunk proofs', () => {
  const size = 3 * CHUNK_SIZE + 12345;
  const file = new Uint8Array(size);
  for (let i = 0; i < size; i++) file[i] = (i * 31 + (i >> 11)) & 0xff;
  const chunks = Array.from({ length: chunkCount(size) }, (_, i) =>
    file.subarray(i * CHUNK_SIZE, i * CHUNK_SIZE + chunkLength(size, i)),
  );
  const leaves = chunks.map(leafHash);
  const id = toHex(merkleRoot(leaves));

  it('cuts a file into fixed-size chunks with a shorter last one', () => {
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, 12345]);
    expect(chunkCount(CHUNK_SIZE)).toBe(1);
    expect(chunkCount(CHUNK_SIZE + 1)).toBe(2);
  });

  it('a peer can check each chunk against the model id alone', () => {
    chunks.forEach((c, i) => {
      expect(verifyChunk(id, size, i, c, merkleProof(leaves, i))).toBe(true);
    });
  });

  // The root does not commit to the byte size by itself (RFC 6962 paths of the left subtree are the same
  // in trees of several sizes): the size travels with the id, and the chunk length check binds it.
  it('rejects a tampered chunk, a wrong index, a wrong chunk count, a truncated chunk and a bad proof', () => {
    const proof = merkleProof(leaves, 1);
    const bad = Uint8Array.from(chunks[1]!);
    bad[777] = bad[777]! ^ 1;
    expect(verifyChunk(id, size, 1, bad, proof)).toBe(false);
    expect(verifyChunk(id, size, 2, chunks[1]!, proof)).toBe(false);
    expect(verifyChunk(id, size + CHUNK_SIZE, 1, chunks[1]!, proof)).toBe(false);
    expect(verifyChunk(id, size + 1, 3, chunks[3]!, merkleProof(leaves, 3))).toBe(false);
    expect(verifyChunk(id, size, 3, chunks[3]!.subarray(1), merkleProof(leaves, 3))).toBe(false);
    expect(verifyChunk(id, size, 1, chunks[1]!, proof.slice(1))).toBe(false);
    expect(verifyChunk(id, size, 1, chunks[1]!, [...proof, proof[0]!])).toBe(false);
    expect(verifyChunk(id, size, 9, chunks[1]!, proof)).toBe(false);
    expect(verifyChunk(id, 0, 0, new Uint8Array(0), [])).toBe(false);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.nat(10),
        fc.integer({ min: -5, max: 10 * CHUNK_SIZE }),
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 6 }),
        (index, sz, chunk, proof) => {
          expect(typeof verifyChunk(id, sz, index, chunk, proof)).toBe('boolean');
        },
      ),
    );
  });
});

describe('model id of a file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'funai-model-id-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is the Merkle root of the chunks, and chunk proofs of the hashed file verify', async () => {
    const size = 2 * CHUNK_SIZE + 5;
    const bytes = new Uint8Array(size).map((_, i) => (i * 7) & 0xff);
    const path = join(dir, 'm.gguf');
    await writeFile(path, bytes);
    let progress = 0;
    const f = await computeModelFileId(path, (p) => {
      progress = p.bytesHashed;
      expect(p.totalBytes).toBe(size);
    });
    expect(progress).toBe(size);
    const expected = [0, 1, 2].map((i) =>
      leafHash(bytes.subarray(i * CHUNK_SIZE, Math.min(size, (i + 1) * CHUNK_SIZE))),
    );
    expect(f.id).toBe(toHex(merkleRoot(expected)));
    expect(f.size).toBe(size);
    for (let i = 0; i < 3; i++) {
      const chunk = bytes.subarray(i * CHUNK_SIZE, Math.min(size, (i + 1) * CHUNK_SIZE));
      expect(chunkProof(f, i).map(toHex)).toEqual(merkleProof(expected, i).map(toHex));
      expect(verifyChunk(f.id, size, i, chunk, chunkProof(f, i))).toBe(true);
    }
  });

  it('a one-chunk file has the leaf hash as its id', async () => {
    const path = join(dir, 'small.bin');
    await writeFile(path, 'abc');
    const f = await computeModelFileId(path);
    expect(f.id).toBe(toHex(sha256(Uint8Array.of(0, 97, 98, 99))));
  });

  it('rejects a missing or empty file with a typed error', async () => {
    await expect(computeModelFileId(join(dir, 'nope'))).rejects.toMatchObject({ reason: 'model-not-found' });
    await writeFile(join(dir, 'empty'), '');
    await expect(computeModelFileId(join(dir, 'empty'))).rejects.toBeInstanceOf(LlmError);
  });

  it('is computed once and cached by size + mtime, in memory and on disk', async () => {
    const path = join(dir, 'cached.bin');
    await writeFile(path, 'first version');
    const cacheDir = join(dir, 'cache');
    const cache = new ModelIdCache(cacheDir);
    let hashed = 0;
    const count = (): void => {
      hashed++;
    };
    const a = await cache.get(path, count);
    expect(hashed).toBe(1);
    expect((await cache.get(path, count)).id).toBe(a.id);
    expect(hashed).toBe(1);
    // A second cache (a restarted node) reads the disk entry without hashing.
    const b = await new ModelIdCache(cacheDir).get(path, count);
    expect(b.id).toBe(a.id);
    expect(b.leaves.map(toHex)).toEqual(a.leaves.map(toHex));
    expect(hashed).toBe(1);
    // A new version of the file (different size, new mtime) is hashed again.
    await writeFile(path, 'second, longer version');
    const when = new Date(Date.now() + 5000);
    await utimes(path, when, when);
    const c = await cache.get(path, count);
    expect(hashed).toBe(2);
    expect(c.id).not.toBe(a.id);
  });
});
