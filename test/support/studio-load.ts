// Load on a studio server running as its own process: start `attune studio`, drive many scripted annotators at
// it, kill it, and check the store afterwards. Shared by test/server/sigkill.test.ts (asserts) and bench/studio.ts
// (prints figures).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeAttuneJsonl } from '../../src/data/index.js';
import { emptyDataset } from '../../src/model/index.js';
import { openStore } from '../../src/store/open.js';
import { StudioStore } from '../../src/studio/index.js';
import { Annotator, yesNo } from '../server/helpers.js';
import type { CurrentJson, Fetcher } from '../server/helpers.js';
import { projectRoot } from './shared.js';

export interface StudioProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT */
  url: string;
  studyId: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
}

/** Starts `attune studio ARGS` as its own process and waits for the URLs it prints. */
export async function startStudioCli(args: string[], timeoutMs = 90_000): Promise<StudioProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), 'studio', ...args], {
    cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /annotator URL: (http:\/\/[^/\s]+)\/s\/([^?\s]+)/.exec(out);
    if (m && /admin URL/.test(out)) return { child, url: m[1]!, studyId: m[2]!, output: () => out };
    if (child.exitCode !== null) throw new Error(`attune studio exited ${child.exitCode}: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`attune studio did not start: ${out}`);
}

/** Resolves once the process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
}

/** A fetcher for a real server whose every request gives up after `timeoutMs` (no request outlives a bounded run). */
export function boundedFetcher(base: string, timeoutMs = 15_000): Fetcher {
  return (p, init) => fetch(`${base}${p}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * The load generator's client: node:http over keep-alive connections (one per concurrent annotator), answering
 * with a minimal Response (status, text, json). Global fetch costs the generator about three times the CPU per
 * request, so on a small machine it, not the server, would set the pace. Every request gives up after `timeoutMs`.
 */
export function loadFetcher(base: string, timeoutMs = 15_000): Fetcher & { close(): void } {
  const u = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
  const f = (p: string, init: RequestInit = {}) => new Promise<Response>((resolve, reject) => {
    const body = typeof init.body === 'string' ? init.body : undefined;
    const headers = { ...(init.headers as Record<string, string> | undefined), ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) };
    const req = http.request({ host: u.hostname, port: u.port, path: p, method: init.method ?? 'GET', headers, agent, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('error', reject);
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300,
        text: async () => text, json: async () => JSON.parse(text) as unknown,
      } as Response));
    });
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
  return Object.assign(f, { close: () => agent.destroy() });
}

/** CPU seconds (user + system) a process has used so far, read from /proc; NaN where there is no /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** Writes an attune JSONL dataset for a relevance study: `users` x `prompts` pages of `attributes` attributes each. */
export function writeRelevanceData(dir: string, o: { prompts: number; users: number; attributes: number; name?: string }): void {
  const ds = emptyDataset(o.name ?? 'load', 'attune', 'illustrative');
  ds.prompts = Array.from({ length: o.prompts }, (_, i) => ({ id: `p${i}`, text: `Prompt ${i}: plan something for me` }));
  ds.profiles = Array.from({ length: o.users }, (_, u) => ({
    userId: `u${u}`,
    attributes: Array.from({ length: o.attributes }, (_, a) => ({ text: `The user u${u} has trait ${a}`, evidence: [], members: [] })),
  }));
  writeAttuneJsonl(ds, dir);
}

/** A judgment the server acknowledged (2xx with its id). */
export interface Ack {
  annotator: string;
  assignment: string;
  judgmentId: string;
  answers: unknown;
}

export interface LoadOptions {
  annotators: number;
  /** Annotator names are `${prefix}${i}`; the same names in a later run continue as the same people (given their tokens). */
  prefix?: string;
  /** Tokens of a previous run (LoadResult.tokens), by name: re-entry needs them. */
  tokens?: Record<string, string>;
  /** Stop once this many judgments were acknowledged (in this run). */
  maxJudgments?: number;
  /** Stop after this long. Required: every load is bounded in time. */
  maxMs: number;
  /** SIGKILL `child` once this many judgments were acknowledged (in this run), then stop. */
  killAfter?: { count: number; child: ChildProcess };
  /** Per-request timeout (default 15 s). */
  requestTimeoutMs?: number;
}

