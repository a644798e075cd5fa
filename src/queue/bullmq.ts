import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { DEFAULT_RETRY, errorMessage } from './types.js';
import type { AddResult, JobHandler, JobInfo, JobQueue, JobState, RetryPolicy } from './types.js';

/**
 * Jobs on Redis through BullMQ: `bullQueue` adds and reads them, `bullWorker` (any number, on any machine)
 * runs them. A worker that dies mid-job loses its lock; BullMQ's stalled check hands the job to another worker.
 * Jobs that fail every attempt stay in BullMQ's failed set with their reason: the dead-letter list.
 */

export interface BullOptions {
  /** redis://host:port[/db] */
  url: string;
  /** Queue name (default `attune`). */
  name?: string;
}

const connection = (url: string) => {
  if (!/^rediss?:\/\//i.test(url)) throw new Error(`--queue ${JSON.stringify(url)}: give a redis:// URL`);
  return { url };
};

const STATES: readonly JobState[] = ['waiting', 'active', 'delayed', 'completed', 'failed'];

async function info<D, R>(job: Job<D, R>, known?: string): Promise<JobInfo<D, R>> {
  const raw = known ?? (await job.getState());
  const state: JobState = raw === 'prioritized' || raw === 'waiting-children' || raw === 'unknown' ? 'waiting' : (raw as JobState);
  const out: JobInfo<D, R> = {
    id: job.id!,
    state,
    data: job.data,
    progress: state === 'completed' ? 1 : typeof job.progress === 'number' ? job.progress : 0,
    attempts: job.attemptsMade,
  };
  if (state === 'completed') out.result = job.returnvalue;
  if (job.failedReason) out.failedReason = job.failedReason;
  return out;
}

export function bullQueue<D, R>(opts: BullOptions & RetryPolicy): JobQueue<D, R> {
  const queue = new Queue(opts.name ?? 'attune', { connection: connection(opts.url) });
  // An idle connection's error must not crash the server; the next call reports it.
  queue.on('error', () => {});
  const jobOptions = {
    attempts: opts.attempts ?? DEFAULT_RETRY.attempts,
    backoff: { type: 'exponential', delay: opts.backoffMs ?? DEFAULT_RETRY.backoffMs },
    // Completed jobs are kept (a day, at most 100k) so a duplicate add finds them and GET /v1/jobs answers.
    removeOnComplete: { age: 24 * 3600, count: 100_000 },
    removeOnFail: false,
  };
  return {
    kind: 'bullmq',
    async add(jobId: string, data: D): Promise<AddResult> {
      if (await queue.getJob(jobId)) return { jobId, created: false };
      const job = await queue.add('job', data as never, { ...jobOptions, jobId });
      return { jobId: job.id ?? jobId, created: true };
    },
    async get(jobId) {
      let job = (await queue.getJob(jobId)) as Job<D, R> | undefined;
      if (!job) return undefined;
      const state = await job.getState();
      // The job read above may predate its completion (its return value still empty): read it again.
      if (state === 'completed' || state === 'failed') job = ((await queue.getJob(jobId)) as Job<D, R> | undefined) ?? job;
      return info(job, state);
    },
    async deadLetters() {
      const jobs = (await queue.getFailed(0, -1)) as unknown as Job<D, R>[];
      return Promise.all(jobs.map((j) => info(j)));
    },
    async counts() {
      const c = await queue.getJobCounts(...STATES, 'prioritized');
      return {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0,
        completed: c.completed ?? 0, failed: c.failed ?? 0,
      };
    },
    close: () => queue.close(),
  };
}

export interface BullWorkerOptions extends BullOptions {
  /** Jobs this worker runs at once (default 4). */
  concurrency?: number;
  /** How often a dead worker's jobs are looked for, ms (BullMQ's stalledInterval; default 30 s). */
  stalledIntervalMs?: number;
  /** Called when a job failed its last attempt and went to the dead-letter list. */
  onDead?: (jobId: string, reason: string) => void;
}

export interface JobWorker {
  /** Waits for the running jobs to finish, then disconnects. */
  close(): Promise<void>;
}

export function bullWorker<D, R>(handler: JobHandler<D, R>, opts: BullWorkerOptions): JobWorker {
  const worker = new Worker<D, R>(
    opts.name ?? 'attune',
    async (job) => handler(job.data, { attempt: job.attemptsMade + 1, progress: (p) => job.updateProgress(p) }),
    {
      connection: connection(opts.url),
      concurrency: opts.concurrency ?? 4,
      ...(opts.stalledIntervalMs !== undefined ? { stalledInterval: opts.stalledIntervalMs, lockDuration: opts.stalledIntervalMs } : {}),
      // A job whose worker died is retried rather than failed: a SIGKILL is not the job's fault.
      maxStalledCount: 10,
    },
  );
  worker.on('error', () => {});
  worker.on('failed', (job, err) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) opts.onDead?.(job.id!, errorMessage(err));
  });
  return { close: () => worker.close() };
}
