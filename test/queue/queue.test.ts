import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { bullQueue, bullWorker, inlineQueue, jobIdOf, type JobHandler, type JobQueue, type JobWorker } from '../../src/queue/index.js';

const redisUrl = process.env.ATTUNE_TEST_REDIS_URL;
if (!redisUrl) {
  console.warn('[skip] ATTUNE_TEST_REDIS_URL is not set: the BullMQ queue tests are skipped. Start Redis with\n  export ATTUNE_TEST_REDIS_URL="$(.ci/start-redis.sh | tail -n1)"');
}

interface Data { n: number; failTimes?: number; always?: boolean }

/** A handler that fails the first `failTimes` attempts (or always), and counts the runs per job. */
function flaky(): { handler: JobHandler<Data, number>; runs: Map<number, number> } {
  const runs = new Map<number, number>();
  return {
    runs,
    handler: async (d, ctx) => {
      runs.set(d.n, (runs.get(d.n) ?? 0) + 1);
      await ctx.progress(0.5);
      if (d.always) throw new Error(`job ${d.n} cannot succeed`);
      if (ctx.attempt <= (d.failTimes ?? 0)) throw new Error(`transient failure ${ctx.attempt}`);
      return d.n * 10;
    },
  };
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The same behaviour from both queues: dedup by id, retries with backoff, dead letters with the reason, progress. */
async function exercise(queue: JobQueue<Data, number>, runs: Map<number, number>): Promise<void> {
  const id = (n: number) => jobIdOf('t', n);
  expect(jobIdOf('t', { a: 1, b: 2 })).toBe(jobIdOf('t', { b: 2, a: 1 }));
  expect(await queue.add(id(1), { n: 1 })).toEqual({ jobId: id(1), created: true });
  expect((await queue.add(id(1), { n: 1 })).created).toBe(false);
  await queue.add(id(2), { n: 2, failTimes: 2 });
  await queue.add(id(3), { n: 3, always: true });
  const done = await until(() => queue.counts(), (c) => c.completed + c.failed === 3);
  expect(done).toMatchObject({ completed: 2, failed: 1, waiting: 0, active: 0 });

  expect(await queue.get(id(1))).toMatchObject({ state: 'completed', result: 10, progress: 1, attempts: 1 });
  expect(await queue.get(id(2))).toMatchObject({ state: 'completed', result: 20, attempts: 3 });
  const dead = await queue.deadLetters();
  expect(dead.map((j) => [j.id, j.failedReason, j.attempts])).toEqual([[id(3), 'job 3 cannot succeed', 3]]);
  expect(runs.get(1)).toBe(1); // the duplicate add did not run again
  // Adding a completed job again does not run it again either.
  expect((await queue.add(id(1), { n: 1 })).created).toBe(false);
  await new Promise((r) => setTimeout(r, 100));
  expect(runs.get(1)).toBe(1);
  expect(await queue.get('t-nothing')).toBeUndefined();
}

describe('inline queue', () => {
  it('dedups by id, retries with backoff, keeps dead letters with the reason', async () => {
    const { handler, runs } = flaky();
    const q = inlineQueue(handler, { attempts: 3, backoffMs: 5 });
    await exercise(q, runs);
    await q.close();
  });
});

describe.skipIf(!redisUrl)('BullMQ queue on Redis', () => {
  const name = `attune-test-${randomBytes(4).toString('hex')}`;
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
  });

  it('dedups by id, retries with backoff, keeps dead letters with the reason', async () => {
    const { handler, runs } = flaky();
    const q = bullQueue<Data, number>({ url: redisUrl!, name, attempts: 3, backoffMs: 5 });
    opened.push(q);
    const dead: string[] = [];
    const w: JobWorker = bullWorker(handler, { url: redisUrl!, name, concurrency: 2, onDead: (id, reason) => dead.push(`${id}: ${reason}`) });
    opened.push(w);
    await exercise(q, runs);
    expect(dead).toEqual([`${jobIdOf('t', 3)}: job 3 cannot succeed`]);
  });

  it('refuses a URL that is not redis://', () => {
    expect(() => bullQueue({ url: 'http://127.0.0.1:6379' })).toThrow(/redis:\/\//);
  });
});
