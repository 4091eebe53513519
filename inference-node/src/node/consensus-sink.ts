import { hashToHex, toHex, txid } from '@funai/ledger-node';
import { type AddressVersion, addressFromVersionHash, addressToString } from '@stacks/transactions';
import type { Logger } from 'pino';
import type { ForkSnapshot, LedgerBlockEvent } from '../chain/index.js';
import { ForkChoice } from '../chain/index.js';
import type { DepositProof } from '../clarity/block-ops.js';
import { depositProofs } from '../clarity/deposit-proof.js';
import type { LedgerBlock } from '../ledger/block.js';
import type { LedgerBlockRef, LedgerBlockSink } from '../ledger/watcher.js';
import type { Registration } from '../ops/ledger-ops.js';
import type { StandardPrincipal } from '../ops/principal.js';
import {
  deleteRegistration,
  isConsensusIndexed,
  markConsensusIndexed,
  putRegistration,
  StoredSnapshots,
  storedAccepted,
  storedRegistrations,
} from '../store/consensus-state.js';
import type { InferenceStore } from '../store/store.js';
import { StoreBatch } from '../store/store.js';
import { decodeStoredJson, encodeStoredJson } from '../store/stored-json.js';

/** What the node shows of the latest ledger block's election (status `election`, docs §16.4). */
export interface ElectionView {
  ledgerHeight: number;
  ledgerHash: string;
  commits: { producer: string; bid: string; txid: string }[];
  /** The winning producer's principal, or null for an empty tenure. */
  winner: string | null;
}

/**
 * The record stored per ledger block: the consensus inputs and the snapshot they gave, and what the
 * Clarity blocks read of it (the header for the light client, DEPOSIT proofs; src/clarity).
 */
interface LedgerRecord {
  event: LedgerBlockEvent;
  snapshot: ForkSnapshot | null;
  clarity?: { header: Uint8Array; deposits: DepositProof[] };
}

export function principalString(p: StandardPrincipal): string {
  return addressToString(addressFromVersionHash(p.version as AddressVersion, toHex(p.hash160)));
}

export interface ConsensusSinkOptions {
  store: InferenceStore;
  log: Logger;
  /** The first ledger height whose ops count (docs §14.9). */
  startHeight: number;
  /** Reward scripts of the verifier set for a ledger height's reward cycle (§14.3); default none. */
  verifierScripts?: (height: number) => readonly Uint8Array[];
  /**
   * Runs after the fork choice connected a ledger block and before its batch is written, adding to the
   * batch (the Clarity blocks it brings to depth, §16.10), so both land in one atomic write.
   */
  beforeCommit?: (block: LedgerBlock, batch: StoreBatch) => Promise<void>;
}

/**
 * The daemon's side of the ledger watcher (docs/protocol.md §16.2): every ledger block connected or
 * disconnected goes through the consensus core's ForkChoice (§14.9), and the block's consensus inputs
 * (its op transactions and verifier scripts) with the snapshot they gave are written in one atomic
 * batch with the ledger tip, keyed by the ledger block's hash. At start nothing is replayed: the
 * ForkChoice reads its snapshots from those records when it needs them, and gets its ledger tip and the
 * accepted (ledger block, inference block) pairs from the store; the registrations of the best chain come
 * from their index (store/consensus-state.ts). A store written before the indexes is replayed once.
 */
export class ConsensusSink implements LedgerBlockSink {
  readonly forkChoice: ForkChoice;
  private readonly store: InferenceStore;
  private readonly log: Logger;
  private readonly snapshots: StoredSnapshots;
  private readonly verifierScripts: (height: number) => readonly Uint8Array[];
  private readonly beforeCommit: ((block: LedgerBlock, batch: StoreBatch) => Promise<void>) | undefined;
  private tipRef: LedgerBlockRef | null;
  private tipEvent: LedgerBlockEvent | null = null;
  /** Registrations on the best chain by VRF key (hex), the latest per key. */
  private readonly registrations = new Map<string, Registration>();
  private readonly listeners: ((block: LedgerBlock, snapshot: ForkSnapshot | null) => void)[] = [];

  constructor(opts: ConsensusSinkOptions) {
    this.store = opts.store;
    this.log = opts.log;
    this.verifierScripts = opts.verifierScripts ?? (() => []);
    this.beforeCommit = opts.beforeCommit;
    this.snapshots = new StoredSnapshots((hashHex) => {
      const raw = this.store.stateByHash(Buffer.from(hashHex, 'hex'));
      return raw === undefined ? undefined : (decodeStoredJson<LedgerRecord>(raw).snapshot ?? undefined);
    });
    this.tipRef = this.store.ledgerTip();
    const tip = this.tipRef;
    if (tip && !isConsensusIndexed(this.store)) {
      this.forkChoice = new ForkChoice({ startHeight: opts.startHeight }, this.snapshots);
      this.replay(tip);
      return;
    }
    const started = Date.now();
    const accepted = storedAccepted(this.store);
    this.forkChoice = new ForkChoice(
      { startHeight: opts.startHeight },
      this.snapshots,
      tip && tip.height >= opts.startHeight ? Buffer.from(tip.hashHex, 'hex').reverse() : null,
      accepted.map((p) => [p.ledgerHash, p.blockHash] as const),
    );
    for (const r of storedRegistrations(this.store)) this.registrations.set(toHex(r.vrfKey), r);
    if (tip) this.tipEvent = decodeStoredJson<LedgerRecord>(this.store.stateAt(tip.hashHex)!).event;
    else this.store.commit(markConsensusIndexed(new StoreBatch()));
    this.log.info(
      {
        ledgerHeight: tip?.height ?? null,
        accepted: accepted.length,
        registrations: this.registrations.size,
        ms: Date.now() - started,
      },
      'consensus state opened',
    );
  }

