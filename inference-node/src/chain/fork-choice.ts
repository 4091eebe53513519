import { equalBytes, toHex } from '@funai/ledger-node';
import {
  checkElectedBlock,
  type ElectedBlockRejectReason,
  type ElectedHeaderFields,
} from '../election/elected-block.js';
import {
  ancestorAt,
  applyLedgerBlock,
  type ConsensusParams,
  electionOf,
  type ForkSnapshot,
  type LedgerBlockEvent,
  type SnapshotReader,
} from './snapshot.js';

/** Snapshot storage: the daemon's per-ledger-block records (an in-memory Map in tests). */
export interface SnapshotStore extends SnapshotReader {
  set(ledgerHashHex: string, snapshot: ForkSnapshot): unknown;
}

/** A ledger event the fork choice cannot apply (the ledger watcher's bug, not the network's). */
export type ForkChoiceErrorReason =
  /** The block's parent is not the current tip (ledger events come in chain order). */
  | 'connect-not-on-tip'
  /** The block's height is not its parent's + 1. */
  | 'connect-bad-height'
  /** Only the tip can be disconnected. */
  | 'disconnect-not-tip';

export class ForkChoiceError extends Error {
  override readonly name = 'ForkChoiceError';
  constructor(
    readonly reason: ForkChoiceErrorReason,
    message?: string,
  ) {
    super(message ? `${reason}: ${message}` : reason);
  }
}

/** Why a published block was not accepted for one ledger block that elected its hash. */
export type PublishRejectReason =
  | ElectedBlockRejectReason
  /** Its parent block has not been accepted on that fork (publish the parent first). */
  | 'block-parent-not-accepted';

/** The outcome of a published block against the ledger block of the tip's fork that elected it. */
export interface PublishOutcome {
  ledgerHash: Uint8Array;
  accepted: boolean;
  reason?: PublishRejectReason;
}

/** The head of the canonical inference chain. */
export interface InferenceTip {
  /** The ledger block whose election chose it. */
  ledgerHash: Uint8Array;
  ledgerHeight: number;
  blockHash: Uint8Array;
}

/** One step of an inference-chain reorganisation: an elected, accepted block. */
export interface InferenceStep {
  ledgerHash: Uint8Array;
  blockHash: Uint8Array;
}

class MapStore implements SnapshotStore {
  private readonly map = new Map<string, ForkSnapshot>();
  get(k: string): ForkSnapshot | undefined {
    return this.map.get(k);
  }
  set(k: string, v: ForkSnapshot): void {
    this.map.set(k, v);
  }
}

/**
 * Fork choice and consensus state keyed by ledger fork (docs/protocol.md §14.9). Deterministic: no
 * clock, no I/O, no randomness; every input is an argument. A snapshot is made once per ledger
 * block and reused when a reorg brings the block back, so applying the same reorg twice, or in
 * pieces, ends where a node that only saw the final branch ends.
 */
export class ForkChoice {
  readonly store: SnapshotStore;
  private tipHash: Uint8Array | null;
  /** Ledger blocks (hex) whose winner's block was accepted → that block's hash. */
  private readonly accepted = new Map<string, Uint8Array>();
  /** Published headers by block hash (hex): tried again when a ledger block electing them connects. */
  private readonly headers = new Map<string, ElectedHeaderFields>();
  /** Ledger block (hex) whose winner's block is not yet accepted → elected children waiting for it. */
  private readonly waiting = new Map<string, Set<string>>();

  /**
   * A node starts empty, or from what its daemon persisted: the snapshots (in `store`), the ledger
   * tip and the accepted pairs (`acceptedBlocks()`).
   */
  constructor(
    readonly params: ConsensusParams,
    store: SnapshotStore = new MapStore(),
    tipHash: Uint8Array | null = null,
    accepted: Iterable<readonly [ledgerHash: Uint8Array, blockHash: Uint8Array]> = [],
  ) {
    this.store = store;
    this.tipHash = tipHash;
    for (const [l, b] of accepted) this.accepted.set(toHex(l), b);
  }

