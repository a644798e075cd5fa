import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { emptyDataset, type Dataset, type Turn } from '../model/index.js';
import type { Adapter, LoadOptions } from './adapter.js';
import { DataError, formatPath, fromZodAt } from './errors.js';
import { checkArray, readJsonArray, readJsonValue } from './read.js';

/** LoCoMo (ACL 2024): upstream shapes of `locomo10.json` and `msc_personas_all.json`. */
const DiaTurn = z.object({
  speaker: z.string().min(1),
  dia_id: z.string().min(1),
  text: z.string(),
  img_url: z.array(z.string()).optional(),
  blip_caption: z.string().optional(),
  query: z.string().optional(),
});
const Session = z.array(DiaTurn);
const Fact = z.tuple([z.string(), z.union([z.string(), z.array(z.string())])]);
const Observation = z.record(z.string(), z.record(z.string(), z.array(Fact)));
const QA = z.object({
  question: z.string(),
  answer: z.union([z.string(), z.number()]).optional(),
  evidence: z.array(z.string()).default([]),
  category: z.number().int(),
  adversarial_answer: z.string().optional(),
});
const Sample = z.object({
  sample_id: z.string().min(1),
  conversation: z.looseObject({ speaker_a: z.string().min(1), speaker_b: z.string().min(1) }),
  observation: Observation.optional(),
  qa: z.array(QA).optional(),
  session_summary: z.unknown().optional(),
  event_summary: z.unknown().optional(),
});
const MscPersona = z.object({
  'Speaker 1': z.array(z.string()),
  'Speaker 2': z.array(z.string()),
  in_dataset: z.number().optional(),
});

export const LOCOMO_FILE = 'locomo10.json';
export const MSC_FILE = 'msc_personas_all.json';

export function locomoUserId(sampleId: string, speaker: string): string {
  return `locomo/${sampleId}/${speaker}`;
}

/** One Conversation per (speaker, session): the same session seen from each speaker's side. */
export function locomoConversationId(sampleId: string, speaker: string, session: number): string {
  return `locomo/${sampleId}/${speaker}/session_${session}`;
}

/** "D3:12" -> { session: 3, turn: 12 } (turn is 1-based, as upstream numbers them). */
export function parseDiaId(id: string): { session: number; turn: number } | undefined {
  const m = /^D(\d+):(\d+)$/.exec(id.trim());
  return m ? { session: Number(m[1]), turn: Number(m[2]) } : undefined;
}

/**
 * The dia_ids a raw evidence string names, as "D<n>:<k>" without leading zeros. Upstream writes a few of them
 * loosely: several in one string ("D8:6; D9:17", "D9:1 D4:4"), "D:11:26", "D30:05"; what names no turn ("D") is dropped.
 */
export function diaIds(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(/[\s,;]+/)) {
    const m = /^D:?(\d+):(\d+)$/.exec(part);
    if (m) out.push(`D${Number(m[1])}:${Number(m[2])}`);
  }
  return out;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "1:56 pm on 8 May, 2023" -> "2023-05-08T13:56:00" (no zone: upstream gives none); anything else is kept as written. */
