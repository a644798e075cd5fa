import { InvalidArgumentError } from '../model/errors.js';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { StudyError } from '../studio/types.js';
import type { Annotator, Current, Study } from '../studio/types.js';
import type { StudioStore } from '../studio/assignment.js';
import { flatJudgments, loadStudyData, toCsv } from '../studio/judgments.js';
import { countTies, jsonlFile, studyDataset } from '../studio/dataset.js';
import { annotatorStats, liveAgreement, studyProgress } from '../studio/monitor.js';
import type { AnnotatorStats, LiveAgreement, StudyProgress } from '../studio/monitor.js';
import { exportFiles } from '../studio/export.js';
import { BodyError, readJson } from './body.js';
import { taskView, validateSubmission } from '../studio/tasks.js';
import { CSP, htmlShell, uiAssets } from './ui.js';
import { completion, failedAttention, studySettings } from '../studio/launch.js';
import type { TieRule } from '../studio/launch.js';

export interface StudioAppOptions {
  studio: StudioStore;
  /** Guards /admin and /api/admin: sent as the `x-admin-secret` header or the `attune_admin` cookie. */
  adminSecret: string;
  /** Assignment lease: an unfinished assignment stops holding its item's slot after this long unless its page renews it. */
  leaseMs?: number;
  /** Host names (without port) the app answers to, against DNS rebinding (default: localhost, 127.0.0.1, [::1]). */
  allowedHosts?: readonly string[];
  /** Failed admin attempts allowed per client per minute before it gets 429 (default 5). */
  adminFailuresPerMinute?: number;
}

/** Largest request body an annotator may send. */
const MAX_BODY = 256 * 1024;

/** Shortest admin secret accepted. */
export const MIN_ADMIN_SECRET = 16;
const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

type Env = { Variables: { study: Study; annotator: Annotator } };

interface AdminView {
  progress: StudyProgress;
  annotators: AnnotatorStats[];
  agreement: LiveAgreement;
  /** Relevance: the labels the export would write, and how many were ties broken by the study's rule. */
  labels?: { labels: number; ties: number; tieRule: TieRule };
}

const ADMIN_COOKIE = 'attune_admin';
const PROLIFIC_COMPLETE = 'https://app.prolific.com/submissions/complete?cc=';

function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return a.length > 0 && timingSafeEqual(h(a), h(b));
}

/** What the admin cookie holds: a value derived from the secret, never the secret itself. */
function adminSession(secret: string): string {
  return createHmac('sha256', secret).update('attune-studio-admin-session').digest('base64url');
}

