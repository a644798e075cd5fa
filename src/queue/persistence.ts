import { Redis } from 'ioredis';

/**
 * Whether a Redis keeps what it acknowledged across a restart. Accepted remembers live only in Redis until a
 * worker runs them, so a Redis without the append-only file loses them when it restarts (RDB snapshots keep
 * only what was there at the last snapshot). Read with CONFIG GET; where CONFIG is disabled (managed Redis),
 * from INFO persistence.
 */
export interface RedisPersistence {
  /** appendonly yes */
  aof: boolean;
  /** appendfsync (everysec, always, no), when CONFIG answered. */
  fsync?: string;
  /** The RDB save schedule ('' = none), when CONFIG answered. */
  save?: string;
  /** What to tell the operator, when work can be lost. */
  warning?: string;
}

export async function redisPersistence(url: string, timeoutMs = 5000): Promise<RedisPersistence> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: timeoutMs, enableOfflineQueue: false });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let out: RedisPersistence;
    try {
      const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
      const [, fsync] = (await redis.config('GET', 'appendfsync')) as string[];
      const [, save] = (await redis.config('GET', 'save')) as string[];
      out = { aof: appendonly === 'yes', ...(fsync !== undefined ? { fsync } : {}), ...(save !== undefined ? { save } : {}) };
    } catch {
      const info = await redis.info('persistence');
      out = { aof: /^aof_enabled:1\s*$/m.test(info) };
    }
    if (!out.aof) {
      out.warning = `Redis at ${redactUrl(url)} has no append-only file (appendonly ${out.save ? `no, RDB save "${out.save}"` : 'no, no RDB'}): ` +
        'conversations answered 202 but not yet remembered are lost if Redis restarts. Start it with --appendonly yes --appendfsync everysec (docs/serve.md).';
    } else if (out.fsync === 'no') {
      out.warning = `Redis at ${redactUrl(url)} has appendfsync no: the last seconds of accepted work can be lost if the machine stops; everysec is the advice.`;
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
