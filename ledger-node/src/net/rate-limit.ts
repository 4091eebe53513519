/**
 * A token bucket: `burst` messages at once, refilled at `ratePerSecond`. Time is an argument so
 * the limiter is deterministic under test.
 */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    nowMs: number,
  ) {
    this.tokens = limit.burst;
    this.last = nowMs;
  }

  /** Takes `cost` tokens if there are enough; false means the sender is over its rate. */
  take(nowMs: number, cost = 1): boolean {
    const elapsed = Math.max(0, nowMs - this.last);
    this.last = nowMs;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed / 1000) * this.limit.ratePerSecond);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
