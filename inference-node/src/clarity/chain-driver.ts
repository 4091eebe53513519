import type { Op } from '@funai/clarity';
import { hash160, toHex, txid } from '@funai/ledger-node';
import { Cl, ClarityType } from '@stacks/transactions';
import type { Logger } from 'pino';
import type { Block } from '../block/body.js';
import type { BlockHeader } from '../block/header.js';
import { decodeStacksTx } from '../block/stacks.js';
import type { ForkSnapshot, LedgerBlockEvent } from '../chain/snapshot.js';
import type { ConsensusSink } from '../node/consensus-sink.js';
import { principalString } from '../node/consensus-sink.js';
import type { InferenceChain } from '../node/inference-chain.js';
import { certificateContradictors, certificateSigners, certificateVerdicts } from '../quorum/certificate.js';
import type { InferenceStore, StoreBatch } from '../store/store.js';
import { decodeStoredJson } from '../store/stored-json.js';
import { decodeTx, txSenderHash160 } from '../tx/transaction.js';
import {
  CLARITY_CONFIRMATIONS,
  clarityBlockOps,
  type DepositProof,
  MAX_VERDICT_RECORDS,
  planClarityBlock,
  type VerdictInput,
  type VerdictRecord,
} from './block-ops.js';
import { type ClarityExecutor, ClarityNotReady, type ClarityTarget, CYCLE_LENGTH } from './executor.js';
import { stacksUserOp } from './stacks-ops.js';
import type { StakedVerifier } from './staked-set.js';
import { STAKED_SET_SIZE } from './staked-set.js';

/** Principal version of the inference chain's accounts (testnet single-sig, as node keys and the API). */
const PRINCIPAL_VERSION = 26;

/** What the daemon stores per ledger block beside its consensus record (§16.2), for the Clarity blocks. */
export interface LedgerClarityInputs {
  /** The 80-byte header (relayed to the light client). */
  header: Uint8Array;
  /** Its DEPOSITs with their proofs. */
  deposits: DepositProof[];
}

interface StoredLedgerRecord {
  event: LedgerBlockEvent;
  snapshot: ForkSnapshot | null;
  clarity?: LedgerClarityInputs;
}

export interface ClarityRoots {
  clarityReceiptsRoot: Uint8Array;
  stateRoot: Uint8Array;
}

const ZERO_ROOTS: ClarityRoots = { clarityReceiptsRoot: new Uint8Array(32), stateRoot: new Uint8Array(32) };

export interface ClarityChainDriverOptions {
  store: InferenceStore;
  sink: ConsensusSink;
  chain: InferenceChain;
  executor: ClarityExecutor;
  /** The system principal (the genesis contracts' deployer), for Stacks contract calls. */
  systemPrincipal: string;
  startHeight: number;
  log: Logger;
  /** A record's signed transaction when the store has none (e.g. fetched with the contents protocol). */
  fetchTx?: (blockHash: string, txIdHex: string) => Promise<Uint8Array | null>;
  /**
   * Fetches an elected block this node lacks from its peers and publishes it (parents first: the caller
   * goes up the ledger heights). While a node catches up with the ledger its elections are ahead of the
   * blocks it has; what is due in Clarity is fetched before it executes (§16.10).
   */
  fetchBlock?: (hashHex: string) => Promise<void>;
}

/**
 * The daemon's Clarity at depth (docs/protocol.md §13.11, §16.10): at each ledger block T it executes the
 * canonical inference blocks elected at ℓ ≤ T − 6 (rolling back to the fork point first when executed
 * blocks left the canonical chain), building each block's ops from the stored ledger records (headers,
 * deposit proofs, elections) and the certificate it carries; answers the header roots rule of §15.6 and
 * the verifier set of a cycle (§16.9).
 */
export class ClarityChainDriver {
  private readonly o: ClarityChainDriverOptions;
  /** The last ledger height (and hash) whose elected block was looked for, so each is asked once. */
  private scanned: { height: number; hash: string } | null = null;

  constructor(opts: ClarityChainDriverOptions) {
    this.o = opts;
  }

  private ledgerRecord(height: number): StoredLedgerRecord {
    const hash = this.o.store.ledgerHashAt(height);
    const raw = hash ? this.o.store.stateAt(hash) : undefined;
    if (!raw) throw new Error(`store: no ledger record at height ${height}`);
    return decodeStoredJson<StoredLedgerRecord>(raw);
  }

  private clarityInputs(height: number): LedgerClarityInputs {
    const c = this.ledgerRecord(height).clarity;
    if (!c)
      throw new Error(`store: ledger block ${height} has no header record (a store from an older node)`);
    return c;
  }

