import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { emptyDataset, type Dataset, type Turn } from '../model/index.js';
import type { Adapter, LoadOptions } from './adapter.js';
import { DataError } from './errors.js';
import { readJsonArray } from './read.js';

/** PrefEval (ICLR 2025): upstream record shapes, one JSON array per topic file. */
const Explicit = z.object({
  preference: z.string().min(1),
  question: z.string().min(1),
  explanation: z.string().optional(),
});
const ChoiceBased = Explicit.extend({
  implicit_query: z.string(),
  options: z.array(z.string()),
  conversation: z.object({
    query: z.string(),
    assistant_options: z.string(),
    user_selection: z.string(),
    assistant_acknowledgment: z.string(),
  }),
  aligned_op: z.string(),
});
const PersonaDriven = Explicit.extend({
  persona: z.string(),
  conversation: z.record(z.string().regex(/^\d+$/, 'expected a turn number as key'), z.object({ user: z.string(), assistant: z.string() })),
});

/** The forms attune reads, with the folder each lives in. `mcq_options/` and `error_type/` are not read. */
export const PREFEVAL_FORMS = [
  { form: 'explicit', dir: 'explicit_preference' },
  { form: 'choice-based', dir: 'implicit_preference/choice-based' },
  { form: 'persona-driven', dir: 'implicit_preference/persona-driven' },
] as const;
export type PrefevalForm = (typeof PREFEVAL_FORMS)[number]['form'];

/** The topic files present, per form, sorted by topic. */
export function prefevalFiles(dir: string): { form: PrefevalForm; topic: string; file: string }[] {
  const out: { form: PrefevalForm; topic: string; file: string }[] = [];
  for (const { form, dir: sub } of PREFEVAL_FORMS) {
    const full = path.join(dir, sub);
    let names: string[];
    try {
      names = fs.readdirSync(full);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      out.push({ form, topic: name.slice(0, -'.json'.length), file: `${sub}/${name}` });
    }
  }
  return out;
}

export function prefevalUserId(form: PrefevalForm, topic: string, index: number): string {
  return `prefeval/${form}/${topic}/${index}`;
}

export const prefevalAdapter: Adapter = {
  format: 'prefeval',
  detect(dir: string): boolean {
    return prefevalFiles(dir).length > 0;
  },
  load(dir: string, opts: LoadOptions = {}): Dataset {
    const ds = emptyDataset(path.basename(path.resolve(dir)), 'prefeval', 'synthetic');
    const files = prefevalFiles(dir);
    if (!files.length) {
      throw new DataError(dir, undefined, undefined, `no PrefEval files found (expected ${PREFEVAL_FORMS.map((f) => `${f.dir}/<topic>.json`).join(', ')})`);
    }
    for (const { form, topic, file } of files) {
      opts.onFile?.(file);
      const full = path.join(dir, file);
      ds.files.push(file);
      const source = `prefeval/${form}`;
      if (form === 'explicit') {
        readJsonArray(full, Explicit, file).forEach((rec, i) => {
          const userId = prefevalUserId(form, topic, i);
          ds.goldAttributes.push({ userId, text: rec.preference, category: topic });
          ds.prompts.push({ id: userId, text: rec.question });
        });
      } else if (form === 'choice-based') {
        readJsonArray(full, ChoiceBased, file).forEach((rec, i) => {
          const userId = prefevalUserId(form, topic, i);
          const c = rec.conversation;
          const texts = [c.query, c.assistant_options, c.user_selection, c.assistant_acknowledgment];
          const turns: Turn[] = texts.map((text, t) => ({ index: t, role: t % 2 === 0 ? 'user' : 'assistant', text }));
          ds.conversations.push({ id: userId, userId, turns, source });
          ds.goldAttributes.push({ userId, conversationId: userId, text: rec.preference, category: topic });
          ds.prompts.push({ id: userId, text: rec.question });
        });
      } else {
        readJsonArray(full, PersonaDriven, file).forEach((rec, i) => {
          const userId = prefevalUserId(form, topic, i);
          const keys = Object.keys(rec.conversation).sort((a, b) => Number(a) - Number(b));
          const turns: Turn[] = [];
          for (const k of keys) {
            const exchange = rec.conversation[k]!;
            turns.push({ index: turns.length, role: 'user', text: exchange.user });
            turns.push({ index: turns.length, role: 'assistant', text: exchange.assistant });
          }
          ds.conversations.push({ id: userId, userId, turns, source });
          ds.goldAttributes.push({ userId, conversationId: userId, text: rec.preference, category: topic });
          ds.prompts.push({ id: userId, text: rec.question });
        });
      }
    }
    return ds;
  },
};
