import type { Logger } from 'pino';

/** Prompts the demo traffic cycles through. */
export const DEMO_PROMPTS: readonly string[] = [
  'Say hello to FUN AI.',
  'Write one line about proof of inference.',
  'Name three colours.',
  'Count from one to five.',
  'What is a ledger?',
];

export interface TrafficOptions {
  /** The OpenAI-compatible base URL (devnet.json `openai.baseURL`, ending in /v1). */
  baseURL: string;
  apiKey: string;
  /** Model name or id. */
  model: string;
  intervalMs: number;
  /** Output tokens per request (default 16). */
  maxTokens?: number;
  log: Logger;
}

export interface TrafficStats {
  sent: number;
  ok: number;
  failed: number;
  /** The last completed request's transaction id (`funai.tx` of the answer). */
  lastTx: string | null;
  lastError: string | null;
}

/**
 * `npm run devnet -- --traffic`: demo chat completions through the OpenAI API, one every `intervalMs`
 * (one at a time: the next timer starts when the previous answer is in, so a slow machine stretches the
 * interval instead of queueing requests). Failures (e.g. 429 before the test key's deposit is credited)
 * are counted and logged, and the traffic goes on.
 */
export class DemoTraffic {
  readonly stats: TrafficStats = { sent: 0, ok: 0, failed: 0, lastTx: null, lastError: null };
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private current: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(s: TrafficStats) => void>();

  constructor(private readonly o: TrafficOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Called after every request with the stats so far; returns the unsubscribe function. */
  onRequest(f: (s: TrafficStats) => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.sendOne();
      void this.current.finally(() => this.schedule(this.o.intervalMs));
    }, ms);
  }

  /** Sends one demo request; never throws (the outcome is in `stats`). */
  async sendOne(): Promise<void> {
    const prompt = DEMO_PROMPTS[this.stats.sent % DEMO_PROMPTS.length]!;
    this.stats.sent++;
    try {
      const res = await fetch(`${this.o.baseURL.replace(/\/$/, '')}/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.o.apiKey}` },
        body: JSON.stringify({
          model: this.o.model,
          messages: [{ role: 'user', content: prompt }],
          max_tokens: this.o.maxTokens ?? 16,
        }),
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await res.json().catch(() => null)) as {
        funai?: { tx?: string };
        error?: { message?: string };
      } | null;
      if (!res.ok || !body?.funai?.tx)
        throw new Error(`HTTP ${res.status}: ${body?.error?.message ?? 'no transaction in the answer'}`);
      this.stats.ok++;
      this.stats.lastTx = body.funai.tx;
      this.o.log.info({ tx: body.funai.tx, prompt }, 'devnet traffic: chat completion');
    } catch (e) {
      this.stats.failed++;
      this.stats.lastError = (e as Error).message;
      this.o.log.warn({ err: (e as Error).message }, 'devnet traffic: request failed');
    }
    for (const f of [...this.listeners]) f(this.stats);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}
