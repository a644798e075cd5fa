import type { JobQueue } from './types.js';

/**
 * Waits for a queued job's result, polling the queue: what a batch command does for each job it fanned out.
 * A job that failed every attempt throws with its dead-letter reason; `what` names it in errors.
 */
export async function waitForJob<D, R>(queue: JobQueue<D, R>, jobId: string, opts: { what: string; pollMs?: number; signal?: AbortSignal }): Promise<R | undefined> {
  const pollMs = opts.pollMs ?? 200;
  for (;;) {
    opts.signal?.throwIfAborted();
    const j = await queue.get(jobId);
    if (!j) throw new Error(`${opts.what}: job ${jobId} vanished from the queue`);
    if (j.state === 'completed') return j.result;
    if (j.state === 'failed') throw new Error(`${opts.what} failed every attempt: ${j.failedReason ?? 'unknown reason'}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
