import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { StudyError } from '../store/studio.js';
import type { Annotator, StudioStore, Study } from '../store/studio.js';
import { annotatorStats, flatJudgments, jsonlFile, liveAgreement, loadStudyData, studyDataset, studyProgress, toCsv } from './results.js';
import { taskView, validateSubmission } from './tasks.js';
import { CSP, htmlShell, uiAssets } from './ui.js';

export interface StudioAppOptions {
  studio: StudioStore;
  /** Guards /admin and /api/admin: sent as the `x-admin-secret` header or the `attune_admin` cookie. */
  adminSecret: string;
  /** Assignment lease: an unfinished assignment stops holding its item's slot after this long. */
  leaseMs?: number;
}

type Env = { Variables: { study: Study; annotator: Annotator } };

const ADMIN_COOKIE = 'attune_admin';
const PROLIFIC_COMPLETE = 'https://app.prolific.com/submissions/complete?cc=';

function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return a.length > 0 && timingSafeEqual(h(a), h(b));
}

/**
 * The studio's HTTP app: the annotator API (`/api/s/:study/...`, bearer token from `enter`), the admin API
 * (`/api/admin/...`, behind the secret) and the two browser pages. Every response carries a strict CSP.
 */
export function createStudioApp(opts: StudioAppOptions): Hono<Env> {
  const { studio } = opts;
  if (!opts.adminSecret) throw new Error('the studio needs an admin secret');
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.json({ error: 'request body too large' }, 413) }));
  app.onError((err, c) => {
    if (err instanceof StudyError) return c.json({ error: err.message }, err.code === 'invalid' ? 400 : 409);
    console.error('attune studio:', err);
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));

  // ------------------------------------------------------------ pages and assets

  app.get('/', (c) => c.text('attune studio: open the annotator link of a study (/s/<study>) or /admin.'));
  app.get('/s/:study', async (c) => {
    const study = await studio.getStudy(c.req.param('study'));
    if (!study) return c.text('no such study', 404);
    return c.html(htmlShell('attune studio', 'studio.js'));
  });
  app.get('/admin', async (c) => {
    const given = c.req.query('secret');
    if (given !== undefined) {
      if (!sameSecret(given, opts.adminSecret)) return c.text('wrong admin secret', 401);
      setCookie(c, ADMIN_COOKIE, given, { httpOnly: true, sameSite: 'Strict', path: '/' });
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

  const withStudy: MiddlewareHandler<Env> = async (c, next) => {
    const study = await studio.getStudy(c.req.param('study') ?? '');
    if (!study) return c.json({ error: 'no such study' }, 404);
    c.set('study', study);
    await next();
  };
  const withAnnotator: MiddlewareHandler<Env> = async (c, next) => {
    const auth = c.req.header('authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const annotator = await studio.verifyToken(c.get('study').id, token);
    if (!annotator) return c.json({ error: 'not signed in to this study' }, 401);
    c.set('annotator', annotator);
    await next();
  };

  app.post('/api/s/:study/enter', withStudy, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' && (body[k] as string).trim() ? (body[k] as string).trim() : undefined);
    const pid = str('PROLIFIC_PID');
    const name = str('name');
    if (!pid && !name) return c.json({ error: 'enter with PROLIFIC_PID (and STUDY_ID, SESSION_ID) or a name' }, 400);
    const study = c.get('study');
    const annotator = await studio.enter(study.id, pid
      ? { source: 'prolific', externalId: pid, ...(str('STUDY_ID') ? { prolificStudyId: str('STUDY_ID')! } : {}), ...(str('SESSION_ID') ? { sessionId: str('SESSION_ID')! } : {}) }
      : { source: 'name', externalId: name! });
    return c.json({ token: await studio.tokenFor(annotator), annotator: annotator.externalId, study: { id: study.id, name: study.name, kind: study.kind } });
  });

  app.get('/api/s/:study/current', withStudy, withAnnotator, async (c) => {
    const study = c.get('study');
    const annotator = c.get('annotator');
    const a = await studio.next(study.id, annotator.id, opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {});
    const progress = await studio.annotatorProgress(study.id, annotator.id);
    if (!a) {
      return c.json({
        done: true, progress, completionCode: study.completionCode,
        ...(annotator.source === 'prolific' ? { completionUrl: `${PROLIFIC_COMPLETE}${encodeURIComponent(study.completionCode)}` } : {}),
      });
    }
    return c.json({ done: false, progress, assignment: { id: a.id, seq: a.seq, task: taskView(study.kind, a) } });
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
    const a = await studio.getAssignment(annotator.id, c.req.param('id'));
    if (!a || a.studyId !== study.id) return c.json({ error: 'no such assignment' }, 404);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'the body must be JSON' }, 400);
    }
    const checked = validateSubmission(study.kind, a.item.payload, body);
    if (!checked.ok) return c.json({ error: checked.error }, 400);
    // Acknowledged only after the transaction committed.
    const r = await studio.submit(annotator, a.id, checked.value, checked.status);
    if (r.status === 'not_found') return c.json({ error: 'no such assignment' }, 404);
    if (r.status === 'conflict') return c.json({ error: 'this item was already answered differently', judgmentId: r.judgmentId }, 409);
    return c.json({ status: r.status, judgmentId: r.judgmentId }, r.status === 'created' ? 201 : 200);
  });

  // ------------------------------------------------------------ admin

  function isAdmin(c: Context): boolean {
    const given = c.req.header('x-admin-secret') ?? getCookie(c, ADMIN_COOKIE) ?? '';
    return sameSecret(given, opts.adminSecret);
  }
  const admin: MiddlewareHandler<Env> = async (c, next) => {
    if (!isAdmin(c)) return c.json({ error: 'admin secret required' }, 401);
    await next();
  };
  app.use('/api/admin/*', admin);

  app.get('/api/admin/studies', async (c) => {
    const studies = await studio.listStudies();
    const out = [];
    for (const s of studies) {
      const d = await loadStudyData(studio, s);
      const [counts, annotators] = await Promise.all([studio.assignmentCounts(s.id), studio.listAnnotators(s.id)]);
      out.push({ id: s.id, name: s.name, kind: s.kind, k: s.k, annotatorPath: `/s/${s.id}`, progress: studyProgress(d, counts, annotators) });
    }
    return c.json(out);
  });

  app.get('/api/admin/studies/:study', withStudy, async (c) => {
    const s = c.get('study');
    const d = await loadStudyData(studio, s);
    const [counts, annotators] = await Promise.all([studio.assignmentCounts(s.id), studio.listAnnotators(s.id)]);
    return c.json({
      study: { id: s.id, name: s.name, kind: s.kind, k: s.k, perAnnotator: s.perAnnotator, completionCode: s.completionCode, source: s.source, annotatorPath: `/s/${s.id}` },
      progress: studyProgress(d, counts, annotators),
      annotators: annotatorStats(d, annotators),
      agreement: liveAgreement(d),
      exports: exportFiles(s.kind),
    });
  });

  app.get('/api/admin/studies/:study/export/:file', withStudy, async (c) => {
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

  return app;
}

/** The files an admin can download for a study of this kind. */
export function exportFiles(kind: string): string[] {
  const byKind: Record<string, string[]> = {
    relevance: ['annotations.jsonl', 'labels.jsonl', 'predictions.jsonl', 'prompts.jsonl', 'profiles.jsonl'],
    attribute: ['attribute_judgments.jsonl', 'profiles.jsonl', 'conversations.jsonl'],
    rating: ['ratings.jsonl', 'response_pairs.jsonl', 'prompts.jsonl'],
  };
  return ['dataset.json', ...(byKind[kind] ?? []), 'judgments.csv'];
}
