import type { ChainState, HeaderInfo } from '../chain/chain-state.js';
import type { Mempool } from '../mempool/mempool.js';

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
}

/**
 * What long-polling calls wait on (waitfornewblock, waitforblockheight, getblocktemplate's
 * longpollid): the tip, and a counter of mempool changes (Core's nTransactionsUpdated).
 */
export class ChainNotifier {
  private waiters = new Set<Waiter>();
  private parkedListeners: (() => void)[] = [];
  private updates = 0;
  private tipChangedAt: number;

  constructor(
    private readonly chain: ChainState,
    mempool: Mempool,
  ) {
    this.tipChangedAt = Date.now();
    chain.on('tip', () => {
      this.tipChangedAt = Date.now();
      this.notify();
    });
    const bump = () => {
      this.updates++;
      this.notify();
    };
    mempool.on('added', bump);
    mempool.on('removed', bump);
  }

  /** Mempool additions and removals so far. */
  get transactionsUpdated(): number {
    return this.updates;
  }

  /** Epoch milliseconds of the last tip change (or of startup). */
  get lastTipChange(): number {
    return this.tipChangedAt;
  }

  /** Calls waiting now (a long poll parked until the tip or the mempool changes). */
  get waiting(): number {
    return this.waiters.size;
  }

  /**
   * Resolves once a call is waiting (at once if one is): lets a test know a long poll is parked,
   * rather than sleeping and hoping it is.
   */
  whenWaiting(): Promise<void> {
    if (this.waiters.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.parkedListeners.push(resolve));
  }

  tip(): HeaderInfo {
    return this.chain.getTip();
  }

  private notify(): void {
    for (const w of this.waiters) {
      if (w.ready()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /**
   * Resolves when `ready()` holds (checked now and after every tip or mempool change), when
   * `timeoutMs` passes (0: never), or when `signal` aborts. Returns whether `ready()` held.
   */
  waitUntil(ready: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (ok: boolean) => {
        this.waiters.delete(waiter);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const waiter: Waiter = { ready, resolve: () => finish(true) };
      const onAbort = () => finish(false);
      this.waiters.add(waiter);
      for (const l of this.parkedListeners.splice(0)) l();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs > 0) timer = setTimeout(() => finish(ready()), timeoutMs);
    });
  }
}
