/** Per-key token buckets: `burst` requests at once, refilled at `perSecond`. In memory, per server process. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweptAt = 0;

  /** `maxIdle`: past this many buckets, full ones are dropped (at most one sweep a second). */
  constructor(readonly limit: RateLimit, private readonly now: () => number = () => Date.now(), private readonly maxIdle = 10_000) {}

  /** How many buckets are kept (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes a token for `key`: 0 when allowed, else the seconds to wait before one is available. */
  take(key: string): number {
    const t = this.now();
    if (this.buckets.size > this.maxIdle && t - this.sweptAt >= 1000) this.sweep(t);
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    b.tokens = this.refilled(b, t);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  private refilled(b: { tokens: number; at: number }, t: number): number {
    return Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
  }

  /** A full bucket is the same as none: dropping them keeps only keys that used tokens lately (one-off addresses go). */
  private sweep(t: number): void {
    this.sweptAt = t;
    for (const [key, b] of this.buckets) if (this.refilled(b, t) >= this.limit.burst) this.buckets.delete(key);
  }
}
