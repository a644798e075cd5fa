/// <reference lib="dom" />
import { append, h, link, mount } from './dom.js';

/** The admin page: every study's progress, per-annotator statistics, live agreement and exports; refreshed every 5 s. */

interface StudyRow { id: string; name: string; kind: string; k: number; annotatorPath: string }
interface Detail {
  study: StudyRow & { completionCode: string; perAnnotator: number | null };
  progress: { items: number; k: number; complete: number; judgments: number; needed: number; inProgress: number; skipped: number; annotators: number; completedAnnotators: number };
  annotators: { annotator: string; source: string; done: number; skipped: number; medianSeconds: number | null; lean: number | null; goldAccuracy: number | null; attentionPassed: number; attentionFailed: number; completed: boolean; earnedCode: boolean;
    flags: ('fast' | 'attention' | 'few_answers')[] }[];
  labels?: { labels: number; ties: number; tieRule: 'no' | 'yes' | 'drop' };
  agreement: {
    units: number; judgments: number; annotators: number; fleissKappa: number | null; krippendorffAlpha: number | null; krippendorffAlphaOrdinal?: number | null;
    pairwiseKappa: number | null; humanYesRate?: number | null;
    judges: { system: string; n: number; kappaVsMajority: number | null; kappaVsAnnotators: number | null; yesRate: number }[];
  };
  exports: string[];
}

const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const stat = (label: string, value: string, id?: string) => h('span', { class: 'stat', ...(id ? { id } : {}) }, h('b', {}, value), label);

function table(head: string[], body: (string | number)[][], id?: string, flagged: (i: number) => boolean = () => false): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', id ? { id } : {}, h('thead', {}, h('tr', {}, ...head.map((x) => h('th', {}, x)))),
    h('tbody', {}, ...body.map((r, i) => h('tr', flagged(i) ? { class: 'flagged' } : {}, ...r.map((c) => h('td', {}, String(c))))))));
}

const FLAG_TEXT = { fast: 'too fast', attention: 'failed attention check', few_answers: 'too few answers' } as const;

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(path, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return (await r.json()) as T;
}

function studyCard(d: Detail): HTMLElement {
  const p = d.progress;
  const a = d.agreement;
  const leanLabel = d.study.kind === 'relevance' ? 'YES rate' : d.study.kind === 'attribute' ? 'makes sense' : 'mean score';
  const card = h('section', { class: 'card', data: { study: d.study.name } },
    h('h2', {}, `${d.study.name} (${d.study.kind}, k=${d.study.k})`),
    h('p', {}, 'Annotator link: ', link(d.study.annotatorPath, new URL(d.study.annotatorPath, location.href).toString()),
      h('span', { class: 'muted' }, ' (add ?PROLIFIC_PID=…&STUDY_ID=…&SESSION_ID=… or ?name=…); completion code '), d.study.completionCode),
    h('div', { id: 'progress' },
      stat('items complete', `${p.complete} / ${p.items}`), stat('judgments', `${p.judgments} / ${p.needed}`),
      stat('in progress', String(p.inProgress)), stat('skipped', String(p.skipped)), stat('annotators done', `${p.completedAnnotators} / ${p.annotators}`)),
    h('h2', {}, 'Agreement (live)'),
    h('div', { id: 'agreement' },
      stat("Fleiss' kappa", fmt(a.fleissKappa), 'fleiss'), stat("Krippendorff's alpha", fmt(a.krippendorffAlpha), 'alpha'),
      a.krippendorffAlphaOrdinal !== undefined ? stat('alpha (ordinal)', fmt(a.krippendorffAlphaOrdinal)) : null,
      stat("mean pairwise Cohen's kappa", fmt(a.pairwiseKappa)), stat('units with 2+ judgments', String(a.units)),
      a.humanYesRate !== undefined ? stat('majority YES rate', fmt(a.humanYesRate)) : null),
  );
  if (a.judges.length) {
    append(card, h('h2', {}, 'Recorded system votes vs these annotators'),
      table(['system', 'pairs', 'kappa vs majority', 'mean kappa vs annotators', 'YES rate'],
        a.judges.map((j) => [j.system, j.n, fmt(j.kappaVsMajority), fmt(j.kappaVsAnnotators), fmt(j.yesRate)]), 'judges'));
  }
  append(card, h('h2', {}, 'Annotators'),
    table(['annotator', 'source', 'done', 'skipped', 'median s/item', leanLabel, 'gold accuracy', 'attention pass/fail', 'finished', 'code', 'flags'],
      d.annotators.map((x) => [x.annotator, x.source, x.done, x.skipped, fmt(x.medianSeconds, 1), fmt(x.lean, 2), fmt(x.goldAccuracy, 2),
        `${x.attentionPassed}/${x.attentionFailed}`, x.completed ? 'yes' : 'no', x.earnedCode ? 'yes' : 'no',
        x.flags.map((f) => FLAG_TEXT[f]).join(', ') || '–']), 'annotators', (i) => d.annotators[i]!.flags.length > 0),
    d.labels ? h('p', { id: 'ties' }, `Labels: ${d.labels.labels} majority label${d.labels.labels === 1 ? '' : 's'}; ${d.labels.ties} tie${d.labels.ties === 1 ? '' : 's'} (as many YES as NO), `,
      d.labels.tieRule === 'drop' ? 'left out of labels.jsonl (--ties drop).' : `labelled ${d.labels.tieRule.toUpperCase()} in labels.jsonl (--ties ${d.labels.tieRule}).`) : null,
    h('h2', {}, 'Export'),
    h('p', { id: 'exports' }, ...d.exports.flatMap((f) => [link(`/api/admin/studies/${encodeURIComponent(d.study.id)}/export/${encodeURIComponent(f)}`, f, { attrs: { download: '' } }), ' '])));
  return card;
}

async function refresh(): Promise<void> {
  try {
    const studies = await getJson<StudyRow[]>('/api/admin/studies');
    const details = await Promise.all(studies.map((s) => getJson<Detail>(`/api/admin/studies/${encodeURIComponent(s.id)}`)));
    mount(h('h1', {}, 'attune studio: admin'), h('p', { class: 'muted' }, `Updated ${new Date().toLocaleTimeString()}; refreshes every 5 s.`),
      ...(details.length ? details.map(studyCard) : [h('p', {}, 'No studies yet: start one with attune studio --data DIR --kind ...')]));
  } catch (e) {
    mount(h('p', { class: 'error' }, `Could not load: ${e instanceof Error ? e.message : String(e)}`));
  }
}

void refresh();
setInterval(() => void refresh(), 5000);
