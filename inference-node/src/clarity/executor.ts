import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GenesisConfig, Op } from '@funai/clarity';
import { cvToString, deserializeCV } from '@stacks/transactions';
import type { Logger } from 'pino';
import type { InferenceStore, StoreBatch } from '../store/store.js';
import { decodeStoredJson, encodeStoredJson } from '../store/stored-json.js';
import { CLARITY_CONFIRMATIONS } from './block-ops.js';
import type { ExecutedClarityBlock, ReceiptSummary } from './protocol.js';
import { ClarityService, ClarityServiceError, type ClarityServiceOptions } from './service.js';
import type { StakedVerifier } from './staked-set.js';

/** Ledger blocks per reward cycle (staking's CYCLE-LENGTH, §13.4). */
export const CYCLE_LENGTH = 144;

/** Executed Clarity blocks between two checkpoints (§13.10), and checkpoints kept. */
export const CHECKPOINT_EVERY = 100;
export const CHECKPOINTS_KEPT = 3;

const TIP_META = 'clarity-tip';
const SETS_META = 'clarity-sets';

/** What the store keeps per executed inference block (column `clarity`, keyed by the block's hash). */
export interface ClarityBlockRecord {
  version: 1;
  /** Clarity blocks executed since genesis, this one included (1 for the first). */
  index: number;
  /** The previous executed block (the inference parent), hex; null for the first. */
  parent: string | null;
  ledgerHeight: number;
  ops: Op[];
  receiptsRoot: Uint8Array;
  stateRoot: Uint8Array;
  receipts: ReceiptSummary[];
  /**
   * The VM aborted the block with its user ops (the reason): it was executed again without them, `ops` being
   * what ran (§16.10).
   */
  aborted?: string;
}

/** A canonical inference block due for execution, oldest first. */
export interface ClarityTarget {
  /** Inference block hash, hex. */
  hash: string;
  ledgerHeight: number;
  /**
   * The block's Clarity ops given the ledger height of the previous executed block (null for the first).
   * Throws ClarityNotReady when an input is missing (e.g. a record's transaction): the block waits.
   */
  ops(prevLedgerHeight: number | null): Promise<Op[]> | Op[];
}

/** A Clarity block cannot be built yet (an input is missing); execution waits for the next advance. */
export class ClarityNotReady extends Error {
  override readonly name = 'ClarityNotReady';
}

interface SetRecord {
  /** Executed blocks when it was read (the state after them). */
  after: number;
  set: StakedVerifier[];
}

export interface ClarityExecutorOptions {
  store: InferenceStore;
  /** The genesis (tests), or a genesis file (`-genesis`); neither: the empty genesis. */
  genesis?: GenesisConfig;
  genesisFile?: string | null;
  /** Directory of the checkpoint files. */
  dir: string;
  log: Logger;
  checkpointEvery?: number;
  /** Starts a worker (default `ClarityService.start`; tests inject VM aborts). */
  startService?: (opts: ClarityServiceOptions) => Promise<ClarityService>;
  /** Called after each block executed by `advance` (not for replays), with its inference block hash. */
  onExecuted?: (hash: string) => void;
}

/**
 * The inference chain's Clarity state at a confirmation depth (docs/protocol.md §16.10): executes the
 * canonical inference blocks elected at ℓ once the ledger tip T ≥ ℓ + 6, each as one Clarity block
 * whose record (ops, roots, receipts) goes into the caller's store batch; rolls back to the fork point
 * when executed blocks leave the canonical chain (newest checkpoint at or below it in a fresh worker,
 * then the stored blocks after it); reads each cycle's verifier set in the state §16.9 names.
 */
