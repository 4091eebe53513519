import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import type { Sha256dHasher } from '../../src/crypto/sha256-multi.js';
import {
  createNodeSha256dHasher,
  createSha256dHasher,
  SHA256_MULTI_WASM,
  SLOT,
  sha256dHasher,
} from '../../src/crypto/sha256-multi.js';
import { wasmSimdAvailable } from '../../src/crypto/wasm-simd.js';
import { SHA256D_4WAY_WASM } from '../../src/mining/miner/sha256d-4way.js';
import { blockTxIdsFromBytes, decodeBlock, encodeBlock } from '../../src/wire/block.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';
import { HEADER_SIZE } from '../../src/wire/header.js';
import {
  blockMerkleRoot,
  blockWitnessMerkleRoot,
  computeMerkleRoot,
  witnessMerkleRoot,
} from '../../src/wire/merkle.js';
import type { Transaction } from '../../src/wire/tx.js';
import {
  encodeTx,
  txIdsFromBytes,
  txIdsFromConcatBytes,
  txid,
  txidsOf,
  wtxid,
  wtxidsOf,
} from '../../src/wire/tx.js';
import { compactSizeLength } from '../../src/wire/writer.js';
import { blockArb } from '../fuzz/arbitraries.js';
import { buildKernel } from '../mining/build-kernel.js';
import { BLOCK_542213 } from '../wire/block-542213.fixture.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();
const sha256d = (b: Uint8Array) => sha256(sha256(b));
/** Ids as hex: txid() gives Buffers, the batches views of one Uint8Array. */
const hexes = (ids: readonly Uint8Array[]) => ids.map(toHex);
const hexIds = ({ txids, wtxids }: { txids: Uint8Array[]; wtxids: Uint8Array[] }) => ({
  txids: hexes(txids),
  wtxids: hexes(wtxids),
});

/** The digests laid end to end that node:crypto gives, one message at a time. */
const expected = (messages: readonly Uint8Array[]) => {
  const out = new Uint8Array(32 * messages.length);
  for (let i = 0; i < messages.length; i++) out.set(sha256d(messages[i]!), 32 * i);
  return out;
};

/** Lengths around every padding edge: 55 and 56 (one block or two), 63, 64, 119, 120 and so on. */
const EDGES = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128, 183, 184, 1000];
const messageLength = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: 0, max: 1000 }));
const message = messageLength.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

let wasm: Sha256dHasher;
beforeAll(() => {
  buildKernel();
  wasm = createSha256dHasher();
});