  /** A store written before the indexes: its best chain is replayed once and the indexes written. */
  private replay(tip: LedgerBlockRef): void {
    const started = Date.now();
    let n = 0;
    for (const ref of this.store.ledgerTail(tip.height + 1)) {
      const raw = this.store.stateAt(ref.hashHex);
      if (!raw) throw new Error(`store: no state for ledger block ${ref.height} ${ref.hashHex}`);
      const record = decodeStoredJson<LedgerRecord>(raw);
      this.noteRegistrations(this.forkChoice.connect(record.event));
      this.tipEvent = record.event;
      n++;
    }
    const batch = markConsensusIndexed(new StoreBatch());
    for (const r of this.registrations.values()) putRegistration(batch, r);
    this.store.commit(batch);
    this.log.info({ blocks: n, ms: Date.now() - started }, 'consensus state rebuilt from the store');
  }

  get tip(): LedgerBlockRef | null {
    return this.tipRef;
  }

  connect(block: LedgerBlock): void | Promise<void> {
    const event: LedgerBlockEvent = {
      hash: block.hash,
      height: block.height,
      parentHash: block.header.prevBlock,
      ops: block.ops.map((o) => {
        if (o.senderScript === null)
          throw new Error(`ledger block ${block.hashHex}: op ${o.txIndex} has no sender`);
        return { txIndex: o.txIndex, tx: o.tx, senderScript: o.senderScript };
      }),
      verifierScripts: this.verifierScripts(block.height),
    };
    this.snapshots.written = null;
    const snapshot = this.forkChoice.connect(event);
    this.noteRegistrations(snapshot);
    const ref = { height: block.height, hashHex: block.hashHex };
    const record: LedgerRecord = {
      event,
      snapshot,
      clarity: { header: block.headerBytes, deposits: depositProofs(block) },
    };
    const batch = new StoreBatch().connectLedger(ref, encodeStoredJson(record));
    for (const r of snapshot?.registrations ?? []) putRegistration(batch, r);
    if (this.beforeCommit)
      return this.beforeCommit(block, batch).then(() =>
        this.commitConnect(block, ref, event, snapshot, batch),
      );
    this.commitConnect(block, ref, event, snapshot, batch);
  }

  private commitConnect(
    block: LedgerBlock,
    ref: LedgerBlockRef,
    event: LedgerBlockEvent,
    snapshot: ForkSnapshot | null,
    batch: StoreBatch,
  ): void {
    this.store.commit(batch);
    this.tipRef = ref;
    this.tipEvent = event;
    if (snapshot && (snapshot.commits.length > 0 || snapshot.rejected.length > 0)) {
      this.log.info(
        {
          height: block.height,
          commits: snapshot.commits.length,
          rejected: snapshot.rejected.map((r) => r.reason),
          winner: snapshot.winner,
        },
        'election',
      );
    }
    for (const l of this.listeners) l(block, snapshot);
  }

  /** The verifier set's reward scripts for a ledger height's reward cycle (§14.3). */
  verifierScriptsAt(height: number): readonly Uint8Array[] {
    return this.verifierScripts(height);
  }

  /** Called after each ledger block is connected and stored. */
  onConnect(listener: (block: LedgerBlock, snapshot: ForkSnapshot | null) => void): void {
    this.listeners.push(listener);
  }

  /** The registration of a VRF key on the best chain (the latest, if it registered more than once). */
  registrationOf(vrfKey: Uint8Array): Registration | undefined {
    return this.registrations.get(toHex(vrfKey));
  }

  private noteRegistrations(snapshot: ForkSnapshot | null): void {
    for (const r of snapshot?.registrations ?? []) this.registrations.set(toHex(r.vrfKey), r);
  }

  disconnect(ref: LedgerBlockRef): void {
    this.forkChoice.disconnect(Buffer.from(ref.hashHex, 'hex').reverse());
    const parentHash = ref.height > 0 ? this.store.ledgerHashAt(ref.height - 1) : undefined;
    const parent = parentHash === undefined ? null : { height: ref.height - 1, hashHex: parentHash };
    const batch = new StoreBatch().disconnectLedger(ref, parent);
    const gone = [...this.registrations].filter(([, r]) => r.height >= ref.height).map(([k]) => k);
    for (const k of gone) deleteRegistration(batch, k);
    this.store.commit(batch);
    for (const k of gone) this.registrations.delete(k);
    this.tipRef = parent;
    this.tipEvent = parent ? decodeStoredJson<LedgerRecord>(this.store.stateAt(parent.hashHex)!).event : null;
  }

  /** The election of the latest ledger block processed. */
  get election(): ElectionView | null {
    const ref = this.tipRef;
    if (!ref) return null;
    const snap = this.forkChoice.tip;
    if (!snap) return { ledgerHeight: ref.height, ledgerHash: ref.hashHex, commits: [], winner: null };
    const txids = new Map((this.tipEvent?.ops ?? []).map((o) => [o.txIndex, hashToHex(txid(o.tx))]));
    const commits = snap.commits.map((c) => ({
      producer: principalString(c.registration.principal),
      bid: String(c.bid),
      txid: txids.get(c.txIndex) ?? '',
    }));
    return {
      ledgerHeight: snap.ledgerHeight,
      ledgerHash: hashToHex(snap.ledgerHash),
      commits,
      winner: snap.winner >= 0 ? commits[snap.winner]!.producer : null,
    };
  }
}
