/**
 * `evalMemory`: runs scenario users through `createAttune` as an application would (each user's conversations
 * remembered in order, then select on the checks' prompts) and scores the checks: pass rates per kind and
 * overall, and every failure with what was found instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAttune, type AttuneOptions, type MemoryAttribute } from '../memory/index.js';
import { CHECK_KINDS, matches, type CheckKind, type Scenario, type ScenarioCheck } from './memory-scenarios.js';

export interface EvalMemoryOptions {
  scenarios: readonly Scenario[];
  /** Options for createAttune (default: its defaults on a temporary SQLite file, deleted afterwards). */
  attune?: AttuneOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface KindRate {
  checks: number;
  passed: number;
  rate: number;
}

export interface MemoryCheckFailure {
  scenario: string;
  /** Index of the check in the scenario. */
  check: number;
  kind: CheckKind;
  /** The check in words. */
  expected: string;
  /** What was there instead. */
  found: string;
  note?: string;
}

export interface EvalMemoryResult {
  scenarios: number;
  overall: KindRate;
  byKind: Partial<Record<CheckKind, KindRate>>;
  /** Checks marked as judgement calls (with a note), and how many of them passed. */
  judgement: KindRate;
  failures: MemoryCheckFailure[];
  selector: string;
}

const rate = (passed: number, checks: number): KindRate => ({ checks, passed, rate: checks ? Math.round((passed / checks) * 1000) / 1000 : 0 });

function pattern(c: { match?: string | undefined; regex?: string | undefined }): string {
  return c.regex !== undefined ? `/${c.regex}/i` : JSON.stringify(c.match);
}

function describe(c: ScenarioCheck): string {
  switch (c.kind) {
    case 'remembers': return `an active attribute matches ${pattern(c)}`;
    case 'not_remembers': return `no active attribute matches ${pattern(c)}`;
    case 'sensitive': return `an attribute matching ${pattern(c)} is marked sensitive${c.category ? ` (${c.category})` : ''}`;
    case 'selects': return `select(${JSON.stringify(c.prompt)}) chooses an attribute matching ${pattern(c)}`;
    case 'not_selects': return `select(${JSON.stringify(c.prompt)}) chooses nothing matching ${pattern(c)}`;
    case 'selects_nothing': return `select(${JSON.stringify(c.prompt)}) chooses nothing`;
  }
}

const list = (xs: readonly string[]): string => (xs.length ? xs.map((x) => JSON.stringify(x)).join(', ') : 'nothing');

export async function evalMemory(o: EvalMemoryOptions): Promise<EvalMemoryResult> {
  const tmp = o.attune?.store === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'attune-eval-memory-')) : undefined;
  const attune = createAttune({ ...o.attune, ...(tmp ? { store: path.join(tmp, 'memory.sqlite') } : {}) });
  const failures: MemoryCheckFailure[] = [];
  const counts = new Map<CheckKind, { checks: number; passed: number }>();
  const judged = { checks: 0, passed: 0 };
  let selector = '';
  try {
    let done = 0;
    for (const s of o.scenarios) {
      const userId = `scenario:${s.id}`;
      // A run on a store that already has this user starts from nothing.
      await attune.forget({ userId });
      for (const messages of s.conversations) await attune.remember({ userId, messages });
      const profile = (await attune.profile({ userId })).attributes;
      const active = profile.filter((a) => a.status === 'active');
      for (const [i, c] of s.checks.entries()) {
        const { pass, found } = await runCheck(c, active, profile, async (prompt) => {
          const r = await attune.select({ userId, prompt });
          selector = r.selector;
          return r.attributes.map((a) => a.text);
        });
        const n = counts.get(c.kind) ?? { checks: 0, passed: 0 };
        n.checks++;
        if (pass) n.passed++;
        counts.set(c.kind, n);
        if (c.note !== undefined) {
          judged.checks++;
          if (pass) judged.passed++;
        }
        if (!pass) failures.push({ scenario: s.id, check: i, kind: c.kind, expected: describe(c), found, ...(c.note !== undefined ? { note: c.note } : {}) });
      }
      await attune.forget({ userId });
      o.onProgress?.(++done, o.scenarios.length);
    }
  } finally {
    await attune.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  const byKind: EvalMemoryResult['byKind'] = {};
  let checks = 0;
  let passed = 0;
  for (const k of CHECK_KINDS) {
    const n = counts.get(k);
    if (!n) continue;
    byKind[k] = rate(n.passed, n.checks);
    checks += n.checks;
    passed += n.passed;
  }
  return { scenarios: o.scenarios.length, overall: rate(passed, checks), byKind, judgement: rate(judged.passed, judged.checks), failures, selector };
}

async function runCheck(
  c: ScenarioCheck,
  active: readonly MemoryAttribute[],
  all: readonly MemoryAttribute[],
  select: (prompt: string) => Promise<string[]>,
): Promise<{ pass: boolean; found: string }> {
  const activeTexts = active.map((a) => a.text);
  switch (c.kind) {
    case 'remembers':
      return { pass: activeTexts.some((t) => matches(c, t)), found: `active: ${list(activeTexts)}` };
    case 'not_remembers': {
      const hit = activeTexts.filter((t) => matches(c, t));
      return { pass: hit.length === 0, found: `active: ${list(hit)}` };
    }
    case 'sensitive': {
      const hit = all.filter((a) => a.status !== 'rejected' && matches(c, a.text));
      if (hit.length === 0) return { pass: false, found: `not remembered (active: ${list(activeTexts)})` };
      const bad = hit.filter((a) => !a.sensitive || (c.category !== undefined && a.sensitive !== c.category));
      return { pass: bad.length === 0, found: bad.map((a) => `${JSON.stringify(a.text)} marked ${a.sensitive ?? 'not sensitive'}`).join('; ') };
    }
    case 'selects': {
      const sel = await select(c.prompt);
      return { pass: sel.some((t) => matches(c, t)), found: `selected: ${list(sel)}` };
    }
    case 'not_selects': {
      const sel = await select(c.prompt);
      return { pass: !sel.some((t) => matches(c, t)), found: `selected: ${list(sel)}` };
    }
    case 'selects_nothing': {
      const sel = await select(c.prompt);
      return { pass: sel.length === 0, found: `selected: ${list(sel)}` };
    }
  }
}

/** The result as text: pass rates per kind and overall, then the failures. */
export function memoryEvalTable(r: EvalMemoryResult): string {
  const pct = (x: KindRate): string => `${(x.rate * 100).toFixed(1).padStart(5)}%  ${String(x.passed).padStart(4)} / ${x.checks}`;
  const lines = [`${r.scenarios} scenario users, selector ${r.selector || '(none used)'}`, '', 'check kind        pass rate'];
  for (const k of CHECK_KINDS) {
    const x = r.byKind[k];
    if (x) lines.push(`${k.padEnd(17)} ${pct(x)}`);
  }
  lines.push(`${'overall'.padEnd(17)} ${pct(r.overall)}`);
  if (r.judgement.checks) lines.push(`${'(judgement calls)'.padEnd(17)} ${pct(r.judgement)}`);
  if (r.failures.length) {
    lines.push('', `failures (${r.failures.length}):`);
    for (const f of r.failures) {
      lines.push(`- ${f.scenario} #${f.check} ${f.kind}: expected ${f.expected}`, `    found ${f.found}`);
      if (f.note) lines.push(`    note: ${f.note}`);
    }
  }
  return lines.join('\n');
}