  /** Every (electing ledger block, accepted inference block) pair, for the daemon to persist. */
  acceptedBlocks(): [ledgerHash: Uint8Array, blockHash: Uint8Array][] {
    return [...this.accepted].map(([l, b]) => [Uint8Array.from(Buffer.from(l, 'hex')), b]);
  }

  /** The snapshot of the ledger tip, or null before the start height. */
  get tip(): ForkSnapshot | null {
    return this.tipHash === null ? null : (this.store.get(toHex(this.tipHash)) ?? null);
  }

  snapshot(ledgerHash: Uint8Array): ForkSnapshot | undefined {
    return this.store.get(toHex(ledgerHash));
  }

  /** The tip fork's snapshot at a height. */
  at(height: number): ForkSnapshot | undefined {
    return ancestorAt(this.store, this.tip, height, this.params);
  }

  isAccepted(ledgerHash: Uint8Array): boolean {
    return this.accepted.has(toHex(ledgerHash));
  }

  /**
   * A ledger block joins the best chain. Blocks below the start height are ignored. A block seen
   * before (a reorg coming back) reuses its snapshot: it is a function of the fork alone.
   */
  connect(block: LedgerBlockEvent): ForkSnapshot | null {
    if (block.height < this.params.startHeight) return null;
    const parent = this.tip;
    if (parent === null) {
      if (block.height !== this.params.startHeight) {
        throw new ForkChoiceError(
          'connect-bad-height',
          `first block at ${block.height}, start ${this.params.startHeight}`,
        );
      }
    } else {
      if (!equalBytes(block.parentHash, parent.ledgerHash)) throw new ForkChoiceError('connect-not-on-tip');
      if (block.height !== parent.ledgerHeight + 1) throw new ForkChoiceError('connect-bad-height');
    }
    const key = toHex(block.hash);
    let snap = this.store.get(key);
    if (snap === undefined) {
      snap = applyLedgerBlock(this.store, parent, block, this.params);
      this.store.set(key, snap);
    }
    this.tipHash = block.hash;
    if (snap.winner >= 0 && !this.accepted.has(key)) {
      const header = this.headers.get(toHex(snap.commits[snap.winner]!.op.blockHash));
      if (header !== undefined) this.tryAccept(snap, header);
    }
    return snap;
  }

  /** The ledger tip leaves the best chain: the tip moves to its parent (its snapshot is kept). */
  disconnect(ledgerHash: Uint8Array): void {
    const tip = this.tip;
    if (tip === null) return; // below the start height
    if (!equalBytes(tip.ledgerHash, ledgerHash)) throw new ForkChoiceError('disconnect-not-tip');
    this.tipHash = tip.ledgerHeight === this.params.startHeight ? null : tip.ledgerParentHash;
  }

  /**
   * A producer published an inference block. It is checked (§14.8) against the ledger block of the
   * tip's fork at `header.ledgerHeight`, if that block's winner committed its hash; the header is
   * kept either way, and checked again whenever a ledger block electing it joins the best chain.
   * Returns null when no ledger block of the tip's fork elected it (yet).
   */
  publish(blockHash: Uint8Array, header: ElectedHeaderFields): PublishOutcome | null {
    this.headers.set(toHex(blockHash), header);
    const snap = this.at(header.ledgerHeight);
    if (
      snap === undefined ||
      snap.winner < 0 ||
      !equalBytes(snap.commits[snap.winner]!.op.blockHash, blockHash)
    ) {
      return null;
    }
    const reason = this.tryAccept(snap, header);
    return reason === null
      ? { ledgerHash: snap.ledgerHash, accepted: true }
      : { ledgerHash: snap.ledgerHash, accepted: false, reason };
  }

