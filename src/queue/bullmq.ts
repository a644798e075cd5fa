import { DelayedError, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import { DEFAULT_RETRY, errorMessage } from './types.js';
import type { AddResult, JobHandler, JobInfo, JobQueue, JobState, RetryPolicy } from './types.js';

/**
 * Jobs on Redis through BullMQ: `bullQueue` adds and reads them, `bullWorker` (any number, on any machine)
 * runs them. A worker that dies mid-job loses its lock; BullMQ's stalled check hands the job to another worker.
 * Jobs that fail every attempt stay in BullMQ's failed set with their reason: the dead-letter list.
 *
 * Jobs with the same order key (say, remembers for one user) run one at a time, in the order they were added,
 * whichever workers take them: the queue lists them in a Redis sorted set per key as they are added; a worker
 * runs a job only when it heads its list, else puts it back as delayed (it holds no slot while it waits). A head
 * that completed, failed for good or vanished is dropped from the list by whoever finds it there.
 */

export interface BullOptions {
  /** redis://host:port[/db] */
  url: string;
  /** Queue name (default `attune`). */
  name?: string;
}

export interface OrderOptions<D> {
  /** Jobs with the same key run one at a time, in the order added; undefined: no order. Queue and workers must agree. */
  orderKey?: (data: D) => string | undefined;
}
const orderList = (queueName: string, key: string) => `attune:order:${queueName}:${key}`;
const orderSeq = (queueName: string) => `attune:order-seq:${queueName}`;
/** How long a job that is not yet its key's turn waits before it looks again. */
const ORDER_RETRY_MS = 150;

/** A plain Redis connection for the order lists, made on first use. */
function lazyRedis(url: string): { get(): Redis; close(): void } {
  let r: Redis | undefined;
  return {
    get() {
      if (!r) {
        r = new Redis(url, { maxRetriesPerRequest: null });
        r.on('error', () => {});
      }
      return r;
    },
    close: () => r?.disconnect(),
  };
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

export function bullQueue<D, R>(opts: BullOptions & RetryPolicy & OrderOptions<D>): JobQueue<D, R> {
  const name = opts.name ?? 'attune';
  const queue = new Queue(name, { connection: connection(opts.url) });
  const orderKey = opts.orderKey;
  const redis = lazyRedis(opts.url);
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
      const key = orderKey?.(data);
      if (key !== undefined) {
        // Listed before it is queued, so no worker can take it before its place is known.
        const seq = await redis.get().incr(orderSeq(name));
        await redis.get().zadd(orderList(name, key), 'NX', seq, jobId);
      }
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
    async close() {
      await queue.close();
      redis.close();
    },
  };
}

/**
 * Jobs a worker runs at once by default. A remember job waits on its LLM call most of its time (100 ms against
 * the test LLM, seconds against a real one) plus ~50 ms of Redis and store round trips, so a worker at 4 sat half
 * idle. `npm run bench -- serve` (Postgres, load 11-19 on 2 shared cores, embeddings batched in threads), one
 * worker: concurrency 4 -> 5.0 jobs/s, 16 -> 16.8, 32 -> 30.5 (the load was falling during the last run); before the
 * batched embeddings all three were ~2.5 (load ~20, CPU-bound). 16 takes most of the gain and keeps a job's memory
 * and its share of the LLM provider's rate modest; raise it with --concurrency against a slow provider.
 */
export const DEFAULT_WORKER_CONCURRENCY = 16;

export interface BullWorkerOptions extends BullOptions {
  /** Jobs this worker runs at once (default DEFAULT_WORKER_CONCURRENCY, 16). */
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

export function bullWorker<D, R>(handler: JobHandler<D, R>, opts: BullWorkerOptions & OrderOptions<D>): JobWorker {
  const name = opts.name ?? 'attune';
  const orderKey = opts.orderKey;
  // For order keys: the state of a job heading a list.
  const lookup = orderKey ? new Queue(name, { connection: connection(opts.url) }) : undefined;
  lookup?.on('error', () => {});
  const lists = lazyRedis(opts.url);

  /** True when the job may run now: it heads its key's list (or is on none). */
  async function itsTurn(job: Job<D, R>, key: string): Promise<boolean> {
    const redis = lists.get();
    const list = orderList(name, key);
    for (;;) {
      const [head] = await redis.zrange(list, '0', '0');
      if (head === undefined || head === job.id) return true;
      const other = await lookup!.getJob(head);
      const state = other ? await other.getState() : 'unknown';
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
      await redis.zrem(list, head);
    }
  }

  const worker = new Worker<D, R>(
    name,
    async (job, token) => {
      const key = orderKey?.(job.data);
      if (key !== undefined && !(await itsTurn(job, key))) {
        // Not its turn: back to delayed (not an attempt), so the slot goes to a job that can run.
        await job.moveToDelayed(Date.now() + ORDER_RETRY_MS, token);
        throw new DelayedError();
      }
      const out = await handler(job.data, { attempt: job.attemptsMade + 1, progress: (p) => job.updateProgress(p) });
      if (key !== undefined) await lists.get().zrem(orderList(name, key), job.id!);
      return out;
    },
    {
      connection: connection(opts.url),
      concurrency: opts.concurrency ?? DEFAULT_WORKER_CONCURRENCY,
      ...(opts.stalledIntervalMs !== undefined ? { stalledInterval: opts.stalledIntervalMs, lockDuration: opts.stalledIntervalMs } : {}),
      // A job whose worker died is retried rather than failed: a SIGKILL is not the job's fault.
      maxStalledCount: 10,
    },
  );
  worker.on('error', () => {});
  worker.on('failed', (job, err) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) opts.onDead?.(job.id!, errorMessage(err));
  });
  return {
    close: async () => {
      await worker.close();
      await lookup?.close();
      lists.close();
    },
  };
}
