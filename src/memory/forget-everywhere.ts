import type { Store } from '../store/store.js';
import { MemoryRepository } from '../store/memory.js';
import { createAttune, type ForgetResult } from './attune.js';

export interface ForgetEverywhereResult {
  userId: string;
  /** Rows deleted per research table (datasets, runs, studies, LLM cache). */
  research: Record<string, number>;
  /** The runtime memory's deletions, per tenant that held the user. */
  memory: (ForgetResult & { tenant: string })[];
}

/**
 * Erases one user id from the whole store: the research tables (Store.forgetUser) and the runtime memory of
 * every tenant that holds it, with the cached vectors and LLM calls made from their text.
 */
export async function forgetEverywhere(opts: { store: Store; userId: string; embedCache?: string }): Promise<ForgetEverywhereResult> {
  const research = (await opts.store.forgetUser(opts.userId)).deleted;
  const memory: ForgetEverywhereResult['memory'] = [];
  for (const tenant of await new MemoryRepository(opts.store).tenantsOf(opts.userId)) {
    const attune = createAttune({ store: opts.store, tenant, ...(opts.embedCache !== undefined ? { embedCache: opts.embedCache } : {}) });
    try {
      memory.push({ tenant, ...(await attune.forget({ userId: opts.userId })) });
    } finally {
      await attune.close();
    }
  }
  return { userId: opts.userId, research, memory };
}
