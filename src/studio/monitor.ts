import { compositeKey } from '../model/key.js';
import { computeAgreement } from '../eval/agreement.js';
import { averagePairwiseKappa, categoryCounts, fleissKappa, krippendorffAlphaFromUnits } from '../metrics/index.js';
import { flatJudgments } from './judgments.js';
import type { FlatJudgment, StudyData } from './judgments.js';
import { studyDataset } from './dataset.js';
import { matchesExpected } from './tasks.js';
import { completion, studySettings } from './launch.js';

/** What the admin page watches while a study runs: agreement so far, each annotator's record, and progress. */


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
