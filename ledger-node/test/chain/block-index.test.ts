import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ActiveChain,
  BlockIndexEntry,
  BlockStatus,
  decodeIndexRecord,
  encodeIndexRecord,
  lastCommonAncestor,
} from '../../src/chain/block-index.js';
import { buildLocator, findLocatorFork } from '../../src/chain/locator.js';
import { blockProof } from '../../src/consensus/pow.js';
import { toHex } from '../../src/wire/bytes.js';
import type { BlockHeader } from '../../src/wire/header.js';

function header(prev: Uint8Array, time: number, bits = 0x207fffff): BlockHeader {
  return { version: 4, prevBlock: prev, merkleRoot: new Uint8Array(32), time, bits, nonce: 0 };
}

let counter = 0;
/** Synthetic entries: the hash is a counter (the index does not recompute hashes). */
function child(parent: BlockIndexEntry | null, time = 1000 + counter): BlockIndexEntry {
  const hash = new Uint8Array(32);
  new DataView(hash.buffer).setUint32(0, ++counter);
  return new BlockIndexEntry(
    hash,
    header(parent?.hash ?? new Uint8Array(32), time),
    parent,
    BlockStatus.VALID_TREE,
  );
}

function line(n: number, from: BlockIndexEntry | null = null): BlockIndexEntry[] {
  const out: BlockIndexEntry[] = [];
  let p = from;
  for (let i = 0; i < n; i++) out.push((p = child(p)));
  return out;
}

describe('BlockIndexEntry', () => {
  it('accumulates height and chain work from its ancestors', () => {
    const [g, a, b] = line(3);
    expect(b!.height).toBe(2);
    expect(b!.chainWork).toBe(3n * blockProof(0x207fffff));
    expect(a!.parent).toBe(g);
  });

  it('finds ancestors through skip pointers exactly as by walking parents', () => {
    const chain = line(1200);
    const tip = chain[chain.length - 1]!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1199 }), fc.integer({ min: 0, max: 1199 }), (from, to) => {
        const start = chain[from]!;
        const want = to <= from ? chain[to] : null;
        expect(start.getAncestor(to)).toBe(want);
      }),
    );
    expect(tip.getAncestor(-1)).toBeNull();
    expect(tip.getAncestor(1200)).toBeNull();
  });

  it('takes the median of the last 11 timestamps', () => {
    const times = [10, 50, 20, 40, 30, 90, 80, 70, 60, 100, 5, 200];
    let e: BlockIndexEntry | null = null;
    for (const t of times) e = child(e, t);
    // last 11: 50,20,40,30,90,80,70,60,100,5,200 -> sorted middle = 60
    expect(e!.medianTimePast()).toBe(60);
    const short = child(child(null, 7), 3);
    // two timestamps: the upper one of the sorted pair, as Core's
    expect(short.medianTimePast()).toBe(7);
  });

  it('tracks validity levels and failure flags', () => {
    const e = child(null);
    expect(e.isValid(BlockStatus.VALID_TREE)).toBe(true);
    expect(e.isValid(BlockStatus.VALID_TRANSACTIONS)).toBe(false);
    expect(e.raiseValidity(BlockStatus.VALID_SCRIPTS)).toBe(true);
    expect(e.isValid(BlockStatus.VALID_TRANSACTIONS)).toBe(true);
    expect(e.raiseValidity(BlockStatus.VALID_TRANSACTIONS)).toBe(false);
    e.status |= BlockStatus.FAILED_CHILD;
    expect(e.failed).toBe(true);
    expect(e.isValid(BlockStatus.VALID_TREE)).toBe(false);
  });

  it('round-trips its record', () => {
    const e = child(child(null));
    e.status = BlockStatus.VALID_SCRIPTS | BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO;
    e.nTx = 17;
    const rec = decodeIndexRecord(encodeIndexRecord(e));
    expect(rec.height).toBe(1);
    expect(rec.status).toBe(e.status);
    expect(rec.nTx).toBe(17);
    expect(toHex(rec.header.prevBlock)).toBe(toHex(e.header.prevBlock));
    expect(() => decodeIndexRecord(new Uint8Array(91))).toThrow();
  });
});

describe('forks', () => {
  const main = line(30);
  const side = line(12, main[14]!);

  it('lastCommonAncestor finds the fork point', () => {
    expect(lastCommonAncestor(main[29]!, side[11]!)).toBe(main[14]);
    expect(lastCommonAncestor(side[3]!, main[10]!)).toBe(main[10]);
    expect(lastCommonAncestor(main[5]!, main[5]!)).toBe(main[5]);
  });

  it('ActiveChain switches tips and answers membership', () => {
    const c = new ActiveChain();
    c.setTip(main[29]!);
    expect(c.height).toBe(29);
    expect(c.contains(main[20]!)).toBe(true);
    expect(c.contains(side[0]!)).toBe(false);
    expect(c.findFork(side[11]!)).toBe(main[14]);
    expect(c.next(main[3]!)).toBe(main[4]);
    c.setTip(side[11]!);
    expect(c.height).toBe(26);
    expect(c.at(15)).toBe(side[0]);
    expect(c.at(14)).toBe(main[14]);
    expect(c.contains(main[20]!)).toBe(false);
    expect(c.at(27)).toBeUndefined();
  });

  it('locators are dense then exponential and end at genesis; findLocatorFork uses them', () => {
    const loc = buildLocator(main[29]!);
    const heights = loc.map((h) => main.findIndex((e) => toHex(e.hash) === toHex(h)));
    expect(heights.slice(0, 11)).toEqual([29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19]);
    expect(heights.slice(11)).toEqual([18, 16, 12, 4, 0]);

    const c = new ActiveChain();
    c.setTip(main[29]!);
    const all = new Map([...main, ...side].map((e) => [toHex(e.hash), e]));
    const lookup = (h: Uint8Array) => all.get(toHex(h));
    // A peer on the side branch: its locator's first entry on our chain is below the fork
    // (heights 26..16 dense, then 15 = side[0], 13, 9, 1, 0).
    expect(findLocatorFork(c, lookup, buildLocator(side[11]!)).height).toBe(13);
    // A peer that knows nothing we know shares genesis only.
    expect(findLocatorFork(c, lookup, [new Uint8Array(32).fill(0xee)])).toBe(main[0]);
    // A peer ahead of us on our chain: our tip.
    const ahead = line(3, main[29]!);
    for (const e of ahead) all.set(toHex(e.hash), e);
    expect(findLocatorFork(c, lookup, buildLocator(ahead[2]!))).toBe(main[29]);
  });
});
