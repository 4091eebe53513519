/**
 * The API's limits (docs/protocol.md §17.3). Every one answers at once: nothing queues in the API
 * itself (the engine's bounded queue is the only wait, and a full queue is a 503 too).
 */
export interface ApiLimits {
  /** Request body bytes; beyond: 413. Default 1 MiB. */
  maxBodyBytes: number;
  /** Characters of prompt text over all messages, checked before tokenizing; beyond: 400. Default 256 Ki. */
  maxPromptChars: number;
  /** max_tokens when a request names none (capped by the model's limit). Default 256. */
  defaultMaxTokens: number;
  /** Per API key: sustained requests per second and burst (token bucket); beyond: 429. */
  ratePerSecond: number;
  rateBurst: number;
  /** Requests in flight per key; beyond: 429. Default 4. */
  maxConcurrentPerKey: number;
  /** Requests in flight in total; beyond: 503. Default 32. */
  maxConcurrent: number;
  /** Whole request (queue + generation), ms; beyond: the generation is cancelled, 504. Default 120 s. */
  requestTimeoutMs: number;
  /** Time to receive the body, ms; beyond: 408. Default 10 s. */
  bodyTimeoutMs: number;
  /** Streaming: the first delta leaves at once, later ones at most this often (ms), merged. Default 10. */
  streamIntervalMs: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  maxBodyBytes: 1 << 20,
  maxPromptChars: 256 * 1024,
  defaultMaxTokens: 256,
  ratePerSecond: 5,
  rateBurst: 20,
  maxConcurrentPerKey: 4,
  maxConcurrent: 32,
  requestTimeoutMs: 120_000,
  bodyTimeoutMs: 10_000,
  streamIntervalMs: 10,
};

/** Per-key token buckets with an injected clock (seconds). Bounded: idle full buckets are dropped. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(rate: number, burst: number, now: () => number = () => performance.now() / 1000) {
    this.rate = rate;
    this.burst = burst;
    this.now = now;
  }

  /** Takes one token; returns 0 when allowed, else the seconds until a token is available. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.rate);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      if (this.buckets.size > 10_000) this.prune(t);
      return 0;
    }
    this.buckets.set(key, b);
    return (1 - b.tokens) / this.rate;
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + (t - b.at) * this.rate >= this.burst) this.buckets.delete(k);
  }
}

/** Counts requests in flight, per key and in total. */
export class InFlight {
  private readonly perKey = new Map<string, number>();
  total = 0;

  count(key: string): number {
    return this.perKey.get(key) ?? 0;
  }

  enter(key: string): () => void {
    this.total++;
    this.perKey.set(key, this.count(key) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.total--;
      const n = this.count(key) - 1;
      if (n === 0) this.perKey.delete(key);
      else this.perKey.set(key, n);
    };
  }
}
