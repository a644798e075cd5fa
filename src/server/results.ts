import type {
  AnnotatorLabel, AttributeJudgment, Conversation, Dataset, Prediction, Profile, Prompt, Rating, RelevanceLabel, ResponsePair,
} from '../model/index.js';
import { emptyDataset } from '../model/index.js';
import { ATTUNE_FILES } from '../data/attune-jsonl.js';
import { computeAgreement } from '../eval/agreement.js';
import { averagePairwiseKappa, categoryCounts, fleissKappa, krippendorffAlphaFromUnits } from '../metrics/index.js';
import type { StudioStore, Study, StudyItem, StudyJudgment } from '../store/studio.js';
import type {
  AttributeAnswer, AttributeMeta, AttributePayload, RatingAnswer, RatingItemPayload, RatingMeta, RelevanceAnswer, RelevanceMeta,
  RelevancePayload,
} from './tasks.js';
import { matchesExpected, personalizedScore } from './tasks.js';
import { compositeKey } from '../model/key.js';
import { completion, studySettings } from './launch.js';
import type { TieRule } from './launch.js';

/** A study's judgments turned into attune's model: what the eval and train commands read. */

export interface StudyData {
  study: Study;
  items: StudyItem[];
  judgments: StudyJudgment[];
}

export async function loadStudyData(studio: StudioStore, study: Study): Promise<StudyData> {
  const [items, judgments] = await Promise.all([studio.listItems(study.id), studio.studyJudgments(study.id)]);
  return { study, items, judgments };
}

/** One flat row per atomic judgment (a YES/NO, a verdict, a 1-5 score), for the CSV export. */
export interface FlatJudgment {
  study: string;
  kind: string;
  annotator: string;
  item: string;
  role: string;
  userId: string;
  promptId: string;
  pairId: string;
  attribute: string;
  /** relevance: yes/no; attribute: the verdict or "uncomfortable"; rating: 1-5 (personalized vs generic). */
  value: string;
  /** rating: the score as given (B vs A). */
  rawValue: string;
  order: string;
  note: string;
  missing: string;
  submittedAt: string;
}

/** The study's judgments of regular and gold items (attention checks are not data). */
function dataJudgments(d: StudyData): { j: StudyJudgment; item: StudyItem }[] {
  const items = new Map(d.items.map((i) => [i.id, i]));
  return d.judgments.filter((j) => j.role !== 'attention').map((j) => ({ j, item: items.get(j.itemId)! })).filter((x) => x.item);
}

export function flatJudgments(d: StudyData): FlatJudgment[] {
  const out: FlatJudgment[] = [];
  const base = (j: StudyJudgment, item: StudyItem) => ({
    study: d.study.name, kind: d.study.kind, annotator: j.annotator, item: item.id, role: item.role, userId: '', promptId: '', pairId: '',
    attribute: '', value: '', rawValue: '', order: '', note: '', missing: '', submittedAt: j.submittedAt,
  });
  for (const { j, item } of dataJudgments(d)) {
    if (d.study.kind === 'relevance') {
      const p = item.payload as RelevancePayload;
      const m = item.meta as RelevanceMeta;
      const v = j.value as RelevanceAnswer;
      p.attributes.forEach((a, i) => {
        const yes = v.answers[String(i)];
        out.push({ ...base(j, item), userId: m.userId, promptId: m.promptId, attribute: a, value: yes ? 'yes' : 'no', rawValue: yes ? 'yes' : 'no' });
      });
    } else if (d.study.kind === 'attribute') {
      const p = item.payload as AttributePayload;
      const m = item.meta as AttributeMeta;
      const v = j.value as AttributeAnswer;
      if ('uncomfortable' in v) {
        out.push({ ...base(j, item), userId: m.userId, value: 'uncomfortable', rawValue: 'uncomfortable', note: v.note ?? '' });
        continue;
      }
      p.attributes.forEach((a, i) => {
        const verdict = v.verdicts[String(i)] ?? '';
        out.push({ ...base(j, item), userId: m.userId, attribute: a.text, value: verdict, rawValue: verdict, note: v.notes?.[String(i)] ?? '', missing: v.missing ?? '' });
      });
    } else {
      const p = item.payload as RatingItemPayload;
      const m = item.meta as RatingMeta;
      const v = j.value as RatingAnswer;
      p.attributes.forEach((a, i) => {
        const raw = v.scores[String(i)]!;
        out.push({
          ...base(j, item), userId: m.userId, promptId: m.promptId, pairId: m.pairId, attribute: a,
          value: String(personalizedScore(raw, j.pairOrder)), rawValue: String(raw), order: j.pairOrder ?? '',
        });
      });
    }
  }
  return out;
}

