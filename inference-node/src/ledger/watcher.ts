import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { hexToHash } from '@funai/ledger-node';
import type { Logger } from 'pino';
import type { LedgerBlock } from './block.js';
import { attachSenders, decodeLedgerBlock, extendsBlock } from './block.js';
import type { LedgerRpcClient } from './rpc-client.js';
import { LedgerRpcError, LedgerUnreachableError } from './rpc-client.js';

/** A ledger block named by height and hash (display hex, as the RPC prints it). */
export interface LedgerBlockRef {
  height: number;
  hashHex: string;
}

/**
 * Where the watcher delivers the ledger's best chain, one block at a time and in order: every
 * `disconnect` undoes the last `connect` not yet undone. The watcher waits for each call to settle
 * before the next, so a sink that persists inside its call never misses or repeats a block across
 * a restart (it hands its persisted tail back as `known`). A sink that throws stops the watcher.
 */
export interface LedgerBlockSink {
  connect(block: LedgerBlock): Promise<void> | void;
  /** `block` is null when the ledger no longer has the stale block's data. */
  disconnect(ref: LedgerBlockRef, block: LedgerBlock | null): Promise<void> | void;
}

export interface LedgerWatcherOptions {
  rpc: LedgerRpcClient;
  sink: LedgerBlockSink;
  log: Logger;
  /**
   * The blocks already delivered in an earlier run (from the store), ascending and contiguous;
   * the watcher resumes after the last one, first checking that it is still on the best chain.
   */
  known?: readonly LedgerBlockRef[];
  /** The first height to deliver when nothing is known (default 0, the genesis block). */
  startHeight?: number;
  /** Long-poll wait per call, ms (default 10 s); a same-height reorg is noticed within it. */
  pollMs?: number;
  /** Retry pauses while the ledger is unreachable: doubling from `initialMs` to `maxMs`. */
  retry?: { initialMs: number; maxMs: number };
  /** Catch-up progress is logged at most this often, ms (default 5 s). */
  progressMs?: number;
  /** Hashes kept for finding forks; a reorg deeper than this stops the watcher (default 10,000). */
  maxReorgDepth?: number;
}

export class LedgerWatcherError extends Error {
  override readonly name = 'LedgerWatcherError';
  constructor(
    readonly reason: 'reorg-too-deep' | 'sink-failed' | 'ledger-error',
    message: string,
  ) {
    super(message);
  }
}

type WatcherEvents = {
  /** The watcher's tip equals the ledger's best block. */
  synced: [LedgerBlockRef];
  connected: [LedgerBlock];
  disconnected: [LedgerBlockRef];
  /** A call failed for want of the ledger; `attempt` counts failures in a row. */
  unreachable: [{ error: string; attempt: number }];
  /** The first successful call after an outage. */
  reachable: [];
};

/**
 * Follows a ledger node's best chain over its JSON-RPC (docs/protocol.md §16.1). Forward steps check
 * that each new block's parent is the watcher's tip, so a reorg racing the walk is never mistaken
 * for an extension; a reorg is found by walking the watcher's own chain back until `getblockhash`
 * agrees, disconnecting on the way. An unreachable or restarting ledger is retried with backoff,
 * and the walk resumes from the last block delivered.
 */
export class LedgerWatcher extends EventEmitter<WatcherEvents> {
  private readonly rpc: LedgerRpcClient;
  private readonly sink: LedgerBlockSink;
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly retry: { initialMs: number; maxMs: number };
  private readonly progressMs: number;
  private readonly maxDepth: number;
  private readonly startHeight: number;
  /** Delivered chain: hashes[i] is the block at height base + i. */
  private hashes: string[] = [];
  private base: number;
  /** Recently delivered blocks by hash, for disconnecting without asking the ledger. */
  private readonly recent = new Map<string, LedgerBlock>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private failures = 0;
  private ledgerHeight = -1;
  private wasSynced = false;
  private lastProgress = 0;
  private fatal: Error | undefined;