/** The client's address under @hono/node-server; one bucket for in-process requests. */
function clientOf(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/**
 * The studio's HTTP app: the annotator API (`/api/s/:study/...`, bearer token from `enter`), the admin API
 * (`/api/admin/...`, behind the secret) and the two browser pages. Every response carries a strict CSP.
 */
export function createStudioApp(opts: StudioAppOptions): Hono<Env> {
  const { studio } = opts;
  if (!opts.adminSecret || opts.adminSecret.length < MIN_ADMIN_SECRET) {
    throw new InvalidArgumentError('adminSecret', `the studio's admin secret must have at least ${MIN_ADMIN_SECRET} characters`);
  }
  const session = adminSession(opts.adminSecret);
  const hosts = new Set((opts.allowedHosts ?? DEFAULT_HOSTS).map((h) => h.toLowerCase()));
  const leaseOpts = opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {};
  const failures = new Map<string, { n: number; since: number }>();
  const maxFailures = opts.adminFailuresPerMinute ?? 5;
  const app = new Hono<Env>();

  // DNS rebinding: a page on another name that resolves to this machine must not reach the studio.
  app.use('*', async (c, next) => {
    const host = new URL(c.req.url).hostname.toLowerCase();
    if (!hosts.has(host) && !hosts.has(`[${host}]`)) return c.text(`host ${host} is not served here`, 421);
    await next();
  });

  // Set before the handler runs: the response it builds takes them (a header it sets itself, such as an asset's
  // Cache-Control, wins). Setting them afterwards would copy every response into a streamed one.
  app.use('*', async (c, next) => {
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.onError((err, c) => {
    if (err instanceof BodyError) return c.json({ error: err.message }, err.status);
    if (err instanceof StudyError) return c.json({ error: err.message }, err.reason === 'invalid' ? 400 : 409);
    console.error('attune studio:', err);
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));

  // ------------------------------------------------------------ pages and assets

  app.get('/', (c) => c.text('attune studio: open the annotator link of a study (/s/<study>) or /admin.'));
  /** Liveness for a load balancer or a watchdog; it touches no store, so it is also the bench's bare-HTTP ceiling. */
  app.on(['GET', 'POST'], '/api/health', (c) => c.json({ ok: true }));
  app.get('/s/:study', async (c) => {
    const study = await studyById(c.req.param('study'));
    if (!study) return c.text('no such study', 404);
    return c.html(htmlShell('attune studio', 'studio.js'));
  });
  app.get('/admin', async (c) => {
    const given = c.req.query('secret');
    if (given !== undefined) {
      // The lockout stops guessing: it holds back wrong secrets, never the right one.
      if (!sameSecret(given, opts.adminSecret)) {
        if (lockedOut(c)) return c.text('too many wrong admin secrets: wait a minute', 429);
        failed(c);
        return c.text('wrong admin secret', 401);
      }
      setCookie(c, ADMIN_COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return c.redirect('/admin', 303); // drop the secret from the address bar and history
    }
    if (!isAdmin(c)) return c.text('admin secret required: open /admin?secret=...', 401);
    return c.html(htmlShell('attune studio admin', 'admin.js'));
  });
  app.get('/assets/:file', async (c) => {
    const assets = await uiAssets();
    const file = c.req.param('file') as keyof typeof assets;
    if (!Object.hasOwn(assets, file)) return c.text('not found', 404);
    const type = file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    return c.body(assets[file], 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  });

  // ------------------------------------------------------------ annotators

  /** Annotators reach a study by its random id only: its name is guessable. */
  async function studyById(id: string): Promise<Study | undefined> {
    const study = await studio.getStudy(id);
    return study?.id === id ? study : undefined;
  }
  const bearer = (c: Context) => {
    const auth = c.req.header('authorization') ?? '';
    return auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  };
  const withStudy: MiddlewareHandler<Env> = async (c, next) => {
    const study = await studyById(c.req.param('study') ?? '');
    if (!study) return c.json({ error: 'no such study' }, 404);
    c.set('study', study);
    await next();
  };
  /** Admin routes may name a study by id or name. */
  const withAnyStudy: MiddlewareHandler<Env> = async (c, next) => {
    const study = await studio.getStudy(c.req.param('study') ?? '');
    if (!study) return c.json({ error: 'no such study' }, 404);
    c.set('study', study);
    await next();
  };
  const withAnnotator: MiddlewareHandler<Env> = async (c, next) => {
    const annotator = await studio.verifyToken(c.get('study').id, bearer(c));
    if (!annotator) return c.json({ error: 'not signed in to this study' }, 401);
    c.set('annotator', annotator);
    await next();
  };

  /** What the page shows before the first item: the consent and instructions texts (no token needed). */
  app.get('/api/s/:study/about', withStudy, (c) => {
    const study = c.get('study');
    const s = studySettings(study);
    return c.json({
      name: study.name, kind: study.kind, minAnswered: s.minAnswered,
      ...(s.consent ? { consent: s.consent } : {}), ...(s.instructions ? { instructions: s.instructions } : {}),
    });
  });

  app.post('/api/s/:study/enter', withStudy, async (c) => {
    const body = ((await readJson(c, MAX_BODY).catch((e: unknown) => {
      if (e instanceof BodyError && e.status === 413) throw e;
      return {};
    })) ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' && (body[k] as string).trim() ? (body[k] as string).trim() : undefined);
    const pid = str('PROLIFIC_PID');
    const name = str('name');
    if (!pid && !name) return c.json({ error: 'enter with PROLIFIC_PID (and STUDY_ID, SESSION_ID) or a name' }, 400);
    const study = c.get('study');
    const sessionId = str('SESSION_ID');
    const who = pid
      ? { source: 'prolific' as const, externalId: pid, ...(str('STUDY_ID') ? { prolificStudyId: str('STUDY_ID')! } : {}), ...(sessionId ? { sessionId } : {}) }
      : { source: 'name' as const, externalId: name! };
    // A study with a consent text admits only those who agreed to it (its token holders agreed when they entered).
    if (studySettings(study).consent && body.consent !== true) {
      const holder = await studio.verifyToken(study.id, bearer(c));
      const same = holder && (await studio.findAnnotator(study.id, who.externalId))?.id === holder.id;
      if (!same) return c.json({ error: 'this study asks for your consent before you begin', consentRequired: true }, 403);
    }
    const { annotator, created } = await studio.enterNew(study.id, who);
    if (!created) {
      // Re-entry needs what only that annotator holds: their token (resume link or this browser's storage),
      // or for Prolific the same PID with the same SESSION_ID.
      const holder = await studio.verifyToken(study.id, bearer(c));
      const sameSession = annotator.source === 'prolific' && annotator.sessionId !== null && sessionId === annotator.sessionId;
      if (holder?.id !== annotator.id && !sameSession) {
        return c.json({ error: `someone already entered this study as "${annotator.externalId}": continue with your resume link, or enter another name` }, 409);
      }
    }
    return c.json({ token: await studio.tokenFor(annotator), annotator: annotator.externalId, study: { id: study.id, name: study.name, kind: study.kind } });
  });

  app.get('/api/s/:study/current', withStudy, withAnnotator, async (c) => {
    const study = c.get('study');
    const annotator = c.get('annotator');
    return c.json(await currentView(study, annotator, await studio.current(study.id, annotator.id, leaseOpts)));
  });

  app.get('/api/s/:study/assignments/:id', withStudy, withAnnotator, async (c) => {
    const study = c.get('study');
    const a = await studio.getAssignment(c.get('annotator').id, c.req.param('id'));
    if (!a || a.studyId !== study.id) return c.json({ error: 'no such assignment' }, 404);
    return c.json({ id: a.id, seq: a.seq, status: a.status, task: taskView(study.kind, a) });
  });

  app.post('/api/s/:study/assignments/:id', withStudy, withAnnotator, async (c) => {
    const study = c.get('study');
    const annotator = c.get('annotator');
    const body = await readJson(c, MAX_BODY);
    // Checked against the item in the transaction that records it; acknowledged only after that commits.
    const r = await studio.submit(annotator, c.req.param('id'), body, 'done', {
      ...leaseOpts, next: true, check: (item) => validateSubmission(study.kind, item.payload, body),
    });
    if (r.status === 'invalid') return c.json({ error: r.error }, 400);
    if (r.status === 'not_found') return c.json({ error: 'no such assignment' }, 404);
    if (r.status === 'expired') return c.json({ error: 'the time for this item ran out and others have answered it: your answer was not recorded; continue with the next one' }, 409);
    if (r.status === 'conflict') return c.json({ error: 'this item was already answered differently', judgmentId: r.judgmentId }, 409);
    // `next`: what GET /current would now return, assigned in the same transaction (the page needs no second request).
    return c.json({ status: r.status, judgmentId: r.judgmentId, ...(r.next ? { next: await currentView(study, annotator, r.next) } : {}) }, r.status === 'created' ? 201 : 200);
  });

  /** The open page's heartbeat: renews the lease of the assignment it shows. */
  app.post('/api/s/:study/assignments/:id/lease', withStudy, withAnnotator, async (c) => {
    const ok = await studio.renewLease(c.get('annotator').id, c.req.param('id'), new Date(), leaseOpts);
    return ok ? c.json({ renewed: true }) : c.json({ error: 'no open assignment with this id' }, 404);
  });

  // ------------------------------------------------------------ admin

  function lockedOut(c: Context): boolean {
    const f = failures.get(clientOf(c));
    if (f && Date.now() - f.since > 60_000) failures.delete(clientOf(c));
    return (failures.get(clientOf(c))?.n ?? 0) >= maxFailures;
  }
  function failed(c: Context): void {
    const now = Date.now();
    // Guesses from ever-new addresses must not grow the map without bound: past 10,000, expired entries go.
    if (failures.size > 10_000) for (const [k, v] of failures) if (now - v.since > 60_000) failures.delete(k);
    while (failures.size > 50_000) failures.delete(failures.keys().next().value!);
    const f = failures.get(clientOf(c)) ?? { n: 0, since: now };
    f.n++;
    failures.set(clientOf(c), f);
  }
  /** The secret in the x-admin-secret header, or the derived session value in the cookie. */
  function isAdmin(c: Context): boolean {
    const header = c.req.header('x-admin-secret');
    if (header !== undefined) return sameSecret(header, opts.adminSecret);
    return sameSecret(getCookie(c, ADMIN_COOKIE) ?? '', session);
  }
  const admin: MiddlewareHandler<Env> = async (c, next) => {
    if (!isAdmin(c)) {
      // Wrong secrets wait once there were too many; the right one is always let in (the lockout must not let a
      // guesser lock the researcher out of their own study).
      if (lockedOut(c)) return c.json({ error: 'too many failed admin attempts: wait a minute' }, 429);
      if (c.req.header('x-admin-secret') !== undefined || getCookie(c, ADMIN_COOKIE) !== undefined) failed(c);
      return c.json({ error: 'admin secret required' }, 401);
    }
    await next();
  };
  app.use('/api/admin/*', admin);

  /**
   * Progress, annotators and live agreement of a study, computed again only when its version changed: the
   * admin page polls every 5 s, and reading a whole study back on each poll (synchronous on SQLite) would
   * stall annotators' requests. Admins polling at once share one computation.
   */
  const views = new Map<string, { version: string; view: Promise<AdminView> }>();
  async function adminView(s: Study): Promise<AdminView> {
    const version = await studio.studyVersion(s.id);
    const hit = views.get(s.id);
    if (hit?.version === version) return hit.view;
    const view = (async () => {
      const d = await loadStudyData(studio, s);
      const [counts, annotators] = await Promise.all([studio.assignmentCounts(s.id), studio.listAnnotators(s.id)]);
      const view: AdminView = { progress: studyProgress(d, counts, annotators), annotators: annotatorStats(d, annotators), agreement: liveAgreement(d) };
      if (s.kind === 'relevance') {
        const ds = studyDataset(d);
        view.labels = { labels: ds.labels.length, ties: countTies(ds.annotations), tieRule: studySettings(s).ties };
      }
      return view;
    })();
    const entry = { version, view };
    views.set(s.id, entry);
    view.catch(() => views.get(s.id) === entry && views.delete(s.id));
    return view;
  }

  app.get('/api/admin/studies', async (c) => {
    const out = [];
    for (const s of await studio.listStudies()) {
      out.push({ id: s.id, name: s.name, kind: s.kind, k: s.k, annotatorPath: `/s/${s.id}`, progress: (await adminView(s)).progress });
    }
    return c.json(out);
  });

  app.get('/api/admin/studies/:study', withAnyStudy, async (c) => {
    const s = c.get('study');
    return c.json({
      study: { id: s.id, name: s.name, kind: s.kind, k: s.k, perAnnotator: s.perAnnotator, completionCode: s.completionCode, source: s.source, annotatorPath: `/s/${s.id}` },
      ...(await adminView(s)),
      exports: exportFiles(s.kind),
    });
  });

  app.get('/api/admin/studies/:study/export/:file', withAnyStudy, async (c) => {
    const s = c.get('study');
    const file = c.req.param('file');
    const d = await loadStudyData(studio, s);
    const disposition = { 'Content-Disposition': `attachment; filename="${s.name.replace(/[^\w.-]+/g, '_')}-${file}"` };
    if (file === 'judgments.csv') return c.body(toCsv(flatJudgments(d)), 200, { 'Content-Type': 'text/csv; charset=utf-8', ...disposition });
    if (file === 'dataset.json') return c.json({ name: `studio-${s.name}`, provenance: 'human' }, 200, disposition);
    const body = jsonlFile(studyDataset(d), file);
    if (body === undefined) return c.json({ error: `no export named ${file}` }, 404);
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', ...disposition });
  });

  /**
   * The annotator's current item as the API shows it (GET /current, and `next` after a submission): the item with
   * progress as "n of N" (N: what they did and hold, plus what they may still be given), or the end of their work:
   * the study full (nothing ever given: no code), finished with the completion code, or finished without it (too
   * few answered items, or a failed attention check when the study blocks on those).
   */
  async function currentView(study: Study, annotator: Annotator, cur: Current) {
    const { assignment: a, progress } = cur;
    const settings = studySettings(study);
    if (a && settings.blockOnFailedAttention && progress.done > 0) {
      const work = await studio.annotatorWork(annotator.id);
      if (failedAttention(study.kind, work) > 0) return ended(study, annotator, { ...progress, total: progress.done }, work);
    }
    if (!a && progress.done === 0) {
      return { done: true, full: true, progress, message: 'This study needs no more annotators right now. Thank you for your interest: you did no work, so there is no completion code.' };
    }
    if (!a) return ended(study, annotator, { ...progress, total: progress.done }, await studio.annotatorWork(annotator.id));
    // With a per-annotator quota N is the quota plus the special items (no query per submission); without one,
    // it is counted: the items they may still be given.
    const total = progress.total ?? progress.done + progress.assigned + (await studio.openItemsFor(study.id, annotator.id, study.k));
    return { done: false, progress: { ...progress, total }, assignment: { id: a.id, seq: a.seq, task: taskView(study.kind, a) } };
  }

  return app;
}

function ended(study: Study, annotator: Annotator, progress: Current['progress'], work: Parameters<typeof completion>[1]) {
  const c = completion(study.kind, work, studySettings(study));
  if (!c.ok) return { done: true, progress, answered: c.answered, noCode: c.reason, message: c.message };
  return {
    done: true, progress, answered: c.answered, completionCode: study.completionCode,
    ...(annotator.source === 'prolific' ? { completionUrl: `${PROLIFIC_COMPLETE}${encodeURIComponent(study.completionCode)}` } : {}),
  };
}