  /** The verifier set of a reward cycle: five stakers, or undefined (not read yet, or fewer stakers). */
  verifierSet(cycle: number): StakedVerifier[] | undefined {
    const s = this.o.executor.stakedSet(cycle);
    return s && s.length === STAKED_SET_SIZE ? s : undefined;
  }

  /** The set of the cycle of a ledger height (§14.3: commits in L pay the set of L's cycle). */
  verifierSetAt(ledgerHeight: number): StakedVerifier[] | undefined {
    return this.verifierSet(Math.floor(ledgerHeight / CYCLE_LENGTH));
  }

  /**
   * Executes what the ledger tip `tip` brings to depth, adding the records to `batch` (the ledger block's
   * own batch). Called after the fork choice connected the tip.
   */
  async onLedgerTip(tip: number, batch: StoreBatch): Promise<void> {
    const max = tip - (CLARITY_CONFIRMATIONS - 1);
    const ex = this.o.executor;
    const chain = this.o.chain;
    if (this.o.fetchBlock) await this.fetchDue(max);
    const head = this.o.sink.forkChoice.inferenceTip();
    const due: { hash: string; block: Block }[] = [];
    let keep = 0;
    let hash = head ? toHex(head.blockHash) : null;
    while (hash !== null) {
      const done = ex.executedCount(hash);
      if (done !== undefined) {
        keep = done;
        break;
      }
      const b = chain.block(hash);
      if (!b) {
        this.o.log.warn({ hash }, 'clarity: a canonical block is missing; execution waits');
        return;
      }
      if (b.header.ledgerHeight <= max) due.push({ hash, block: b });
      hash = b.header.height === 0 ? null : toHex(b.header.parentHash);
    }
    due.reverse();
    const targets: ClarityTarget[] = due.map(({ hash, block }) => ({
      hash,
      ledgerHeight: block.header.ledgerHeight,
      ops: (prev) => this.blockOps(block, prev),
    }));
    await ex.advance(keep, targets, max, batch);
  }

  /** Asks peers for the blocks elected at ledger heights ≤ `max` this node lacks, oldest first, each height once. */
  private async fetchDue(max: number): Promise<void> {
    const s = this.scanned;
    let from = this.o.startHeight;
    if (s && this.o.store.ledgerHashAt(s.height) === s.hash) from = s.height + 1;
    else {
      // First pass or the best chain changed below the mark: from the executed head's election on.
      const head = this.o.executor.head;
      if (head && this.o.store.ledgerHashAt(head.ledgerHeight) !== undefined) from = head.ledgerHeight + 1;
    }
    for (let h = from; h <= max; h++) {
      const hash = this.o.store.ledgerHashAt(h);
      if (!hash) break;
      const snap = this.ledgerRecord(h).snapshot;
      if (snap && snap.winner >= 0) {
        const block = toHex(snap.commits[snap.winner]!.op.blockHash);
        if (!this.o.chain.block(block)) await this.o.fetchBlock!(block);
      }
      this.scanned = { height: h, hash };
    }
  }

  /** The Clarity ops of an inference block (§13.11). */
  async blockOps(b: Block, prevLedgerHeight: number | null): Promise<Op[]> {
    const ell = b.header.ledgerHeight;
    const plan = planClarityBlock(prevLedgerHeight, ell, this.o.startHeight);
    const headers: Uint8Array[] = [];
    for (let h = plan.headers.from; h <= plan.headers.to; h++) headers.push(this.clarityInputs(h).header);
    const deposits: DepositProof[] = [];
    for (let h = plan.deposits.from; h <= plan.deposits.to; h++)
      deposits.push(...this.clarityInputs(h).deposits);
    const userOps: Op[] = b.body.stacksTxs.map((t) =>
      stacksUserOp(decodeStacksTx(t), this.o.systemPrincipal),
    );
    return clarityBlockOps({
      initialize: plan.initialize ? this.clarityInputs(0).header : null,
      headers,
      deposits,
      verdict: await this.verdict(b.header),
      userOps,
    });
  }