export class ClarityExecutor {
  private service: ClarityService | null = null;
  /** The executed chain, oldest first. */
  private executed: { hash: string; ledgerHeight: number }[] = [];
  /** Executed block hash → its position in `executed`. */
  private readonly positions = new Map<string, number>();
  private sets = new Map<number, SetRecord>();
  private readonly o: ClarityExecutorOptions;
  private readonly every: number;
  private busy: Promise<unknown> = Promise.resolve();
  /** Records of the current advance, in its caller's batch and not yet in the store (a restart replays them). */
  private readonly unsaved = new Map<string, ClarityBlockRecord>();

  constructor(opts: ClarityExecutorOptions) {
    this.o = opts;
    this.every = opts.checkpointEvery ?? CHECKPOINT_EVERY;
    mkdirSync(opts.dir, { recursive: true });
  }

  /** The executed chain from the store, then the host: newest checkpoint on it plus the stored blocks after. */
  async open(): Promise<void> {
    const chain: { hash: string; ledgerHeight: number }[] = [];
    const tip = this.o.store.getMeta(TIP_META);
    let hash = tip ? new TextDecoder().decode(tip) : null;
    while (hash) {
      const r = this.record(hash);
      if (!r) throw new Error(`store: no Clarity block for ${hash}`);
      chain.push({ hash, ledgerHeight: r.ledgerHeight });
      hash = r.parent;
    }
    this.executed = chain.reverse();
    for (const [i, b] of this.executed.entries()) this.positions.set(b.hash, i);
    const sets = this.o.store.getMeta(SETS_META);
    if (sets) this.sets = new Map(decodeStoredJson<[number, SetRecord][]>(sets));
    const started = performance.now();
    this.service = await this.hostAt(this.executed.length);
    const last = this.executed.at(-1);
    if (last) {
      const root = await this.service.stateRoot();
      if (Buffer.compare(Buffer.from(root), Buffer.from(this.record(last.hash)!.stateRoot)) !== 0)
        throw new Error('Clarity state root after the restart differs from the stored one');
    }
    this.o.log.info(
      { blocks: this.executed.length, ms: Math.round(performance.now() - started) },
      'clarity state restored',
    );
  }

  record(hash: string): ClarityBlockRecord | undefined {
    const pending = this.unsaved.get(hash);
    if (pending) return pending;
    const raw = this.o.store.getClarityBlock(Buffer.from(hash, 'hex'));
    return raw ? decodeStoredJson<ClarityBlockRecord>(raw) : undefined;
  }

  /** The executed chain's length and head. */
  get height(): number {
    return this.executed.length;
  }

  get head(): { hash: string; ledgerHeight: number } | null {
    return this.executed.at(-1) ?? null;
  }

  /** The live service (read-only calls); null before open or while restarting. */
  get host(): ClarityService | null {
    return this.service;
  }

  /** The verifier set of a reward cycle, if read (§16.9); fewer than five stakers: an empty list. */
  stakedSet(cycle: number): StakedVerifier[] | undefined {
    return this.sets.get(cycle)?.set;
  }

  private checkpointFiles(): { index: number; hash: string; file: string }[] {
    const out: { index: number; hash: string; file: string }[] = [];
    for (const name of readdirSync(this.o.dir)) {
      const m = /^(\d+)-([0-9a-f]{64})\.ckpt$/.exec(name);
      if (m) out.push({ index: Number(m[1]), hash: m[2]!, file: join(this.o.dir, name) });
    }
    return out.sort((a, b) => b.index - a.index);
  }

  /** A fresh service at the state after the first `n` executed blocks. */
  private async hostAt(n: number): Promise<ClarityService> {
    const ckpt = this.checkpointFiles().find(
      (c) => c.index <= n && this.executed[c.index - 1]?.hash === c.hash,
    );
    const from = ckpt?.index ?? 0;
    const replay = this.executed.slice(from, n).map((b) => this.record(b.hash)!.ops);
    return (this.o.startService ?? ClarityService.start)({
      genesis: this.o.genesis ?? {},
      genesisFile: this.o.genesisFile ?? null,
      checkpointFile: ckpt?.file ?? null,
      replay,
    });
  }

