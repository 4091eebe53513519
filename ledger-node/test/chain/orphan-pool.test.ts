import { describe, expect, it } from 'vitest';
import { decodeFunaiBlockOps, encodeFunaiBlockOps, extractFunaiOps } from '../../src/chain/funai-index.js';
import { OrphanPool } from '../../src/chain/orphan-pool.js';
import { funaiOpOutput } from '../../src/funai/envelope.js';
import type { Block } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import { txid } from '../../src/wire/tx.js';

function fakeBlock(prevByte: number): Block {
  return {
    header: {
      version: 4,
      prevBlock: new Uint8Array(32).fill(prevByte),
      merkleRoot: new Uint8Array(32),
      time: 0,
      bits: 0,
      nonce: 0,
    },
    txs: [],
  };
}

describe('OrphanPool', () => {
  it('returns the children of a parent once, in arrival order', () => {
    const pool = new OrphanPool({ maxBlocks: 10, maxBytes: 1000 });
    const parent = toHex(new Uint8Array(32).fill(1));
    pool.add('a', fakeBlock(1), new Uint8Array(10));
    pool.add('b', fakeBlock(2), new Uint8Array(10));
    pool.add('c', fakeBlock(1), new Uint8Array(10));
    expect(pool.size).toBe(3);
    expect(pool.takeChildren(parent).map((o) => o.key)).toEqual(['a', 'c']);
    expect(pool.takeChildren(parent)).toEqual([]);
    expect(pool.size).toBe(1);
    expect(pool.totalBytes).toBe(10);
  });

  it('evicts the oldest orphans beyond its count and byte limits', () => {
    const pool = new OrphanPool({ maxBlocks: 3, maxBytes: 100 });
    for (const k of ['a', 'b', 'c', 'd']) pool.add(k, fakeBlock(k.charCodeAt(0)), new Uint8Array(20));
    expect(pool.size).toBe(3);
    expect(pool.has('a')).toBe(false);
    pool.add('e', fakeBlock(9), new Uint8Array(90));
    expect(pool.size).toBe(1);
    expect(pool.has('e')).toBe(true);
    expect(pool.totalBytes).toBe(90);
    expect(pool.add('huge', fakeBlock(9), new Uint8Array(101))).toBe(false);
  });

  it('names the missing root of a chain of orphans', () => {
    const pool = new OrphanPool();
    const b1 = fakeBlock(7); // parent 0707..
    const k1 = toHex(new Uint8Array(32).fill(8));
    pool.add(k1, b1, new Uint8Array(1));
    pool.add('child', fakeBlock(8), new Uint8Array(1)); // parent is k1, itself an orphan
    expect(pool.missingRoot('child')).toBe(toHex(new Uint8Array(32).fill(7)));
    expect(pool.missingRoot('nope')).toBeUndefined();
  });
});

describe('FUN AI op index records', () => {
  it('round-trip, and only transactions with one well-formed op are indexed', () => {
    const op = { op: 0x02, version: 1, body: Uint8Array.of(9, 9) };
    const input = {
      prevout: { txid: new Uint8Array(32).fill(3), vout: 0 },
      scriptSig: new Uint8Array(0),
      sequence: 0,
      witness: [],
    };
    const cb = {
      version: 1,
      inputs: [{ ...input, prevout: { txid: new Uint8Array(32), vout: 0xffffffff } }],
      outputs: [funaiOpOutput(op)],
      locktime: 0,
    };
    const withOp = {
      version: 2,
      inputs: [input],
      outputs: [{ value: 7n, scriptPubKey: Uint8Array.of(0x51) }, funaiOpOutput(op)],
      locktime: 0,
    };
    const twoOps = { ...withOp, outputs: [funaiOpOutput(op), funaiOpOutput(op)] };
    const block: Block = { header: fakeBlock(0).header, txs: [cb, twoOps, withOp] };
    const ops = extractFunaiOps(block);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ txIndex: 2, vout: 1, op });
    expect(toHex(ops[0]!.txid)).toBe(toHex(txid(withOp)));
    const hash = new Uint8Array(32).fill(0xab);
    const back = decodeFunaiBlockOps(42, encodeFunaiBlockOps(hash, ops));
    expect(back.height).toBe(42);
    expect(toHex(back.blockHash)).toBe(toHex(hash));
    const norm = (o: (typeof ops)[number]) => ({ ...o, txid: toHex(o.txid), body: toHex(o.op.body) });
    expect(back.ops.map(norm)).toEqual(ops.map(norm));
    expect(() => decodeFunaiBlockOps(1, encodeFunaiBlockOps(hash, ops).subarray(0, 40))).toThrow();
  });
});
