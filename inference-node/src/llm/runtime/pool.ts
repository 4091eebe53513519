import { LlmError } from '../errors.js';
import { abortError } from './abort.js';

interface Waiter<T> {
  resolve(item: T): void;
  reject(err: Error): void;
  cleanup(): void;
}

/**
 * A fixed set of resources (here: context sequences, one per llama.cpp context) lent out one request at
 * a time, with a bounded FIFO queue of waiters. A full queue rejects at once (`queue-full`) rather than
 * letting work pile up; an aborted waiter leaves the queue (`aborted`); closing rejects every waiter
 * (`engine-closed`).
 */
export class ResourcePool<T> {
  private readonly idle: T[];
  private readonly waiters: Waiter<T>[] = [];
  private readonly maxQueue: number;
  private closed = false;
  private active = 0;
  private drained: (() => void) | null = null;

  constructor(items: readonly T[], maxQueue: number) {
    if (items.length === 0) throw new RangeError('a pool needs at least one item');
    this.idle = [...items];
    this.maxQueue = maxQueue;
  }

  get queued(): number {
    return this.waiters.length;
  }

  get busy(): number {
    return this.active;
  }

  private acquire(signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(new LlmError('engine-closed'));
    if (signal?.aborted) return Promise.reject(abortError(signal, 'before start'));
    const item = this.idle.pop();
    if (item !== undefined) {
      this.active++;
      return Promise.resolve(item);
    }
    if (this.waiters.length >= this.maxQueue)
      return Promise.reject(new LlmError('queue-full', `${this.waiters.length} requests waiting`));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError(signal!, 'while queued'));
      };
      const waiter: Waiter<T> = {
        resolve: (it) => {
          this.active++;
          resolve(it);
        },
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private release(item: T): void {
    this.active--;
    const next = this.waiters.shift();
    if (next && !this.closed) {
      next.cleanup();
      next.resolve(item);
      return;
    }
    this.idle.push(item);
    if (this.active === 0) this.drained?.();
  }

  /** Runs `fn` with an item of the pool, waiting in the queue if none is free. */
  async run<R>(fn: (item: T) => Promise<R>, signal?: AbortSignal): Promise<R> {
    const item = await this.acquire(signal);
    try {
      return await fn(item);
    } finally {
      this.release(item);
    }
  }

  /** Rejects every waiter and resolves once the running requests have finished. */
  async close(): Promise<T[]> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      w.cleanup();
      w.reject(new LlmError('engine-closed'));
    }
    if (this.active > 0) await new Promise<void>((r) => (this.drained = r));
    return this.idle;
  }
}
