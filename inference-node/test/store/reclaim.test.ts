// Content reclamation (docs/protocol.md §15.7, §16.2: deleted once the ledger tip is 1,024 blocks past
// the anchoring ledger height, pins kept until unpinned) and the persisted certified/penalised counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Block } from '../../src/block/body.js';
import { CONTENT_RETENTION_DEPTH, QC_WINDOW } from '../../src/block/limits.js';
import { bitmapFromVerdicts } from '../../src/quorum/bitmap.js';
import type { QuorumCertificate } from '../../src/quorum/certificate.js';
import { CertifiedTally, ContentReclaimer, InferenceStore, StoreBatch } from '../../src/store/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-reclaim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const log = pino({ level: 'silent' });
const id = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (n * 13 + i) & 0xff);

describe('content reclamation', () => {
  it('deletes a block’s contents exactly when the tip is CONTENT_RETENTION_DEPTH past its anchor', async () => {
    expect(CONTENT_RETENTION_DEPTH).toBe(1024);
    const store = await InferenceStore.open(join(tmp, 'a'));
    const r = new ContentReclaimer(store, log);
    const b = new StoreBatch();
    for (let i = 0; i < 4; i++) b.putContent(id(i), Uint8Array.of(i)).putReceipt(id(i), Uint8Array.of(i));
    store.commit(b);
    r.scheduleBlock(100, [id(0), id(1)]);
    r.scheduleBlock(101, [id(2)]);
    r.pin(id(1));
    const has = () => [0, 1, 2, 3].map((i) => store.getContent(id(i)) !== undefined);
    expect(r.onLedgerTip(100 + CONTENT_RETENTION_DEPTH - 1)).toBe(0);
    expect(has()).toEqual([true, true, true, true]);
    expect(r.onLedgerTip(100 + CONTENT_RETENTION_DEPTH)).toBe(1);
    expect(has()).toEqual([false, true, true, true]);
    expect(r.onLedgerTip(101 + CONTENT_RETENTION_DEPTH)).toBe(1);
    // The pinned record stays; the unscheduled one (never in a block) too; receipts always stay.
    expect(has()).toEqual([false, true, false, true]);
    expect(store.getReceipt(id(0))).toEqual(Uint8Array.of(0));
    r.unpin(id(1));
    expect(r.onLedgerTip(102 + CONTENT_RETENTION_DEPTH)).toBe(1);
    expect(has()).toEqual([false, false, false, true]);
    expect([...store.scanAll('reclaim')]).toHaveLength(0);
    await store.close();
  });

  it('a schedule survives a restart (kill -9 safe: one batch per block)', async () => {
    const dir = join(tmp, 'b');
    let store = await InferenceStore.open(dir);
    store.commit(new StoreBatch().putContent(id(9), Uint8Array.of(9)));
    new ContentReclaimer(store, log).scheduleBlock(5, [id(9)]);
    await store.close();
    store = await InferenceStore.open(dir);
    expect(new ContentReclaimer(store, log).onLedgerTip(5 + CONTENT_RETENTION_DEPTH)).toBe(1);
    expect(store.getContent(id(9))).toBeUndefined();
    await store.close();
  });
});

describe('pins', () => {
  it('a block’s pins go once its certificate window has closed on the branch', async () => {
    const store = await InferenceStore.open(join(tmp, 'p'));
    const r = new ContentReclaimer(store, log);
    const blocks = new Map<string, Block>();
    const hashOf = (h: number) => Buffer.from(id(1000 + h)).toString('hex');
    const make = (h: number): Block =>
      ({
        header: { height: h, parentHash: h === 0 ? new Uint8Array(32) : id(1000 + h - 1) },
        body: { receipts: [{ txId: id(h) }], stacksTxs: [] },
      }) as unknown as Block;
    for (let h = 0; h <= QC_WINDOW + 2; h++) {
      blocks.set(hashOf(h), make(h));
      r.pin(id(h));
    }
    const by = (x: string) => blocks.get(x);
    // Accepting height 17 closes the window of height 0 only.
    r.onBlockAccepted(make(QC_WINDOW + 1), by);
    expect(store.isPinned(id(0))).toBe(false);
    expect(store.isPinned(id(1))).toBe(true);
    r.onBlockAccepted(make(QC_WINDOW), by);
    expect(store.isPinned(id(1))).toBe(true);
    r.onBlockAccepted(make(QC_WINDOW + 2), by);
    expect(store.isPinned(id(1))).toBe(false);
    expect(store.isPinned(id(2))).toBe(true);
    await store.close();
  });
});

describe('certified counts', () => {
  const qc = (block: number, verdicts: ('valid' | 'invalid')[]): QuorumCertificate => {
    return {
      blockHash: new Uint8Array(32).fill(block),
      height: block,
      recordCount: verdicts.length,
      groups: [{ signers: 0b00111, verdicts: bitmapFromVerdicts(verdicts.map((v) => v === 'valid')) }],
      signature: new Uint8Array(96).fill(7),
    };
  };
  const tx = (n: number) => new Uint8Array(32).fill(n);

  it('counts records once: a grown certificate, the same one again, another block with the record; all survive a restart', async () => {
    const dir = join(tmp, 'c');
    let store = await InferenceStore.open(dir);
    let t = new CertifiedTally(store);
    expect(t.totals).toEqual({ certified: 0, penalised: 0 });
    const a = qc(0xaa, ['valid', 'valid', 'valid', 'invalid']);
    expect(t.record('aa'.repeat(32), a, [tx(1), tx(2), tx(3), tx(4)])).toEqual({
      certified: 3,
      penalised: 1,
    });
    t.record('bb'.repeat(32), qc(0xbb, ['valid', 'valid']), [tx(5), tx(6)]);
    expect(t.totals).toEqual({ certified: 5, penalised: 1 });
    // The same certificate registered again (a restart re-emitting it): nothing added.
    t.record('aa'.repeat(32), a, [tx(1), tx(2), tx(3), tx(4)]);
    expect(t.totals).toEqual({ certified: 5, penalised: 1 });
    // A competing block carrying the same invalid record: still one penalised record.
    t.record('cc'.repeat(32), qc(0xcc, ['invalid']), [tx(4)]);
    expect(t.totals).toEqual({ certified: 5, penalised: 1 });
    // The same block's certificate grew and judges the last record valid: replaced, not added.
    t.record('aa'.repeat(32), qc(0xaa, ['valid', 'valid', 'valid', 'valid']), [tx(1), tx(2), tx(3), tx(4)]);
    expect(t.totals).toEqual({ certified: 6, penalised: 0 });
    await store.close();
    store = await InferenceStore.open(dir);
    t = new CertifiedTally(store);
    expect(t.totals).toEqual({ certified: 6, penalised: 0 });
    expect(t.of(tx(4))).toEqual({ certified: 1, penalised: 0 });
    expect(t.of(tx(9))).toEqual({ certified: 0, penalised: 0 });
    // The certificates themselves survive the restart (a header may carry one later, §16.9).
    expect(t.certificate('bb'.repeat(32))).toEqual(qc(0xbb, ['valid', 'valid']));
    expect(t.certificate('dd'.repeat(32))).toBeNull();
    await store.close();
  });
});
