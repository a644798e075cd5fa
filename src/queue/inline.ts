import { DEFAULT_RETRY, errorMessage } from './types.js';
import type { AddResult, JobHandler, JobInfo, JobQueue, JobState, RetryPolicy } from './types.js';

export interface InlineQueueOptions<D> extends RetryPolicy {
  /** Jobs run at once (default 4). */
  concurrency?: number;
  /** The job's order key (a user), for `forget` and `forgetResults`; undefined: the queue cannot forget. */
  orderKey?: (data: D) => string | undefined;
  /** What a finished job keeps of its data (default: all of it). */
  redact?: (data: D) => D;
}

/**
 * Runs jobs in this process, with the same retries, backoff, dead letters and dedup by id as the BullMQ queue.
 * Nothing survives the process: it is the embedded default, for one machine.
 */
export function inlineQueue<D, R>(handler: JobHandler<D, R>, opts: InlineQueueOptions<D> = {}): JobQueue<D, R> & { drain(): Promise<void> } {
  const attempts = opts.attempts ?? DEFAULT_RETRY.attempts;
  const backoffMs = opts.backoffMs ?? DEFAULT_RETRY.backoffMs;
  const concurrency = opts.concurrency ?? 4;
  const jobs = new Map<string, JobInfo<D, R>>();
  const waiting: string[] = [];
  let running = 0;
  let closed = false;
  const idle = new Set<() => void>();

  const pump = () => {
    while (!closed && running < concurrency && waiting.length) {
      const job = jobs.get(waiting.shift()!)!;
      running++;
      void run(job).finally(() => {
        running--;
        pump();
        if (running === 0 && waiting.length === 0) for (const r of [...idle]) r();
      });
    }
  };

  /** Jobs running when their key was forgotten: their handler is told, and they go when they end. */
  const erased = new Set<string>();
  const settle = (job: JobInfo<D, R>) => {
    if (erased.delete(job.id)) jobs.delete(job.id);
    else if (opts.redact) job.data = opts.redact(job.data);
  };

  async function run(job: JobInfo<D, R>): Promise<void> {
    for (;;) {
      job.state = 'active';
      job.attempts++;
      try {
        job.result = await handler(job.data, { attempt: job.attempts, progress: async (p) => void (job.progress = p), erased: async () => erased.has(job.id) });
        job.state = 'completed';
        job.progress = 1;
        delete job.failedReason;
        settle(job);
        return;
      } catch (e) {
        job.failedReason = errorMessage(e);
        if (job.attempts >= attempts || closed) {
          job.state = 'failed';
          settle(job);
          return;
        }
        job.state = 'delayed';
        await new Promise((r) => setTimeout(r, backoffMs * 2 ** (job.attempts - 1)));
      }
    }
  }

  return {
    kind: 'inline',
    async add(jobId: string, data: D): Promise<AddResult> {
      if (closed) throw new Error('the queue is closed');
      if (jobs.has(jobId)) return { jobId, created: false };
      jobs.set(jobId, { id: jobId, state: 'waiting', data, progress: 0, attempts: 0 });
      waiting.push(jobId);
      pump();
      return { jobId, created: true };
    },
    async get(jobId) {
      const j = jobs.get(jobId);
      return j ? { ...j } : undefined;
    },
    async deadLetters() {
      return [...jobs.values()].filter((j) => j.state === 'failed').map((j) => ({ ...j }));
    },
    ...(opts.orderKey
      ? {
          async forget(key: string) {
            let removed = 0;
            let running = 0;
            for (const j of [...jobs.values()]) {
              if (opts.orderKey!(j.data) !== key) continue;
              if (j.state === 'active' || j.state === 'delayed') {
                erased.add(j.id);
                running++;
                continue;
              }
              const at = waiting.indexOf(j.id);
              if (at >= 0) waiting.splice(at, 1);
              jobs.delete(j.id);
              removed++;
            }
            return { removed, running };
          },
          async forgetResults(key: string) {
            let removed = 0;
            for (const j of [...jobs.values()]) {
              if (opts.orderKey!(j.data) === key && (j.state === 'completed' || j.state === 'failed')) {
                jobs.delete(j.id);
                removed++;
              }
            }
            return { removed };
          },
        }
      : {}),
    async counts() {
      const c: Record<JobState, number> = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
      for (const j of jobs.values()) c[j.state]++;
      return c;
    },
    /** Resolves once no job is waiting or running. */
    drain() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((r) => {
        const done = () => {
          idle.delete(done);
          r();
        };
        idle.add(done);
      });
    },
    /** Runs no more jobs (those still waiting fail with "queue closed") and waits for the running ones. */
    async close() {
      closed = true;
      for (const id of waiting.splice(0)) Object.assign(jobs.get(id)!, { state: 'failed', failedReason: 'queue closed before the job ran' });
      if (running > 0) await new Promise<void>((r) => idle.add(r));
    },
  };
}
