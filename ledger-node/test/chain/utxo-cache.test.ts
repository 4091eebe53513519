import { describe, expect, it } from 'vitest';
import { ChainState } from '../../src/chain/chain-state.js';
import { outPointFromKey } from '../../src/chain/coin.js';
import { UtxoCache } from '../../src/chain/utxo-cache.js';
import { outpointKey } from '../../src/consensus/coins.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { WriteBatch } from '../../src/store/kv-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { toHex } from '../../src/wire/bytes.js';
import { ChainBuilder, testClock } from '../support/chain-builder.js';

const key = (n: number) => new Uint8Array(36).fill(n);
const val = (n: number) => Uint8Array.of(n, n, n);

function flush(cache: UtxoCache, store: MemoryStore): WriteBatch {
  const batch = new WriteBatch();
  cache.flushTo(batch);
  store.write(batch);
  cache.flushed();
  return batch;
}

describe('UtxoCache', () => {
  it('keeps writes in memory until flushed, and reads through to the store', () => {
    const store = new MemoryStore();
    store.write(new WriteBatch().put('utxo', key(1), val(1)));
    const cache = new UtxoCache(store, 1 << 20);
    expect(cache.get(key(1))).toEqual(val(1));
    expect(cache.get(key(1))).toEqual(val(1));
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    cache.del(key(1));
    cache.getMany([key(2)]);
    cache.put(key(2), val(2));
    expect(cache.get(key(1))).toBeUndefined();
    expect(store.get('utxo', key(1))).toEqual(val(1));
    expect(store.get('utxo', key(2))).toBeUndefined();
    const batch = flush(cache, store);
    expect(batch.ops.map((o) => [o.type, toHex(o.key)])).toEqual([
      ['del', toHex(key(1))],
      ['put', toHex(key(2))],
    ]);
    expect(store.get('utxo', key(1))).toBeUndefined();
    expect(store.get('utxo', key(2))).toEqual(val(2));
    expect(cache.usage).toBe(0);
    expect(cache.stats().flushes).toBe(1);
  });

  it('a coin created and spent between flushes never reaches the store (FRESH)', () => {
    const store = new MemoryStore();
    const cache = new UtxoCache(store, 1 << 20);
    expect(cache.getMany([key(3)])).toEqual([undefined]); // looked up: known absent
    cache.put(key(3), val(3));
    cache.del(key(3));
    expect(flush(cache, store).length).toBe(0);
  });

  it('a new output (created) is fresh without a lookup, unless a deletion of its key is unwritten', () => {
    const store = new MemoryStore();
    store.write(new WriteBatch().put('utxo', key(6), val(6)));
    const cache = new UtxoCache(store, 1 << 20);
    const k5 = outpointKey(outPointFromKey(key(5)));
    const k6 = outpointKey(outPointFromKey(key(6)));
    cache.putByKey(k5, val(5), true);
    cache.delByKey(k5);
    cache.delByKey(k6);
    cache.putByKey(k6, val(7), true);
    cache.delByKey(k6);
    const batch = flush(cache, store);
    expect(batch.ops.map((o) => [o.type, toHex(o.key)])).toEqual([['del', toHex(key(6))]]);
    expect(store.get('utxo', key(6))).toBeUndefined();
  });

  it('a coin deleted and put back is written (the store may hold the old one)', () => {
    const store = new MemoryStore();
    store.write(new WriteBatch().put('utxo', key(4), val(4)));
    const cache = new UtxoCache(store, 1 << 20);
    cache.get(key(4));
    cache.del(key(4));
    cache.put(key(4), val(5));
    cache.del(key(4));
    const batch = flush(cache, store);
    expect(batch.ops.map((o) => o.type)).toEqual(['del']);
    expect(store.get('utxo', key(4))).toBeUndefined();
  });

  it('tracks its usage against the budget, and the peak', () => {
    const cache = new UtxoCache(new MemoryStore(), 1000);
    for (let i = 0; i < 5; i++) cache.put(key(i), val(i));
    expect(cache.dirtyOverBudget).toBe(false);
    for (let i = 5; i < 10; i++) cache.put(key(i), val(i));
    expect(cache.dirtyOverBudget).toBe(true);
    const peak = cache.stats().peakUsage;
    expect(peak).toBe(cache.usage);
    cache.flushed();
    expect(cache.stats()).toMatchObject({ usage: 0, peakUsage: peak });
  });
});

describe('the chain state with a write-back UTXO cache', () => {
  const builder = new ChainBuilder();
  for (let i = 0; i < 101; i++) builder.next({ coinbaseOutputs: 4 });
  for (let i = 0; i < 6; i++) builder.next({ spends: 3 });

  const open = (store: MemoryStore, dbCacheBytes?: number) =>
    ChainState.openStore(store, REGTEST_PARAMS, {
      scriptThreads: 0,
      now: testClock(),
      ...(dbCacheBytes !== undefined ? { dbCacheBytes } : {}),
    });

  it('reaches the same UTXO set with a tiny budget (a flush per block) as with the default', async () => {
    const small = await open(new MemoryStore(), 1);
    const big = await open(new MemoryStore());
    for (const b of builder.blocks) {
      await small.processBlock(b);
      await big.processBlock(b);
    }
    expect(small.cacheStats().flushes).toBeGreaterThanOrEqual(builder.blocks.length);
    expect(big.cacheStats().flushes).toBe(0);
    expect(small.utxoSetInfo()).toEqual(big.utxoSetInfo());
    await small.close();
    await big.close();
  });

  it('a store abandoned before any flush (a crash) reopens at the flushed tip and reconnects the rest', async () => {
    const store = new MemoryStore();
    const cs = await open(store);
    for (const b of builder.blocks.slice(0, 50)) await cs.processBlock(b);
    await cs.flush();
    for (const b of builder.blocks.slice(50)) await cs.processBlock(b);
    const want = cs.utxoSetInfo();
    const again = await open(store);
    expect(again.getTip().height).toBe(builder.blocks.length);
    expect(again.utxoSetInfo()).toEqual(want);
    expect(again.getFunaiOps(builder.blocks.length)).toBeDefined();
    await again.close();
  });

  it('a coin is visible through getCoin before it is flushed', async () => {
    const store = new MemoryStore();
    const cs = await open(store);
    for (const b of builder.blocks) await cs.processBlock(b);
    const last = builder.blocks.at(-1)!;
    const { txid } = await import('../../src/wire/tx.js');
    const id = txid(last.txs[0]!);
    expect(cs.getCoin({ txid: id, vout: 0 })).toBeDefined();
    expect(store.count('utxo')).toBe(0);
    await cs.flush();
    expect(store.count('utxo')).toBeGreaterThan(0);
    await cs.close();
  });
});