  constructor(opts: LedgerWatcherOptions) {
    super();
    this.rpc = opts.rpc;
    this.sink = opts.sink;
    this.log = opts.log;
    this.pollMs = opts.pollMs ?? 10_000;
    this.retry = opts.retry ?? { initialMs: 100, maxMs: 10_000 };
    this.progressMs = opts.progressMs ?? 5_000;
    this.maxDepth = opts.maxReorgDepth ?? 10_000;
    this.startHeight = opts.startHeight ?? 0;
    const known = opts.known ?? [];
    this.base = known[0]?.height ?? this.startHeight;
    known.forEach((k, i) => {
      if (k.height !== this.base + i) throw new RangeError('known blocks must be contiguous and ascending');
      this.hashes.push(k.hashHex);
    });
  }

  /** The last block delivered, or null before the first. */
  get tip(): LedgerBlockRef | null {
    const n = this.hashes.length;
    return n === 0 ? null : { height: this.base + n - 1, hashHex: this.hashes[n - 1]! };
  }

  /** The ledger's best height at the last look (-1 before the first answer). */
  get bestLedgerHeight(): number {
    return this.ledgerHeight;
  }

  get synced(): boolean {
    return this.wasSynced;
  }

  get reachable(): boolean {
    return this.failures === 0;
  }

  /** Starts following; `stopped` settles when stop() is called or a sink call fails. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves when the watcher has stopped; rejects with the error that stopped it, if any. */
  get stopped(): Promise<void> {
    return (this.loop ?? Promise.resolve()).then(() => {
      if (this.fatal) throw this.fatal;
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop?.catch(() => {});
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  private async run(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        await this.syncOnce();
        if (this.signal.aborted) break;
        const tip = this.tip;
        // Returns at once if the ledger is already past our tip; otherwise waits for a block.
        await this.rpc.waitForBlockHeight(
          (tip?.height ?? this.startHeight - 1) + 1,
          this.pollMs,
          this.signal,
        );
        this.reachableAgain();
      } catch (e) {
        if (this.signal.aborted) break;
        if (e instanceof LedgerUnreachableError) {
          await this.unreachable(e);
          continue;
        }
        if (e instanceof LedgerRpcError && (e.code === -5 || e.code === -8)) {
          // Block not found / height out of range: the ledger's chain moved under the walk.
          this.log.debug({ err: e.message }, 'ledger chain changed during the walk; looking again');
          continue;
        }
        const fatal =
          e instanceof LedgerWatcherError
            ? e
            : e instanceof LedgerRpcError
              ? new LedgerWatcherError('ledger-error', e.message)
              : new LedgerWatcherError('sink-failed', (e as Error).message);
        this.fatal = fatal;
        this.log.error({ err: fatal.message, reason: fatal.reason }, 'ledger watcher stopped');
        break;
      }
    }
  }

  private reachableAgain(): void {
    if (this.failures > 0) {
      this.log.info({ failures: this.failures }, 'ledger reachable again');
      this.failures = 0;
      this.emit('reachable');
    }
  }

  private async unreachable(e: LedgerUnreachableError): Promise<void> {
    this.failures++;
    const pause = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** Math.min(this.failures - 1, 30));
    // Every failure of an outage is counted; the first and then every tenth is logged.
    if (this.failures === 1 || this.failures % 10 === 0) {
      this.log.warn(
        { err: e.message, attempt: this.failures, retryMs: pause },
        'ledger unreachable, retrying',
      );
    }
    this.emit('unreachable', { error: e.message, attempt: this.failures });
    try {
      await sleep(pause, undefined, { signal: this.signal });
    } catch {
      // stopped
    }
  }

