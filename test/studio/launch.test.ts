/**
 * A studio ready for a paid launch (issue 23, studio part; issue 21 items 13 and 15's studio parts): consent before
 * the first item, progress as "n of N", "study full" apart from "finished", a completion code only after the
 * study's minimum of answered items, speed and attention flags, attention checks that block, ties counted and
 * broken by a stated rule, an error naming what the data lacks, lookalike names as one person.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTies, createStudioApp, createStudy, exportStudyWithSummary, majorityLabels } from '../../src/server/index.js';
import type { CreateStudyOptions } from '../../src/server/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StudioStore } from '../../src/studio/index.js';
import { normalizeAnnotatorName } from '../../src/studio/names.js';
import { emptyDataset } from '../../src/model/index.js';
import { studioDataset } from '../server/fixtures.js';
import { Annotator, appFetcher, yesNo } from '../server/helpers.js';
import type { CurrentJson, Fetcher, TaskJson } from '../server/helpers.js';

const SECRET = 'launch-admin-secret-0123';
let store: Store;
let studio: StudioStore;
let f: Fetcher;
let n = 0;
const newStudy = (opts: Partial<CreateStudyOptions> = {}) => createStudy(studio, studioDataset(), { name: `launch-${n++}`, kind: 'relevance', ...opts });
const enterRaw = (studyId: string, body: unknown, token?: string) =>
  f(`/api/s/${studyId}/enter`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
type AdminAnnotator = { annotator: string; completed: boolean; earnedCode: boolean; flags: string[]; medianSeconds: number | null; attentionFailed: number };
const adminView = async (studyId: string) =>
  (await (await f(`/api/admin/studies/${studyId}`, { headers: { 'x-admin-secret': SECRET } })).json()) as { annotators: AdminAnnotator[]; labels?: { labels: number; ties: number; tieRule: string } };
type Ended = CurrentJson & { full?: boolean; noCode?: string; message?: string; answered?: number };

beforeAll(async () => {
  store = await openStore(':memory:');
  studio = new StudioStore(store);
  f = appFetcher(createStudioApp({ studio, adminSecret: SECRET }));
});
afterAll(() => store.close());

describe('consent and instructions before the first item', () => {
  it('the page texts are public; entering needs agreement; a token holder re-enters without agreeing again', async () => {
    const study = await newStudy({ settings: { consent: 'You agree that your answers are stored.', instructions: 'Read each request carefully.' } });
    const about = (await (await f(`/api/s/${study.id}/about`)).json()) as { consent?: string; instructions?: string; minAnswered: number };
    expect(about).toMatchObject({ consent: 'You agree that your answers are stored.', instructions: 'Read each request carefully.', minAnswered: 1 });
    const refused = await enterRaw(study.id, { name: 'dana' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ consentRequired: true });
    expect(await studio.findAnnotator(study.id, 'dana')).toBeUndefined(); // nobody was created
    const agreed = await enterRaw(study.id, { name: 'dana', consent: true });
    expect(agreed.status).toBe(200);
    const { token } = (await agreed.json()) as { token: string };
    expect((await enterRaw(study.id, { name: 'dana' }, token)).status).toBe(200);
    // A study without a consent text needs no agreement.
    const plain = await newStudy();
    expect((await enterRaw(plain.id, { name: 'dana' })).status).toBe(200);
    expect(await (await f(`/api/s/${plain.id}/about`)).json()).not.toHaveProperty('consent');
  });
});

describe('progress and the end of the work', () => {
  it('progress is "n of N": N is what an annotator can still be given, and reaches n exactly at the end', async () => {
    const study = await newStudy({ k: 1 }); // 6 items, no quota
    const a = await new Annotator(f, study.id, { name: 'solo' }).enter();
    const seen: [number, number | null][] = [];
    let cur = await a.current();
    while (!cur.done) {
      seen.push([cur.progress.done, cur.progress.total]);
      await a.submit(cur.assignment!.id, yesNo(() => true)(cur.assignment!.task));
      cur = await a.current();
    }
    expect(seen).toEqual([[0, 6], [1, 6], [2, 6], [3, 6], [4, 6], [5, 6]]);
    expect(cur.progress).toMatchObject({ done: 6, total: 6 });
    // Two people sharing k=1 items: each one's N shrinks as the other takes items, and never falls below what they did.
    const shared = await newStudy({ k: 1 });
    const x = await new Annotator(f, shared.id, { name: 'x' }).enter();
    const y = await new Annotator(f, shared.id, { name: 'y' }).enter();
    const cx = await x.current();
    const cy = await y.current();
    expect(cx.progress.total).toBe(6);
    expect(cy.progress.total).toBe(5); // x holds one of the six
  });

  it('turned away by a full study is not finished and gets no code; finishing with work does', async () => {
    const study = await newStudy({ k: 1, limit: 1, completionCode: 'FULL-1' });
    const alice = await new Annotator(f, study.id, { name: 'alice' }).enter();
    expect(await alice.completeAll(yesNo(() => true))).toMatchObject({ done: true, completionCode: 'FULL-1' });
    const late = await new Annotator(f, study.id, { name: 'late' }).enter();
    const cur = (await late.current()) as Ended;
    expect(cur).toMatchObject({ done: true, full: true });
    expect(cur.completionCode).toBeUndefined();
    const view = await adminView(study.id);
    expect(view.annotators.find((a) => a.annotator === 'alice')).toMatchObject({ completed: true, earnedCode: true });
    expect(view.annotators.find((a) => a.annotator === 'late')).toMatchObject({ completed: false, earnedCode: false });
  });

  it('no completion code without the minimum of answered items: skipping everything as uncomfortable earns none', async () => {
    const study = await newStudy({ kind: 'attribute', completionCode: 'ATTR-1' }); // 3 items
    const skipper = await new Annotator(f, study.id, { name: 'skipper' }).enter();
    const end = (await skipper.completeAll(() => ({ uncomfortable: true }))) as Ended;
    expect(end.done).toBe(true);
    expect(end.completionCode).toBeUndefined();
    expect(end).toMatchObject({ noCode: 'too_few_answers', answered: 0 });
    expect(end.message).toMatch(/at least 1 answered item/);
    const view = await adminView(study.id);
    expect(view.annotators.find((a) => a.annotator === 'skipper')).toMatchObject({ earnedCode: false, flags: expect.arrayContaining(['few_answers']) as unknown });
    // With a minimum of 2, one answer and two skips is not enough; two answers are.
    const strict = await newStudy({ kind: 'attribute', completionCode: 'ATTR-2', settings: { minAnswered: 2 } });
    const verdicts = (t: TaskJson) => ({ verdicts: Object.fromEntries(t.attributes.map((_, i) => [String(i), 'maybe'])) });
    const one = await new Annotator(f, strict.id, { name: 'one' }).enter();
    expect(await one.completeAll((t, i) => (i === 0 ? verdicts(t) : { uncomfortable: true }))).toMatchObject({ noCode: 'too_few_answers', answered: 1 });
    const two = await new Annotator(f, strict.id, { name: 'two' }).enter();
    expect(await two.completeAll((t, i) => (i < 2 ? verdicts(t) : { uncomfortable: true }))).toMatchObject({ completionCode: 'ATTR-2', answered: 2 });
  });
});

describe('attention and speed on the admin page', () => {
  const failCheck = (t: TaskJson) => yesNo((_, text) => !/answer YES/.test(text))(t); // the opposite of what it asks
  const passCheck = (t: TaskJson) => yesNo((_, text) => !/answer NO/.test(text))(t);

  it('a failed attention check is flagged; with blockOnFailedAttention the work ends there without a code', async () => {
    const open = await newStudy({ k: 3, attentionChecks: 1, perAnnotator: 2, completionCode: 'ATT-OPEN' });
    const careless = await new Annotator(f, open.id, { name: 'careless' }).enter();
    expect(await careless.completeAll(failCheck)).toMatchObject({ completionCode: 'ATT-OPEN' });
    const careful = await new Annotator(f, open.id, { name: 'careful' }).enter();
    expect(await careful.completeAll(passCheck)).toMatchObject({ completionCode: 'ATT-OPEN' });
    const view = await adminView(open.id);
    expect(view.annotators.find((a) => a.annotator === 'careless')).toMatchObject({ attentionFailed: 1, flags: expect.arrayContaining(['attention']) as unknown });
    expect(view.annotators.find((a) => a.annotator === 'careful')!.flags).not.toContain('attention');

    const blocking = await newStudy({ k: 3, attentionChecks: 1, perAnnotator: 4, completionCode: 'ATT-BLOCK', settings: { blockOnFailedAttention: true } });
    const b = await new Annotator(f, blocking.id, { name: 'careless' }).enter();
    let cur = (await b.current()) as Ended;
    let answered = 0;
    while (!cur.done) {
      const isCheck = cur.assignment!.task.prompt!.startsWith('This page checks attention');
      const r = await b.submit(cur.assignment!.id, isCheck ? failCheck(cur.assignment!.task) : yesNo(() => true)(cur.assignment!.task));
      if (!isCheck) answered++;
      cur = r.json.next as Ended;
      if (isCheck) break;
    }
    expect(cur).toMatchObject({ done: true, noCode: 'failed_attention' });
    expect(cur.completionCode).toBeUndefined();
    expect(answered).toBeLessThan(4); // it ended before the quota
    expect(await b.current()).toMatchObject({ done: true, noCode: 'failed_attention' }); // and stays ended
    const ok = await new Annotator(f, blocking.id, { name: 'careful' }).enter();
    expect(await ok.completeAll(passCheck)).toMatchObject({ completionCode: 'ATT-BLOCK' });
  });

  it('annotators faster than the study\'s seconds per item are flagged; a steady one is not', async () => {
    const study = await newStudy({ k: 2, settings: { fastSeconds: 1.5 } });
    const t0 = Date.parse('2026-01-01T10:00:00Z');
    for (const [name, secs] of [['rusher', 0.1], ['steady', 9]] as const) {
      const who = await studio.enter(study.id, { source: 'name', externalId: name });
      let at = t0;
      for (;;) {
        const cur = await studio.current(study.id, who.id, { now: new Date(at) });
        if (!cur.assignment) break;
        at += secs * 1000;
        const answers = Object.fromEntries((cur.assignment.item.payload as { attributes: string[] }).attributes.map((_, i) => [String(i), true]));
        await studio.submit(who, cur.assignment.id, { answers }, 'done', { now: new Date(at) });
      }
    }
    const view = await adminView(study.id);
    const rusher = view.annotators.find((a) => a.annotator === 'rusher')!;
    const steady = view.annotators.find((a) => a.annotator === 'steady')!;
    expect(rusher.medianSeconds).toBeCloseTo(0.1, 5);
    expect(rusher.flags).toContain('fast');
    expect(steady.medianSeconds).toBe(9);
    expect(steady.flags).not.toContain('fast');
  });
});

describe('ties', () => {
  const a = (annotator: string, relevant: boolean, attribute = 'x') => ({ userId: 'u', promptId: 'p', attribute, annotator, relevant });
  it('are counted, and broken as NO (default), YES, or dropped', () => {
    const ann = [a('1', true), a('2', false), a('1', true, 'y'), a('2', true, 'y')];
    expect(countTies(ann)).toBe(1);
    expect(majorityLabels(ann).map((l) => [l.attribute, l.relevant])).toEqual([['x', false], ['y', true]]);
    expect(majorityLabels(ann, undefined, 'yes').map((l) => [l.attribute, l.relevant])).toEqual([['x', true], ['y', true]]);
    expect(majorityLabels(ann, undefined, 'drop').map((l) => l.attribute)).toEqual(['y']);
  });

  it('the export says how many labels were ties and how they were broken; the admin page shows the count', async () => {
    const study = await newStudy({ k: 2, settings: { ties: 'drop' } });
    const yes = await new Annotator(f, study.id, { name: 'yes-sayer' }).enter();
    const no = await new Annotator(f, study.id, { name: 'no-sayer' }).enter();
    await yes.completeAll(yesNo(() => true));
    await no.completeAll(yesNo(() => false));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-ties-'));
    try {
      const byStudy = await exportStudyWithSummary(studio, study.id, dir);
      expect(byStudy).toMatchObject({ ties: 12, labels: 0, tieRule: 'drop' }); // 12 pairs, every one split 1-1
      const asNo = await exportStudyWithSummary(studio, study.id, dir, { ties: 'no' });
      expect(asNo).toMatchObject({ ties: 12, labels: 12, tieRule: 'no' });
      const labels = fs.readFileSync(path.join(dir, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { relevant: boolean });
      expect(labels.every((l) => !l.relevant)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect((await adminView(study.id)).labels).toEqual({ labels: 0, ties: 12, tieRule: 'drop' });
  });
});

describe('what the data lacks', () => {
  it('--kind attribute on data without conversations names the conversations, not the profiles', async () => {
    const ds = studioDataset();
    ds.conversations = [];
    await expect(createStudy(studio, ds, { name: 'no-convs', kind: 'attribute' })).rejects.toThrow(/no conversations \(conversations\.jsonl is absent or empty\); it has 3 profiles with attributes/);
    const none = emptyDataset('empty', 'attune', 'illustrative');
    none.conversations = studioDataset().conversations;
    await expect(createStudy(studio, none, { name: 'no-profiles', kind: 'attribute' })).rejects.toThrow(/need profiles with attributes, and it has none/);
    await expect(createStudy(studio, emptyDataset('e', 'attune', 'illustrative'), { name: 'no-prompts', kind: 'relevance' })).rejects.toThrow(/need prompts, and it has none/);
    // Bad input, coded: the CLI exits 2 on it, naming --data.
    await expect(createStudy(studio, ds, { name: 'no-convs-2', kind: 'attribute' })).rejects.toMatchObject({ code: 'invalid_argument', field: '--data' });
  });
});

describe('annotator names', () => {
  it('lookalikes are one name: NFKC, zero-width characters removed, Cyrillic and Greek lookalikes read as Latin', () => {
    const same = ['alice', 'ali\u200bce', '\u200dalice\ufeff', '\u0430lice', 'alic\u0435', '\uff41\uff4c\uff49\uff43\uff45', 'al\u0456ce', ' alice '];
    for (const s of same) expect(normalizeAnnotatorName(s), JSON.stringify(s)).toEqual({ ok: true, name: 'alice' });
    expect(normalizeAnnotatorName('\u0430\u0441\u0435')).toEqual({ ok: true, name: 'ace' }); // all-lookalike Cyrillic
    expect(normalizeAnnotatorName('\u0414\u043c\u0438\u0442\u0440\u0438\u0439')).toEqual({ ok: true, name: '\u0414\u043c\u0438\u0442\u0440\u0438\u0439' }); // Дмитрий stays
    expect(normalizeAnnotatorName('Zo\u00eb \u00d8rsted \u674e').ok).toBe(true);
    expect(normalizeAnnotatorName('ali\u0434e').ok).toBe(false); // Latin mixed with a Cyrillic letter that has no lookalike
  });

  it('a lookalike of a taken name is the same person (refused without their token), and a mixed-script name is refused', async () => {
    const study = await newStudy();
    const alice = await new Annotator(f, study.id, { name: 'alice' }).enter();
    for (const name of ['ali\u200bce', '\u0430lice', '\uff41lice']) {
      const r = await enterRaw(study.id, { name });
      expect(r.status, JSON.stringify(name)).toBe(409);
      expect(JSON.stringify(await r.json())).toContain('already entered this study as \\"alice\\"');
    }
    // With alice's own token the lookalike spelling brings back alice.
    const back = await enterRaw(study.id, { name: '\u0430lice' }, alice.token);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ annotator: 'alice', token: alice.token });
    expect((await enterRaw(study.id, { name: 'ali\u0434e' })).status).toBe(400);
    expect((await studio.listAnnotators(study.id)).map((a) => a.externalId)).toEqual(['alice']);
  });
});
