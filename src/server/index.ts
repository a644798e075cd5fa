import { InvalidArgumentError } from '../model/errors.js';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Dataset } from '../model/index.js';
import { writeAttuneJsonl } from '../data/index.js';
import type { Store } from '../store/store.js';
import { StudioStore } from '../store/studio.js';
import type { Study, StudyKind } from '../store/studio.js';
import { createStudioApp } from './app.js';
import { countTies, loadStudyData, studyDataset } from './results.js';
import { StudySettings, studySettings } from './launch.js';
import type { StudySettingsInput, TieRule } from './launch.js';
import { itemsFromDataset } from './tasks.js';
import type { BuildOptions } from './tasks.js';
import { uiAssets } from './ui.js';

export { createStudioApp, exportFiles } from './app.js';
export type { StudioAppOptions } from './app.js';
export { itemsFromDataset, attentionItem, validateSubmission, taskView, personalizedScore } from './tasks.js';
export { createStudyFromRun, itemsFromRun, loadRunForStudy, FromRunError } from './from-run.js';
export type { CreateStudyFromRunOptions, FromRunBuildOptions } from './from-run.js';
export { studyDataset, flatJudgments, toCsv, liveAgreement, annotatorStats, majorityLabels, countTies, loadStudyData } from './results.js';
export { StudySettings, studySettings, completion, TIE_RULES } from './launch.js';
export type { StudySettingsInput, TieRule, Completion } from './launch.js';

export interface CreateStudyOptions extends BuildOptions {
  name: string;
  kind: StudyKind;
  /** Annotators per item (default 3, as in the paper). */
  k?: number;
  /** Regular items per annotator (default: as many as still need judging). */
  perAnnotator?: number;
  completionCode?: string;
  /** Consent and instructions pages, the work that earns the code, the speed flag, how ties become labels (launch.ts). */
  settings?: StudySettingsInput;
}

/** A study over a dataset's items: relevance pages, attribute sheets or response pairs (see tasks.ts). */
export async function createStudy(store: Store | StudioStore, ds: Dataset, opts: CreateStudyOptions): Promise<Study> {
  const studio = store instanceof StudioStore ? store : new StudioStore(store);
  const { settings, ...build } = opts;
  const { items, source } = itemsFromDataset(ds, opts.kind, build);
  return studio.createStudy({
    name: opts.name, kind: opts.kind, k: opts.k ?? 3, items, source: { ...source, settings: StudySettings.parse(settings ?? {}) },
    ...(opts.perAnnotator !== undefined ? { perAnnotator: opts.perAnnotator } : {}),
    ...(opts.completionCode !== undefined ? { completionCode: opts.completionCode } : {}),
  });
}

/** Writes a study's judgments as an attune JSONL dataset directory (what `attune eval` reads). */
export async function exportStudy(store: Store | StudioStore, study: string, dir: string, opts: { ties?: TieRule } = {}): Promise<string[]> {
  return (await exportStudyWithSummary(store, study, dir, opts)).files;
}

export interface ExportSummary {
  files: string[];
  judgments: number;
  /** Relevance: majority labels written, pairs whose annotators split evenly, and how those were broken. */
  labels: number;
  ties: number;
  tieRule: TieRule;
}

/** exportStudy, and what the export holds: labels, and how many of them were ties and how they were broken. */
export async function exportStudyWithSummary(store: Store | StudioStore, study: string, dir: string, opts: { ties?: TieRule } = {}): Promise<ExportSummary> {
  const studio = store instanceof StudioStore ? store : new StudioStore(store);
  const s = await studio.getStudy(study);
  if (!s) throw new InvalidArgumentError('study', `no study "${study}"`, study);
  const tieRule = opts.ties ?? studySettings(s).ties;
  const ds = studyDataset(await loadStudyData(studio, s), { ties: tieRule });
  const files = await writeAttuneJsonl(ds, dir);
  return { files, judgments: ds.annotations.length + ds.attributeJudgments.length + ds.ratings.length, labels: ds.labels.length, ties: countTies(ds.annotations), tieRule };
}

export interface StudioServer {
  url: string;
  port: number;
  adminSecret: string;
  close(): Promise<void>;
}

/** Serves the studio on `port` (0: any free port) until `close`. Bundles the UI before listening. */
export async function startStudioServer(store: Store, opts: { port?: number; host?: string; adminSecret?: string; leaseMs?: number; allowedHosts?: string[] } = {}): Promise<StudioServer> {
  const adminSecret = opts.adminSecret || randomBytes(18).toString('base64url');
  const host = opts.host ?? '127.0.0.1';
  // The names the studio answers to: loopback, the interface it listens on, and any the caller adds.
  const allowedHosts = ['localhost', '127.0.0.1', '[::1]', ...(host === '0.0.0.0' || host === '::' ? [] : [host]), ...(opts.allowedHosts ?? [])];
  const app = createStudioApp({ studio: new StudioStore(store), adminSecret, allowedHosts, ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}) });
  await uiAssets();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  // Keep an idle annotator's connection for a minute (Node's default is 5 s): under a launch, a page that waits a
  // little longer for its next request would otherwise reconnect, and a request racing the close is reset.
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    adminSecret,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}