  /**
   * Checks the block a snapshot's winner published. Acceptance is a fixpoint, whatever the order
   * of events: a block is accepted for its electing ledger block when its header is known and valid
   * and its parent's block is accepted; a block waiting for its parent is accepted with it.
   */
  private tryAccept(snap: ForkSnapshot, header: ElectedHeaderFields): PublishRejectReason | null {
    const reason = this.acceptOne(snap, header);
    if (reason !== null) return reason;
    const queue = [toHex(snap.ledgerHash)];
    for (let k = queue.pop(); k !== undefined; k = queue.pop()) {
      const children = this.waiting.get(k);
      if (children === undefined) continue;
      this.waiting.delete(k);
      for (const c of children) {
        const child = this.store.get(c)!;
        const h = this.headers.get(toHex(child.commits[child.winner]!.op.blockHash));
        if (h !== undefined && this.acceptOne(child, h) === null) queue.push(c);
      }
    }
    return null;
  }

  private acceptOne(snap: ForkSnapshot, header: ElectedHeaderFields): PublishRejectReason | null {
    const key = toHex(snap.ledgerHash);
    if (this.accepted.has(key)) return null;
    const winner = snap.commits[snap.winner]!;
    if (winner.parent !== null) {
      const parentSnap = this.parentStep(snap)!;
      const parentKey = toHex(parentSnap.ledgerHash);
      if (!this.accepted.has(parentKey)) {
        let set = this.waiting.get(parentKey);
        if (set === undefined) this.waiting.set(parentKey, (set = new Set()));
        set.add(key);
        return 'block-parent-not-accepted';
      }
    }
    const reason = checkElectedBlock(winner.op.blockHash, header, electionOf(snap)!);
    if (reason !== null) return reason;
    this.accepted.set(key, winner.op.blockHash);
    return null;
  }

  /**
   * The canonical inference chain's head: the most recent election winner on the ledger tip's fork
   * whose block was accepted (and with it, all its ancestors). Null when there is none.
   */
  inferenceTip(): InferenceTip | null {
    return this.inferenceTipOf(this.tip);
  }

  inferenceTipOf(from: ForkSnapshot | null): InferenceTip | null {
    let w = from?.lastWinnerHash ?? null;
    while (w !== null) {
      const key = toHex(w);
      const s = this.store.get(key)!;
      const blockHash = this.accepted.get(key);
      if (blockHash !== undefined)
        return { ledgerHash: s.ledgerHash, ledgerHeight: s.ledgerHeight, blockHash };
      if (s.ledgerHeight === this.params.startHeight) return null;
      w = this.store.get(toHex(s.ledgerParentHash))?.lastWinnerHash ?? null;
    }
    return null;
  }

  /** The snapshot of the ledger block that elected the parent of `s`'s winner (null: genesis). */
  private parentStep(s: ForkSnapshot): ForkSnapshot | null {
    const w = s.commits[s.winner]!;
    if (w.parent === null) return null;
    return (
      ancestorAt(
        this.store,
        this.store.get(toHex(s.ledgerParentHash)) ?? null,
        w.parent.height,
        this.params,
      ) ?? null
    );
  }

  /**
   * How the inference chain changes between two heads (e.g. before and after a ledger reorg): the
   * blocks to roll back (newest first, with their Clarity state) and those to apply (oldest first).
   * Walks back only to the fork point, so its cost is the depth of the change.
   */
  inferenceReorg(
    from: InferenceTip | null,
    to: InferenceTip | null,
  ): { rollback: InferenceStep[]; apply: InferenceStep[] } {
    const rollback: InferenceStep[] = [];
    const apply: InferenceStep[] = [];
    let a = from === null ? null : this.snapshot(from.ledgerHash)!;
    let b = to === null ? null : this.snapshot(to.ledgerHash)!;
    const step = (s: ForkSnapshot): InferenceStep => ({
      ledgerHash: s.ledgerHash,
      blockHash: s.commits[s.winner]!.op.blockHash,
    });
    while (a !== null || b !== null) {
      if (a !== null && b !== null && equalBytes(a.ledgerHash, b.ledgerHash)) break;
      if (b === null || (a !== null && a.ledgerHeight >= b.ledgerHeight)) {
        rollback.push(step(a!));
        a = this.parentStep(a!);
      } else {
        apply.push(step(b));
        b = this.parentStep(b);
      }
    }
    apply.reverse();
    return { rollback, apply };
  }
}