/** CPU the load generator (this process) and the server used over a run, in cores (CPU seconds per second). */
export interface CpuUse {
  loadgen: number;
  server: number;
}

export interface LoadResult {
  acked: Ack[];
  /** Milliseconds per acknowledged submission (its response carries the next item) / per GET of the current item. */
  submitMs: number[];
  currentMs: number[];
  /** Milliseconds to hold the next item: each GET /current, and each acknowledged submission that carried it. */
  nextMs: number[];
  elapsedMs: number;
  /** Submissions refused with a 4xx/5xx. */
  refused: number;
  /** Requests that failed (connection reset, timeout) outside a kill. */
  errors: number;
  /** Why, by message: how many of each. */
  errorKinds: Record<string, number>;
  /** Annotators told they were done. */
  finished: number;
  killed: boolean;
  /** Each annotator's token by name: what lets them re-enter (a resume link holds the same). */
  tokens: Record<string, string>;
  cpu: CpuUse;
}

/**
 * `annotators` scripted people work at once against a studio at `base`: each enters, then fetches its current item
 * and submits an answer, again and again, until a bound is reached (count, time, kill) or it is done.
 */
export async function runLoad(base: string, studyId: string, o: LoadOptions & { serverPid?: number }): Promise<LoadResult> {
  const f = loadFetcher(base, o.requestTimeoutMs);
  try {
    return await drive(f, studyId, o);
  } finally {
    f.close();
  }
}

async function drive(f: Fetcher, studyId: string, o: LoadOptions & { serverPid?: number }): Promise<LoadResult> {
  const prefix = o.prefix ?? 'w';
  const people = await Promise.all(Array.from({ length: o.annotators }, (_, i) => {
    const a = new Annotator(f, studyId, { name: `${prefix}${i}` });
    a.token = o.tokens?.[`${prefix}${i}`] ?? '';
    return a.enter();
  }));
  const res: LoadResult = {
    acked: [], submitMs: [], currentMs: [], nextMs: [], elapsedMs: 0, refused: 0, errors: 0, errorKinds: {}, finished: 0, killed: false,
    tokens: Object.fromEntries(people.map((p) => [p.who.name!, p.token])), cpu: { loadgen: NaN, server: NaN },
  };
  const cpu = startCpu(o.serverPid);
  const t0 = performance.now();
  const deadline = t0 + o.maxMs;
  let stop = false;
  const shouldStop = () => stop || performance.now() > deadline || (o.maxJudgments !== undefined && res.acked.length >= o.maxJudgments);
  await Promise.all(people.map(async (p) => {
    const name = p.who.name!;
    let failures = 0;
    // The next item comes with each acknowledged submission; GET /current only on entry and after a refusal.
    let cur: CurrentJson | undefined;
    while (!shouldStop()) {
      try {
        let t = performance.now();
        if (!cur) {
          cur = await p.current();
          res.currentMs.push(performance.now() - t);
          res.nextMs.push(performance.now() - t);
        }
        if (cur.done) {
          res.finished++;
          return;
        }
        const body = yesNo((i) => (i + name.length) % 2 === 0)(cur.assignment!.task);
        const assignment = cur.assignment!.id;
        cur = undefined;
        t = performance.now();
        const r = await p.submit(assignment, body);
        if (r.status === 201 || r.status === 200) {
          const ms = performance.now() - t;
          res.submitMs.push(ms);
          res.acked.push({ annotator: name, assignment, judgmentId: String(r.json.judgmentId), answers: body });
          cur = r.json.next as CurrentJson | undefined;
          if (cur) res.nextMs.push(ms);
        } else {
          res.refused++;
          const why = `${r.status} ${String(r.json.error ?? '').slice(0, 60)}`;
          res.errorKinds[why] = (res.errorKinds[why] ?? 0) + 1;
        }
        if (o.killAfter && !res.killed && res.acked.length >= o.killAfter.count) {
          res.killed = stop = true;
          o.killAfter.child.kill('SIGKILL');
        }
      } catch (e) {
        if (res.killed) return; // reset by the kill: not acknowledged
        res.errors++;
        const why = e instanceof Error ? e.message.slice(0, 80) : String(e);
        res.errorKinds[why] = (res.errorKinds[why] ?? 0) + 1;
        if (++failures >= 3) return;
      }
    }
  }));
  res.elapsedMs = performance.now() - t0;
  res.cpu = cpu();
  return res;
}

