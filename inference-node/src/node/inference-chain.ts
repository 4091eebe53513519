import { equalBytes, toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import type { Block } from '../block/body.js';
import { decodeBlock, encodeBlock } from '../block/body.js';
import { blockHash } from '../block/header.js';
import { type BlockContext, validateBlock } from '../block/validate.js';
import type { PublishOutcome } from '../chain/index.js';
import { inCertificateWindow } from '../quorum/window.js';
import { type AcceptedPair, putAccepted, storedAccepted } from '../store/consensus-state.js';
import type { InferenceStore } from '../store/store.js';
import { StoreBatch } from '../store/store.js';
import type { ConsensusSink } from './consensus-sink.js';

/** Structurally valid blocks kept while no known ledger block elects them. */
const MAX_PENDING_BLOCKS = 256;

export type BlockRejection =
  | { reason: 'bad-block-encoding'; detail: string }
  | { reason: 'bad-chain-id' | 'not-elected' | 'unknown-parent'; detail?: string }
  | { reason: string; detail?: string };

export interface PublishResult {
  hash: string;
  /** Accepted for the ledger block of the tip's fork that elected it. */
  accepted: boolean;
  /** New to this node (not seen before). */
  fresh: boolean;
  /** The election check against the tip's fork; null when no ledger block of it elected the block (yet). */
  outcome: PublishOutcome | null;
  rejection?: BlockRejection;
}

/**
 * The inference blocks a node knows (docs/protocol.md §16.3): a published block — the node's own
 * or one from a peer — is checked structurally (block/validate against its parent) and by the
 * election (ForkChoice.publish, §14.8), stored when some ledger block elected it, and at start the
 * stored blocks are published again (in height order) to rebuild the fork choice's acceptance.
 */
export class InferenceChain {
  private readonly known = new Map<string, Block>();
  /** Blocks accepted for some ledger block (and stored). */
  private readonly acceptedBlocks = new Set<string>();
  private readonly listeners: ((hash: string, block: Block) => void)[] = [];
  private restoring = false;
  /**
   * The verifier set's BLS keys (§16.9), which certificates in headers are checked against. Without
   * them a header carrying a certificate is refused (`qc-missing-context`).
   */
  verifierKeys: readonly Uint8Array[] | undefined;
  /**
   * The verifier set's BLS keys of the reward cycle of a ledger height (the staking contract's set, §16.9);
   * when set, certificates are checked against the set of the certified block's cycle instead.
   */
  verifierKeysAt: ((ledgerHeight: number) => readonly Uint8Array[] | undefined) | undefined;
  /** The Clarity roots check of a header (§15.6): a refusal reason, or null (matching or not checkable). */
  clarityCheck: ((header: Block['header']) => string | null) | undefined;

  constructor(
    private readonly store: InferenceStore,
    private readonly sink: ConsensusSink,
    private readonly chainId: number,
    private readonly log: Logger,
  ) {
    // A block published before the ledger block electing it connected is accepted when it does.
    sink.onConnect((_block, snap) => {
      if (!snap || snap.winner < 0) return;
      const hash = toHex(snap.commits[snap.winner]!.op.blockHash);
      const b = this.known.get(hash);
      if (b && this.sink.forkChoice.isAccepted(snap.ledgerHash)) this.markAccepted(hash, b);
    });
  }

  /**
   * Brings back the stored blocks. A block whose (electing ledger block, block) pair is stored — the
   * fork choice got the pairs from the store — is taken as accepted without checking it again (it was
   * checked before it was stored: no signature or VRF work at start); any other stored block (a store
   * written before the pairs) is published again in height order, which checks and records it.
   */
  restore(): number {
    const pairs = new Set(storedAccepted(this.store).map((p) => toHex(p.blockHash)));
    const blocks: Block[] = [];
    for (const [, bytes] of this.store.scanAll('blocks')) blocks.push(decodeBlock(bytes));
    blocks.sort((a, b) => a.header.height - b.header.height);
    this.restoring = true;
    try {
      for (const b of blocks) {
        const hash = toHex(blockHash(b.header));
        if (!pairs.has(hash)) {
          this.publish(b);
          continue;
        }
        this.known.set(hash, b);
        this.markAccepted(hash, b, true);
      }
    } finally {
      this.restoring = false;
    }
    return blocks.length;
  }

  onAccepted(listener: (hash: string, block: Block) => void): void {
    this.listeners.push(listener);
  }

  block(hash: string): Block | undefined {
    return this.known.get(hash);
  }

  /** The accepted blocks (restored ones included) at `height` or above, as [hash hex, block], lowest first. */
  acceptedFrom(height: number): [string, Block][] {
    const out: [string, Block][] = [];
    for (const hash of this.acceptedBlocks) {
      const b = this.known.get(hash);
      if (b && b.header.height >= height) out.push([hash, b]);
    }
    return out.sort((a, b) => a[1].header.height - b[1].header.height);
  }

  /** Checks and records a published block. */
  publish(block: Block): PublishResult {
    const hashBytes = blockHash(block.header);
    const hash = toHex(hashBytes);
    const fresh = !this.known.has(hash);
    const h = block.header;
    let parent: { hash: Uint8Array; height: number } | null = null;
    if (h.height > 0) {
      const p = this.known.get(toHex(h.parentHash));
      if (!p) return { hash, accepted: false, fresh, outcome: null, rejection: { reason: 'unknown-parent' } };
      parent = { hash: h.parentHash, height: p.header.height };
    }
    const ctx: BlockContext = { chainId: this.chainId, parent, ledgerHeight: h.ledgerHeight };
    if (
      h.qc !== null &&
      parent &&
      (this.verifierKeys || this.verifierKeysAt) &&
      inCertificateWindow(h.qc.height, h.height)
    ) {
      // The ancestor at the certificate's height; a chain carries one certificate per block (§15.9).
      let bh = h.parentHash;
      let b = this.known.get(toHex(bh));
      while (b && b.header.height > h.qc.height) {
        if (b.header.qc?.height === h.qc.height)
          return { hash, accepted: false, fresh, outcome: null, rejection: { reason: 'qc-duplicate' } };
        bh = b.header.parentHash;
        b = this.known.get(toHex(bh));
      }
      const keys =
        b && (this.verifierKeysAt ? this.verifierKeysAt(b.header.ledgerHeight) : this.verifierKeys);
      if (b && keys && b.header.height === h.qc.height)
        ctx.certified = { hash: bh, recordCount: b.header.recordCount, verifierKeys: keys };
    }
    const check = validateBlock(block, ctx);
    if (!check.ok) {
      return {
        hash,
        accepted: false,
        fresh,
        outcome: null,
        rejection: { reason: check.reason, ...(check.detail ? { detail: check.detail } : {}) },
      };
    }
    const roots = this.clarityCheck?.(h) ?? null;
    if (roots !== null) return { hash, accepted: false, fresh, outcome: null, rejection: { reason: roots } };
    const outcome = this.sink.forkChoice.publish(hashBytes, h);
    const accepted = outcome?.accepted === true;
    if (fresh) {
      // Kept even when no known ledger block elected it yet (the ledger may be behind the peer).
      this.known.set(hash, block);
      if (this.known.size > this.acceptedBlocks.size + MAX_PENDING_BLOCKS) {
        for (const k of this.known.keys()) {
          if (this.acceptedBlocks.has(k)) continue;
          this.known.delete(k);
          break;
        }
      }
    }
    if (accepted) this.markAccepted(hash, block);
    return {
      hash,
      accepted,
      fresh,
      outcome,
      ...(outcome === null
        ? { rejection: { reason: 'not-elected' } }
        : outcome.accepted
          ? {}
          : { rejection: { reason: outcome.reason ?? 'rejected' } }),
    };
  }

  /** `paired`: its accepted pair is stored already (a restored block). */
  private markAccepted(hash: string, block: Block, paired = false): void {
    if (this.acceptedBlocks.has(hash)) return;
    this.acceptedBlocks.add(hash);
    const h = block.header;
    // The pair the fork choice accepted it for, persisted so a restart need not check the block again.
    const pair = paired ? null : this.electedBy(block);
    if (!this.restoring) {
      const batch = new StoreBatch().putBlock(blockHash(h), encodeBlock(block));
      this.store.commit(pair ? putAccepted(batch, pair) : batch);
      this.log.info(
        {
          height: h.height,
          hash,
          ledgerHeight: h.ledgerHeight,
          records: h.recordCount,
          ...(h.qc ? { certifies: toHex(h.qc.blockHash) } : {}),
        },
        'inference block accepted',
      );
    } else if (pair) this.store.commit(putAccepted(new StoreBatch(), pair));
    for (const l of this.listeners) l(hash, block);
  }

  /** The ledger block of the tip's fork whose election accepted this block, if it is on that fork. */
  private electedBy(block: Block): AcceptedPair | null {
    const fc = this.sink.forkChoice;
    const s = fc.at(block.header.ledgerHeight);
    if (!s || s.winner < 0 || !fc.isAccepted(s.ledgerHash)) return null;
    const hash = blockHash(block.header);
    if (!equalBytes(s.commits[s.winner]!.op.blockHash, hash)) return null;
    return { ledgerHash: s.ledgerHash, blockHash: hash, ledgerHeight: s.ledgerHeight };
  }

  /**
   * The certificate a block on `parentHashHex` (at its height + 1) may carry: the lowest ancestor within
   * the window (§15.9) not certified by a header of this branch for which `certificate(hash)` has one.
   */
  certificateFor<T>(parentHashHex: string, certificate: (hashHex: string) => T | null): T | null {
    const parent = this.known.get(parentHashHex);
    if (!parent) return null;
    const height = parent.header.height + 1;
    const carried = new Set<number>();
    const candidates: string[] = [];
    // A header carrying a certificate of a height in the window is itself above that height: in the walk.
    let hash = parentHashHex;
    let b: Block | undefined = parent;
    while (b && inCertificateWindow(b.header.height, height)) {
      if (b.header.qc) carried.add(b.header.qc.height);
      candidates.push(hash);
      if (b.header.height === 0) break;
      hash = toHex(b.header.parentHash);
      b = this.known.get(hash);
    }
    for (const c of candidates.reverse()) {
      const cb = this.known.get(c)!;
      if (carried.has(cb.header.height)) continue;
      const qc = certificate(c);
      if (qc) return qc;
    }
    return null;
  }

  /** The head of the canonical inference chain (§14.9), or null before the first accepted block. */
  tip(): { height: number; hash: string; ledgerHeight: number } | null {
    const t = this.sink.forkChoice.inferenceTip();
    if (!t) return null;
    const hash = toHex(t.blockHash);
    const b = this.known.get(hash);
    return { height: b?.header.height ?? -1, hash, ledgerHeight: t.ledgerHeight };
  }
}
