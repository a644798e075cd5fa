import type {
  AnnotatorLabel, AttributeJudgment, Conversation, Dataset, Prediction, Profile, Prompt, Rating, RelevanceLabel, ResponsePair,
} from '../model/index.js';
import { emptyDataset } from '../model/index.js';
import { ATTUNE_FILES } from '../data/attune-jsonl.js';
import { personalizedScore } from './tasks.js';
import { kindItems, kindJudgments } from './judgments.js';
import type { StudyData } from './judgments.js';
import { studySettings } from './launch.js';
import type { TieRule } from './launch.js';

/** A study's judgments turned into attune's model: what the eval and train commands read. */

/** The study as an attune dataset: the inputs shown and the human judgments, plus recorded system votes (relevance). */
export function studyDataset(d: StudyData, opts: { ties?: TieRule } = {}): Dataset {
  const ds = emptyDataset(`studio-${d.study.name}`, 'attune', 'human');
  const round = d.study.name;
  if (d.study.kind === 'relevance') {
    const prompts = new Map<string, Prompt>();
    const profiles = new Map<string, Set<string>>();
    const predictions: Prediction[] = [];
    for (const { p, m } of kindItems(d, 'relevance')) {
      prompts.set(m.promptId, { id: m.promptId, text: p.prompt });
      const attrs = profiles.get(m.userId) ?? new Set<string>();
      profiles.set(m.userId, attrs);
      p.attributes.forEach((a, i) => {
        attrs.add(a);
        for (const [system, relevant] of Object.entries(m.votes[i] ?? {})) {
          predictions.push({ userId: m.userId, promptId: m.promptId, attribute: a, system, relevant, round });
        }
      });
    }
    const annotations: AnnotatorLabel[] = [];
    for (const { j, p, m, v } of kindJudgments(d, 'relevance')) {
      p.attributes.forEach((a, i) => {
        annotations.push({ userId: m.userId, promptId: m.promptId, attribute: a, annotator: j.annotator, relevant: v.answers[String(i)] === true, round });
      });
    }
    ds.prompts = [...prompts.values()];
    ds.profiles = [...profiles].map(([userId, attrs]): Profile => ({
      userId, attributes: [...attrs].map((text) => ({ text, evidence: [], members: [] })),
    }));
    ds.annotations = annotations;
    ds.labels = majorityLabels(annotations, round, opts.ties ?? studySettings(d.study).ties);
    ds.predictions = predictions;
  } else if (d.study.kind === 'attribute') {
    const conversations: Conversation[] = [];
    const profiles: Profile[] = [];
    for (const { p, m } of kindItems(d, 'attribute')) {
      for (const c of p.conversations) {
        conversations.push({ id: c.id, userId: m.userId, turns: c.turns.map((t) => ({ index: t.index, role: roleOf(t.role), text: t.text })) });
      }
      profiles.push({
        userId: m.userId,
        attributes: p.attributes.map((a) => ({ text: a.text, ...(a.reason !== null ? { reason: a.reason } : {}), evidence: a.evidence, members: [] })),
      });
    }
    const judgments: AttributeJudgment[] = [];
    for (const { j, p, m, v } of kindJudgments(d, 'attribute')) {
      if ('uncomfortable' in v) continue;
      p.attributes.forEach((a, i) => {
        const note = v.notes?.[String(i)]?.trim();
        judgments.push({ annotator: j.annotator, userId: m.userId, attribute: a.text, verdict: v.verdicts[String(i)]!, ...(note ? { note } : {}) });
      });
    }
    ds.conversations = conversations;
    ds.profiles = profiles;
    ds.attributeJudgments = judgments;
  } else {
    const prompts = new Map<string, Prompt>();
    const pairs: ResponsePair[] = [];
    for (const { p, m } of kindItems(d, 'rating')) {
      prompts.set(m.promptId, { id: m.promptId, text: p.prompt });
      pairs.push({
        id: m.pairId, userId: m.userId, promptId: m.promptId, generator: m.generator, generic: p.generic, personalized: p.personalized,
        attributes: p.attributes.map((text) => ({ text, relevant: true })),
      });
    }
    const ratings: Rating[] = [];
    for (const { j, p, m, v } of kindJudgments(d, 'rating')) {
      p.attributes.forEach((a, i) => {
        ratings.push({
          rater: j.annotator, raterKind: 'human', pairId: m.pairId, attribute: a,
          score: personalizedScore(v.scores[String(i)]!, j.pairOrder), ...(j.pairOrder ? { order: j.pairOrder } : {}),
        });
      });
    }
    ds.prompts = [...prompts.values()];
    ds.responsePairs = pairs;
    ds.ratings = ratings;
  }
  return ds;
}

function roleOf(r: string): Conversation['turns'][number]['role'] {
  return r === 'user' || r === 'assistant' || r === 'system' ? r : 'other';
}

/** Pairs whose annotators split evenly between YES and NO (possible with an even number of them). */
export function countTies(annotations: AnnotatorLabel[]): number {
  const by = new Map<string, { yes: number; n: number }>();
  for (const a of annotations) {
    const k = JSON.stringify([a.userId, a.promptId, a.attribute]);
    const e = by.get(k) ?? { yes: 0, n: 0 };
    e.n++;
    if (a.relevant) e.yes++;
    by.set(k, e);
  }
  return [...by.values()].filter((e) => e.yes * 2 === e.n).length;
}

/**
 * Majority of the annotators per pair. A tie (as many YES as NO: k even, or a pair still short of its k) follows
 * `ties`: NO by default, YES, or `drop` (no label). The paper's labels come from 3 annotators, so they have none.
 */
export function majorityLabels(annotations: AnnotatorLabel[], round?: string, ties: TieRule = 'no'): RelevanceLabel[] {
  const by = new Map<string, { a: AnnotatorLabel; yes: number; n: number }>();
  for (const a of annotations) {
    const k = JSON.stringify([a.userId, a.promptId, a.attribute]);
    const e = by.get(k) ?? { a, yes: 0, n: 0 };
    e.n++;
    if (a.relevant) e.yes++;
    by.set(k, e);
  }
  return [...by.values()].filter(({ yes, n }) => ties !== 'drop' || yes * 2 !== n).map(({ a, yes, n }) => ({
    userId: a.userId, promptId: a.promptId, attribute: a.attribute, relevant: yes * 2 > n || (ties === 'yes' && yes * 2 === n), yesRate: yes / n, nAnnotators: n,
    ...(round !== undefined ? { round } : {}),
  }));
}

/** One attune JSONL file of the study dataset (e.g. `annotations.jsonl`); undefined for an unknown file name. */
export function jsonlFile(ds: Dataset, file: string): string | undefined {
  const spec = ATTUNE_FILES.find((f) => f.file === file);
  if (!spec) return undefined;
  const rows = ds[spec.key] as unknown[];
  return rows.map((r) => JSON.stringify(spec.schema.parse(r))).join('\n') + (rows.length ? '\n' : '');
}

// ---------------------------------------------------------------- agreement and statistics
