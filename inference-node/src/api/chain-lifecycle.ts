import { decodeBlock as decodeLedgerBlock, fromHex, hashToHex, toHex } from '@funai/ledger-node';
import type { Block } from '../block/body.js';
import type { BlockHeader } from '../block/header.js';
import type { ForkSnapshot, LedgerBlockEvent } from '../chain/snapshot.js';
import type { LedgerBlock } from '../ledger/block.js';
import { certificateVerdicts, type QuorumCertificate } from '../quorum/certificate.js';
import { isCertificateExpired } from '../quorum/window.js';
import { decodeStoredJson } from '../store/stored-json.js';
import { encodeSignedReceipt } from '../tx/receipt.js';
import type { AnchorProof, LifecycleProvider, TxLifecycle } from './lifecycle.js';
import { anchorProof, blockInclusionProof, certificateProof } from './proofs.js';

/**
 * Ledger confirmations after which a certified record's commit counts as `anchored`: the depth at which
 * the Clarity layer executes its block (coordination rule: 7 confirmations, ledger tip ≥ ℓ + 6), so no
 * ledger reorganisation the node follows without a Clarity rebuild can take the anchor away.
 */
export const ANCHOR_CONFIRMATIONS = 7;

/** What the lifecycle reads of the daemon's store (docs §16.2). */
export interface LifecycleStore {
  getReceipt(txId: Uint8Array): Uint8Array | undefined;
  /** The record's contents: the signed transaction (deleted by reclamation). */
  getContent(txId: Uint8Array): Uint8Array | undefined;
  /** The best ledger chain's block hash at a height (RPC display order), as processed. */
  ledgerHashAt(height: number): string | undefined;
  /** The consensus record stored after a ledger block (its event and fork snapshot). */
  stateAt(hashHex: string): Uint8Array | undefined;
}

export interface ChainLifecycleOptions {
  store: LifecycleStore;
  /** An accepted inference block by hash (hex). */
  block: (hashHex: string) => Block | undefined;
  /** The verifier set's BLS keys for a block (its reward cycle's set), or null when unknown. */
  verifierKeys: (header: BlockHeader) => readonly Uint8Array[] | null;
  /** A certificate this node's vote collector holds for a block, beside those carried in headers. */
  certificate?: (blockHashHex: string) => QuorumCertificate | null;
  /** Height of the canonical inference tip (−1 before the first block): certificate expiry. */
  tipHeight: () => number;
  /** Height of the last ledger block processed (−1 before any). */
  ledgerTipHeight: () => number;
  /**
   * The raw ledger block (hex) with that hash (display order), from the ledger node: the anchor of a block
   * whose election this process did not see (it was processed before a restart).
   */
  ledgerBlock?: (hashHex: string) => Promise<string>;
  /** Anchors kept in memory from the ledger blocks seen. Default 4,096. */
  maxAnchors?: number;
}

/** Where a record sits: the block (hash hex) and its index there. */
interface Placement {
  hash: string;
  index: number;
}

/**
 * The daemon's lifecycle provider (docs/protocol.md §17.5) over its chain state: the store's receipts and
 * contents (`executed`, `reclaimed`), the accepted inference blocks (`included`: the block's ledger
 * block is on the best ledger chain), quorum certificates carried in headers or held by the vote
 * collector (`certified`, or `rejected` when the record was judged invalid, undecided, or the window
 * expired without a certificate), and the COMMIT of the block in its ledger block (`anchored`: a
 * certified record whose commit has ANCHOR_CONFIRMATIONS ledger confirmations, with the commit
 * transaction and its Merkle branch — captured from the ledger watcher's blocks, or read back from the
 * ledger node after a restart).
 *
 * The daemon feeds it `noteBlock` for every accepted block (restored ones included) and
 * `noteLedgerBlock` for every connected ledger block.
 */
export class ChainLifecycle implements LifecycleProvider {
  private readonly o: ChainLifecycleOptions;
  /** tx id hex → the accepted blocks carrying it (several on competing branches). */
  private readonly placements = new Map<string, Placement[]>();
  /** certified block hash hex → certificate carried by an accepted header. */
  private readonly carried = new Map<string, QuorumCertificate>();
  /** `<block hash>:<ledger hash>` → anchor proof. */
  private readonly anchors = new Map<string, AnchorProof>();

  constructor(options: ChainLifecycleOptions) {
    this.o = options;
  }

  noteBlock(hashHex: string, block: Block): void {
    block.body.receipts.forEach((r, index) => {
      const id = toHex(r.txId);
      const list = this.placements.get(id) ?? [];
      if (!list.some((p) => p.hash === hashHex)) list.push({ hash: hashHex, index });
      this.placements.set(id, list);
    });
    const qc = block.header.qc;
    if (qc) this.carried.set(toHex(qc.blockHash), qc);
  }

  /** A connected ledger block: the anchor of the block its election's winner committed. */
  noteLedgerBlock(block: LedgerBlock, snapshot: ForkSnapshot | null): void {
    if (!snapshot || snapshot.winner < 0) return;
    const commit = snapshot.commits[snapshot.winner]!;
    const op = block.ops.find((o) => o.txIndex === commit.txIndex);
    if (!op) return;
    this.keepAnchor(toHex(commit.op.blockHash), block.hashHex, {
      ledgerHeight: block.height,
      ledgerBlockHash: block.hashHex,
      ledgerTxid: hashToHex(op.txid),
      ledgerHeader: toHex(block.headerBytes),
      commitTx: toHex(op.raw),
      branch: op.branch.siblings.map(toHex),
      txIndex: op.txIndex,
    });
  }

