// `attune worker` processes draining queued conversations against the local test LLM server answering in
// 100 ms. Each job is one conversation whose user turn is new text; the test LLM returns one attribute quoting it,
// so every job pays its LLM call, an embedding of new text and the profile merge in the store. Jobs are enqueued
// in parallel before the workers start taking them (each worker has loaded its model first); the rate is read
// between 10% and 90% of the jobs completed (steady state, without the start and the tail).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { renderTable } from '../src/report/table.js';
import { fmt } from './shared.js';
import { startTestLlmServer, type Script } from '../src/llm/testing/server.js';
import { bullQueue } from '../src/queue/bullmq.js';
import { rememberJobId, rememberOrderKey } from '../src/server/api/app.js';
import type { RememberJob } from '../src/server/api/memory.js';
import type { RememberResponse } from '../src/server/api/schemas.js';
import { openStore } from '../src/store/open.js';
import { spawnAttune, type AttuneProcess } from '../test/support/cli.js';
import { dropPgSchemas, pgSchemaUrl } from '../test/support/pg-schemas.js';

const LLM_MS = 100;
/** workers x concurrency, e.g. `1x4,2x4,4x4,1x16,1x32` (ATTUNE_BENCH_WORKERS). */
const PLAN = (process.env.ATTUNE_BENCH_WORKERS ?? '1x4,2x4,4x4,1x16,1x32').split(',').map((s) => s.split('x').map(Number) as [number, number]);
/** Seconds of work at the ideal rate each run is given (bounded to 100..400 jobs). */
const RUN_S = 3;
/** A run that has not finished by then is cut short: its rate so far is reported, marked partial. */
const RUN_LIMIT_MS = Number(process.env.ATTUNE_BENCH_WORKER_LIMIT_MS ?? 180_000);

export interface WorkerRow { workers: number; concurrency: number; jobs: number; jobsPerSec: number; idealJobsPerSec: number; shareOfIdeal: number; partial?: true }

