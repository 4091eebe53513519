import type { Logger } from 'pino';
import type { LedgerRpc } from './rpc.js';

/**
 * Mines one ledger block every `intervalMs` through `generatetoaddress`, so the devnet's pace is set by
 * the devnet (5 s by default) instead of regtest's 30 s target spacing. One block at a time: the next
 * timer starts after the previous block is in, so a slow machine stretches the interval instead of
 * queueing blocks.
 */
export class IntervalMiner {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly rpc: LedgerRpc,
    private readonly address: string,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.mineOne().then(
        () => undefined,
        () => undefined,
      );
      void this.current.finally(() => this.schedule());
    }, this.intervalMs);
  }

  async mineOne(): Promise<string> {
    try {
      const [hash] = await this.rpc.call<string[]>('generatetoaddress', 1, this.address);
      return hash!;
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'devnet miner: block not mined');
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current.catch(() => undefined);
  }
}
