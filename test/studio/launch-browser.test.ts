/**
 * The launch flow in Chromium at a desktop width (1280 px) and a phone width (390 px): consent and instructions
 * before the first item, "n of N" progress, every page without sideways scrolling at 390 px, re-entry with a name
 * field when the link's name is taken, a full study apart from a finished one, and no code without answers.
 * With ATTUNE_SCREENSHOTS=1, screenshots go to docs/screenshots (studio-1280.png, studio-390.png, studio-consent.png,
 * studio-consent-390.png, studio-done-390.png).
 */
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
import { screenshotDataset } from './screenshot-data.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[skip] ${CHROMIUM} is absent: the studio launch browser tests are skipped.`);
/** ATTUNE_SCREENSHOTS=1 writes the screenshots to docs/screenshots; otherwise to a temporary folder (they change every run). */
const SHOTS = process.env.ATTUNE_SCREENSHOTS ? path.join(projectRoot, 'docs', 'screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'attune-shots-'));

const CONSENT = `This study is run by the attune project to learn which facts about a person should change an AI assistant's answer.

You will read short requests and facts about an imagined user, and answer a question about each. It takes about 10 minutes. Your answers are stored with the id you enter and used only for research. You may stop at any time by closing this page.

Contact: study-team@example.org`;
const INSTRUCTIONS = `For each fact, decide whether it should change the assistant's response in any way: what it says, its tone, its examples, its level of detail.

Answer YES even for a small or invisible influence. Answer NO only if the response would be word for word the same.`;

describe.skipIf(!hasChromium)('the studio launch flow in a real browser', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-launch-browser-'));
  let store: Store;
  let studio: StudioStore;
  let server: StudioServer;
  let browser: Browser;
  const studies: Record<string, Study> = {};

  beforeAll(async () => {
    store = await openStore(path.join(dir, 'studio.sqlite'));
    studio = new StudioStore(store);
    const settings = { consent: CONSENT, instructions: INSTRUCTIONS };
    for (const kind of ['relevance', 'attribute', 'rating'] as const) {
      studies[kind] = await createStudy(studio, screenshotDataset(), { name: `launch-${kind}`, kind, k: 3, completionCode: 'C0DE-2026', settings });
    }
    studies.full = await createStudy(studio, screenshotDataset(), { name: 'launch-full', kind: 'relevance', k: 1, settings });
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startStudioServer(store, { adminSecret: 'launch-browser-secret' });
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

  async function newPage(width: number): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 800 }, ...(width < 500 ? { hasTouch: true, deviceScaleFactor: 2 } : {}) });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => void d.accept());
    return { page, problems };
  }

  /** The page scrolls sideways when the document is wider than the window. */
  const overflow = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  async function noSidewaysScroll(page: Page, where: string): Promise<void> {
    const o = await overflow(page);
    expect(o.scroll, `${where}: scrollWidth ${o.scroll} > innerWidth ${o.inner}`).toBeLessThanOrEqual(o.inner);
  }

  /** Answers every row of the page on screen with the first choice, by clicking (a phone has no keys). */
  async function answerPage(page: Page): Promise<void> {
    const rows = page.locator('#rows .row, #rows .attr');
    const n = await rows.count();
    for (let i = 0; i < n; i++) await rows.nth(i).locator('.choices button').first().click();
    const before = await page.locator('#progress').innerText();
    await page.locator('#submit').click();
    await page.waitForFunction((b) => document.querySelector('#progress')?.textContent !== b || !!document.querySelector('#completion-code, #no-code'), before);
  }

  for (const width of [1280, 390]) {
    it(`at ${width} px: consent, instructions, every task page and the code, without sideways scrolling`, async () => {
      const { page, problems } = await newPage(width);
      for (const kind of ['relevance', 'attribute', 'rating'] as const) {
        await page.goto(`${server.url}/s/${studies[kind]!.id}?name=p${width}-${kind}`);
        await page.locator('#consent').waitFor();
        await expect(page.locator('#consent').innerText()).resolves.toContain('You may stop at any time');
        await expect(page.locator('#study-instructions').innerText()).resolves.toContain('Answer YES even for a small');
        // No item before agreeing: the button waits for the box.
        expect(await page.locator('#begin').isDisabled()).toBe(true);
        expect(await page.locator('#rows').count()).toBe(0);
        await noSidewaysScroll(page, `${kind} consent`);
        if (kind === 'relevance') await page.screenshot({ path: path.join(SHOTS, width === 390 ? 'studio-consent-390.png' : 'studio-consent.png'), fullPage: true });
        await page.locator('#agree').check();
        await page.locator('#begin').click();
        await page.locator('#rows').waitFor();
        const first = await page.locator('#progress').innerText();
        expect(first).toMatch(/^0 of \d+ done$/);
        await noSidewaysScroll(page, `${kind} task`);
        if (kind === 'attribute') {
          await page.locator('#rows .attr').first().locator('.choices button').first().click();
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: path.join(SHOTS, width === 390 ? 'studio-390.png' : 'studio-1280.png'), fullPage: width === 390 });
        }
        for (let guard = 0; !(await page.locator('#completion-code, #no-code').count()); guard++) {
          expect(guard).toBeLessThan(10);
          await answerPage(page);
          if (await page.locator('#progress').count()) {
            const [done, total] = (await page.locator('#progress').innerText()).split(' of ').map((x) => parseInt(x, 10));
            expect(done).toBeLessThan(total!); // the bar is never full while an item is on screen
            await noSidewaysScroll(page, `${kind} task ${guard + 2}`);
          }
        }
        await expect(page.locator('#completion-code').innerText()).resolves.toBe('C0DE-2026');
        await noSidewaysScroll(page, `${kind} done`);
        if (kind === 'rating' && width === 390) await page.screenshot({ path: path.join(SHOTS, 'studio-done-390.png') });
      }
      expect(problems).toEqual([]);
    });
  }

  it('a taken name gets a field to enter another; a full study says so, and its visitor is not counted as finished', async () => {
    const owner = await newPage(390);
    await owner.page.goto(`${server.url}/s/${studies.full!.id}?name=sam`);
    await owner.page.locator('#agree').check();
    await owner.page.locator('#begin').click();
    await owner.page.locator('#rows').waitFor();
    // Another browser with the same name: told why, and given a field.
    const other = await newPage(390);
    await other.page.goto(`${server.url}/s/${studies.full!.id}?name=sam`);
    await other.page.locator('#agree').check();
    await other.page.locator('#begin').click();
    // The error element is on the page before the server answers: wait for its text, not for the element.
    await other.page.locator('#entry-error', { hasText: 'already entered' }).waitFor();
    await expect(other.page.locator('#entry-error').innerText()).resolves.toMatch(/already entered this study as "sam"/);
    await other.page.locator('#name').fill('sam-2');
    await other.page.locator('#begin').click();
    await other.page.locator('#rows, #study-full').first().waitFor();
    await noSidewaysScroll(other.page, 're-entry');
    // The owner answers everything (k=1), so the newcomer's items run out: sam-2 leaves the page open with one item.
    for (let guard = 0; !(await owner.page.locator('#completion-code, #no-code').count()); guard++) {
      expect(guard).toBeLessThan(10);
      await answerPage(owner.page);
    }
    const late = await newPage(390);
    await late.page.goto(`${server.url}/s/${studies.full!.id}?name=late`);
    await late.page.locator('#agree').check();
    await late.page.locator('#begin').click();
    await late.page.locator('#study-full').waitFor();
    await expect(late.page.locator('#study-full').innerText()).resolves.toMatch(/This study is full[\s\S]*no completion code/);
    expect(await late.page.locator('#completion-code').count()).toBe(0);
    await noSidewaysScroll(late.page, 'study full');
    const annotators = await studio.listAnnotators(studies.full!.id);
    expect(annotators.find((a) => a.externalId === 'late')!.completedAt).toBeNull();
    expect(annotators.find((a) => a.externalId === 'sam')!.completedAt).not.toBeNull();
    expect([...owner.problems, ...other.problems, ...late.problems]).toEqual([]);
  });
});
