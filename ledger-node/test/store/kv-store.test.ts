import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { KVStore } from '../../src/store/kv-store.js';
import { prefixEnd, WriteBatch } from '../../src/store/kv-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RocksStore } from '../../src/store/rocks-store.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'funai-store-'));
  dirs.push(d);
  return d;
}

const b = (hex: string) => fromHex(hex);
const keys = (it: Iterable<[Uint8Array, Uint8Array]>) => [...it].map(([k]) => toHex(k));

const backends: [string, () => Promise<KVStore>][] = [
  ['MemoryStore', async () => new MemoryStore()],
  ['RocksStore', () => RocksStore.open(join(tmp(), 'db'))],
];

describe.each(backends)('%s', (_name, open) => {
  it('reads what a batch wrote, per column', async () => {
    const s = await open();
    s.write(new WriteBatch().put('utxo', b('01'), b('aa')).put('blocks', b('01'), b('bb')));
    expect(toHex(s.get('utxo', b('01'))!)).toBe('aa');
    expect(toHex(s.get('blocks', b('01'))!)).toBe('bb');
    expect(s.get('undo', b('01'))).toBeUndefined();
    expect(s.getMany('utxo', [b('02'), b('01')]).map((v) => (v ? toHex(v) : null))).toEqual([null, 'aa']);
    await s.close();
  });

  it('applies a batch in order: a put then a delete of one key leaves nothing', async () => {
    const s = await open();
    s.write(
      new WriteBatch().put('utxo', b('05'), b('01')).del('utxo', b('05')).put('utxo', b('06'), b('02')),
    );
    expect(s.get('utxo', b('05'))).toBeUndefined();
    expect(toHex(s.get('utxo', b('06'))!)).toBe('02');
    await s.close();
  });

  it('scans in bytewise order with bounds, reverse and limit', async () => {
    const s = await open();
    const batch = new WriteBatch();
    for (const k of ['ff', '00', '0100', '01', '7f', '80', '01ff']) batch.put('index', b(k), b('00'));
    s.write(batch);
    expect(keys(s.scan('index'))).toEqual(['00', '01', '0100', '01ff', '7f', '80', 'ff']);
    expect(keys(s.scan('index', { gte: b('01'), lt: prefixEnd(b('01'))! }))).toEqual(['01', '0100', '01ff']);
    expect(keys(s.scan('index', { reverse: true, limit: 2 }))).toEqual(['ff', '80']);
    expect(keys(s.scan('utxo'))).toEqual([]);
    await s.close();
  });

  it('scans agree with a sorted model for random contents', async () => {
    const s = await open();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 4 }), { selector: toHex, maxLength: 40 }),
        async (ks) => {
          const batch = new WriteBatch();
          for (const [k] of s.scan('funai')) batch.del('funai', k);
          for (const k of ks) batch.put('funai', k, k);
          s.write(batch);
          const want = ks.map(toHex).sort();
          expect(keys(s.scan('funai'))).toEqual(want);
        },
      ),
      { numRuns: 20 },
    );
    await s.close();
  });

  it('scans more entries than one native chunk', async () => {
    const s = await open();
    const batch = new WriteBatch();
    for (let i = 0; i < 2500; i++) {
      const k = new Uint8Array(4);
      new DataView(k.buffer).setUint32(0, i);
      batch.put('utxo', k, k);
    }
    s.write(batch);
    let n = 0;
    let last = -1;
    for (const [k] of s.scan('utxo')) {
      const v = new DataView(k.buffer, k.byteOffset).getUint32(0);
      expect(v).toBe(last + 1);
      last = v;
      n++;
    }
    expect(n).toBe(2500);
    expect(s.approximateSize()).toBeGreaterThan(0);
    await s.close();
  });
});

describe('RocksStore on disk', () => {
  it('persists across reopen and refuses a second open of the same directory', async () => {
    const dir = join(tmp(), 'db');
    const s = await RocksStore.open(dir);
    s.write(new WriteBatch().put('meta', b('74'), b('99')), { sync: true });
    await expect(RocksStore.open(dir)).rejects.toThrow();
    await s.close();
    const again = await RocksStore.open(dir);
    expect(toHex(again.get('meta', b('74'))!)).toBe('99');
    await again.close();
  });
});

describe('prefixEnd', () => {
  it('is the smallest key above every key with the prefix', () => {
    expect(toHex(prefixEnd(b('01'))!)).toBe('02');
    expect(toHex(prefixEnd(b('01ff'))!)).toBe('02');
    expect(prefixEnd(b('ffff'))).toBeUndefined();
  });
});
