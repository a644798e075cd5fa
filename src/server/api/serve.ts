import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import type { AttuneOptions } from '../../memory/attune.js';
import type { JobQueue } from '../../queue/types.js';
import { KeyStore } from '../../store/keys.js';
import type { Store } from '../../store/store.js';
import { inlineQueue } from '../../queue/inline.js';
import { createApiApp, rememberHandler, rememberOrderKey, rememberRedact, type AccessLogEntry } from './app.js';
import { memoryService } from './attune.js';
import type { RememberJob } from './memory.js';
import type { RateLimit } from './rate-limit.js';
import type { RememberResponse } from './schemas.js';

export interface ApiServerOptions {
  store: Store;
  /**
   * Remember through this queue (202, then workers) instead of before answering; `'inline'`: a queue in this
   * process (jobs and their status live as long as the server).
   */
  queue?: JobQueue<RememberJob, RememberResponse> | 'inline';
  /** createAttune's options for every tenant (model, embedder, selector, ...). */
  memory?: Omit<AttuneOptions, 'store' | 'tenant'>;
  port?: number;
  host?: string;
  maxBodyBytes?: number;
  rateLimit?: RateLimit;
  log?: (entry: AccessLogEntry) => void;
}

export interface ApiServer {
  url: string;
  port: number;
  /** Stops taking connections, lets requests in flight finish, then closes the memory and the queue (not the store). */
  close(): Promise<void>;
}

/** Serves the v1 API until `close`. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const memory = memoryService(opts.store, opts.memory ?? {});
  const queue = opts.queue === 'inline' ? inlineQueue(rememberHandler(memory.memoryFor), { orderKey: rememberOrderKey, redact: rememberRedact }) : opts.queue;
  const app = createApiApp({
    keys: new KeyStore(opts.store),
    memoryFor: memory.memoryFor,
    attuneFor: memory.attuneFor,
    ...(queue ? { queue } : {}),
    ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ready: async () => {
      await sql`select 1`.execute(opts.store.db);
      if (queue) await queue.counts();
      return true;
    },
  });
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive connections would hold close() open; requests in flight still finish.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await queue?.close();
        await memory.close();
      })()),
  };
}
