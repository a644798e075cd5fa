import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Store } from '../store/store.js';
import { StudioStore } from '../studio/assignment.js';
import { createStudioApp } from './app.js';
import { uiAssets } from './ui.js';

export { createStudioApp } from './app.js';
export type { StudioAppOptions } from './app.js';
// The studio's logic lives in ../studio/; the server's entry point keeps exporting it as before.
export { exportFiles, createStudy, exportStudy, exportStudyWithSummary } from '../studio/export.js';
export type { CreateStudyOptions, ExportSummary } from '../studio/export.js';
export { itemsFromDataset, attentionItem, validateSubmission, taskView, personalizedScore } from '../studio/tasks.js';
export { createStudyFromRun, itemsFromRun, loadRunForStudy, FromRunError } from '../studio/from-run.js';
export type { CreateStudyFromRunOptions, FromRunBuildOptions } from '../studio/from-run.js';
export { studyDataset, majorityLabels, countTies } from '../studio/dataset.js';
export { flatJudgments, toCsv, loadStudyData } from '../studio/judgments.js';
export { liveAgreement, annotatorStats } from '../studio/monitor.js';
export { StudySettings, studySettings, completion, TIE_RULES } from '../studio/launch.js';
export type { StudySettingsInput, TieRule, Completion } from '../studio/launch.js';

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
