// Annotation studio under load: `attune studio` as its own process on a loopback port, 50 scripted annotators at
// once (enter, fetch the next item, submit, repeat), on SQLite and on Postgres. Then the server is killed with
// SIGKILL mid-load, restarted on the same store, and every acknowledged judgment is looked up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { renderTable } from '../src/report/table.js';
import { checkAcknowledged, exited, percentile, runLoad, startStudioCli, writeRelevanceData } from '../test/support/studio-load.js';
import type { StudioProcess } from '../test/support/studio-load.js';
import type { BenchResult } from './shared.js';

const ANNOTATORS = 50;
/** Throughput phase: stop at this many accepted judgments or after this long, whichever comes first. */
const LOAD_JUDGMENTS = 2000;
const LOAD_MS = 20_000;
/** Kill phase: SIGKILL once this many more judgments were acknowledged (bounded in time too). */
const KILL_AFTER = 300;
const KILL_MS = 30_000;

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

export async function benchStudio(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-studio-'));
  try {
    // 1,000 pages (500 prompts x 2 users, 3 attributes each); k = 3: room for 3,000 judgments.
    const data = path.join(dir, 'bench');
    writeRelevanceData(data, { prompts: 500, users: 2, attributes: 3, name: 'bench' });
    const stores: StoreFigures[] = [];
    stores.push(await benchOne('sqlite', path.join(dir, 'studio.sqlite'), data));
    const pgUrl = process.env.ATTUNE_BENCH_PG_URL || process.env.ATTUNE_TEST_PG_URL;
    if (pgUrl) {
      const schema = `attune_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
      const u = new URL(pgUrl);
      u.searchParams.set('schema', schema);
      try {
        stores.push(await benchOne('postgres', u.toString(), data));
      } finally {
        await dropSchema(pgUrl, schema);
      }
    } else {
      console.log('[skip] studio on Postgres: set ATTUNE_BENCH_PG_URL (or ATTUNE_TEST_PG_URL) to a postgres:// URL');
    }
    console.log(renderTable(
      ['store', 'judgments', 's', 'judgments/s', 'submit p50 ms', 'submit p99 ms', 'next p99 ms', 'acked', 'present', 'lost', 'duplicated'],
      stores.map((f) => [f.store, String(f.judgments), fmt(f.seconds), fmt(f.judgmentsPerSec), fmt(f.submitP50Ms), fmt(f.submitP99Ms), fmt(f.nextP99Ms),
        ...[f.acked, f.present, f.lost, f.duplicated].map(String)]),
    ));
    console.log(`(${ANNOTATORS} concurrent annotators over loopback HTTP, one relevance page of 3 YES/NO per judgment, k=3; ` +
      `load phase bounded at ${LOAD_JUDGMENTS} judgments or ${LOAD_MS / 1000} s; the server is then SIGKILLed after ${KILL_AFTER} more ` +
      'acknowledgements and restarted on the same store; "acked" counts every judgment acknowledged in both phases)\n');
    return { bench: 'studio', annotators: ANNOTATORS, stores };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface StoreFigures {
  store: string;
  judgments: number;
  seconds: number;
  judgmentsPerSec: number;
  submitP50Ms: number;
  submitP99Ms: number;
  nextP99Ms: number;
  acked: number;
  present: number;
  lost: number;
  duplicated: number;
}

async function benchOne(name: string, storeUrl: string, data: string): Promise<StoreFigures> {
  const args = ['--data', data, '--kind', 'relevance', '--k', '3', '--store', storeUrl, '--host', '127.0.0.1', '--port', '0', '--admin-secret', randomBytes(9).toString('hex')];
  const procs: StudioProcess[] = [];
  try {
    const first = await startStudioCli(args);
    procs.push(first);
    const load = await runLoad(first.url, first.studyId, { annotators: ANNOTATORS, maxJudgments: LOAD_JUDGMENTS, maxMs: LOAD_MS });
    const perS = load.acked.length / (load.elapsedMs / 1000);
    console.log(`${name}: ${load.acked.length} judgments accepted in ${fmt(load.elapsedMs / 1000)} s = ${fmt(perS)}/s; ` +
      `submit p50 ${fmt(percentile(load.submitMs, 50))} ms, p99 ${fmt(percentile(load.submitMs, 99))} ms; ` +
      `next item p50 ${fmt(percentile(load.currentMs, 50))} ms, p99 ${fmt(percentile(load.currentMs, 99))} ms` +
      (load.refused || load.errors ? `; ${load.refused} refused, ${load.errors} failed requests` : ''));

    // The same annotators carry on; the server dies under them.
    const kill = await runLoad(first.url, first.studyId, { annotators: ANNOTATORS, maxMs: KILL_MS, killAfter: { count: KILL_AFTER, child: first.child }, tokens: load.tokens });
    await exited(first.child);
    const second = await startStudioCli(args);
    procs.push(second);
    if (second.studyId !== first.studyId) throw new Error(`the restarted server serves another study (${second.studyId}, not ${first.studyId})`);
    const acked = [...load.acked, ...kill.acked];
    const c = await checkAcknowledged(storeUrl, first.studyId, acked);
    console.log(`${name} SIGKILL: ${kill.killed ? `killed after ${kill.acked.length} more acknowledgements` : 'NOT killed (the kill phase ran out of items or time)'}; ` +
      `acknowledged ${c.acknowledged}, present ${c.present}, lost ${c.lost}, altered ${c.altered}, duplicated ${c.duplicated} ` +
      `(${c.stored} judgments stored, ${c.unpaired} without their assignment)`);
    return {
      store: name, judgments: load.acked.length, seconds: load.elapsedMs / 1000, judgmentsPerSec: perS, submitP50Ms: percentile(load.submitMs, 50),
      submitP99Ms: percentile(load.submitMs, 99), nextP99Ms: percentile(load.currentMs, 99), acked: c.acknowledged, present: c.present, lost: c.lost, duplicated: c.duplicated,
    };
  } finally {
    for (const p of procs) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGTERM');
        await Promise.race([exited(p.child), new Promise((r) => setTimeout(r, 5000))]);
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      }
    }
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
