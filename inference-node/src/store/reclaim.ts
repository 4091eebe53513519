import { toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import type { Block } from '../block/body.js';
import { CONTENT_RETENTION_DEPTH, QC_WINDOW } from '../block/limits.js';
import type { InferenceStore } from './store.js';
import { StoreBatch } from './store.js';

/**
 * Disk-space reclamation of records' contents (docs/protocol.md §15.7, §16.2): the contents of a record
 * in an inference block anchored at ledger height A (the block's `ledgerHeight`, whose commit carries
 * its hash) are deleted once the ledger tip is at least A + CONTENT_RETENTION_DEPTH (1,024 ledger
 * blocks); receipts, blocks and certificates stay. Pinned contents — records this node's own API
 * clients still need — are kept until unpinned, then go at the next reclamation past their height.
 */
export class ContentReclaimer {
  constructor(
    private readonly store: InferenceStore,
    private readonly log: Logger,
  ) {}

  /** First ledger height whose contents are still kept with ledger tip `tip`. */
  static keptFrom(tip: number): number {
    return tip - CONTENT_RETENTION_DEPTH + 1;
  }

  /** The records of an inference block anchored at ledger height `anchor`: scheduled for reclamation. */
  scheduleBlock(anchor: number, txIds: readonly Uint8Array[]): void {
    if (txIds.length === 0) return;
    const b = new StoreBatch();
    for (const id of txIds) b.scheduleReclaim(id, anchor);
    this.store.commit(b);
  }

  /** The ledger tip is now `tip`: deletes the contents anchored deep enough; returns how many. */
  onLedgerTip(tip: number): number {
    const below = ContentReclaimer.keptFrom(tip);
    if (below <= 0) return 0;
    const n = this.store.reclaimContents(below);
    if (n > 0) this.log.info({ records: n, anchoredBelow: below, ledgerHeight: tip }, 'contents reclaimed');
    return n;
  }

  /** Keeps a record's contents past its reclamation height (a local API client still needs them). */
  pin(txId: Uint8Array): void {
    this.store.commit(new StoreBatch().pin(txId));
  }

  unpin(txId: Uint8Array): void {
    if (this.store.isPinned(txId)) this.store.commit(new StoreBatch().unpin(txId));
  }

  /**
   * A block was accepted: on its branch the block QC_WINDOW + 1 below it can no longer be certified (its
   * window has closed, §15.9), so the pins of its records are released whether it was certified or expired.
   */
  onBlockAccepted(block: Block, blockByHash: (hashHex: string) => Block | undefined): void {
    let b: Block | undefined = block;
    for (let i = 0; i <= QC_WINDOW && b; i++)
      b = b.header.height === 0 ? undefined : blockByHash(toHex(b.header.parentHash));
    for (const r of b?.body.receipts ?? []) this.unpin(r.txId);
  }
}
