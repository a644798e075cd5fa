/**
 * Memory scenarios: a user's conversations, in order, then checks on what `createAttune` made of them. One
 * JSON object a line (JSONL). A pattern is a case-insensitive substring (`match`) or regular expression (`regex`).
 */
import fs from 'node:fs';
import { z } from 'zod';
import { InvalidArgumentError } from '../model/errors.js';

const Pattern = z.object({
  match: z.string().min(1).optional(),
  regex: z.string().min(1).optional(),
});

const common = {
  /** Why the check is a judgement call (or anything a reader should know), when it is one. */
  note: z.string().optional(),
};

export const ScenarioCheck = z.discriminatedUnion('kind', [
  /** An active attribute matches. */
  Pattern.extend({ kind: z.literal('remembers'), ...common }),
  /** No active attribute matches. */
  Pattern.extend({ kind: z.literal('not_remembers'), ...common }),
  /** Some attribute matches, and every attribute that matches is marked sensitive (of `category`, when given). */
  Pattern.extend({ kind: z.literal('sensitive'), category: z.enum(['health', 'religion', 'ethnicity', 'sexual_orientation', 'politics', 'sex_life', 'criminal_record', 'immigration_status']).optional(), ...common }),
  /** select(prompt) chooses an attribute that matches. */
  Pattern.extend({ kind: z.literal('selects'), prompt: z.string().min(1), ...common }),
  /** select(prompt) chooses no attribute that matches. */
  Pattern.extend({ kind: z.literal('not_selects'), prompt: z.string().min(1), ...common }),
  /** select(prompt) chooses nothing. */
  z.object({ kind: z.literal('selects_nothing'), prompt: z.string().min(1), ...common }),
]).superRefine((c, ctx) => {
  if (c.kind === 'selects_nothing') return;
  if ((c.match === undefined) === (c.regex === undefined)) ctx.addIssue({ code: 'custom', path: ['match'], message: 'give exactly one of match (substring) or regex' });
  if (c.regex !== undefined) {
    try {
      new RegExp(c.regex, 'i');
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['regex'], message: `not a regular expression: ${(e as Error).message}` });
    }
  }
});
export type ScenarioCheck = z.infer<typeof ScenarioCheck>;
export type CheckKind = ScenarioCheck['kind'];
export const CHECK_KINDS = ['remembers', 'not_remembers', 'sensitive', 'selects', 'not_selects', 'selects_nothing'] as const satisfies readonly CheckKind[];

const Message = z.object({ role: z.enum(['user', 'assistant']), content: z.string().min(1) });

export const Scenario = z.object({
  id: z.string().min(1).max(200),
  /** What the scenario is about, for the failure list. */
  about: z.string().optional(),
  /** Conversations remembered in this order (each a list of chat messages). */
  conversations: z.array(z.array(Message).min(1)).min(1),
  checks: z.array(ScenarioCheck).min(1),
  note: z.string().optional(),
});
export type Scenario = z.infer<typeof Scenario>;

/** A scenario file that does not parse: names the file, the line and the field. */
export class ScenarioFileError extends InvalidArgumentError {
  constructor(readonly file: string, readonly line: number, readonly path: string, detail: string) {
    super(`${file}:${line}${path ? ` ${path}` : ''}`, detail);
    this.name = 'ScenarioFileError';
  }
}

/** Parses scenario JSONL text (blank lines and lines starting with // are skipped); ids must be unique. */
export function parseScenarios(text: string, file = '<scenarios>'): Scenario[] {
  const out: Scenario[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('//')) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new ScenarioFileError(file, i + 1, '', `not JSON: ${(e as Error).message}`);
    }
    const r = Scenario.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new ScenarioFileError(file, i + 1, issue.path.map(String).join('.'), issue.message);
    }
    if (ids.has(r.data.id)) throw new ScenarioFileError(file, i + 1, 'id', `${JSON.stringify(r.data.id)} appears twice`);
    ids.add(r.data.id);
    out.push(r.data);
  });
  if (out.length === 0) throw new ScenarioFileError(file, 1, '', 'no scenarios');
  return out;
}

export function readScenarios(file: string): Scenario[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidArgumentError('scenarios', `cannot read ${file}: ${(e as Error).message}`);
  }
  return parseScenarios(text, file);
}

/** Whether a text matches a check's pattern (case-insensitive). */
export function matches(check: { match?: string | undefined; regex?: string | undefined }, text: string): boolean {
  if (check.regex !== undefined) return new RegExp(check.regex, 'i').test(text);
  return text.toLowerCase().includes((check.match ?? '').toLowerCase());
}
