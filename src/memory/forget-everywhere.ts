import type { Store } from '../store/store.js';
import { KeyStore } from '../store/keys.js';
import { memoryStore } from '../store/memory.js';
import { compositeKey } from '../model/key.js';
import { createAttune, type ForgetResult } from './attune.js';

/** A queue of remember jobs that can forget a (tenant, user) order key (`bullQueue` with `rememberOrderKey`). */
export interface ForgettingQueue {
  forget(orderKey: string): Promise<{ removed: number; running: number }>;
}

export interface ForgetEverywhereResult {
  userId: string;
  /** Rows deleted per research table (datasets, runs, studies, LLM cache). */
  research: Record<string, number>;
  /** The runtime memory's deletions, per tenant that held the user. */
  memory: (ForgetResult & { tenant: string })[];
  /** Remember jobs of the user taken off the queue (with their results and events), when a queue was given. */
  queued: number;
}

/**
 * Erases one user id from the whole store: the research tables (Store.forgetUser) and the runtime memory of
 * every tenant that holds it, with the cached vectors and LLM calls made from their text. With `queue`, first the
 * user's remember jobs of every tenant (any tenant with an API key, and any holding the user): queued ones are
 * removed and never run, running ones undo their writes when they end.
 */
export async function forgetEverywhere(opts: { store: Store; userId: string; embedCache?: string; queue?: ForgettingQueue }): Promise<ForgetEverywhereResult> {
  const holding = await memoryStore(opts.store).tenantsOf(opts.userId);
  let queued = 0;
  if (opts.queue) {
    const tenants = new Set([...holding, ...(await new KeyStore(opts.store).listKeys()).map((k) => k.tenant)]);
    for (const tenant of tenants) {
      const r = await opts.queue.forget(compositeKey(tenant, opts.userId));
      queued += r.removed + r.running;
    }
  }
  const research = (await opts.store.forgetUser(opts.userId)).deleted;
  const memory: ForgetEverywhereResult['memory'] = [];
  for (const tenant of holding) {
    const attune = createAttune({ store: opts.store, tenant, ...(opts.embedCache !== undefined ? { embedCache: opts.embedCache } : {}) });
    try {
      memory.push({ tenant, ...(await attune.forget({ userId: opts.userId })) });
    } finally {
      await attune.close();
    }
  }
  return { userId: opts.userId, research, memory, queued };
}