const CSV_COLUMNS: (keyof FlatJudgment)[] = [
  'study', 'kind', 'annotator', 'item', 'role', 'userId', 'promptId', 'pairId', 'attribute', 'value', 'rawValue', 'order', 'note', 'missing', 'submittedAt',
];

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(rows: FlatJudgment[]): string {
  const cell = (s: string) => {
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** The study as an attune dataset: the inputs shown and the human judgments, plus recorded system votes (relevance). */
export function studyDataset(d: StudyData, opts: { ties?: TieRule } = {}): Dataset {
  const ds = emptyDataset(`studio-${d.study.name}`, 'attune', 'human');
  const round = d.study.name;
  const data = d.items.filter((i) => i.role !== 'attention');
  if (d.study.kind === 'relevance') {
    const prompts = new Map<string, Prompt>();
    const profiles = new Map<string, Set<string>>();
    const predictions: Prediction[] = [];
    for (const item of data) {
      const p = item.payload as RelevancePayload;
      const m = item.meta as RelevanceMeta;
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
    for (const { j, item } of dataJudgments(d)) {
      const p = item.payload as RelevancePayload;
      const m = item.meta as RelevanceMeta;
      const v = j.value as RelevanceAnswer;
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
    for (const item of data) {
      const p = item.payload as AttributePayload;
      const m = item.meta as AttributeMeta;
      for (const c of p.conversations) {
        conversations.push({ id: c.id, userId: m.userId, turns: c.turns.map((t) => ({ index: t.index, role: roleOf(t.role), text: t.text })) });
      }
      profiles.push({
        userId: m.userId,
        attributes: p.attributes.map((a) => ({ text: a.text, ...(a.reason !== null ? { reason: a.reason } : {}), evidence: a.evidence, members: [] })),
      });
    }
    const judgments: AttributeJudgment[] = [];
    for (const { j, item } of dataJudgments(d)) {
      const v = j.value as AttributeAnswer;
      if ('uncomfortable' in v) continue;
      const p = item.payload as AttributePayload;
      const m = item.meta as AttributeMeta;
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
    for (const item of data) {
      const p = item.payload as RatingItemPayload;
      const m = item.meta as RatingMeta;
      prompts.set(m.promptId, { id: m.promptId, text: p.prompt });
      pairs.push({
        id: m.pairId, userId: m.userId, promptId: m.promptId, generator: m.generator, generic: p.generic, personalized: p.personalized,
        attributes: p.attributes.map((text) => ({ text, relevant: true })),
      });
    }
    const ratings: Rating[] = [];
    for (const { j, item } of dataJudgments(d)) {
      const p = item.payload as RatingItemPayload;
      const m = item.meta as RatingMeta;
      const v = j.value as RatingAnswer;
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

export interface LiveAgreement {
  kind: string;
  /** Units (item x row) judged by 2+ annotators. */
  units: number;
  judgments: number;
  annotators: number;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  /** Ratings: alpha with ordinal distances. */
  krippendorffAlphaOrdinal?: number | null;
  pairwiseKappa: number | null;
  /** Relevance: recorded system votes vs this study's people. */
  judges: { system: string; n: number; kappaVsMajority: number | null; kappaVsAnnotators: number | null; yesRate: number | null; humanYesRate: number | null; votes: number }[];
  humanYesRate?: number | null;
}

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

export function liveAgreement(d: StudyData): LiveAgreement {
  const flat = flatJudgments(d).filter((f) => f.value !== 'uncomfortable');
  const unitKey = (f: FlatJudgment) => compositeKey(f.item, f.attribute);
  const units = new Map<string, string[]>();
  const raters = new Map<string, Map<string, string>>();
  for (const f of flat) {
    units.set(unitKey(f), [...(units.get(unitKey(f)) ?? []), f.value]);
    if (!raters.has(f.annotator)) raters.set(f.annotator, new Map());
    raters.get(f.annotator)!.set(unitKey(f), f.value);
  }
  const shared = [...units.values()].filter((u) => u.length >= 2);
  const categories = d.study.kind === 'relevance' ? ['no', 'yes'] : d.study.kind === 'attribute' ? ['makes_sense', 'maybe', 'doesnt_make_sense'] : ['1', '2', '3', '4', '5'];
  const counts = shared.length ? categoryCounts(shared, categories).counts : [];
  const out: LiveAgreement = {
    kind: d.study.kind,
    units: shared.length,
    judgments: flat.length,
    annotators: raters.size,
    fleissKappa: shared.length ? finite(fleissKappa(counts)) : null,
    krippendorffAlpha: finite(krippendorffAlphaFromUnits(shared, 'nominal')),
    pairwiseKappa: finite(averagePairwiseKappa(raters).mean),
    judges: [],
  };
  if (d.study.kind === 'rating') {
    out.krippendorffAlphaOrdinal = finite(krippendorffAlphaFromUnits(shared.map((u) => u.map(Number)), 'ordinal'));
  }
  if (d.study.kind === 'relevance') {
    const ds = studyDataset(d);
    const round = computeAgreement(ds).rounds[0];
    out.judges = (round?.systems ?? []).map((s) => ({
      ...s, kappaVsMajority: finite(s.kappaVsMajority), kappaVsAnnotators: finite(s.kappaVsAnnotators), yesRate: finite(s.yesRate), humanYesRate: finite(s.humanYesRate),
    }));
    out.humanYesRate = finite(round?.humanYesRate);
  }
  return out;
}

export interface AnnotatorStats {
  annotator: string;
  source: string;
  done: number;
  skipped: number;
  /** Median seconds from assignment to submission. */
  medianSeconds: number | null;
  /** relevance: share of YES; attribute: share of "makes sense"; rating: mean personalized-vs-generic score. */
  lean: number | null;
  goldAccuracy: number | null;
  attentionPassed: number;
  attentionFailed: number;
  /** Nothing was left for them after work of their own. */
  completed: boolean;
  /** Their work earns the completion code (the study's minimum of answered items; no failed check when that blocks). */
  earnedCode: boolean;
  /** What the admin should look at: `fast` (median under the study's fastSeconds per item), `attention` (a failed check), `few_answers`. */
  flags: ('fast' | 'attention' | 'few_answers')[];
}

export function annotatorStats(d: StudyData, annotators: { externalId: string; source: string; completedAt: string | null }[]): AnnotatorStats[] {
  const items = new Map(d.items.map((i) => [i.id, i]));
  const flat = flatJudgments(d);
  const settings = studySettings(d.study);
  return annotators.map((a) => {
    const js = d.judgments.filter((j) => j.annotator === a.externalId);
    const secs = js.map((j) => (Date.parse(j.submittedAt) - Date.parse(j.assignedAt)) / 1000).sort((x, y) => x - y);
    const mine = flat.filter((f) => f.annotator === a.externalId && f.value !== 'uncomfortable');
    let lean: number | null = null;
    if (mine.length) {
      if (d.study.kind === 'relevance') lean = mine.filter((f) => f.value === 'yes').length / mine.length;
      else if (d.study.kind === 'attribute') lean = mine.filter((f) => f.value === 'makes_sense').length / mine.length;
      else lean = mine.reduce((s, f) => s + Number(f.value), 0) / mine.length;
    }
    let goldN = 0;
    let goldOk = 0;
    let attOk = 0;
    let attBad = 0;
    for (const j of js) {
      const item = items.get(j.itemId);
      if (!item || item.role === 'regular') continue;
      const ok = matchesExpected(d.study.kind, item.meta, j.value);
      if (ok === undefined) continue;
      if (item.role === 'gold') {
        goldN++;
        if (ok) goldOk++;
      } else if (ok) attOk++;
      else attBad++;
    }
    const medianSeconds = secs.length ? secs[Math.floor((secs.length - 1) / 2)]! : null;
    const earned = completion(d.study.kind, js.map((j) => ({ role: j.role, status: j.status, meta: items.get(j.itemId)?.meta, value: j.value })), settings);
    const flags: AnnotatorStats['flags'] = [];
    if (medianSeconds !== null && medianSeconds < settings.fastSeconds) flags.push('fast');
    if (attBad > 0) flags.push('attention');
    if (a.completedAt !== null && !earned.ok && earned.reason === 'too_few_answers') flags.push('few_answers');
    return {
      annotator: a.externalId, source: a.source,
      done: js.filter((j) => j.status === 'done').length, skipped: js.filter((j) => j.status === 'skipped').length,
      medianSeconds, lean, goldAccuracy: goldN ? goldOk / goldN : null, attentionPassed: attOk, attentionFailed: attBad,
      completed: a.completedAt !== null, earnedCode: a.completedAt !== null && earned.ok, flags,
    };
  });
}

export interface StudyProgress {
  items: number;
  k: number;
  /** Regular items with k finished judgments. */
  complete: number;
  /** Finished judgments of regular items, and how many are needed. */
  judgments: number;
  needed: number;
  inProgress: number;
  skipped: number;
  annotators: number;
  completedAnnotators: number;
}

export function studyProgress(d: StudyData, counts: { itemId: string; status: string; n: number }[], annotators: { completedAt: string | null }[]): StudyProgress {
  const regular = new Set(d.items.filter((i) => i.role === 'regular').map((i) => i.id));
  const done = new Map<string, number>();
  let inProgress = 0;
  let skipped = 0;
  for (const c of counts) {
    if (c.status === 'assigned') inProgress += c.n;
    if (c.status === 'skipped') skipped += c.n;
    if (c.status === 'done' && regular.has(c.itemId)) done.set(c.itemId, (done.get(c.itemId) ?? 0) + c.n);
  }
  const k = d.study.k;
  return {
    items: regular.size, k,
    complete: [...done.values()].filter((n) => n >= k).length,
    judgments: [...done.values()].reduce((s, n) => s + Math.min(n, k), 0),
    needed: regular.size * k,
    inProgress, skipped,
    annotators: annotators.length,
    completedAnnotators: annotators.filter((a) => a.completedAt !== null).length,
  };
}