/** The user text of turn 0 in an extraction prompt: one JSON line a turn, `{"turn":0,"speaker":"user","text":...}`. */
export function turnZero(prompt: string): string | undefined {
  for (const line of prompt.split('\n')) {
    if (!line.startsWith('{"turn":0,')) continue;
    try {
      return String((JSON.parse(line) as { text?: unknown }).text);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export async function benchWorkers(dir: string, redis: string): Promise<{ rows: WorkerRow[]; load: { phase: string; load1: number }[] }> {
  let unmatched = 0;
  const script: Script = (req) => {
    const text = req.body.messages.map((m) => String(m.content ?? '')).map(turnZero).find((t) => t !== undefined);
    if (text === undefined) unmatched++;
    return { json: { attributes: [{ text: `The user said: ${text ?? 'something'}`, reason: 'turn 0', confidence: 0.9, evidenceTurns: [0] }] } };
  };
  const llm = await startTestLlmServer({ script, latencyMs: LLM_MS });
  const rows: WorkerRow[] = [];
  const loads: { phase: string; load1: number }[] = [];
  const pgUrl = process.env.ATTUNE_BENCH_PG_URL || process.env.ATTUNE_TEST_PG_URL;
  const schemas: string[] = [];
  try {
    for (const [n, conc] of PLAN) {
      const llmConfig = path.join(dir, `llm-${conc}.json`);
      fs.writeFileSync(llmConfig, JSON.stringify({ providers: { test: { kind: 'openai-compatible', baseURL: llm.baseURL, concurrency: conc } } }));
      const storeUrl = pgUrl ? pgSchemaUrl(pgUrl, `attune_bench_w${n}_${randomBytes(3).toString('hex')}`) : path.join(dir, `workers-${n}-${conc}.sqlite`);
      if (pgUrl) schemas.push(storeUrl);
      await (await openStore(storeUrl)).close();
      // our own queue name (BullMQ prefixes its keys with it): nothing else on the shared Redis is touched
      const name = `attune-bench-speed-${randomBytes(4).toString('hex')}`;
      const queue = bullQueue<RememberJob, RememberResponse>({ url: redis, name, orderKey: rememberOrderKey });
      const workers: AttuneProcess[] = [];
      const ideal = (n * conc * 1000) / LLM_MS;
      const jobs = Math.min(400, Math.max(100, Math.round(ideal * RUN_S)));
      try {
        const tag = randomBytes(3).toString('hex');
        const all = Array.from({ length: jobs }, (_, i): RememberJob => ({
          tenant: 'bench', userId: `u${i}`,
          body: { messages: [{ role: 'user', content: `I collect stamps from country number ${i} and keep them in album ${tag}-${i}` }] },
        }));
        for (let i = 0; i < all.length; i += 50) await Promise.all(all.slice(i, i + 50).map((job) => queue.add(rememberJobId(job), job)));
        const args = ['worker', '--store', storeUrl, '--queue', redis, '--queue-name', name, '--model', 'test/test-model', '--llm-config', llmConfig, '--concurrency', String(conc)];
        for (let w = 0; w < n; w++) workers.push(spawnAttune(dir, args));
        await Promise.all(workers.map((w) => w.waitFor(/attune worker: taking jobs/)));
        const marks: { t: number; done: number }[] = [];
        const t0 = performance.now();
        let partial = false;
        for (;;) {
          const c = await queue.counts();
          marks.push({ t: performance.now(), done: c.completed + c.failed });
          if (c.completed + c.failed >= jobs) {
            for (const j of await queue.deadLetters()) console.log(`(${n} workers: job ${j.id} failed ${j.attempts} attempts: ${j.failedReason})`);
            break;
          }
          if (performance.now() - t0 > RUN_LIMIT_MS) {
            console.log(`(${n}x${conc}: ${c.completed}/${jobs} done after ${RUN_LIMIT_MS / 1000} s: the rate so far, marked partial)`);
            partial = true;
            break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        const a = marks.find((m) => m.done >= jobs * 0.1) ?? marks[0]!;
        const b = marks.find((m) => m.done >= jobs * 0.9) ?? marks.at(-1)!;
        const rate = b.t > a.t ? ((b.done - a.done) * 1000) / (b.t - a.t) : NaN;
        rows.push({ workers: n, concurrency: conc, jobs, jobsPerSec: rate, idealJobsPerSec: ideal, shareOfIdeal: rate / ideal, ...(partial ? { partial: true as const } : {}) });
        console.log(`(${n} worker(s) x ${conc}: ${fmt(rate)} jobs/s, ${fmt((100 * rate) / ideal, 0)}% of ${ideal}; load ${fmt(os.loadavg()[0]!, 2)})`);
        loads.push({ phase: `workers ${n}x${conc}`, load1: os.loadavg()[0]! });
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited()));
        await queue.close();
      }
    }
  } finally {
    await llm.close();
    if (pgUrl) await dropPgSchemas(pgUrl, schemas.map((u) => new URL(u).searchParams.get('schema')!));
  }
  if (unmatched) console.log(`(WARNING: ${unmatched} LLM requests had no turn 0 the test LLM recognised)`);
  console.log(`store: ${pgUrl ? 'Postgres' : 'SQLite (set ATTUNE_TEST_PG_URL for Postgres)'}`);
  console.log(renderTable(['workers', 'concurrency', 'jobs', 'jobs/s', 'ideal jobs/s', 'share of ideal', 'load avg'], rows.map((r, i) => [
    String(r.workers), String(r.concurrency), String(r.jobs), fmt(r.jobsPerSec), fmt(r.idealJobsPerSec, 0), `${fmt(100 * r.shareOfIdeal, 0)}%`, fmt(loads[i]!.load1, 2),
  ])));
  console.log(`(each job remembers one conversation of new text: one LLM call to the local test server answering in ${LLM_MS} ms, then the ` +
    `evidence check, a USE-lite embedding and the profile merge in the store; ideal = workers x concurrency / ${LLM_MS} ms; ` +
    `rate between 10% and 90% of the jobs done; ${os.cpus().length} cores shared by every worker)\n`);
  return { rows, load: loads };
}