/** Starts measuring CPU use; the returned function gives the cores used since. */
function startCpu(serverPid?: number): () => CpuUse {
  const t0 = performance.now();
  const mine = process.cpuUsage();
  const server0 = serverPid === undefined ? NaN : processCpuSeconds(serverPid);
  return () => {
    const s = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(mine);
    return { loadgen: (used.user + used.system) / 1e6 / s, server: serverPid === undefined ? NaN : (processCpuSeconds(serverPid) - server0) / s };
  };
}

export interface CeilingResult {
  /** Rounds per second: each round is the request of a judgment (a POST with a JSON body, answered with JSON). */
  perSec: number;
  elapsedMs: number;
  errors: number;
  cpu: CpuUse;
}

/**
 * The bare-HTTP ceiling: the same generator and the same number of concurrent clients as runLoad, against a trivial
 * route of the same server (`/api/health`, through the same middleware), one POST a round like one judgment (whose
 * response carries the next item).
 */
export async function runCeiling(base: string, o: { annotators: number; maxMs: number; serverPid?: number; requestTimeoutMs?: number }): Promise<CeilingResult> {
  const f = loadFetcher(base, o.requestTimeoutMs);
  const body = JSON.stringify({ answers: { 0: true, 1: false, 2: true } });
  const headers = { authorization: 'Bearer x', 'content-type': 'application/json' };
  let rounds = 0;
  let errors = 0;
  const cpu = startCpu(o.serverPid);
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: o.annotators }, async () => {
      while (performance.now() - t0 < o.maxMs) {
        try {
          const b = await f('/api/health', { method: 'POST', headers, body });
          await b.json();
          if (b.status === 200) rounds++;
          else errors++;
        } catch {
          if (++errors > 100) return;
        }
      }
    }));
  } finally {
    f.close();
  }
  const elapsedMs = performance.now() - t0;
  return { perSec: rounds / (elapsedMs / 1000), elapsedMs, errors, cpu: cpu() };
}

export interface KillCheck {
  /** Acknowledged judgments (distinct ids). */
  acknowledged: number;
  /** ... found in the store, with the annotator and answers that were acknowledged. */
  present: number;
  /** ... absent from the store. */
  lost: number;
  /** ... found under their id but with another annotator or other answers. */
  altered: number;
  /** Judgments beyond one per (annotator, item), plus ids acknowledged for two different submissions. */
  duplicated: number;
  /** Judgments in the study's store. */
  stored: number;
  /** Judgments without a finished assignment, and finished assignments without a judgment. */
  unpaired: number;
}

/** What became of acknowledged judgments: read straight from the store at `storeUrl` (opened and closed here). */
export async function checkAcknowledged(storeUrl: string, studyId: string, acked: Ack[]): Promise<KillCheck> {
  const store = await openStore(storeUrl, { poolSize: 2 });
  try {
    const studio = new StudioStore(store);
    const all = await store.listJudgments({ studyId });
    const joined = await studio.studyJudgments(studyId);
    const counts = await studio.assignmentCounts(studyId);
    const finished = counts.filter((c) => c.status !== 'assigned').reduce((s, c) => s + c.n, 0);
    const byId = new Map(all.map((j) => [j.id, j]));
    const ackIds = new Map<string, Ack>();
    let duplicated = all.length - new Set(all.map((j) => `${j.annotator}/${j.itemKey}`)).size;
    let present = 0;
    let lost = 0;
    let altered = 0;
    for (const a of acked) {
      const prev = ackIds.get(a.judgmentId);
      if (prev) {
        if (prev.annotator !== a.annotator || prev.assignment !== a.assignment) duplicated++;
        continue;
      }
      ackIds.set(a.judgmentId, a);
      const j = byId.get(a.judgmentId);
      if (!j) lost++;
      else if (j.annotator !== a.annotator || !isDeepStrictEqual(j.value, a.answers)) altered++;
      else present++;
    }
    return {
      acknowledged: ackIds.size, present, lost, altered, duplicated, stored: all.length,
      unpaired: Math.abs(all.length - joined.length) + Math.abs(finished - joined.length),
    };
  } finally {
    await store.close();
  }
}