describe('the multi-buffer SHA-256d kernel', () => {
  it('is the hasher where the runtime has WebAssembly SIMD', () => {
    expect(wasmSimdAvailable()).toBe(true);
    expect(wasm.name).toBe('wasm-simd');
    expect(wasm.fallback).toBeUndefined();
    expect(sha256dHasher().name).toBe('wasm-simd');
  });

  it('hashes the FIPS 180-4 examples twice as node:crypto does', () => {
    const texts = ['', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'];
    const messages = texts.map((t) => new TextEncoder().encode(t));
    expect(wasm.many(messages)).toEqual(expected(messages));
    // SHA-256d('abc'), the digest of FIPS 180-4's ba7816bf...15ad.
    expect(Buffer.from(wasm.many([messages[1]!])).toString('hex')).toBe(
      '4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358',
    );
  });

  it('agrees with node:crypto on every length from 0 to 300, in batches of mixed lengths', () => {
    const all = Array.from({ length: 301 }, (_, n) =>
      Uint8Array.from({ length: n }, (_, i) => (n * 7 + i) & 0xff),
    );
    for (let size = 1; size <= 9; size++) {
      for (let from = 0; from < all.length; from += size) {
        const batch = all.slice(from, from + size);
        expect(wasm.many(batch)).toEqual(expected(batch));
      }
    }
  });

  it('agrees with node:crypto on batches of 1..9 random messages (property)', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 9 }), (messages) => {
        expect(wasm.many(messages)).toEqual(expected(messages));
      }),
      { numRuns: 300 },
    );
  });

  it('pads each message afresh in memory a larger batch left dirty, and grows its memory', () => {
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) & 0xff);
    const dirty = [big, ...EDGES.map((n) => new Uint8Array(n).fill(0xff))];
    expect(wasm.many(dirty)).toEqual(expected(dirty));
    const clean = EDGES.map((n) => new Uint8Array(n));
    expect(wasm.many(clean)).toEqual(expected(clean));
    const many = Array.from({ length: 5000 }, (_, i) => new Uint8Array(i % 130).fill(i));
    expect(wasm.many(many)).toEqual(expected(many));
  });

  it('takes messages written in place at reserve()', () => {
    wasm.begin();
    const at = wasm.reserve(3);
    wasm.bytes.set([0x61, 0x62, 0x63], at);
    wasm.add(new Uint8Array(64));
    expect(wasm.size).toBe(2);
    const out = new Uint8Array(70);
    wasm.finish(out, 6);
    expect(out.subarray(6)).toEqual(expected([Uint8Array.of(0x61, 0x62, 0x63), new Uint8Array(64)]));
    expect(wasm.size).toBe(0);
  });

  it('keeps its memory layout in step with the table in sha256-multi.wat', () => {
    // The text the build generated and compiled into the module the other tests run.
    const wat = readFileSync(new URL('sha256-multi.wat', SHA256_MULTI_WASM), 'utf8');
    const wordOf = (name: string): number | undefined => {
      const m = /^(k|iv|kpad|kv|zero|sink)(\d+)$/.exec(name);
      if (m) return (SLOT as Record<string, number>)[m[1]!]! + Number(m[2]);
      return (SLOT as Record<string, number>)[name];
    };
    // The table: "offset name description"; arrays such as k0..k63 by their first word.
    const rows = [...wat.matchAll(/^\s*;;\s+(\d+)\s+(\w+?)(0\.\.\w+)?\s{2,}/gm)];
    expect(rows.map(([, , name]) => name)).toEqual(Object.keys(SLOT));
    for (const [, offset, name, array] of rows) {
      const word = array ? `${name}0` : name!;
      expect({ word, offset: 4 * wordOf(word)! }).toEqual({ word, offset: Number(offset) });
    }
    // Every load in the kernel names its word.
    const loads = [...wat.matchAll(/offset=(\d+) \(i32\.const 0\)\) \(; (\w+) ;\)/g)];
    expect(loads.length).toBe(wat.match(/v128\.load32_splat/g)!.length);
    for (const [, offset, name] of loads)
      expect({ name, offset: 4 * wordOf(name!)! }).toEqual({ name, offset: Number(offset) });
  });
});