  /** Position (1-based count up to and including it) of an executed block, if on the executed chain. */
  executedCount(hash: string): number | undefined {
    const i = this.positions.get(hash);
    return i === undefined ? undefined : i + 1;
  }

  /**
   * Brings the executed chain to the canonical chain at depth: its first `keep` blocks stay (the fork
   * point; `keep` < height rolls back), then `targets` (oldest first) are executed; `maxLedgerHeight` =
   * T − 6. The records go into `batch`. One advance at a time.
   */
  advance(
    keep: number,
    targets: readonly ClarityTarget[],
    maxLedgerHeight: number,
    batch: StoreBatch,
  ): Promise<ExecutedClarityBlock[]> {
    const run = this.busy.then(() => this.advanceNow(keep, targets, maxLedgerHeight, batch));
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async advanceNow(
    keep: number,
    targets: readonly ClarityTarget[],
    maxLedgerHeight: number,
    batch: StoreBatch,
  ): Promise<ExecutedClarityBlock[]> {
    if (!this.service) throw new Error('Clarity executor not open');
    // The previous advance's batch is committed by now.
    this.unsaved.clear();
    const k = Math.min(keep, this.executed.length);
    let changed = false;
    if (k < this.executed.length) {
      const started = performance.now();
      const dropped = this.executed.length - k;
      for (const b of this.executed.slice(k)) this.positions.delete(b.hash);
      this.executed = this.executed.slice(0, k);
      for (const [c, s] of this.sets) if (s.after >= k) this.sets.delete(c);
      await this.service.close();
      this.service = null;
      this.service = await this.hostAt(k);
      changed = true;
      this.o.log.info(
        { dropped, height: k, ms: Math.round(performance.now() - started) },
        'clarity rolled back to the fork point',
      );
    }
    const done: ExecutedClarityBlock[] = [];
    for (const t of targets) {
      // A set read before this block's state existed (the block arrived late, e.g. fetched after the ledger
      // passed its depth) is read again once it has executed.
      for (const c of this.sets.keys())
        if (CYCLE_LENGTH * c - CLARITY_CONFIRMATIONS >= t.ledgerHeight) this.sets.delete(c);
      await this.readSets(t.ledgerHeight - 1);
      const prev = this.executed.at(-1) ?? null;
      let ops: Op[];
      try {
        ops = await t.ops(prev?.ledgerHeight ?? null);
      } catch (e) {
        if (e instanceof ClarityNotReady) {
          this.o.log.warn({ hash: t.hash, reason: e.message }, 'clarity block waits for its inputs');
          break;
        }
        throw e;
      }
      const started = performance.now();
      let r: ExecutedClarityBlock;
      let aborted: string | undefined;
      try {
        r = await this.service.executeBlock(ops);
      } catch (e) {
        // A VM abort (§13.1) poisons the worker. Every node aborts on the same ops (§13.9): the block is
        // invalid for Clarity with its user ops, so it is executed again without them, in a fresh worker at
        // the state before it (newest checkpoint + the blocks after). An abort of the system calls alone is
        // fatal (a contract bug), as is any other failure.
        if (!(e instanceof ClarityServiceError && e.vmAbort) || ops.every((o) => o.type === 'system-call'))
          throw e;
        aborted = e.message;
        await this.service.close().catch(() => undefined);
        this.service = null;
        this.service = await this.hostAt(this.executed.length);
        const dropped = ops.filter((o) => o.type !== 'system-call').length;
        ops = ops.filter((o) => o.type === 'system-call');
        this.o.log.warn(
          { hash: t.hash, reason: aborted, dropped },
          'clarity block aborted: executed again without its user ops',
        );
        r = await this.service.executeBlock(ops);
      }
      const record: ClarityBlockRecord = {
        version: 1,
        index: this.executed.length + 1,
        parent: prev?.hash ?? null,
        ledgerHeight: t.ledgerHeight,
        ops,
        receiptsRoot: r.receiptsRoot,
        stateRoot: r.stateRoot,
        receipts: r.receipts,
        ...(aborted !== undefined ? { aborted } : {}),
      };
      batch.putClarityBlock(Buffer.from(t.hash, 'hex'), encodeStoredJson(record));
      this.unsaved.set(t.hash, record);
      this.positions.set(t.hash, this.executed.length);
      this.executed.push({ hash: t.hash, ledgerHeight: t.ledgerHeight });
      changed = true;
      done.push(r);
      this.o.log.info(
        {
          hash: t.hash,
          index: record.index,
          ledgerHeight: t.ledgerHeight,
          ops: ops.length,
          deposits: ops.filter((o) => o.type === 'system-call' && o.fn === 'credit-deposit').length,
          failed: r.receipts.filter((x) => x.status !== 'ok').length,
          // The verdict's outcome (§13.5): `(ok (tuple (burned …) (gas-paid …) (reward …) (slashed …)))`.
          ...verdictOutcome(ops, r.receipts),
          ms: Math.round(performance.now() - started),
        },
        'clarity block executed',
      );
      this.o.onExecuted?.(t.hash);
      if (record.index % this.every === 0) await this.checkpoint();
    }
    // Everything due is executed: the sets of the cycles whose read height is reached.
    if (done.length === targets.length) await this.readSets(maxLedgerHeight);
    if (changed) {
      const head = this.executed.at(-1);
      if (head) batch.putMeta(TIP_META, new TextEncoder().encode(head.hash));
      else batch.putMeta(TIP_META, new Uint8Array(0));
    }
    batch.putMeta(SETS_META, encodeStoredJson([...this.sets]));
    return done;
  }

  /**
   * Reads the verifier set of every cycle c not yet read whose read height 144·c − 7 is ≤ `ledgerHeight`
   * (the executed chain holds every canonical block at or below it and none above).
   */
  private async readSets(ledgerHeight: number): Promise<void> {
    const lastCycle = Math.floor((ledgerHeight + CLARITY_CONFIRMATIONS) / CYCLE_LENGTH);
    for (let c = 0; c <= lastCycle; c++) {
      if (this.sets.has(c) || CYCLE_LENGTH * c - CLARITY_CONFIRMATIONS > ledgerHeight) continue;
      const set = await this.service!.stakedSet();
      this.sets.set(c, { after: this.executed.length, set });
      this.o.log.info(
        { cycle: c, verifiers: set.map((v) => ({ principal: v.principal, stake: String(v.stake) })) },
        'verifier set read',
      );
    }
  }

  /** Writes a checkpoint of the current state (every N blocks and at a graceful stop), keeping the newest few. */
  async checkpoint(): Promise<void> {
    const head = this.executed.at(-1);
    if (!this.service || !head) return;
    const file = join(this.o.dir, `${this.executed.length}-${head.hash}.ckpt`);
    if (existsSync(file)) return;
    const started = performance.now();
    const r = await this.service.checkpoint(file);
    for (const old of this.checkpointFiles().slice(CHECKPOINTS_KEPT)) rmSync(old.file, { force: true });
    this.o.log.info(
      { index: r.height, bytes: r.bytes, ms: Math.round(performance.now() - started) },
      'clarity checkpoint written',
    );
  }

  async close(): Promise<void> {
    await this.busy;
    await this.service?.close();
    this.service = null;
  }
}

/** The apply-verdict receipt of a block's ops, for the log: `{verdict: "(ok …)"}`, or nothing. */
function verdictOutcome(ops: readonly Op[], receipts: readonly ReceiptSummary[]): { verdict?: string } {
  const i = ops.findIndex(
    (o) => o.type === 'system-call' && o.contract === 'poi' && o.fn === 'apply-verdict',
  );
  const r = i < 0 ? undefined : receipts[i];
  if (!r) return {};
  return { verdict: r.status === 'rejected' ? `rejected ${r.reason}` : cvToString(deserializeCV(r.result)) };
}
