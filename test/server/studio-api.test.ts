import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StudioStore } from '../../src/studio/index.js';
import { createStudioApp, createStudy } from '../../src/server/index.js';
import { backends } from '../store/backends.js';
import { studioDataset } from './fixtures.js';
import { Annotator, appFetcher, yesNo } from './helpers.js';
import type { Fetcher, TaskJson } from './helpers.js';

const SECRET = 'test-admin-secret';

describe.each(backends())('studio API on $name', (backend) => {
  const test = it.skipIf(!backend.available);
  let store: Store;
  let studio: StudioStore;
  let f: Fetcher;
  const admin = (path: string, init: RequestInit = {}) => f(path, { ...init, headers: { 'x-admin-secret': SECRET, ...(init.headers ?? {}) } });
  let n = 0;
  const newStudy = (kind: 'relevance' | 'attribute' | 'rating', opts: Record<string, unknown> = {}) =>
    createStudy(studio, studioDataset(), { name: `${kind}-${n++}`, kind, ...opts });

  beforeAll(async () => {
    if (!backend.available) return;
    store = await openStore(backend.fresh());
    studio = new StudioStore(store);
    f = appFetcher(createStudioApp({ studio, adminSecret: SECRET }));
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  test('relevance: one page per (user, prompt); k annotators per item, balanced as they arrive; a completion code at the end', async () => {
    const study = await newStudy('relevance', { k: 2, completionCode: 'DONE42' });
    const items = await studio.listItems(study.id);
    expect(items).toHaveLength(6); // 3 users x 2 prompts
    expect(items.map((i) => (i.payload as TaskJson).attributes.length).sort()).toEqual([1, 1, 2, 2, 3, 3]);
    const people = await Promise.all(['alice', 'bob', 'carol'].map((name) => new Annotator(f, study.id, { name }).enter()));
    // All three work at once, interleaved.
    const results = await Promise.all(people.map((p) => p.completeAll(yesNo((i) => i % 2 === 0))));
    for (const r of results) expect(r).toMatchObject({ done: true, completionCode: 'DONE42' });
    const counts = await studio.assignmentCounts(study.id);
    const perItem = new Map<string, number>();
    for (const c of counts) if (c.status === 'done') perItem.set(c.itemId, (perItem.get(c.itemId) ?? 0) + c.n);
    expect([...perItem.values()]).toEqual(new Array(6).fill(2));
    expect(counts.some((c) => c.status === 'assigned')).toBe(false);
    const judgments = await store.listJudgments({ studyId: study.id });
    expect(judgments).toHaveLength(12);
    // Nobody judged an item twice.
    expect(new Set(judgments.map((j) => `${j.annotator}/${j.itemKey}`)).size).toBe(12);
  });

  test("a submission's response carries the next item: what GET /current then returns, to the end", async () => {
    const study = await newStudy('relevance', { k: 1 });
    const p = await new Annotator(f, study.id, { name: 'one-trip' }).enter();
    let cur = await p.current();
    let steps = 0;
    while (!cur.done) {
      const r = await p.submit(cur.assignment!.id, yesNo(() => true)(cur.assignment!.task));
      expect(r.status).toBe(201);
      const next = r.json.next as typeof cur;
      expect(next).toEqual(await p.current());
      if (!next.done) expect(next.assignment!.id).not.toBe(cur.assignment!.id);
      cur = next;
      steps++;
    }
    expect(steps).toBe((await studio.listItems(study.id)).length);
    expect(cur.completionCode).toBe(study.completionCode);
  });

  test("the admin view is computed again only when the study changed, and then shows the change", async () => {
    const study = await newStudy('relevance', { k: 2 });
    const spy = vi.spyOn(studio, 'studyJudgments');
    /** Reads of this study's judgments (the list route reads the other studies of this file too). */
    const reads = () => spy.mock.calls.filter(([id]) => id === study.id).length;
    try {
      const view = async () => (await (await admin(`/api/admin/studies/${study.id}`)).json()) as { progress: { judgments: number }; annotators: unknown[] };
      const first = await view();
      await view();
      await admin('/api/admin/studies');
      expect(reads()).toBe(1);
      const p = await new Annotator(f, study.id, { name: 'watched' }).enter();
      expect((await view()).annotators).toHaveLength(first.annotators.length + 1);
      const cur = await p.current();
      await p.submit(cur.assignment!.id, yesNo(() => true)(cur.assignment!.task));
      const after = await view();
      expect(after.progress.judgments).toBe(first.progress.judgments + 1);
      expect(reads()).toBe(3);
      await view();
      expect(reads()).toBe(3);
    } finally {
      spy.mockRestore();
    }
  });

  test('an annotator sees and writes only their own assignments', async () => {
    const study = await newStudy('relevance');
    const other = await newStudy('relevance');
    const alice = await new Annotator(f, study.id, { name: 'alice' }).enter();
    const bob = await new Annotator(f, study.id, { name: 'bob' }).enter();
    const a = (await alice.current()).assignment!;
    expect(await alice.get(a.id)).toBe(200);
    expect(await bob.get(a.id)).toBe(404);
    const answer = yesNo(() => true)(a.task);
    expect((await bob.submit(a.id, answer)).status).toBe(404);
    expect(await store.listJudgments({ studyId: study.id })).toHaveLength(0);
    // No token, a forged token, a token of another study: refused.
    expect((await f(`/api/s/${study.id}/current`)).status).toBe(401);
    const forged = new Annotator(f, study.id, {});
    forged.token = `${alice.token.split('.')[0]}.AAAA`;
    expect((await f(`/api/s/${study.id}/current`, { headers: forged.headers() })).status).toBe(401);
    const elsewhere = new Annotator(f, other.id, {});
    elsewhere.token = alice.token;
    expect((await f(`/api/s/${other.id}/current`, { headers: elsewhere.headers() })).status).toBe(401);
    expect(await alice.get('no-such-id')).toBe(404);
  });

  test('submissions are validated, idempotent and final', async () => {
    const study = await newStudy('relevance');
    const alice = await new Annotator(f, study.id, { name: 'alice' }).enter();
    const cur = await alice.current();
    const a = cur.assignment!;
    // Reloading returns the same item.
    expect((await alice.current()).assignment!.id).toBe(a.id);
    const n = a.task.attributes.length;
    expect((await alice.submit(a.id, { answers: {} })).status).toBe(400);
    expect((await alice.submit(a.id, { answers: { ...yesNo(() => true)(a.task).answers, [String(n)]: true } })).status).toBe(400);
    expect((await alice.submit(a.id, { answers: { 0: 'yes' } })).status).toBe(400);
    expect((await alice.submit(a.id, { ...yesNo(() => true)(a.task), extra: 1 })).status).toBe(400);
    const body = yesNo((i) => i === 0)(a.task);
    // The same submission sent 8 times at once: one judgment.
    const rs = await Promise.all(Array.from({ length: 8 }, () => alice.submit(a.id, body)));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 200)).toHaveLength(7);
    expect(new Set(rs.map((r) => r.json.judgmentId)).size).toBe(1);
    expect(await store.listJudgments({ studyId: study.id })).toHaveLength(1);
    // A different answer afterwards is refused, the first one stays.
    const changed = await alice.submit(a.id, yesNo(() => false)(a.task));
    expect(changed.status).toBe(409);
    const [j] = await store.listJudgments({ studyId: study.id });
    expect(j!.value).toEqual(body);
    expect(j!.annotator).toBe('alice');
    expect((await alice.current()).assignment!.id).not.toBe(a.id);
  });

  test('Prolific entry: the same PID is the same annotator; the completion URL carries the code', async () => {
    const study = await newStudy('relevance', { k: 1, perAnnotator: 2, completionCode: 'C0DE' });
    const who = { PROLIFIC_PID: 'pid-123', STUDY_ID: 'st-1', SESSION_ID: 'se-1' };
    const p = await new Annotator(f, study.id, who).enter();
    const first = (await p.current()).assignment!;
    const again = await new Annotator(f, study.id, who).enter();
    expect(again.token).toBe(p.token);
    expect((await again.current()).assignment!.id).toBe(first.id);
    const done = await p.completeAll(yesNo(() => false));
    expect(done.completionCode).toBe('C0DE');
    expect(done.completionUrl).toBe('https://app.prolific.com/submissions/complete?cc=C0DE');
    expect(done.progress.done).toBe(2);
    const [row] = await studio.listAnnotators(study.id);
    expect(row).toMatchObject({ externalId: 'pid-123', source: 'prolific', prolificStudyId: 'st-1', sessionId: 'se-1' });
    expect(row!.completedAt).not.toBeNull();
    // Entering needs an id; a name may not take over a Prolific id.
    expect((await f(`/api/s/${study.id}/enter`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    await expect(new Annotator(f, study.id, { name: 'pid-123' }).enter()).rejects.toThrow(/409/);
  });

  test('admin routes need the secret; export and live agreement follow the judgments', async () => {
    const study = await newStudy('relevance', { k: 3 });
    expect((await f('/api/admin/studies')).status).toBe(401);
    expect((await f('/api/admin/studies', { headers: { 'x-admin-secret': 'wrong' } })).status).toBe(401);
    expect((await f(`/api/admin/studies/${study.id}/export/annotations.jsonl`)).status).toBe(401);
    expect((await f('/admin')).status).toBe(401);
    const login = await f(`/admin?secret=${SECRET}`);
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/attune_admin=.*HttpOnly.*SameSite=Strict/i);
    expect((await f('/api/admin/studies', { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);

    // Three annotators answer exactly the dataset's majority labels: perfect agreement, judge-b (= labels) kappa 1.
    const ds = studioDataset();
    const label = new Map(ds.labels.map((l) => [`${l.promptId}|${l.attribute}`, l.relevant]));
    const people = await Promise.all(['a1', 'a2', 'a3'].map((name) => new Annotator(f, study.id, { name }).enter()));
    const items = await studio.listItems(study.id);
    const promptOf = new Map(items.map((i) => [JSON.stringify(i.payload), (i.meta as { promptId: string }).promptId]));
    for (const p of people) {
      await p.completeAll((task) => ({
        answers: Object.fromEntries(task.attributes.map((a, i) => [String(i), label.get(`${promptOf.get(JSON.stringify(task))}|${a as string}`)])),
      }));
    }
    const detail = (await (await admin(`/api/admin/studies/${study.id}`)).json()) as {
      progress: { complete: number; items: number; judgments: number; needed: number };
      agreement: { fleissKappa: number; krippendorffAlpha: number; pairwiseKappa: number; units: number; judges: { system: string; kappaVsMajority: number | null; yesRate: number }[] };
      annotators: { annotator: string; done: number; lean: number }[];
    };
    expect(detail.progress).toMatchObject({ complete: 6, items: 6, judgments: 18, needed: 18 });
    expect(detail.agreement.units).toBe(12);
    expect(detail.agreement.fleissKappa).toBeCloseTo(1, 10);
    expect(detail.agreement.krippendorffAlpha).toBeCloseTo(1, 10);
    expect(detail.agreement.pairwiseKappa).toBeCloseTo(1, 10);
    const judges = Object.fromEntries(detail.agreement.judges.map((j) => [j.system, j]));
    expect(judges['votes:judge-b']!.kappaVsMajority).toBeCloseTo(1, 10);
    expect(judges['votes:judge-a']!.yesRate).toBe(1);
    expect(detail.annotators.map((a) => a.done)).toEqual([6, 6, 6]);

    const annotations = (await (await admin(`/api/admin/studies/${study.id}/export/annotations.jsonl`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(annotations).toHaveLength(36);
    expect(annotations[0]).toMatchObject({ annotator: expect.any(String), userId: expect.any(String), promptId: expect.any(String), round: study.name });
    const labels = (await (await admin(`/api/admin/studies/${study.id}/export/labels.jsonl`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(labels).toHaveLength(12);
    for (const l of labels) expect(l.relevant).toBe(label.get(`${l.promptId}|${l.attribute}`));
    expect(labels.every((l) => l.nAnnotators === 3)).toBe(true);
    const csv = await (await admin(`/api/admin/studies/${study.id}/export/judgments.csv`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('study,kind,annotator,item,role,userId,promptId,pairId,attribute,value,rawValue,order,note,missing,submittedAt');
    expect(lines).toHaveLength(37);
    expect(csv).toContain(',The user writes <script>window.__pwned=(window.__pwned||0)+1</script>,no,');
    expect((await admin(`/api/admin/studies/${study.id}/export/nope.jsonl`)).status).toBe(404);
  });

  test('attribute: verdicts, notes and missing attributes; an uncomfortable item is skipped and goes to someone else', async () => {
    const study = await newStudy('attribute', { k: 1, attentionChecks: 1 });
    const items = await studio.listItems(study.id);
    expect(items.filter((i) => i.role === 'regular')).toHaveLength(3);
    const alice = await new Annotator(f, study.id, { name: 'alice' }).enter();
    const bob = await new Annotator(f, study.id, { name: 'bob' }).enter();
    const first = (await alice.current()).assignment!;
    expect(first.task.kind).toBe('attribute');
    expect(JSON.stringify(first.task)).not.toMatch(/"userId"/); // the server-side meta stays on the server
    expect((await alice.submit(first.id, { uncomfortable: true })).status).toBe(201);
    const answer = (task: TaskJson) => task.attributes.length === 2 && JSON.stringify(task).includes('Attention check')
      ? { verdicts: { 0: 'makes_sense', 1: 'doesnt_make_sense' } }
      : { verdicts: Object.fromEntries(task.attributes.map((_, i) => [String(i), i === 0 ? 'makes_sense' : 'maybe'])), notes: { 0: 'fits' }, missing: 'The user likes cats' };
    await alice.completeAll(answer);
    await bob.completeAll(answer);
    const flat = (await (await admin(`/api/admin/studies/${study.id}/export/judgments.csv`)).text()).trim().split('\r\n');
    expect(flat.filter((l) => l.includes(',uncomfortable,'))).toHaveLength(1);
    // The skipped item was judged by bob instead: every regular item has one real judgment.
    const jsonl = (await (await admin(`/api/admin/studies/${study.id}/export/attribute_judgments.jsonl`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    const users = new Set(jsonl.map((j) => j.userId));
    expect(users.size).toBe(3);
    expect(jsonl.filter((j) => j.userId === (first.task as unknown as { conversations: { id: string }[] }).conversations[0]!.id.split('-')[0]).every((j) => j.annotator === 'bob')).toBe(true);
    expect(jsonl.find((j) => j.verdict === 'makes_sense')).toMatchObject({ note: 'fits' });
    const detail = (await (await admin(`/api/admin/studies/${study.id}`)).json()) as { annotators: { annotator: string; skipped: number; attentionPassed: number }[] };
    expect(detail.annotators).toEqual(expect.arrayContaining([expect.objectContaining({ annotator: 'alice', skipped: 1, attentionPassed: 1 })]));
  });

  test('rating: A/B order is random per annotator and stored; exports rate personalized against generic', async () => {
    const study = await newStudy('rating', { k: 8 });
    const ds = studioDataset();
    const personalized = new Set(ds.responsePairs.map((p) => p.personalized));
    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const p = await new Annotator(f, study.id, { name: `r${i}` }).enter();
      // "B much better" when B is the personalized response, "B much worse" when A is: always personalized = 5.
      await p.completeAll((task) => {
        expect(task.kind).toBe('rating');
        expect(JSON.stringify(task)).not.toMatch(/generic|personalized/);
        const s = personalized.has(task.responseB!) ? 5 : 1;
        orders.add(s === 5 ? 'generic_first' : 'personalized_first');
        return { scores: Object.fromEntries(task.attributes.map((_, j) => [String(j), s])) };
      });
    }
    expect(orders.size).toBe(2);
    const ratings = (await (await admin(`/api/admin/studies/${study.id}/export/ratings.jsonl`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(ratings).toHaveLength(8 * 3); // rp1: 1 relevant attribute, rp2: 2
    expect(ratings.every((r) => r.score === 5 && r.raterKind === 'human')).toBe(true);
    expect(new Set(ratings.map((r) => r.order))).toEqual(new Set(['generic_first', 'personalized_first']));
    expect((await (await admin(`/api/admin/studies/${study.id}`)).json()).agreement.krippendorffAlphaOrdinal).toBeNull(); // no variation
  });

  test('gold and attention items go to every annotator and are scored', async () => {
    const study = await newStudy('relevance', { k: 1, goldItems: 1, attentionChecks: 1, perAnnotator: 2 });
    const items = await studio.listItems(study.id);
    expect(items.map((i) => i.role).sort()).toEqual(['attention', 'gold', 'regular', 'regular', 'regular', 'regular', 'regular']);
    const labels = new Map(studioDataset().labels.map((l) => [l.attribute + l.promptId, l.relevant]));
    const goldItem = items.find((i) => i.role === 'gold')!;
    const goldPayload = JSON.stringify(goldItem.payload);
    const seen: string[][] = [];
    for (const name of ['x', 'y']) {
      const p = await new Annotator(f, study.id, { name }).enter();
      const mine: string[] = [];
      await p.completeAll((task) => {
        mine.push(task.prompt!);
        if (task.prompt!.startsWith('This page checks attention')) return { answers: { 0: true, 1: false } };
        if (JSON.stringify(task) === goldPayload) {
          const pid = (goldItem.meta as { promptId: string }).promptId;
          return { answers: Object.fromEntries(task.attributes.map((a, i) => [String(i), name === 'x' ? labels.get(`${a as string}${pid}`) : true])) };
        }
        return yesNo(() => false)(task);
      });
      seen.push(mine);
    }
    for (const mine of seen) expect(mine).toHaveLength(4); // 2 regular + gold + attention
    const detail = (await (await admin(`/api/admin/studies/${study.id}`)).json()) as { annotators: { annotator: string; goldAccuracy: number; attentionPassed: number }[] };
    const byName = Object.fromEntries(detail.annotators.map((a) => [a.annotator, a]));
    expect(byName.x).toMatchObject({ goldAccuracy: 1, attentionPassed: 1 });
    expect(byName.y!.attentionPassed).toBe(1);
    // Attention checks are not data.
    const ann = (await (await admin(`/api/admin/studies/${study.id}/export/annotations.jsonl`)).text()).trim().split('\n');
    expect(ann.some((l) => l.includes('Attention check'))).toBe(false);
  });

  test('pages carry a strict CSP; unknown assets 404', async () => {
    const study = await newStudy('relevance');
    const page = await f(`/s/${study.id}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).not.toMatch(/<script>(?!<\/script>)/);
    expect((await f('/assets/studio.js')).status).toBe(200);
    expect((await f('/assets/..%2fpackage.json')).status).toBe(404);
    expect((await f('/s/not-a-study')).status).toBe(404);
  });
});