  /** The verdict on the block the header's certificate certifies (§13.5), or null. */
  private async verdict(header: BlockHeader): Promise<VerdictInput | null> {
    const qc = header.qc;
    if (!qc) return null;
    const certifiedHash = toHex(qc.blockHash);
    const y = this.o.chain.block(certifiedHash);
    if (!y) throw new ClarityNotReady(`certified block ${certifiedHash} unknown`);
    const set = this.verifierSetAt(y.header.ledgerHeight);
    // Checked against a set when accepted; without one there is nothing to decide here.
    if (!set) return null;
    const record = this.ledgerRecord(y.header.ledgerHeight);
    const snap = record.snapshot;
    if (!snap || snap.winner < 0) throw new Error(`ledger block ${y.header.ledgerHeight} elected nobody`);
    const winner = snap.commits[snap.winner]!;
    const commitTx = record.event.ops.find((o) => o.txIndex === winner.txIndex);
    if (!commitTx) throw new Error('the winning commit is not among the ledger block ops');
    const verdicts = certificateVerdicts(qc);
    const records: VerdictRecord[] = [];
    const receipts = y.body.receipts.slice(0, MAX_VERDICT_RECORDS);
    for (const [i, r] of receipts.entries()) {
      const v = verdicts[i];
      // An undecided record (a split certificate) is refunded: not in the verdict (§15.9).
      if (v !== 'valid' && v !== 'invalid') continue;
      const txIdHex = toHex(r.txId);
      const raw = this.o.store.getContent(r.txId) ?? (await this.o.fetchTx?.(certifiedHash, txIdHex)) ?? null;
      if (!raw) throw new ClarityNotReady(`transaction ${txIdHex} of block ${certifiedHash} unavailable`);
      const tx = decodeTx(raw);
      const used = BigInt(r.outputTokens) < tx.gasLimit ? BigInt(r.outputTokens) : tx.gasLimit;
      records.push({
        executor: principalString({ version: PRINCIPAL_VERSION, hash160: hash160(r.executor) }),
        requester: principalString({ version: PRINCIPAL_VERSION, hash160: txSenderHash160(tx) }),
        gas: used * tx.gasPrice,
        valid: v === 'valid',
      });
    }
    const signerMask = certificateSigners(qc);
    const contraMask = certificateContradictors(qc);
    // apply-verdict admits only members of the set staking recorded for the cycle (u312), which can differ
    // from the daemon's (§16.10: e.g. cycle 0's record is taken before the genesis stakes, empty): the
    // certificate's signers and contradictors are restricted to them, read in the state before this block.
    const cycle = Math.floor(y.header.ledgerHeight / CYCLE_LENGTH);
    const members = new Set<string>();
    for (const v of set) if (await this.isContractVerifier(v.principal, cycle)) members.add(v.principal);
    const pick = (mask: number) =>
      set.filter((v, i) => (mask & (1 << i)) !== 0 && members.has(v.principal)).map((v) => v.principal);
    return {
      blockId: qc.blockHash,
      ledgerHash: record.event.hash,
      producer: principalString(winner.registration.principal),
      commitTxid: txid(commitTx.tx),
      accepted: true,
      records,
      signers: pick(signerMask & ~contraMask),
      contradictors: pick(contraMask),
    };
  }

  private async isContractVerifier(principal: string, cycle: number): Promise<boolean> {
    const host = this.o.executor.host;
    if (!host) throw new ClarityNotReady('Clarity host restarting');
    const v = await host.readOnly('staking', 'is-verifier', [Cl.principal(principal), Cl.uint(cycle)]);
    return v.type === ClarityType.BoolTrue;
  }

  /**
   * The Clarity roots a block with ledger height `ledgerHeight` on `parentHashHex` carries (§15.6): those
   * of its newest ancestor A with A.ledgerHeight ≤ L − 7, zeros when none; undefined when this node has
   * not executed A.
   */
  rootsFor(parentHashHex: string | null, ledgerHeight: number): ClarityRoots | undefined {
    let hash = parentHashHex;
    while (hash !== null) {
      const b = this.o.chain.block(hash);
      if (!b) return undefined;
      if (b.header.ledgerHeight <= ledgerHeight - CLARITY_CONFIRMATIONS) {
        const r = this.o.executor.record(hash);
        return r ? { clarityReceiptsRoot: r.receiptsRoot, stateRoot: r.stateRoot } : undefined;
      }
      hash = b.header.height === 0 ? null : toHex(b.header.parentHash);
    }
    return ZERO_ROOTS;
  }

  /** The §15.6 check of a header's Clarity roots: null when they match or cannot be checked here. */
  checkRoots(header: BlockHeader): string | null {
    const expected = this.rootsFor(
      header.height === 0 ? null : toHex(header.parentHash),
      header.ledgerHeight,
    );
    if (!expected) return null;
    if (
      toHex(expected.clarityReceiptsRoot) !== toHex(header.clarityReceiptsRoot) ||
      toHex(expected.stateRoot) !== toHex(header.stateRoot)
    )
      return 'clarity-roots-mismatch';
    return null;
  }
}