  private keepAnchor(blockHex: string, ledgerHex: string, a: AnchorProof): void {
    this.anchors.set(`${blockHex}:${ledgerHex}`, a);
    const max = this.o.maxAnchors ?? 4096;
    while (this.anchors.size > max) this.anchors.delete(this.anchors.keys().next().value!);
  }

  /**
   * The ledger block (display hex) that elected `hashHex` on the best ledger chain, and the commit's
   * index in it; null when the block's election is not on the best chain (a reorg took it away).
   */
  private election(hashHex: string, header: BlockHeader): { ledgerHash: string; txIndex: number } | null {
    const ledgerHash = this.o.store.ledgerHashAt(header.ledgerHeight);
    if (!ledgerHash) return null;
    const raw = this.o.store.stateAt(ledgerHash);
    if (!raw) return null;
    const { snapshot } = decodeStoredJson<{ event: LedgerBlockEvent; snapshot: ForkSnapshot | null }>(raw);
    if (!snapshot || snapshot.winner < 0) return null;
    const c = snapshot.commits[snapshot.winner]!;
    return toHex(c.op.blockHash) === hashHex ? { ledgerHash, txIndex: c.txIndex } : null;
  }

  private async anchor(
    hashHex: string,
    header: BlockHeader,
    e: { ledgerHash: string; txIndex: number },
  ): Promise<AnchorProof | null> {
    const kept = this.anchors.get(`${hashHex}:${e.ledgerHash}`);
    if (kept || !this.o.ledgerBlock) return kept ?? null;
    try {
      const lb = decodeLedgerBlock(fromHex(await this.o.ledgerBlock(e.ledgerHash)));
      const a = anchorProof(header.ledgerHeight, lb.header, lb.txs, e.txIndex);
      if (a.ledgerBlockHash !== e.ledgerHash) return null;
      this.keepAnchor(hashHex, e.ledgerHash, a);
      return a;
    } catch {
      return null; // the ledger node is unreachable or answered nonsense: no anchor for now
    }
  }

  async get(id: string): Promise<TxLifecycle | null> {
    const key = fromHex(id);
    const receiptBytes = this.o.store.getReceipt(key);
    const txBytes = this.o.store.getContent(key);
    if (!receiptBytes && !txBytes) return null;
    const lc = await this.lifecycle(id, {
      ...(txBytes ? { tx: toHex(txBytes) } : {}),
      ...(receiptBytes ? { receipt: toHex(receiptBytes) } : {}),
    });
    // Contents deleted (§16.2): no transaction any more; the proofs reached before stay (`verifyLifecycle`
    // checks what is left: receipt, block, certificate, anchor).
    if (txBytes) return lc;
    const reason = 'the record’s contents were deleted';
    if (lc.status !== 'rejected') return { ...lc, status: 'reclaimed', reason };
    // A rejected record keeps its reason; its certificate (which judged it otherwise than valid) is left out.
    const { certificate: _judged, ...rest } = lc;
    return { ...rest, status: 'reclaimed', reason: `${lc.reason}; ${reason}` };
  }

  private async lifecycle(id: string, base: { tx?: string; receipt?: string }): Promise<TxLifecycle> {
    const executed: TxLifecycle = { id, ...base, status: 'executed' };
    // The block carrying it whose election is on the best ledger chain.
    for (const p of this.placements.get(id) ?? []) {
      const block = this.o.block(p.hash);
      if (!block) continue;
      const e = this.election(p.hash, block.header);
      if (!e) continue;
      const records = block.body.receipts.map((r) => ({ txId: r.txId, receipt: encodeSignedReceipt(r) }));
      const inclusion = blockInclusionProof(block.header, records, block.body.stacksTxs, p.index);
      const included: TxLifecycle = {
        id,
        ...base,
        receipt: toHex(records[p.index]!.receipt),
        status: 'included',
        block: inclusion,
      };
      const qc = this.carried.get(p.hash) ?? this.o.certificate?.(p.hash) ?? null;
      if (!qc) {
        if (isCertificateExpired(block.header.height, this.o.tipHeight()))
          return {
            ...included,
            status: 'rejected',
            reason: 'expired: no certificate in the window (refunded)',
          };
        return included;
      }
      const keys = this.o.verifierKeys(block.header);
      if (!keys) return included;
      const certified: TxLifecycle = {
        ...included,
        status: 'certified',
        certificate: certificateProof(qc, keys),
      };
      const verdict = certificateVerdicts(qc)[p.index];
      if (verdict !== 'valid')
        return {
          ...certified,
          status: 'rejected',
          reason:
            verdict === 'invalid'
              ? 'judged invalid by the quorum certificate'
              : 'undecided in a split certificate (refunded)',
        };
      if (this.o.ledgerTipHeight() < block.header.ledgerHeight + ANCHOR_CONFIRMATIONS - 1) return certified;
      const anchor = await this.anchor(p.hash, block.header, e);
      return anchor ? { ...certified, status: 'anchored', anchor } : certified;
    }
    return executed;
  }
}
