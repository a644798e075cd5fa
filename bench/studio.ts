// Annotation studio under load: `attune studio` as its own process on a loopback port, on SQLite and on Postgres.
// On each store, in one run of one server: the bare-HTTP ceiling (the same load generator against a trivial route of
// the same server), 50 scripted annotators at once (enter, fetch the next item, submit, repeat), then 500 at once.
// Then the server is killed with SIGKILL mid-load, restarted on the same store, and every acknowledged judgment is
// looked up. The load generator runs in this process; its CPU and the server's are reported in cores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { renderTable } from '../src/report/table.js';
import { checkAcknowledged, exited, runCeiling, runLoad, startStudioCli, writeRelevanceData } from '../test/support/studio-load.js';
import type { StudioProcess } from '../test/support/studio-load.js';
import { dropPgSchemas, pgSchemaUrl } from '../test/support/pg-schemas.js';
import { fmt, percentile, type BenchResult } from './shared.js';

const ANNOTATORS = 50;
const PEAK_ANNOTATORS = 500;
/** Ceiling phase: this long. */
const CEILING_MS = 5_000;
/** Throughput phase: stop at this many accepted judgments or after this long, whichever comes first. */
const LOAD_JUDGMENTS = 3000;
const LOAD_MS = 15_000;
/** 500 annotators at once: bounded the same way. */
const PEAK_JUDGMENTS = 2000;
const PEAK_MS = 15_000;
/** Kill phase: SIGKILL once this many more judgments were acknowledged (bounded in time too). */
const KILL_AFTER = 300;
const KILL_MS = 30_000;


