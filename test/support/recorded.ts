import fs from 'node:fs';
import { buildRelevancePrompt } from '../../src/llm/relevance-judge.js';
import { sharedPath } from './shared.js';

/** One record of recenter-pilot's relevance_task5/relevance_task3 vote files, as far as the tests read it. */
export interface VoteRecord {
  prompt_index?: number;
  user_id: string;
  items?: { attribute: string; relevant?: boolean | string; raw_answer?: string; full_output?: string }[];
}

/** Parses a JSONL file with no validation: tests read the upstream files as they are. */
export function readJsonlRaw<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** task5 prompt texts by "prompt_index|user_id". */
export function task5Prompts(): Map<string, string> {
  return new Map(
    readJsonlRaw<{ prompt_index: number; user_id: string; prompt_text: string }>(sharedPath('recenter-pilot', 'extracted', 'task5_items.jsonl')).map(
      (r) => [`${r.prompt_index}|${r.user_id}`, r.prompt_text],
    ),
  );
}

/** Recorded gpt-5.4 outputs keyed by the judge prompt they answer (a pair voted twice: the later record, as in VoteSelector). */
export function recordedGpt54(): Map<string, string> {
  const prompts = task5Prompts();
  const out = new Map<string, string>();
  for (const rec of readJsonlRaw<VoteRecord>(sharedPath('recenter-pilot', 'relevance_task5', 'gpt-5.4.jsonl'))) {
    const promptText = prompts.get(`${rec.prompt_index}|${rec.user_id}`)!;
    for (const it of rec.items ?? []) if (typeof it.full_output === 'string') out.set(buildRelevancePrompt(it.attribute, promptText), it.full_output);
  }
  return out;
}
