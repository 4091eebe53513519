import { FUNAI_OP, hashToHex, toHex } from '@funai/ledger-node';
import type { Logger } from 'pino';
import type { LedgerBlock } from '../ledger/block.js';
import type { LedgerBlockRef, LedgerBlockSink } from '../ledger/watcher.js';
import type { InferenceStore } from '../store/store.js';
import { StoreBatch } from '../store/store.js';

/** What the node shows of the latest ledger block's election (status `election`). */
export interface ElectionView {
  ledgerHeight: number;
  ledgerHash: string;
  commits: { producer: string; bid: string; txid: string }[];
  winner: string | null;
}

/**
 * The daemon's side of the ledger watcher: every ledger block connected or disconnected is written
 * to the store in one atomic batch with the state after it (keyed by the ledger block's hash, so a
 * reorg returns to the fork's state), and the election view of the tip is kept for the status.
 *
 * The state recorded per ledger block is, until the consensus core's fork choice (src/chain) is
 * wired in, the block's COMMIT transactions with the amounts they pay (the bids).
 */
export class NodeLedgerSink implements LedgerBlockSink {
  private view: ElectionView | null = null;
  private tipRef: LedgerBlockRef | null;

  constructor(
    private readonly store: InferenceStore,
    private readonly log: Logger,
  ) {
    this.tipRef = store.ledgerTip();
    if (this.tipRef) this.view = this.viewOf(this.tipRef);
  }

  get tip(): LedgerBlockRef | null {
    return this.tipRef;
  }

  get election(): ElectionView | null {
    return this.view;
  }

  connect(block: LedgerBlock): void {
    const commits = block.ops
      .filter((o) => o.op.op === FUNAI_OP.COMMIT)
      .map((o) => ({
        // Until the fork choice (src/chain) is wired in, the commit's first payment stands in for the
        // producer (its script) and the bid (its value); the change output follows the payments.
        producer: toHex(o.tx.outputs[o.vout + 1]?.scriptPubKey ?? new Uint8Array(0)),
        bid: String(o.tx.outputs[o.vout + 1]?.value ?? 0n),
        txid: hashToHex(o.txid),
      }));
    const state = new TextEncoder().encode(JSON.stringify({ commits }));
    const ref = { height: block.height, hashHex: block.hashHex };
    this.store.commit(new StoreBatch().connectLedger(ref, state));
    this.tipRef = ref;
    this.view = { ledgerHeight: block.height, ledgerHash: block.hashHex, commits, winner: null };
    if (commits.length > 0)
      this.log.info({ height: block.height, commits: commits.length }, 'ledger block with commits');
  }

  disconnect(ref: LedgerBlockRef): void {
    const parentHash = ref.height > 0 ? this.store.ledgerHashAt(ref.height - 1) : undefined;
    const parent = parentHash === undefined ? null : { height: ref.height - 1, hashHex: parentHash };
    this.store.commit(new StoreBatch().disconnectLedger(ref, parent));
    this.tipRef = parent;
    this.view = parent ? this.viewOf(parent) : null;
  }

  private viewOf(ref: LedgerBlockRef): ElectionView {
    const raw = this.store.stateAt(ref.hashHex);
    let commits: ElectionView['commits'] = [];
    if (raw) {
      try {
        commits =
          (JSON.parse(new TextDecoder().decode(raw)) as { commits: ElectionView['commits'] }).commits ?? [];
      } catch {
        commits = [];
      }
    }
    return { ledgerHeight: ref.height, ledgerHash: ref.hashHex, commits, winner: null };
  }
}
