import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GenesisConfig, Op } from '@funai/clarity';
import type { ClarityValue } from '@stacks/transactions';
import type {
  ClarityAccount,
  ExecutedClarityBlock,
  WorkerMessage,
  WorkerReplies,
  WorkerRequest,
} from './protocol.js';
import type { StakedVerifier } from './staked-set.js';

/** The worker failed: a VM abort (the block is invalid, this worker unusable), a crash, or a refusal. */
export class ClarityServiceError extends Error {
  override readonly name = 'ClarityServiceError';
  constructor(
    /** The worker-side error's name (`VmAbortError`, `VmCheckpointError`, `GenesisError`, …) or `exit`. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
  get vmAbort(): boolean {
    return this.reason === 'VmAbortError';
  }
}

/**
 * The worker's script: dist/clarity/worker.js next to this module once built. Run from the sources (the
 * test runner), the built one is used, so `npm run build` (tsc -b) comes first, as for the daemon tests.
 */
function workerUrl(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.js')) return new URL('./worker.js', here);
  const built = new URL('../../dist/clarity/worker.js', here);
  if (!existsSync(fileURLToPath(built)))
    throw new Error('build inference-node first (dist/clarity/worker.js)');
  return built;
}

export interface ClarityServiceOptions {
  /** The genesis (tests), or `genesisFile`: a genesis file the worker parses (docs/node.md). */
  genesis?: GenesisConfig;
  genesisFile?: string | null;
  /** A checkpoint file (§13.10) to restore instead of running genesis; its blocks are not in `replay`. */
  checkpointFile?: string | null;
  /** Stored Clarity blocks to execute again after genesis or the checkpoint (state only). */
  replay?: Op[][];
}

/**
 * The Clarity host of the inference chain in a worker thread (docs/protocol.md §16.10): create from
 * genesis or restore a checkpoint, execute blocks, read-only calls, checkpoints to a file. One request
 * at a time, in order. A worker is its own isolate, so it holds the only VM session of its wasm
 * instance: restoring a checkpoint, or recovering after a VM abort, is `close()` and a new service.
 */
export class ClarityService {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private queue: Promise<unknown> = Promise.resolve();
  private failed: ClarityServiceError | null = null;
  private closed = false;
  private blocks = 0;
  private opened: WorkerReplies['open'] | null = null;

  private constructor() {
    this.worker = new Worker(workerUrl());
    this.worker.on('message', (m: WorkerMessage) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.value);
      else {
        const e = new ClarityServiceError(m.error.name, m.error.message);
        if (e.vmAbort) this.failed = e;
        w.reject(e);
      }
    });
    const fail = (e: ClarityServiceError) => {
      this.failed ??= e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', (e) => fail(new ClarityServiceError('worker-error', e.message)));
    this.worker.on('exit', (code) => {
      if (!this.closed) fail(new ClarityServiceError('exit', `Clarity worker exited (${code})`));
    });
  }

  /** A worker with the host at genesis, or at the checkpoint, then the `replay` blocks. */
  static async start(opts: ClarityServiceOptions): Promise<ClarityService> {
    const s = new ClarityService();
    try {
      const r = await s.call({
        kind: 'open',
        genesis: opts.genesis ?? {},
        genesisFile: opts.genesisFile ?? null,
        checkpointFile: opts.checkpointFile ?? null,
        replay: opts.replay ?? [],
      });
      s.blocks = r.height;
      s.opened = r;
    } catch (e) {
      await s.close();
      throw e;
    }
    return s;
  }

  private call<K extends WorkerRequest['kind']>(
    req: Extract<WorkerRequest, { kind: K }>,
  ): Promise<WorkerReplies[K]> {
    const run = (): Promise<WorkerReplies[K]> => {
      if (this.closed) return Promise.reject(new ClarityServiceError('closed', 'Clarity service closed'));
      if (this.failed) return Promise.reject(this.failed);
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        this.worker.postMessage({ id, req });
      });
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** The system principal (the genesis contracts' deployer, §13.1). */
  get systemPrincipal(): string {
    return this.opened!.systemPrincipal;
  }

  /** Genesis allocations and calls, as the worker read them. */
  get genesisSize(): { allocations: number; calls: number } {
    return { allocations: this.opened!.allocations, calls: this.opened!.calls };
  }

  /** Clarity blocks executed since genesis (inference blocks). */
  get height(): number {
    return this.blocks;
  }

  /** Set once the worker can serve no more (a VM abort or its exit): start a new service. */
  get failure(): ClarityServiceError | null {
    return this.failed;
  }

  async executeBlock(ops: Op[]): Promise<ExecutedClarityBlock> {
    const r = await this.call({ kind: 'execute', ops });
    this.blocks = r.height;
    return r;
  }

  /** Executes stored blocks again for their state only (no receipts). */
  async replayBlocks(blocks: Op[][]): Promise<void> {
    if (blocks.length === 0) return;
    this.blocks = (await this.call({ kind: 'replay', blocks })).height;
  }

  /** A read-only function of a genesis contract. */
  readOnly(contract: string, fn: string, args: ClarityValue[] = []): Promise<ClarityValue> {
    return this.call({ kind: 'read', contract, fn, args });
  }

  /** The first five of staking's ranking with keys and stakes (§16.9). */
  stakedSet(): Promise<StakedVerifier[]> {
    return this.call({ kind: 'staked-set' });
  }

  /** A principal's FAI balance, bond and fee account. */
  account(principal: string): Promise<ClarityAccount> {
    return this.call({ kind: 'account', principal });
  }

  /** A principal's fee account in poi (§13.5): what the API may charge, base units. */
  async feeAccount(principal: string): Promise<{ available: bigint; pending: bigint }> {
    const a = await this.account(principal);
    return { available: a.feesAvailable, pending: a.feesPending };
  }

  /** Writes a checkpoint (§13.10) to `file` (atomically: temp file, then rename). */
  checkpoint(file: string): Promise<{ height: number; bytes: number }> {
    return this.call({ kind: 'checkpoint', file });
  }

  stateRoot(): Promise<Uint8Array> {
    return this.call({ kind: 'state-root' });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
    const e = new ClarityServiceError('closed', 'Clarity service closed');
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
