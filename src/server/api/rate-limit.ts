/** Per-key token buckets: `burst` requests at once, refilled at `perSecond`. In memory, per server process. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(readonly limit: RateLimit, private readonly now: () => number = () => Date.now()) {}

  /** Takes a token for `key`: 0 when allowed, else the seconds to wait before one is available. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }
}
