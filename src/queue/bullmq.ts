import { InvalidArgumentError } from '../model/errors.js';
import { createHash } from 'node:crypto';
import { DelayedError, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import { isTransientDependencyError } from './transient.js';
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
 *
 * Erasure (`forget(key)`, for a user's order key): the key's epoch goes up (a tombstone kept in Redis), every job
 * of the key that is not running is removed with its events, and a job added before the forget never runs: a
 * worker compares the epoch the job was added under (its BullMQ name, `job@<epoch>`) with the key's epoch and
 * drops it. A job running during the forget finishes, its handler is told (`ctx.erased()`) so it can undo what it
 * wrote, and it is removed when it completes. Jobs added after a forget get ids of the new epoch, so a conversation
 * posted again is not mistaken for the forgotten job. A completed job keeps only what `redact` leaves of its data.
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
  /** What a completed job keeps of its data (default: all of it); the data is what the job needed to run. */
  redact?: (data: D) => D;
}
const orderList = (queueName: string, key: string) => `attune:order:${queueName}:${key}`;
const orderSeq = (queueName: string) => `attune:order-seq:${queueName}`;
/** Keys named after an order key (a tenant and user) name it by hash: the tombstone outlives the user. */
const hashed = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);
const epochKey = (queueName: string, key: string) => `attune:epoch:${queueName}:${hashed(key)}`;
const jobsOfKey = (queueName: string, key: string) => `attune:jobs-of:${queueName}:${hashed(key)}`;
/** The epoch a job was added under, from its BullMQ name. */
const epochOfJob = (job: { name: string }) => Number(/^job@(\d+)$/.exec(job.name)?.[1] ?? 0);
async function currentEpoch(redis: Redis, queueName: string, key: string): Promise<number> {
  return Number((await redis.get(epochKey(queueName, key))) ?? 0);
}

/** Deletes the entries of a queue's event stream that name one of these jobs. */
async function scrubEvents(redis: Redis, stream: string, ids: ReadonlySet<string>): Promise<number> {
  if (ids.size === 0) return 0;
  let n = 0;
  let start = '-';
  for (;;) {
    const page = await redis.xrange(stream, start, '+', 'COUNT', 1000);
    const hits: string[] = [];
    for (const [id, fields] of page) {
      for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'jobId' && ids.has(fields[i + 1]!)) hits.push(id);
    }
    if (hits.length) n += await redis.xdel(stream, ...hits);
    if (page.length < 1000) return n;
    start = `(${page.at(-1)![0]}`;
  }
}
/** How long a job that is not yet its key's turn waits before it looks again. */
const ORDER_RETRY_MS = 150;
/** How long a job that met a dependency down waits before it runs again. */
const TRANSIENT_RETRY_MS = 1000;

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
  if (!/^rediss?:\/\//i.test(url)) throw new InvalidArgumentError('--queue', `give a redis:// URL, got ${JSON.stringify(url)}`, url);
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
    async add(given: string, data: D): Promise<AddResult> {
      const key = orderKey?.(data);
      const epoch = key !== undefined ? await currentEpoch(redis.get(), name, key) : 0;
      // After a forget, the same content is a new job: the forgotten one must not answer for it.
      const jobId = epoch > 0 ? `${given}-e${epoch}` : given;
      if (await queue.getJob(jobId)) return { jobId, created: false };
      if (key !== undefined) {
        // Listed before it is queued, so no worker can take it before its place is known.
        const seq = await redis.get().incr(orderSeq(name));
        await redis.get().multi().sadd(jobsOfKey(name, key), jobId).zadd(orderList(name, key), 'NX', seq, jobId).exec();
      }
      const job = await queue.add(`job@${epoch}`, data as never, { ...jobOptions, jobId });
      return { jobId: job.id ?? jobId, created: true };
    },
    async forget(key: string) {
      const r = redis.get();
      // The epoch goes up and the job list is taken in one step: a job listed later belongs to the new epoch.
      const res = await r.multi().incr(epochKey(name, key)).smembers(jobsOfKey(name, key)).del(jobsOfKey(name, key)).exec();
      const ids = (res?.[1]?.[1] as string[] | undefined) ?? [];
      let removed = 0;
      let running = 0;
      for (const id of ids) {
        if ((await queue.remove(id).catch(() => 0)) === 1) removed++;
        else if (await queue.getJob(id)) {
          // Locked by a worker running it: it finds the new epoch when it ends and removes itself. It stays
          // at the head of its key's list, so the user's next job waits for it.
          running++;
          await r.sadd(jobsOfKey(name, key), id);
          continue;
        }
        await r.zrem(orderList(name, key), id);
      }
      await scrubEvents(r, queue.keys.events!, new Set(ids));
      return { removed, running };
    },
    async forgetResults(key: string) {
      const r = redis.get();
      const ids = await r.smembers(jobsOfKey(name, key));
      const gone = new Set<string>();
      for (const id of ids) {
        const job = await queue.getJob(id);
        const state = job ? await job.getState() : 'unknown';
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
        if (job) await queue.remove(id).catch(() => 0);
        await r.multi().srem(jobsOfKey(name, key), id).zrem(orderList(name, key), id).exec();
        gone.add(id);
      }
      await scrubEvents(r, queue.keys.events!, gone);
      return { removed: gone.size };
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
  const redact = opts.redact;
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
      const erased = async () => key !== undefined && epochOfJob(job) < (await currentEpoch(lists.get(), name, key));
      if (key !== undefined && (await erased())) {
        // Added before its user was forgotten: it does not run (it is removed once it completes).
        await lists.get().zrem(orderList(name, key), job.id!);
        return null as R;
      }
      if (key !== undefined && !(await itsTurn(job, key))) {
        // Not its turn: back to delayed (not an attempt), so the slot goes to a job that can run.
        await job.moveToDelayed(Date.now() + ORDER_RETRY_MS, token);
        throw new DelayedError();
      }
      let out: R;
      try {
        out = await handler(job.data, { attempt: job.attemptsMade + 1, progress: (p) => job.updateProgress(p), ...(key !== undefined ? { erased } : {}) });
      } catch (e) {
        if (!isTransientDependencyError(e)) throw e;
        // The store or Redis is down (restarting): not the job's fault, so no attempt is spent; it runs again
        // once they are back. If Redis itself is gone, the move fails and the stalled check hands the job back.
        await job.moveToDelayed(Date.now() + TRANSIENT_RETRY_MS, token);
        throw new DelayedError();
      }
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
  /** A finished job of a forgotten key goes, with its events; another keeps only what `redact` leaves of its data. */
  const settle = async (job: Job<D, R>, failed: boolean) => {
    const key = orderKey?.(job.data);
    if (key !== undefined && epochOfJob(job) < (await currentEpoch(lists.get(), name, key))) {
      await job.remove();
      await lists.get().srem(jobsOfKey(name, key), job.id!);
      await scrubEvents(lists.get(), worker.keys.events!, new Set([job.id!]));
    } else if (!failed && redact) await job.updateData(redact(job.data));
  };
  const settling = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    const q = p.catch(() => {});
    settling.add(q);
    void q.finally(() => settling.delete(q));
  };
  worker.on('completed', (job) => track(settle(job, false)));
  worker.on('failed', (job, err) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    opts.onDead?.(job.id!, errorMessage(err));
    track(settle(job, true));
  });
  return {
    close: async () => {
      await worker.close();
      await Promise.all([...settling]);
      await lookup?.close();
      lists.close();
    },
  };
}