export async function benchStudio(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-studio-'));
  try {
    // 3,000 pages (1,500 prompts x 2 users, 3 attributes each); k = 3: room for 9,000 judgments.
    const data = path.join(dir, 'bench');
    writeRelevanceData(data, { prompts: 1500, users: 2, attributes: 3, name: 'bench' });
    const stores: StoreFigures[] = [];
    stores.push(await benchOne('sqlite', path.join(dir, 'studio.sqlite'), data));
    const pgUrl = process.env.ATTUNE_BENCH_PG_URL || process.env.ATTUNE_TEST_PG_URL;
    if (pgUrl) {
      const schema = `attune_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
      try {
        stores.push(await benchOne('postgres', pgSchemaUrl(pgUrl, schema), data));
      } finally {
        await dropPgSchemas(pgUrl, [schema]);
      }
    } else {
      console.log('[skip] studio on Postgres: set ATTUNE_BENCH_PG_URL (or ATTUNE_TEST_PG_URL) to a postgres:// URL');
    }
    console.log(renderTable(
      ['store', 'ceiling/s', 'judgments/s', 'share', 'submit p50 ms', 'submit p99 ms', 'next p99 ms', 'errors', 'loadgen cpu', 'server cpu',
        `${PEAK_ANNOTATORS}: judgments/s`, 'submit p99', 'next p99', 'errors', 'acked', 'lost', 'duplicated'],
      stores.map((f) => [f.store, fmt(f.ceilingPerSec), fmt(f.judgmentsPerSec), fmt(f.ceilingShare, 2), fmt(f.submitP50Ms), fmt(f.submitP99Ms), fmt(f.nextP99Ms),
        String(f.errors), fmt(f.loadgenCpu, 2), fmt(f.serverCpu, 2), fmt(f.peak.judgmentsPerSec), fmt(f.peak.submitP99Ms), fmt(f.peak.nextP99Ms),
        String(f.peak.errors), String(f.acked), String(f.lost), String(f.duplicated)]),
    ));
    console.log(`(${ANNOTATORS} concurrent annotators over loopback HTTP, one relevance page of 3 YES/NO per judgment, k=3, ` +
      `bounded at ${LOAD_JUDGMENTS} judgments or ${LOAD_MS / 1000} s; each submission's response carries the next item, so "next p99" counts ` +
      'those responses and the GET /current on entry; "ceiling/s": rounds of one POST with a JSON body per second against ' +
      `a trivial route of the same server, same generator, same annotators, ${CEILING_MS / 1000} s; "share" = judgments/s over the ceiling; ` +
      'cpu in cores (CPU seconds per second) over the 50-annotator phase; "errors": failed or refused requests; ' +
      `then ${PEAK_ANNOTATORS} annotators at once (${PEAK_JUDGMENTS} judgments or ${PEAK_MS / 1000} s); the server is then SIGKILLed after ${KILL_AFTER} more ` +
      `acknowledgements and restarted on the same store; "acked" counts every judgment acknowledged in all phases; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
    return { bench: 'studio', annotators: ANNOTATORS, peakAnnotators: PEAK_ANNOTATORS, loadAverage: os.loadavg(), stores };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface PhaseFigures {
  annotators: number;
  judgments: number;
  judgmentsPerSec: number;
  submitP99Ms: number;
  nextP99Ms: number;
  /** Requests that failed or were refused. */
  errors: number;
}

interface StoreFigures {
  store: string;
  annotators: number;
  judgments: number;
  seconds: number;
  judgmentsPerSec: number;
  /** Bare-HTTP rounds per second on the same server and generator. */
  ceilingPerSec: number;
  ceilingShare: number;
  submitP50Ms: number;
  submitP99Ms: number;
  nextP99Ms: number;
  errors: number;
  /** Cores the load generator (the bench process) and the server used in the 50-annotator phase. */
  loadgenCpu: number;
  serverCpu: number;
  ceilingLoadgenCpu: number;
  ceilingServerCpu: number;
  peak: PhaseFigures;
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
    const serverPid = first.child.pid;
    const ceiling = await runCeiling(first.url, { annotators: ANNOTATORS, maxMs: CEILING_MS, serverPid });
    const load = await runLoad(first.url, first.studyId, { annotators: ANNOTATORS, maxJudgments: LOAD_JUDGMENTS, maxMs: LOAD_MS, serverPid });
    const perS = load.acked.length / (load.elapsedMs / 1000);
    console.log(`${name}: ceiling ${fmt(ceiling.perSec)} rounds/s (${ceiling.errors} errors; cpu loadgen ${fmt(ceiling.cpu.loadgen, 2)}, server ${fmt(ceiling.cpu.server, 2)}); ` +
      `${load.acked.length} judgments accepted in ${fmt(load.elapsedMs / 1000)} s = ${fmt(perS)}/s (${fmt(perS / ceiling.perSec, 2)} of the ceiling); ` +
      `submit p50 ${fmt(percentile(load.submitMs, 50))} ms, p99 ${fmt(percentile(load.submitMs, 99))} ms; ` +
      `next item p50 ${fmt(percentile(load.nextMs, 50))} ms, p99 ${fmt(percentile(load.nextMs, 99))} ms; ` +
      `cpu loadgen ${fmt(load.cpu.loadgen, 2)}, server ${fmt(load.cpu.server, 2)}; ${load.refused} refused, ${load.errors} failed requests` +
      (load.refused + load.errors ? ` (${JSON.stringify(load.errorKinds)})` : ''));

    const peak = await runLoad(first.url, first.studyId, { annotators: PEAK_ANNOTATORS, prefix: 'peak', maxJudgments: PEAK_JUDGMENTS, maxMs: PEAK_MS, serverPid });
    const peakPerS = peak.acked.length / (peak.elapsedMs / 1000);
    console.log(`${name} x${PEAK_ANNOTATORS}: ${peak.acked.length} judgments in ${fmt(peak.elapsedMs / 1000)} s = ${fmt(peakPerS)}/s; ` +
      `submit p99 ${fmt(percentile(peak.submitMs, 99))} ms, next item p99 ${fmt(percentile(peak.nextMs, 99))} ms; ${peak.refused} refused, ${peak.errors} failed requests` +
      (peak.refused + peak.errors ? ` (${JSON.stringify(peak.errorKinds)})` : ''));

    // The first annotators carry on; the server dies under them.
    const kill = await runLoad(first.url, first.studyId, { annotators: ANNOTATORS, maxMs: KILL_MS, killAfter: { count: KILL_AFTER, child: first.child }, tokens: load.tokens });
    await exited(first.child);
    const second = await startStudioCli(args);
    procs.push(second);
    if (second.studyId !== first.studyId) throw new Error(`the restarted server serves another study (${second.studyId}, not ${first.studyId})`);
    const acked = [...load.acked, ...peak.acked, ...kill.acked];
    const c = await checkAcknowledged(storeUrl, first.studyId, acked);
    console.log(`${name} SIGKILL: ${kill.killed ? `killed after ${kill.acked.length} more acknowledgements` : 'NOT killed (the kill phase ran out of items or time)'}; ` +
      `acknowledged ${c.acknowledged}, present ${c.present}, lost ${c.lost}, altered ${c.altered}, duplicated ${c.duplicated} ` +
      `(${c.stored} judgments stored, ${c.unpaired} without their assignment)`);
    return {
      store: name, annotators: ANNOTATORS, judgments: load.acked.length, seconds: load.elapsedMs / 1000, judgmentsPerSec: perS,
      ceilingPerSec: ceiling.perSec, ceilingShare: perS / ceiling.perSec,
      submitP50Ms: percentile(load.submitMs, 50), submitP99Ms: percentile(load.submitMs, 99), nextP99Ms: percentile(load.nextMs, 99),
      errors: load.errors + load.refused, loadgenCpu: load.cpu.loadgen, serverCpu: load.cpu.server,
      ceilingLoadgenCpu: ceiling.cpu.loadgen, ceilingServerCpu: ceiling.cpu.server,
      peak: {
        annotators: PEAK_ANNOTATORS, judgments: peak.acked.length, judgmentsPerSec: peakPerS, submitP99Ms: percentile(peak.submitMs, 99),
        nextP99Ms: percentile(peak.nextMs, 99), errors: peak.errors + peak.refused,
      },
      acked: c.acknowledged, present: c.present, lost: c.lost + c.altered, duplicated: c.duplicated,
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
