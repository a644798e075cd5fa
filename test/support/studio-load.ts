// Load on a studio server running as its own process: start `attune studio`, drive many scripted annotators at
// it, kill it, and check the store afterwards. Shared by test/server/sigkill.test.ts (asserts) and bench/studio.ts
// (prints figures).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeAttuneJsonl } from '../../src/data/index.js';
import { emptyDataset } from '../../src/model/index.js';
import { openStore } from '../../src/store/open.js';
import { StudioStore } from '../../src/store/studio.js';
import { Annotator, yesNo } from '../server/helpers.js';
import type { Fetcher } from '../server/helpers.js';
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

export interface LoadResult {
  acked: Ack[];
  /** Milliseconds per acknowledged submission / per fetch of the next item. */
  submitMs: number[];
  currentMs: number[];
  elapsedMs: number;
  /** Submissions refused with a 4xx/5xx. */
  refused: number;
  /** Requests that failed (connection reset, timeout) outside a kill. */
  errors: number;
  /** Annotators told they were done. */
  finished: number;
  killed: boolean;
  /** Each annotator's token by name: what lets them re-enter (a resume link holds the same). */
  tokens: Record<string, string>;
}

/**
 * `annotators` scripted people work at once against a studio at `base`: each enters, then fetches its current item
 * and submits an answer, again and again, until a bound is reached (count, time, kill) or it is done.
 */
export async function runLoad(base: string, studyId: string, o: LoadOptions): Promise<LoadResult> {
  const f = boundedFetcher(base, o.requestTimeoutMs);
  const prefix = o.prefix ?? 'w';
  const people = await Promise.all(Array.from({ length: o.annotators }, (_, i) => {
    const a = new Annotator(f, studyId, { name: `${prefix}${i}` });
    a.token = o.tokens?.[`${prefix}${i}`] ?? '';
    return a.enter();
  }));
  const res: LoadResult = { acked: [], submitMs: [], currentMs: [], elapsedMs: 0, refused: 0, errors: 0, finished: 0, killed: false, tokens: Object.fromEntries(people.map((p) => [p.who.name!, p.token])) };
  const t0 = performance.now();
  const deadline = t0 + o.maxMs;
  let stop = false;
  const shouldStop = () => stop || performance.now() > deadline || (o.maxJudgments !== undefined && res.acked.length >= o.maxJudgments);
  await Promise.all(people.map(async (p) => {
    const name = p.who.name!;
    let failures = 0;
    while (!shouldStop()) {
      try {
        let t = performance.now();
        const cur = await p.current();
        res.currentMs.push(performance.now() - t);
        if (cur.done) {
          res.finished++;
          return;
        }
        const body = yesNo((i) => (i + name.length) % 2 === 0)(cur.assignment!.task);
        t = performance.now();
        const r = await p.submit(cur.assignment!.id, body);
        if (r.status === 201 || r.status === 200) {
          res.submitMs.push(performance.now() - t);
          res.acked.push({ annotator: name, assignment: cur.assignment!.id, judgmentId: String(r.json.judgmentId), answers: body });
        } else {
          res.refused++;
        }
        if (o.killAfter && !res.killed && res.acked.length >= o.killAfter.count) {
          res.killed = stop = true;
          o.killAfter.child.kill('SIGKILL');
        }
      } catch {
        if (res.killed) return; // reset by the kill: not acknowledged
        res.errors++;
        if (++failures >= 3) return;
      }
    }
  }));
  res.elapsedMs = performance.now() - t0;
  return res;
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

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
