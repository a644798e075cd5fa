import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CacheEntry, ResponseCache } from '../llm/cache.js';

/**
 * Cross-process single flight on the LLM cache: a worker about to pay for a call first claims its cache key in
 * Redis (SET NX with a lease it renews while the call runs). Another worker wanting the same key (a job
 * redone after a lapsed BullMQ lock, or a duplicate) waits for the holder's answer to land in the shared cache
 * instead of calling too; it calls only once the claim is released (the call failed) or its lease lapsed (the
 * holder died). What stays at-least-once: a reply the provider sent to a worker that was SIGKILLed before the
 * reply reached the store is paid again by whoever takes over. Nothing can save that one; the window is the
 * reply's last bytes plus one store write.
 */

export interface ClaimOptions {
  /** redis://... (the queue's Redis). */
  url: string;
  /** A claim not renewed for this long lapses (default 60 s); it is renewed every third of it. */
  leaseMs?: number;
  /** How often a waiter looks again (default 100 ms). */
  pollMs?: number;
  /** Key prefix (default `attune:llm-claim:`). */
  prefix?: string;
}

const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface ClaimingCache extends ResponseCache {
  /** Lets go of this process's claim on a key (its call failed): a waiter may call now. */
  release(key: string): Promise<void>;
  /** Keys this process holds claims on now. */
  readonly held: number;
  /** Releases every claim and disconnects. */
  close(): Promise<void>;
}

/** Wraps the shared cache (the store's) so that one process at a time pays for a key. */
export function claimingCache(inner: ResponseCache, opts: ClaimOptions): ClaimingCache {
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 100;
  const prefix = opts.prefix ?? 'attune:llm-claim:';
  const redis = new Redis(opts.url, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', () => {});
  const token = randomUUID();
  const renewals = new Map<string, NodeJS.Timeout>();

  const stop = (key: string) => {
    const t = renewals.get(key);
    if (t) clearInterval(t);
    renewals.delete(key);
  };
  const release = async (key: string) => {
    if (!renewals.has(key)) return;
    stop(key);
    await redis.eval(RELEASE, 1, prefix + key, token);
  };

  return {
    get held() {
      return renewals.size;
    },
    async get(key) {
      for (;;) {
        const hit = await inner.get(key);
        if (hit) return hit;
        if ((await redis.set(prefix + key, token, 'PX', leaseMs, 'NX')) === 'OK') {
          // The holder may have put and released between our read and our claim: look once more.
          const late = await inner.get(key);
          if (late) {
            await redis.eval(RELEASE, 1, prefix + key, token);
            return late;
          }
          const t = setInterval(() => void redis.eval(RENEW, 1, prefix + key, token, String(leaseMs)).catch(() => {}), Math.max(10, Math.floor(leaseMs / 3)));
          t.unref();
          renewals.set(key, t);
          return undefined;
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    async put(entry: CacheEntry) {
      // Written through before the claim goes and before the job is acknowledged.
      try {
        await inner.put(entry);
      } finally {
        await release(entry.key);
      }
    },
    release,
    async close() {
      await Promise.all([...renewals.keys()].map((k) => release(k).catch(() => {})));
      redis.disconnect();
    },
  };
}