describe('Merkle roots on the kernel', () => {
  /** The root as the textbook recursion, with node:crypto: odd levels padded with their last node. */
  function referenceRoot(level: Uint8Array[]): Uint8Array {
    if (level.length === 1) return level[0]!;
    const padded = level.length % 2 ? [...level, level[level.length - 1]!] : level;
    const next: Uint8Array[] = [];
    for (let i = 0; i < padded.length; i += 2) {
      const pair = new Uint8Array(64);
      pair.set(padded[i]!);
      pair.set(padded[i + 1]!, 32);
      next.push(sha256d(pair));
    }
    return referenceRoot(next);
  }
  const concat = (hashes: readonly Uint8Array[]) => {
    const out = new Uint8Array(32 * hashes.length);
    for (let i = 0; i < hashes.length; i++) out.set(hashes[i]!, 32 * i);
    return out;
  };
  const leaf = fc.uint8Array({ minLength: 32, maxLength: 32 });

  it('gives the reference root for 1 to 70 leaves and for 2000, as the node:crypto hasher does', () => {
    const node = createNodeSha256dHasher();
    for (const n of [...Array.from({ length: 70 }, (_, i) => i + 1), 2000]) {
      const leaves = Array.from({ length: n }, (_, i) => sha256d(Uint8Array.of(n, i & 0xff, i >> 8)));
      const root = referenceRoot(leaves);
      expect(wasm.merkleRoot(concat(leaves))).toEqual({ root, mutated: false });
      expect(node.merkleRoot(concat(leaves))).toEqual({ root, mutated: false });
    }
    expect(wasm.merkleRoot(new Uint8Array(0))).toEqual({ root: new Uint8Array(32), mutated: false });
  });

  it('flags a level that pairs two equal hashes, before the odd duplication (property)', () => {
    fc.assert(
      fc.property(
        fc.array(leaf, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.boolean(),
        (leaves, at, duplicate) => {
          // A pair at the leaf level made equal (the higher levels then mostly pair distinct hashes).
          if (duplicate && leaves.length > 1) {
            const pair = at % (leaves.length >> 1);
            leaves[2 * pair + 1] = leaves[2 * pair]!;
          }
          const want = createNodeSha256dHasher().merkleRoot(concat(leaves));
          expect(toHex(want.root)).toBe(toHex(referenceRoot(leaves)));
          expect(wasm.merkleRoot(concat(leaves))).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('flags a mutated tree (CVE-2012-2459) and not its odd duplication', () => {
    const [a, b, c] = [1, 2, 3].map((i) => sha256d(Uint8Array.of(i)));
    expect(wasm.merkleRoot(concat([a!, b!, c!])).mutated).toBe(false);
    const mutated = wasm.merkleRoot(concat([a!, b!, c!, c!]));
    expect(mutated).toEqual({ root: referenceRoot([a!, b!, c!]), mutated: true });
  });
});

describe('batched txids and wtxids', () => {
  const raw = fromHex(BLOCK_542213.hex);
  const block = decodeBlock(raw);
  const txsOffset = HEADER_SIZE + compactSizeLength(block.txs.length);

  it('match txid() and wtxid() on a segwit mainnet block, from the transactions or its bytes', () => {
    const txids = block.txs.map((tx) => txid(tx));
    const wtxids = block.txs.map((tx) => wtxid(tx));
    expect(hexes(txidsOf(block.txs))).toEqual(hexes(txids));
    expect(hexes(wtxidsOf(block.txs))).toEqual(hexes(wtxids));
    expect(hexIds(txIdsFromConcatBytes(raw, txsOffset, block.txs))).toEqual(hexIds({ txids, wtxids }));
    expect(toHex(blockMerkleRoot(block.txs).root)).toBe(BLOCK_542213.merkleRoot);
    expect(blockMerkleRoot(block.txs)).toEqual(computeMerkleRoot(txids));
    expect(hexIds(blockTxIdsFromBytes(raw, block))).toEqual(hexIds({ txids, wtxids }));
    expect(witnessMerkleRoot(blockTxIdsFromBytes(raw, block).wtxids)).toEqual(
      blockWitnessMerkleRoot(block.txs),
    );
    expect(blockWitnessMerkleRoot(block.txs)).toEqual(
      computeMerkleRoot([new Uint8Array(32), ...wtxids.slice(1)]),
    );
  });

  it('match txid() and wtxid() one transaction at a time from its bytes (txIdsFromBytes)', () => {
    for (const tx of block.txs) {
      const ids = txIdsFromBytes(encodeTx(tx), tx);
      expect(hexIds({ txids: [ids.txid], wtxids: [ids.wtxid] })).toEqual(
        hexIds({ txids: [txid(tx)], wtxids: [wtxid(tx)] }),
      );
    }
  });

  it('match txid() and wtxid() on random blocks, from the transactions or the bytes (property)', () => {
    fc.assert(
      fc.property(blockArb, (b) => {
        const want = hexIds({ txids: b.txs.map((tx) => txid(tx)), wtxids: b.txs.map((tx) => wtxid(tx)) });
        const bytes = encodeBlock(b);
        expect(hexIds(blockTxIdsFromBytes(bytes, decodeBlock(bytes)))).toEqual(want);
        expect(hexIds({ txids: txidsOf(b.txs), wtxids: wtxidsOf(b.txs) })).toEqual(want);
        for (const tx of b.txs) {
          const ids = txIdsFromBytes(encodeTx(tx), tx);
          expect(hexIds({ txids: [ids.txid], wtxids: [ids.wtxid] })).toEqual(
            hexIds({ txids: [txid(tx)], wtxids: [wtxid(tx)] }),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('are computed from the transactions when the bytes are not their serializations', () => {
    const ids = hexIds({ txids: block.txs.map((tx) => txid(tx)), wtxids: block.txs.map((tx) => wtxid(tx)) });
    const longer = new Uint8Array(raw.length + 1);
    longer.set(raw);
    expect(hexIds(txIdsFromConcatBytes(longer, txsOffset, block.txs))).toEqual(ids);
    expect(hexIds(txIdsFromConcatBytes(raw, txsOffset + 1, block.txs))).toEqual(ids);
  });

  it('share one array for the txid and wtxid of a transaction without witness', () => {
    const legacy = block.txs.findIndex((tx: Transaction) => tx.inputs.every((i) => i.witness.length === 0));
    expect(legacy).toBeGreaterThanOrEqual(0);
    const ids = txIdsFromConcatBytes(raw, txsOffset, block.txs);
    expect(ids.wtxids[legacy]).toBe(ids.txids[legacy]);
  });
});

describe('the fallback', () => {
  it('is node:crypto, saying why, without WebAssembly SIMD or without the built kernel', () => {
    const noSimd = createSha256dHasher({ simd: false });
    expect(noSimd.name).toBe('node-crypto');
    expect(noSimd.fallback).toBe('WebAssembly SIMD is not available');
    const missing = createSha256dHasher({ path: new URL('./no-such-kernel.wasm', import.meta.url) });
    expect(missing.name).toBe('node-crypto');
    expect(missing.fallback).toContain('no-such-kernel.wasm');
  });

  it('is node:crypto, saying so, when the kernel fails its self-check: a corrupted kernel, a wrong one', async () => {
    // The built kernel with one rotation of one round off by a bit: valid, and wrong.
    const text = readFileSync(new URL('sha256-multi.wat', SHA256_MULTI_WASM), 'utf8');
    expect(text).toContain('(i32.const 25)');
    const wabt = await wabtInit();
    const parsed = wabt.parseWat('corrupted.wat', text.replace('(i32.const 25)', '(i32.const 24)'), {
      simd: true,
    });
    const corruptedFile = pathToFileURL(join(mkdtempSync(join(tmpdir(), 'sha256-multi-')), 'corrupted.wasm'));
    try {
      writeFileSync(corruptedFile, parsed.toBinary({}).buffer);
    } finally {
      parsed.destroy();
    }
    const corrupted = createSha256dHasher({ path: corruptedFile });
    expect(corrupted.name).toBe('node-crypto');
    expect(corrupted.fallback).toBe('the sha256-multi kernel failed its self-check against node:crypto');
    // The miner's kernel: valid WebAssembly without this kernel's functions.
    const wrong = createSha256dHasher({ path: SHA256D_4WAY_WASM });
    expect(wrong.name).toBe('node-crypto');
    expect(wrong.fallback).toMatch(/^the sha256-multi kernel failed its self-check against node:crypto: /);
    // The built kernel passes it.
    expect(createSha256dHasher().name).toBe('wasm-simd');
  });

  it('gives the same bytes (property)', () => {
    const node = createSha256dHasher({ simd: false });
    fc.assert(
      fc.property(fc.array(message, { minLength: 0, maxLength: 9 }), (messages) => {
        expect(node.many(messages)).toEqual(expected(messages));
      }),
      { numRuns: 100 },
    );
  });
});