export function locomoDateTime(s: string): string {
  const m = /^\s*(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})\s*$/i.exec(s);
  if (!m) return s;
  const month = MONTHS.indexOf(m[5]!.toLowerCase());
  let hour = Number(m[1]) % 12;
  if (m[3]!.toLowerCase() === 'pm') hour += 12;
  if (month < 0 || Number(m[1]) > 12) return s;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${m[6]}-${p(month + 1)}-${p(Number(m[4]))}T${p(hour)}:${m[2]}:00`;
}

/** One turn of a LoCoMo session, with its upstream id ("D3:12"). An image's caption is part of the text. */
export interface LocomoTurn {
  diaId: string;
  speaker: string;
  text: string;
}

export interface LocomoSession {
  /** The session number n of `session_<n>`. */
  n: number;
  dateTime?: string;
  turns: LocomoTurn[];
}

/** An `observation` fact (machine-written), with the turns it cites (dia_ids, see diaIds). */
export interface LocomoObservation {
  session: number;
  speaker: string;
  text: string;
  evidence: string[];
}

/** A QA item: the human-annotated question, answer, evidence turns (dia_ids, see diaIds) and category (5 = adversarial). */
export interface LocomoQuestion {
  question: string;
  answer?: string;
  adversarialAnswer?: string;
  evidence: string[];
  category: number;
}

export interface LocomoSample {
  sampleId: string;
  speakers: [string, string];
  /** In numeric order of n. */
  sessions: LocomoSession[];
  observations: LocomoObservation[];
  qa: LocomoQuestion[];
}

const turnText = (t: z.infer<typeof DiaTurn>): string => (t.blip_caption ? `${t.text} [shared an image: ${t.blip_caption}]` : t.text);

/** `locomo10.json` in `dir` as typed samples (sessions with their dia_ids, observations, QA with answers and evidence). */
export function readLocomo(dir: string): LocomoSample[] {
  const file = LOCOMO_FILE;
  const samples = readJsonArray(path.join(dir, file), Sample, file);
  return samples.map((sample, r): LocomoSample => {
    const conv = sample.conversation;
    const speakers: [string, string] = [conv.speaker_a, conv.speaker_b];
    // session_<n> keys, in numeric order
    const sessionNums = Object.keys(conv)
      .map((k) => /^session_(\d+)$/.exec(k))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const sessions = sessionNums.map((n): LocomoSession => {
      const key = `session_${n}`;
      const parsed = Session.safeParse(conv[key]);
      if (!parsed.success) throw fromZodAt(file, undefined, parsed.error, [r, 'conversation', key]);
      const when = conv[`${key}_date_time`];
      if (when !== undefined && typeof when !== 'string') {
        throw new DataError(file, undefined, formatPath([r, 'conversation', `${key}_date_time`]), `expected string, received ${typeof when}`);
      }
      parsed.data.forEach((t, k) => {
        if (!speakers.includes(t.speaker)) {
          throw new DataError(file, undefined, formatPath([r, 'conversation', key, k, 'speaker']), `"${t.speaker}" is neither speaker_a ("${conv.speaker_a}") nor speaker_b ("${conv.speaker_b}")`);
        }
      });
      return { n, ...(when ? { dateTime: when } : {}), turns: parsed.data.map((t) => ({ diaId: diaIds(t.dia_id)[0] ?? t.dia_id.trim(), speaker: t.speaker, text: turnText(t) })) };
    });
    const observations: LocomoObservation[] = [];
    for (const [key, bySpeaker] of Object.entries(sample.observation ?? {})) {
      const m = /^session_(\d+)_observation$/.exec(key);
      if (!m) throw new DataError(file, undefined, formatPath([r, 'observation', key]), 'expected a key like "session_<n>_observation"');
      for (const [speaker, facts] of Object.entries(bySpeaker)) {
        if (!speakers.includes(speaker)) {
          throw new DataError(file, undefined, formatPath([r, 'observation', key, speaker]), `"${speaker}" is not a speaker of ${sample.sample_id}`);
        }
        for (const [fact, evidence] of facts) {
          const text = fact.trim();
          if (!text) continue;
          observations.push({ session: Number(m[1]), speaker, text, evidence: (Array.isArray(evidence) ? evidence : [evidence]).flatMap(diaIds) });
        }
      }
    }
    const qa = (sample.qa ?? []).map((q): LocomoQuestion => ({
      question: q.question,
      ...(q.answer !== undefined ? { answer: String(q.answer) } : {}),
      ...(q.adversarial_answer !== undefined ? { adversarialAnswer: q.adversarial_answer } : {}),
      evidence: q.evidence.flatMap(diaIds),
      category: q.category,
    }));
    return { sampleId: sample.sample_id, speakers, sessions, observations, qa };
  });
}

function loadLocomo(dir: string, ds: Dataset): void {
  for (const sample of readLocomo(dir)) {
    const sessions = new Set(sample.sessions.map((s) => s.n));
    for (const s of sample.sessions) {
      for (const me of sample.speakers) {
        const turns: Turn[] = s.turns.map((t, k) => ({ index: k, role: t.speaker === me ? 'user' : 'other', speaker: t.speaker, text: t.text }));
        ds.conversations.push({
          id: locomoConversationId(sample.sampleId, me, s.n),
          userId: locomoUserId(sample.sampleId, me),
          turns,
          source: 'locomo',
          ...(s.dateTime ? { startedAt: locomoDateTime(s.dateTime) } : {}),
        });
      }
    }
    for (const o of sample.observations) {
      ds.goldAttributes.push({
        userId: locomoUserId(sample.sampleId, o.speaker),
        ...(sessions.has(o.session) ? { conversationId: locomoConversationId(sample.sampleId, o.speaker, o.session) } : {}),
        text: o.text,
        ...(o.evidence.length ? { category: o.evidence.join(',') } : {}),
      });
    }
    sample.qa.forEach((qa, q) => {
      ds.prompts.push({ id: `locomo/${sample.sampleId}/qa/${q}`, text: qa.question });
    });
  }
}

function loadMsc(dir: string, ds: Dataset): void {
  const file = MSC_FILE;
  const json = readJsonValue(path.join(dir, file), file);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new DataError(file, undefined, undefined, 'expected an object of splits, e.g. {"train": [...], "valid": [...], "test": [...]}');
  }
  for (const [split, items] of Object.entries(json)) {
    const sets = checkArray(items, MscPersona, file, [split]);
    sets.forEach((set, i) => {
      for (const [key, who] of [['Speaker 1', 'speaker1'], ['Speaker 2', 'speaker2']] as const) {
        const userId = `msc/${split}/${i}/${who}`;
        for (const sentence of set[key]) {
          const text = sentence.trim();
          if (text) ds.goldAttributes.push({ userId, text, category: 'persona' });
        }
      }
    });
  }
}

export const locomoAdapter: Adapter = {
  format: 'locomo',
  detect(dir: string): boolean {
    return fs.existsSync(path.join(dir, LOCOMO_FILE)) || fs.existsSync(path.join(dir, MSC_FILE));
  },
  load(dir: string, opts: LoadOptions = {}): Dataset {
    const ds = emptyDataset(path.basename(path.resolve(dir)), 'locomo', 'mixed');
    let any = false;
    for (const [file, fn] of [[LOCOMO_FILE, loadLocomo], [MSC_FILE, loadMsc]] as const) {
      if (!fs.existsSync(path.join(dir, file))) continue;
      any = true;
      opts.onFile?.(file);
      fn(dir, ds);
      ds.files.push(file);
    }
    if (!any) throw new DataError(dir, undefined, undefined, `no LoCoMo files found (expected ${LOCOMO_FILE} or ${MSC_FILE})`);
    return ds;
  },
};
