import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { emptyDataset, type Conversation, type Dataset, type GoldAttribute, type Turn } from '../model/index.js';
import type { Adapter, LoadOptions } from './adapter.js';
import { DataError } from './errors.js';
import { readJsonArray } from './read.js';

/** LAPS (SIGIR 2024): upstream record shape of `{movie,recipe}_dataset_{train,val,test}.json`. */
const LapsMessage = z.object({
  role: z.enum(['User', 'Assistant']),
  turn_number: z.number().int().nonnegative(),
  message: z.string(),
});
const LapsSession = z.object({
  dialogue: z.array(LapsMessage),
  preferences: z.record(z.string(), z.array(z.string())),
  task_setting: z.string().optional(),
});
const LapsRecord = z.object({
  worker_id: z.string().min(1),
  topic: z.enum(['movie', 'recipe']),
  sessions: z.array(LapsSession),
});

export const LAPS_TOPICS = ['movie', 'recipe'] as const;
export const LAPS_SPLITS = ['train', 'val', 'test'] as const;

/**
 * The files to read: per topic, its split files when any is present, otherwise the union file
 * (`movie_dataset.json`, read as split "all"). Never both, so no session is loaded twice.
 */
export function lapsFiles(dir: string): { file: string; topic: string; split: string }[] {
  const out: { file: string; topic: string; split: string }[] = [];
  for (const topic of LAPS_TOPICS) {
    const splits = LAPS_SPLITS.filter((s) => fs.existsSync(path.join(dir, `${topic}_dataset_${s}.json`)));
    if (splits.length) for (const split of splits) out.push({ file: `${topic}_dataset_${split}.json`, topic, split });
    else if (fs.existsSync(path.join(dir, `${topic}_dataset.json`))) out.push({ file: `${topic}_dataset.json`, topic, split: 'all' });
  }
  return out;
}

/** userId of a LAPS worker. Worker ids recur across topics (41 train workers did both), so the topic is part of it. */
export function lapsUserId(topic: string, workerId: string): string {
  return `laps/${topic}/${workerId}`;
}

export const lapsAdapter: Adapter = {
  format: 'laps',
  detect(dir: string): boolean {
    return lapsFiles(dir).length > 0;
  },
  load(dir: string, opts: LoadOptions = {}): Dataset {
    const ds = emptyDataset(path.basename(path.resolve(dir)), 'laps', 'human');
    const files = lapsFiles(dir);
    if (!files.length) {
      throw new DataError(dir, undefined, undefined, 'no LAPS files found (expected {movie,recipe}_dataset_{train,val,test}.json or {movie,recipe}_dataset.json)');
    }
    const seen = new Set<string>();
    for (const { file, topic, split } of files) {
      opts.onFile?.(file);
      const records = readJsonArray(path.join(dir, file), LapsRecord, file);
      ds.files.push(file);
      records.forEach((rec, r) => {
        if (rec.topic !== topic) {
          throw new DataError(file, undefined, `[${r}].topic`, `topic "${rec.topic}" in a ${topic} file`);
        }
        const userId = lapsUserId(topic, rec.worker_id);
        rec.sessions.forEach((session, s) => {
          const id = `laps/${topic}/${split}/${rec.worker_id}/${s}`;
          if (seen.has(id)) throw new DataError(file, undefined, `[${r}].worker_id`, `worker "${rec.worker_id}" appears in more than one record`);
          seen.add(id);
          const turns: Turn[] = session.dialogue.map((m, t) => ({
            index: t,
            role: m.role === 'User' ? 'user' : 'assistant',
            text: m.message,
          }));
          const conv: Conversation = { id, userId, turns, source: `laps/${topic}` };
          ds.conversations.push(conv);
          for (const [category, values] of Object.entries(session.preferences)) {
            for (const v of values) {
              const text = v.trim();
              if (!text) continue;
              const gold: GoldAttribute = { userId, conversationId: id, text, category };
              ds.goldAttributes.push(gold);
            }
          }
        });
      });
    }
    return ds;
  },
};
