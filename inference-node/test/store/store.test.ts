// The inference store: ledger tip and tail, per-ledger-block state keyed by ledger hash,
// disconnects, reclamation of contents with pins, the data-directory lock and the schema check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceStore, StoreBatch, StoreError } from '../../src/store/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-inference-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const id = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (n * 7 + i) & 0xff);
const ref = (height: number, v = 0) => ({
  height,
  hashHex: Buffer.from(id(height * 100 + v)).toString('hex'),
});

describe('inference store', () => {
  it('records the ledger chain and its states, and a disconnect returns to the parent', async () => {
    const store = await InferenceStore.open(join(tmp, 'a'));
    expect(store.ledgerTip()).toBeNull();
    for (let h = 0; h < 5; h++) store.commit(new StoreBatch().connectLedger(ref(h), Uint8Array.of(h)));
    expect(store.ledgerTip()).toEqual(ref(4));
    expect(store.ledgerTail(3)).toEqual([ref(2), ref(3), ref(4)]);
    expect(store.stateAt(ref(3).hashHex)).toEqual(Uint8Array.of(3));
    store.commit(new StoreBatch().disconnectLedger(ref(4), ref(3)));
    store.commit(new StoreBatch().connectLedger(ref(4, 1), Uint8Array.of(41)));
    expect(store.ledgerTip()).toEqual(ref(4, 1));
    // The state of the block that left the chain stays (a reorg back to it reuses it).
    expect(store.stateAt(ref(4).hashHex)).toEqual(Uint8Array.of(4));
    expect(store.ledgerHashAt(4)).toBe(ref(4, 1).hashHex);
    await store.close();
    // Reopened: the same.
    const again = await InferenceStore.open(join(tmp, 'a'));
    expect(again.ledgerTail(10)).toEqual([ref(0), ref(1), ref(2), ref(3), ref(4, 1)]);
    await again.close();
  });

  it('reclaims contents below a height, keeps pinned ones and everything else', async () => {
    const store = await InferenceStore.open(join(tmp, 'b'));
    const b = new StoreBatch();
    for (let i = 0; i < 6; i++) {
      b.putContent(id(i), Uint8Array.of(i))
        .putReceipt(id(i), Uint8Array.of(100 + i))
        .scheduleReclaim(id(i), i);
    }
    b.pin(id(1));
    store.commit(b);
    expect(store.reclaimContents(3)).toBe(2); // 0 and 2; 1 is pinned
    expect([0, 1, 2, 3, 4, 5].map((i) => store.getContent(id(i)) !== undefined)).toEqual([
      false,
      true,
      false,
      true,
      true,
      true,
    ]);
    expect(store.getReceipt(id(0))).toEqual(Uint8Array.of(100));
    expect(store.reclaimContents(3)).toBe(0);
    store.commit(new StoreBatch().unpin(id(1)));
    expect(store.isPinned(id(1))).toBe(false);
    // 1 kept its schedule while pinned: unpinned, it goes with 3, 4 and 5.
    expect(store.reclaimContents(6)).toBe(4);
    expect(store.getContent(id(1))).toBeUndefined();
    expect([...store.scanAll('reclaim')]).toHaveLength(0);
    await store.close();
  });

  it('a second open of the same directory is refused as locked', async () => {
    const store = await InferenceStore.open(join(tmp, 'c'));
    await expect(InferenceStore.open(join(tmp, 'c'))).rejects.toMatchObject({
      name: 'StoreError',
      reason: 'locked',
    });
    await store.close();
    const reopened = await InferenceStore.open(join(tmp, 'c'));
    await reopened.close();
  });

  it('refuses a store written with another schema version', async () => {
    const store = await InferenceStore.open(join(tmp, 'd'));
    const b = new StoreBatch();
    b.ops.push({
      type: 'put',
      column: 'meta',
      key: new TextEncoder().encode('schema'),
      value: Uint8Array.of(0, 0, 0, 9),
    });
    store.commit(b);
    await store.close();
    const err = await InferenceStore.open(join(tmp, 'd')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('schema-mismatch');
  });
});
