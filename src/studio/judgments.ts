import type { StudioStore } from './assignment.js';
import type { Study, StudyItem, StudyJudgment, StudyKind } from './types.js';
import type { KindShapes } from './tasks.js';
import { personalizedScore } from './tasks.js';

/** A study's judgments as read back: one flat row per atomic judgment, and the CSV export of those rows. */

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
export function dataJudgments(d: StudyData): { j: StudyJudgment; item: StudyItem }[] {
  const items = new Map(d.items.map((i) => [i.id, i]));
  return d.judgments.filter((j) => j.role !== 'attention').map((j) => ({ j, item: items.get(j.itemId)! })).filter((x) => x.item);
}

/** A regular or gold item of a study of kind K, its payload and meta typed as that kind keeps them. */
export interface KindItem<K extends StudyKind> {
  item: StudyItem;
  p: KindShapes[K]['payload'];
  m: KindShapes[K]['meta'];
}

/** The study's regular and gold items when it is of kind `kind` (none otherwise). */
export function kindItems<K extends StudyKind>(d: StudyData, kind: K): KindItem<K>[] {
  if (d.study.kind !== kind) return [];
  return d.items.filter((i) => i.role !== 'attention').map((item) => ({ item, p: item.payload as KindShapes[K]['payload'], m: item.meta as KindShapes[K]['meta'] }));
}

/** {@link dataJudgments} when the study is of kind `kind` (none otherwise), with the item's payload and meta and the answer typed. */
export function kindJudgments<K extends StudyKind>(d: StudyData, kind: K): (KindItem<K> & { j: StudyJudgment; v: KindShapes[K]['answer'] })[] {
  if (d.study.kind !== kind) return [];
  return dataJudgments(d).map(({ j, item }) => ({ j, item, p: item.payload as KindShapes[K]['payload'], m: item.meta as KindShapes[K]['meta'], v: j.value as KindShapes[K]['answer'] }));
}

export function flatJudgments(d: StudyData): FlatJudgment[] {
  const out: FlatJudgment[] = [];
  const base = (j: StudyJudgment, item: StudyItem) => ({
    study: d.study.name, kind: d.study.kind, annotator: j.annotator, item: item.id, role: item.role, userId: '', promptId: '', pairId: '',
    attribute: '', value: '', rawValue: '', order: '', note: '', missing: '', submittedAt: j.submittedAt,
  });
  for (const { j, item, p, m, v } of kindJudgments(d, 'relevance')) {
    p.attributes.forEach((a, i) => {
      const yes = v.answers[String(i)];
      out.push({ ...base(j, item), userId: m.userId, promptId: m.promptId, attribute: a, value: yes ? 'yes' : 'no', rawValue: yes ? 'yes' : 'no' });
    });
  }
  for (const { j, item, p, m, v } of kindJudgments(d, 'attribute')) {
    if ('uncomfortable' in v) {
      out.push({ ...base(j, item), userId: m.userId, value: 'uncomfortable', rawValue: 'uncomfortable', note: v.note ?? '' });
      continue;
    }
    p.attributes.forEach((a, i) => {
      const verdict = v.verdicts[String(i)] ?? '';
      out.push({ ...base(j, item), userId: m.userId, attribute: a.text, value: verdict, rawValue: verdict, note: v.notes?.[String(i)] ?? '', missing: v.missing ?? '' });
    });
  }
  for (const { j, item, p, m, v } of kindJudgments(d, 'rating')) {
    p.attributes.forEach((a, i) => {
      const raw = v.scores[String(i)]!;
      out.push({
        ...base(j, item), userId: m.userId, promptId: m.promptId, pairId: m.pairId, attribute: a,
        value: String(personalizedScore(raw, j.pairOrder)), rawValue: String(raw), order: j.pairOrder ?? '',
      });
    });
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
