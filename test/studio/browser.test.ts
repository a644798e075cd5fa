import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StudioStore } from '../../src/studio/index.js';
import type { Study } from '../../src/studio/index.js';
import { createStudy, startStudioServer } from '../../src/server/index.js';
import type { StudioServer } from '../../src/server/index.js';
import { projectRoot } from '../support/shared.js';
import { studioDataset } from '../server/fixtures.js';
import { screenshotDataset } from './screenshot-data.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[skip] ${CHROMIUM} is absent: the studio browser tests are skipped (.ci/run installs Debian's chromium).`);
/** ATTUNE_SCREENSHOTS=1 also writes docs/screenshots/*.png of the three task pages and the admin page. */
const SHOTS = process.env.ATTUNE_SCREENSHOTS ? path.join(projectRoot, 'docs', 'screenshots') : undefined;
const SECRET = 'browser-secret-0123';

describe.skipIf(!hasChromium)('studio in a real browser', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-browser-'));
  let store: Store;
  let studio: StudioStore;
  let server: StudioServer;
  let browser: Browser;
  const studies: Record<string, Study> = {};

  beforeAll(async () => {
    store = await openStore(path.join(dir, 'studio.sqlite'));
    studio = new StudioStore(store);
    for (const kind of ['relevance', 'attribute', 'rating'] as const) {
      studies[kind] = await createStudy(studio, studioDataset(), { name: kind, kind, k: 2, completionCode: `CODE-${kind.toUpperCase()}` });
      if (SHOTS) studies[`shot-${kind}`] = await createStudy(studio, screenshotDataset(), { name: `example-${kind}`, kind, k: 3 });
    }
    server = await startStudioServer(store, { adminSecret: SECRET });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh browser profile that records any script the page was tricked into running. */
  async function newPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => void d.accept());
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Content Security Policy|Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    return { page, problems };
  }

  async function pwned(page: Page): Promise<unknown> {
    return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  }

  const progressText = (page: Page) => page.locator('#progress').innerText();

  it('stage 2: an annotator answers with the keyboard, a reload resumes the same page, the end shows the completion code', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/s/${studies.relevance!.id}?name=alice`);
    await page.locator('#rows .row').first().waitFor();
    await expect(page.locator('.instructions').innerText()).resolves.toContain('Even a subtle, invisible influence counts as YES.');
    const prompt = await page.locator('#prompt').innerText();
    // Answer the first row, then reload: same page, the answer kept, nothing submitted yet.
    await page.keyboard.press('y');
    await expect(page.locator('#rows .row').first().locator('button.yes.on').count()).resolves.toBe(1);
    await page.reload();
    await page.locator('#rows .row').first().waitFor();
    expect(await page.locator('#prompt').innerText()).toBe(prompt);
    await expect(page.locator('#rows .row').first().locator('button.yes.on').count()).resolves.toBe(1);
    // Enter with rows unanswered says what is missing.
    await page.keyboard.press('Enter');
    await expect(page.locator('#status').innerText()).resolves.toMatch(/Answer attribute \d first/);
    let pages = 0;
    for (;;) {
      if (await page.locator('#completion-code').count()) break;
      const rows = await page.locator('#rows .row').count();
      await page.locator('#rows .row').first().click();
      for (let i = 0; i < rows; i++) await page.keyboard.press(i % 2 ? 'n' : 'y');
      const before = await progressText(page);
      await page.keyboard.press('Enter');
      await page.waitForFunction((b) => document.querySelector('#progress')?.textContent !== b || !!document.querySelector('#completion-code'), before);
      pages++;
      if (SHOTS && pages === 1) await page.screenshot({ path: path.join(SHOTS, 'hostile-text-inert.png') });
    }
    expect(pages).toBe(6);
    expect(await page.locator('#completion-code').innerText()).toBe('CODE-RELEVANCE');
    const judgments = await store.listJudgments({ studyId: studies.relevance!.id, annotator: 'alice' });
    expect(judgments).toHaveLength(6);
    expect(judgments.every((j) => (j.value as { answers: Record<string, boolean> }).answers['0'] === true)).toBe(true);
    expect(await pwned(page)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('a name cannot be borrowed from another browser; the resume link moves the annotator; direction overrides show', async () => {
    const ds = studioDataset();
    for (const p of ds.prompts) p.text = `${p.text} The user is \u202Eesrun a`;
    const study = await createStudy(studio, ds, { name: 'trust-browser', kind: 'relevance', k: 1 });
    const first = await newPage();
    await first.page.goto(`${server.url}/s/${study.id}?name=zed`);
    await first.page.locator('#rows .row').first().waitFor();
    const prompt = await first.page.locator('#prompt').innerText();
    const resume = /(http:\S+#resume=\S+)/.exec(await first.page.locator('#resume').innerText())![1]!;
    // Another browser with the same name is refused.
    const other = await newPage();
    await other.page.goto(`${server.url}/s/${study.id}?name=zed`);
    await expect(other.page.locator('.error').innerText()).resolves.toMatch(/already entered this study as "zed"/);
    // The resume link carries the annotator over, to the same page.
    const moved = await newPage();
    await moved.page.goto(resume);
    await moved.page.locator('#rows .row').first().waitFor();
    expect(await moved.page.locator('#prompt').innerText()).toBe(prompt);
    expect(moved.page.url()).not.toContain('#resume');
    // A right-to-left override is shown as a visible code, not obeyed.
    expect(prompt).toContain('The user is [U+202E]esrun a');
    expect(first.problems.concat(other.problems, moved.problems)).toEqual([]);
  });

  it('hostile text in prompts, attributes and conversations renders as text and runs nothing', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/s/${studies.attribute!.id}?name=mallory`);
    await page.locator('#conversations .turn').first().waitFor();
    const text = await page.locator('#app').innerText();
    expect(text).toContain('<img src=x onerror="window.__pwned=(window.__pwned||0)+1">');
    expect(text).toContain('<script>window.__pwned=(window.__pwned||0)+1</script>');
    expect(await page.locator('#app img, #app script, #app svg').count()).toBe(0);
    // Even a script the page itself adds from data would be blocked by the CSP: prove the policy is in force.
    const blocked = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inline?: number }).__inline;
    });
    expect(blocked).toBeUndefined();
    await page.waitForTimeout(300);
    expect(await pwned(page)).toBeUndefined();
    expect(problems).toEqual([]);
    // The relevance page shows a hostile prompt as text too.
    const r = await newPage();
    await r.page.goto(`${server.url}/s/${studies.relevance!.id}?name=mallory`);
    await r.page.locator('#prompt').waitFor();
    const all = await r.page.locator('#app').innerText();
    expect(all).toMatch(/<img src=x|<script>/);
    expect(await r.page.locator('#app img').count()).toBe(0);
    expect(await pwned(r.page)).toBeUndefined();
  });

  it('stage 1: verdicts by keys, a note, missing attributes, and the uncomfortable-content skip', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/s/${studies.attribute!.id}?name=bob`);
    await page.locator('#rows .attr').first().waitFor();
    await expect(page.locator('.turn.evidence').count()).resolves.toBeGreaterThan(0);
    // First item: skip it as uncomfortable.
    await page.locator('#uncomfortable').click();
    await page.waitForFunction(() => /\b1 of \d+ done/.test(document.querySelector('#progress')?.textContent ?? ''));
    for (let n = 0; ; n++) {
      if (await page.locator('#completion-code').count()) break;
      const rows = await page.locator('#rows .attr').count();
      await page.locator('#rows .attr').first().locator('.reason, div').first().click();
      for (let i = 0; i < rows; i++) await page.keyboard.press(['1', '2', '3'][i % 3]!);
      await page.locator('.note').first().fill('seems right');
      await page.locator('#missing').fill('The user likes cats');
      await page.locator('#missing').press('Tab');
      const before = await progressText(page);
      await page.keyboard.press('Enter');
      await page.waitForFunction((b) => document.querySelector('#progress')?.textContent !== b || !!document.querySelector('#completion-code'), before);
      expect(n).toBeLessThan(5);
    }
    expect(await page.locator('#completion-code').innerText()).toBe('CODE-ATTRIBUTE');
    const js = await store.listJudgments({ studyId: studies.attribute!.id, annotator: 'bob' });
    expect(js).toHaveLength(3);
    expect(js.filter((j) => (j.value as { uncomfortable?: boolean }).uncomfortable)).toHaveLength(1);
    const judged = js.find((j) => !(j.value as { uncomfortable?: boolean }).uncomfortable)!.value as { verdicts: Record<string, string>; notes: Record<string, string>; missing: string };
    expect(judged.verdicts['0']).toBe('makes_sense');
    expect(judged.notes['0']).toBe('seems right');
    expect(judged.missing).toBe('The user likes cats');
    expect(problems).toEqual([]);
  });

  it('stage 3: ratings 1-5 by keys, with the scale and the warning; the order shown is stored', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/s/${studies.rating!.id}?PROLIFIC_PID=pp1&STUDY_ID=s1&SESSION_ID=x1`);
    await page.locator('#response-a').waitFor();
    const body = await page.locator('#app').innerText();
    expect(body).toContain('Mentioning an attribute is not automatically better');
    expect(body).toContain('Imagine you are a user with the attributes');
    for (const label of ['B much worse', 'B somewhat worse', 'No difference', 'B somewhat better', 'B much better']) expect(body).toContain(label);
    for (;;) {
      if (await page.locator('#completion-code').count()) break;
      const rows = await page.locator('#rows .attr').count();
      await page.locator('#rows .attr').first().click();
      for (let i = 0; i < rows; i++) await page.keyboard.press('4');
      const before = await progressText(page);
      await page.keyboard.press('Enter');
      await page.waitForFunction((b) => document.querySelector('#progress')?.textContent !== b || !!document.querySelector('#completion-code'), before);
    }
    expect(await page.locator('#completion-code').innerText()).toBe('CODE-RATING');
    const href = await page.locator('a').first().getAttribute('href');
    expect(href).toBe('https://app.prolific.com/submissions/complete?cc=CODE-RATING');
    const judged = await new StudioStore(store).studyJudgments(studies.rating!.id);
    expect(judged.filter((j) => j.annotator === 'pp1')).toHaveLength(2);
    expect(judged.every((j) => j.pairOrder === 'generic_first' || j.pairOrder === 'personalized_first')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('admin: the secret opens the page, agreement appears live, exports download', async () => {
    // A second relevance annotator, through the API, so two people overlap.
    const { page: p2 } = await newPage();
    await p2.goto(`${server.url}/s/${studies.relevance!.id}?name=carol`);
    for (;;) {
      await p2.locator('#rows .row, #completion-code').first().waitFor();
      if (await p2.locator('#completion-code').count()) break;
      const rows = await p2.locator('#rows .row').count();
      await p2.locator('#rows .row').first().click();
      for (let i = 0; i < rows; i++) await p2.keyboard.press(i % 2 ? 'n' : 'y');
      const before = await progressText(p2);
      await p2.keyboard.press('Enter');
      await p2.waitForFunction((b) => document.querySelector('#progress')?.textContent !== b || !!document.querySelector('#completion-code'), before);
    }
    const { page, problems } = await newPage();
    const denied = await page.goto(`${server.url}/admin`);
    expect(denied!.status()).toBe(401);
    await page.goto(`${server.url}/admin?secret=${SECRET}`);
    expect(page.url()).toBe(`${server.url}/admin`);
    const card = page.locator('section[data-study="relevance"]');
    await card.waitFor();
    // alice and carol answered identically: perfect agreement over every unit.
    await expect(card.locator('#fleiss b').innerText()).resolves.toBe('1.000');
    await expect(card.locator('#alpha b').innerText()).resolves.toBe('1.000');
    await expect(card.locator('#annotators').innerText()).resolves.toContain('carol');
    await expect(card.locator('#judges').innerText()).resolves.toContain('votes:judge-b');
    const href = await card.locator('#exports a', { hasText: 'annotations.jsonl' }).getAttribute('href');
    const res = await page.request.get(new URL(href!, server.url).toString());
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { annotator: string });
    expect(new Set(lines.map((l) => l.annotator))).toEqual(new Set(['alice', 'carol']));
    const csv = await page.request.get(new URL((await card.locator('#exports a', { hasText: 'judgments.csv' }).getAttribute('href'))!, server.url).toString());
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(problems).toEqual([]);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'admin.png') });
  });

  it.skipIf(!SHOTS)('screenshots of the three task pages', async () => {
    fs.mkdirSync(SHOTS!, { recursive: true });
    for (const kind of ['relevance', 'attribute', 'rating'] as const) {
      const { page } = await newPage();
      await page.goto(`${server.url}/s/${studies[`shot-${kind}`]!.id}?name=screenshot`);
      await page.locator('#rows').waitFor();
      await page.locator('#rows .row, #rows .attr').first().click();
      await page.keyboard.press(kind === 'relevance' ? 'y' : kind === 'attribute' ? '1' : '4');
      await page.keyboard.press(kind === 'relevance' ? 'n' : kind === 'attribute' ? '2' : '3');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(SHOTS!, `${kind}.png`) });
    }
  });
});