  /** Brings the delivered chain to the ledger's best block. */
  private async syncOnce(): Promise<void> {
    const info = await this.rpc.getBlockchainInfo(this.signal);
    this.reachableAgain();
    this.ledgerHeight = info.blocks;
    if (this.tip?.hashHex === info.bestblockhash) {
      this.markSynced();
      return;
    }
    await this.rewindToBestChain(info.blocks);
    for (let height = (this.tip?.height ?? this.startHeight - 1) + 1; height <= info.blocks; height++) {
      if (this.signal.aborted) return;
      const hashHex = await this.rpc.getBlockHash(height, this.signal);
      const block = decodeLedgerBlock(height, hashHex, await this.rpc.getBlockHex(hashHex, this.signal));
      const tip = this.tip;
      if (tip && !extendsBlock(block, hexToHash(tip.hashHex))) return; // a reorg raced us: look again
      if (block.ops.length > 0) {
        // Each op's sender (input 0's prevout script, docs/protocol.md §14.2) from the ledger's undo data.
        const info = await this.rpc.getFunaiOps(height, this.signal);
        if (info.hash !== hashHex) return; // a reorg raced us: look again
        attachSenders(block, info);
      }
      await this.deliverConnect(block);
      this.progress(height, info.blocks);
    }
    const best = await this.rpc.getBlockchainInfo(this.signal);
    this.ledgerHeight = best.blocks;
    if (this.tip?.hashHex === best.bestblockhash) this.markSynced();
  }

  /** Disconnects delivered blocks until the tip is on the ledger's best chain. */
  private async rewindToBestChain(bestHeight: number): Promise<void> {
    let depth = 0;
    for (let tip = this.tip; tip; tip = this.tip) {
      if (tip.height <= bestHeight && (await this.rpc.getBlockHash(tip.height, this.signal)) === tip.hashHex)
        return;
      if (this.hashes.length === 1 && this.base > this.startHeight) {
        throw new LedgerWatcherError(
          'reorg-too-deep',
          `the ledger reorganised below height ${this.base}, the oldest block this node remembers`,
        );
      }
      await this.deliverDisconnect(tip);
      depth++;
    }
    if (depth > 0) this.log.info({ depth, fork: this.tip }, 'ledger reorg: disconnected to the fork');
  }

  private async deliverConnect(block: LedgerBlock): Promise<void> {
    await this.sink.connect(block);
    if (this.hashes.length === 0) this.base = block.height;
    this.hashes.push(block.hashHex);
    if (this.hashes.length > this.maxDepth) {
      const drop = this.hashes.length - this.maxDepth;
      this.hashes.splice(0, drop);
      this.base += drop;
    }
    this.recent.set(block.hashHex, block);
    if (this.recent.size > 64) this.recent.delete(this.recent.keys().next().value!);
    // One line per block once following the tip; catching up logs progress instead.
    this.log[this.wasSynced ? 'info' : 'debug'](
      { height: block.height, hash: block.hashHex, ops: block.ops.length },
      'ledger block connected',
    );
    this.emit('connected', block);
  }

  private async deliverDisconnect(ref: LedgerBlockRef): Promise<void> {
    let block = this.recent.get(ref.hashHex) ?? null;
    if (!block) {
      try {
        block = decodeLedgerBlock(
          ref.height,
          ref.hashHex,
          await this.rpc.getBlockHex(ref.hashHex, this.signal),
        );
      } catch (e) {
        if (!(e instanceof LedgerRpcError)) throw e;
      }
    }
    await this.sink.disconnect(ref, block);
    this.hashes.pop();
    this.recent.delete(ref.hashHex);
    this.wasSynced = false;
    this.log.info({ height: ref.height, hash: ref.hashHex }, 'ledger block disconnected');
    this.emit('disconnected', ref);
  }

  private progress(height: number, best: number): void {
    const now = Date.now();
    if (best - height > 0 && now - this.lastProgress >= this.progressMs) {
      this.lastProgress = now;
      this.log.info(
        { height, ledgerHeight: best, progress: Number((height / Math.max(best, 1)).toFixed(4)) },
        'catching up with the ledger',
      );
    }
  }

  private markSynced(): void {
    const tip = this.tip;
    if (!tip) return;
    if (!this.wasSynced) this.log.info({ height: tip.height, hash: tip.hashHex }, 'ledger synced');
    this.wasSynced = true;
    this.emit('synced', tip);
  }
}
