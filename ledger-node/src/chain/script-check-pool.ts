import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScriptCheck } from '../consensus/connect-block.js';
import { ValidationError } from '../consensus/errors.js';
import type { ScriptCheckFailure } from './script-check-batch.js';
import { encodeScriptChecks, firstScriptFailure } from './script-check-batch.js';

/** Runs a block's script checks; rejects with the ValidationError of the first failing input. */
export interface ScriptCheckRunner {
  /** `txBytes`: the serialization of the block's transaction at an index, when the caller has it. */
  run(checks: readonly ScriptCheck[], txBytes?: (txIndex: number) => Uint8Array): Promise<void>;
  close(): Promise<void>;
}

function raise(f: ScriptCheckFailure): never {
  throw new ValidationError(f.reason, f.detail);
}

/** Every check on the calling thread. */
export class InlineScriptChecker implements ScriptCheckRunner {
  async run(checks: readonly ScriptCheck[]): Promise<void> {
    const f = firstScriptFailure(checks);
    if (f !== null) raise(f);
  }

  async close(): Promise<void> {}
}

/** Below this many inputs a round trip to the workers costs more than it saves. */
const MIN_PARALLEL_CHECKS = 16;

interface WorkerSlot {
  worker: Worker;
  inFlight: number;
}

interface Reply {
  id: number;
  failure?: ScriptCheckFailure | null;
  error?: string;
}

/**
 * Script checks spread over worker threads (signature checks dominate block validation). A block's
 * checks are cut into contiguous runs of whole transactions, one run per worker, each sent as one
 * transferred buffer; the failure reported is the first in block order, as the sequential run
 * would report it.
 */
export class ScriptCheckPool implements ScriptCheckRunner {
  private readonly slots: WorkerSlot[] = [];
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private broken: Error | undefined;

  static defaultSize(): number {
    return availableParallelism();
  }

  /** The compiled worker next to this module, or (running from sources, as under vitest) the built one. */
  static defaultWorkerUrl(): URL {
    const sibling = new URL('./script-check-worker.js', import.meta.url);
    if (existsSync(fileURLToPath(sibling))) return sibling;
    return new URL('../../dist/chain/script-check-worker.js', import.meta.url);
  }

  constructor(
    readonly size: number,
    workerUrl: URL = ScriptCheckPool.defaultWorkerUrl(),
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('pool size must be at least 1');
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerUrl);
      worker.unref();
      worker.on('message', (r: Reply) => this.onReply(r));
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`script-check worker exited with code ${code}`));
      });
      this.slots.push({ worker, inFlight: 0 });
    }
  }

  private onReply(r: Reply): void {
    const w = this.waiting.get(r.id);
    if (w === undefined) return;
    this.waiting.delete(r.id);
    if (r.error !== undefined) w.reject(new Error(`script-check worker failed: ${r.error}`));
    else w.resolve(r);
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  private send(
    slot: WorkerSlot,
    checks: readonly ScriptCheck[],
    txBytes?: (txIndex: number) => Uint8Array,
  ): Promise<ScriptCheckFailure | null> {
    const bytes = encodeScriptChecks(checks, txBytes);
    const id = this.nextId++;
    // A worker holds the event loop open only while it has work, so an idle pool never keeps the
    // process alive.
    if (slot.inFlight++ === 0) slot.worker.ref();
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, bytes }, [bytes.buffer as ArrayBuffer]);
    })
      .then((r) => r.failure ?? null)
      .finally(() => {
        if (--slot.inFlight === 0) slot.worker.unref();
      });
  }

  async run(checks: readonly ScriptCheck[], txBytes?: (txIndex: number) => Uint8Array): Promise<void> {
    if (this.broken) throw this.broken;
    if (checks.length < MIN_PARALLEL_CHECKS) {
      const f = firstScriptFailure(checks);
      if (f !== null) raise(f);
      return;
    }
    const runs = splitByTransaction(checks, this.slots.length);
    const results = await Promise.all(runs.map((run, i) => this.send(this.slots[i]!, run, txBytes)));
    for (const f of results) if (f !== null) raise(f);
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/** Contiguous runs of whole transactions with about the same number of checks each. */
export function splitByTransaction(checks: readonly ScriptCheck[], parts: number): ScriptCheck[][] {
  const target = Math.ceil(checks.length / parts);
  const runs: ScriptCheck[][] = [];
  let current: ScriptCheck[] = [];
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i]!;
    current.push(c);
    const endOfTx = i + 1 === checks.length || checks[i + 1]!.tx !== c.tx;
    if (endOfTx && current.length >= target && runs.length < parts - 1) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}
