/**
 * Per-provider limits: how many requests at once (a semaphore) and how many start per minute
 * (a pacing limiter, GCRA: starts are spaced 60 000 / rpm ms apart after an initial burst).
 * A 429 can pause the provider: every later start waits until the pause ends.
 */
import { sleep } from './retry.js';

export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`concurrency must be >= 1, got ${capacity}`);
  }

  get inUse(): number {
    return this.active;
  }
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free (FIFO). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.active < this.capacity) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      this.queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.active--;
    };
  }
}

export interface RateLimiterOptions {
  /** Requests started per minute. */
  rpm: number;
  /** How many may start back to back before pacing applies (default 1). */
  burst?: number;
  now?: () => number;
}

export class RateLimiter {
  private readonly interval: number;
  private readonly tolerance: number;
  private tat = 0; // theoretical arrival time of the next request
  private pausedUntil = 0;
  private readonly now: () => number;

  constructor(opts: RateLimiterOptions) {
    if (!(opts.rpm > 0)) throw new RangeError(`rpm must be > 0, got ${opts.rpm}`);
    this.interval = 60_000 / opts.rpm;
    this.tolerance = ((opts.burst ?? 1) - 1) * this.interval;
    this.now = opts.now ?? Date.now;
  }

  /** Reserves the next start time and returns how long to wait for it (ms). */
  reserve(): number {
    const now = this.now();
    const start = Math.max(now, this.tat - this.tolerance, this.pausedUntil);
    this.tat = Math.max(this.tat, start) + this.interval;
    return start - now;
  }

  /** Waits until this request may start. */
  async acquire(signal?: AbortSignal): Promise<void> {
    await sleep(this.reserve(), signal);
  }

  /** No request starts before `until` (epoch ms). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}

export interface ProviderLimitsOptions {
  concurrency?: number;
  rpm?: number;
  burst?: number;
}

/** Concurrency and rate limits for one provider; share one instance between clients of that provider. */
export class ProviderLimiter {
  readonly semaphore: Semaphore;
  readonly rate: RateLimiter | undefined;
  private pausedUntil = 0;

  constructor(opts: ProviderLimitsOptions = {}) {
    this.semaphore = new Semaphore(opts.concurrency ?? 4);
    this.rate = opts.rpm ? new RateLimiter({ rpm: opts.rpm, burst: opts.burst }) : undefined;
  }

  /** Runs `fn` holding a concurrency slot, started no sooner than the rate and any pause allow. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.semaphore.acquire(signal);
    try {
      if (this.rate) await this.rate.acquire(signal);
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) await sleep(wait, signal);
      return await fn();
    } finally {
      release();
    }
  }

  /** After a 429: hold every new start for `ms`. */
  pause(ms: number): void {
    const until = Date.now() + ms;
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.rate?.pauseUntil(until);
  }
}

/** One limiter per provider name, so clients of the same provider share limits. */
export class LimiterPool {
  private readonly limiters = new Map<string, ProviderLimiter>();
  get(provider: string, opts: ProviderLimitsOptions): ProviderLimiter {
    let l = this.limiters.get(provider);
    if (!l) {
      l = new ProviderLimiter(opts);
      this.limiters.set(provider, l);
    }
    return l;
  }
}
