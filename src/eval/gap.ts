/**
 * The synthetic-vs-human gap for stage 2 (the paper's central finding): the same selectors scored on synthetic
 * relevance pairs built from PrefEval and on human relevance labels, side by side.
 */
import { InvalidArgumentError } from '../model/errors.js';
import { emptyDataset, type Dataset, type Profile, type RelevanceLabel } from '../model/index.js';
import { seededRandom, shuffled } from '../metrics/index.js';
import { evaluateOrReport, isNotScored, type SelectEvalOptions, type SelectEvalResult, type SelectorNotScored } from './select.js';
import { labelledPairs } from '../stages/select/pairs.js';
import { makeSelector, voteSpec, type SelectorContext } from './selectors.js';

export const SYNTHETIC_ROUND = 'synthetic';

export interface SyntheticRelevanceOptions {
  /** Other users' preferences added to each question's profile as negatives (default 4: a YES rate of 0.2, near the pilot's human 0.186). */
  distractors?: number;
  /** Only this many questions, drawn with `seed` (default: all). */
  limit?: number;
  seed?: number;
}

/**
 * Stage-2 pairs from a PrefEval dataset, as a synthetic benchmark builds them. Each distinct (preference,
 * question) record becomes a user whose profile holds its planted preference (relevant to its question) and
 * `distractors` preferences planted for other users' questions (not relevant), drawn from OTHER topics: a
 * preference of the same topic may well bear on the question, so calling it NO would be label noise. PrefEval's
 * three forms share most records; duplicates (same preference and question) are kept once.
 */
export function prefevalRelevance(ds: Dataset, opts: SyntheticRelevanceOptions = {}): Dataset {
  const k = opts.distractors ?? 4;
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError('distractors', `must be an integer >= 1, got ${k}`, k);
  const question = new Map(ds.prompts.map((p) => [p.id, p.text]));
  const seen = new Set<string>();
  let records: { userId: string; preference: string; question: string; topic: string }[] = [];
  for (const g of ds.goldAttributes) {
    const q = question.get(g.userId);
    if (q === undefined) continue;
    const key = `${g.text}\u0000${q}`;
    if (seen.has(key)) continue;
    seen.add(key);
    records.push({ userId: g.userId, preference: g.text, question: q, topic: g.category ?? '' });
  }
  if (records.length === 0) throw new InvalidArgumentError('dataset', `"${ds.name}" has no (preference, question) records: expected a PrefEval dataset`);
  const rand = seededRandom(opts.seed ?? 42);
  if (opts.limit !== undefined) {
    if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new InvalidArgumentError('limit', `must be a positive integer, got ${opts.limit}`, opts.limit);
    records = shuffled(records, rand).slice(0, opts.limit).sort((a, b) => a.userId.localeCompare(b.userId));
  }
  const out = emptyDataset(`${ds.name}-relevance`, 'prefeval-relevance', 'synthetic');
  out.files = [...ds.files];
  const labels: RelevanceLabel[] = [];
  for (const r of records) {
    const others = records.filter((o) => o.topic !== r.topic && o.preference !== r.preference);
    if (others.length < k) throw new InvalidArgumentError('distractors', `only ${others.length} preferences of other topics for "${r.userId}"; need ${k} distractors`);
    const negatives = shuffled(others, rand).slice(0, k).map((o) => o.preference);
    const profile: Profile = {
      userId: r.userId,
      attributes: [r.preference, ...negatives].map((text) => ({ text, confidence: 1, evidence: [], members: [] })),
    };
    out.profiles.push(profile);
    out.prompts.push({ id: r.userId, text: r.question });
    labels.push({ userId: r.userId, promptId: r.userId, attribute: r.preference, relevant: true, round: SYNTHETIC_ROUND });
    for (const n of negatives) labels.push({ userId: r.userId, promptId: r.userId, attribute: n, relevant: false, round: SYNTHETIC_ROUND });
  }
  out.labels = labels;
  return out;
}

export type GapSide = Omit<SelectEvalResult, 'predictions'> | SelectorNotScored | { notApplicable: string };

export interface GapRow {
  selector: string;
  synthetic: GapSide;
  human: GapSide;
  /** Synthetic F1 minus human F1: how much the synthetic benchmark flatters the selector (NaN when a side is missing). */
  f1Gap: number;
}

export interface GapReport {
  synthetic: { dataset: string; questions: number; pairs: number; yesRate: number; distractors: number };
  human: { dataset: string; round: string | undefined };
  rows: GapRow[];
}

export interface GapOptions extends Omit<SelectEvalOptions, 'round' | 'onProgress'>, SyntheticRelevanceOptions {
  /** A PrefEval dataset. */
  synthetic: Dataset;
  /** A dataset with human relevance labels (e.g. recenter-pilot). */
  human: Dataset;
  /** Selector specs (default: bm25, embedding, mem0 and every recorded `votes:` system of the human round). Offline only: no `llm:`. */
  selectors?: string[];
  /** Round of the human labels (default: the largest). */
  round?: string;
  embedder?: SelectorContext['embedder'];
  onProgress?: (step: string, done: number, total: number) => void;
}

export const GAP_DEFAULT_SELECTORS = ['bm25', 'embedding', 'mem0'] as const;

const finite = (r: GapSide): r is Omit<SelectEvalResult, 'predictions'> => !('notScored' in r) && !('notApplicable' in r);

/**
 * Scores each selector on both sides with `evaluateSelector`'s protocol: a selector that fits a threshold is
 * cross-validated with folds grouped by prompt, so no threshold is chosen on the pairs it is scored on; intervals
 * resample prompts. Recorded votes exist for the human pairs only: their synthetic side is `notApplicable`.
 */
export async function evaluateGap(opts: GapOptions): Promise<GapReport> {
  const synthetic = prefevalRelevance(opts.synthetic, opts);
  const { round: humanRound } = labelledPairs(opts.human, opts.round);
  const specs = opts.selectors ?? [
    ...GAP_DEFAULT_SELECTORS,
    ...[...new Set(opts.human.predictions.filter((p) => p.round === humanRound).map((p) => voteSpec(p.system)))].sort(),
  ];
  const llm = specs.filter((s) => s.startsWith('llm:') || s.startsWith('llm-batch:'));
  if (llm.length) throw new InvalidArgumentError('selectors', `eval gap runs offline; ${llm.join(', ')} would call an LLM: record its votes and use votes:<model>`);
  const evalOpts: SelectEvalOptions = {
    ...(opts.folds !== undefined ? { folds: opts.folds } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.iterations !== undefined ? { iterations: opts.iterations } : {}),
  };
  const ctx = (round: string | undefined): SelectorContext => ({ ...(round !== undefined ? { round } : {}), ...(opts.embedder ? { embedder: opts.embedder } : {}) });
  const side = async (ds: Dataset, round: string | undefined, spec: string, step: string): Promise<GapSide> => {
    const r = await evaluateOrReport(ds, await makeSelector(spec, ds, ctx(round)), {
      ...evalOpts, ...(round !== undefined ? { round } : {}), ...(opts.onProgress ? { onProgress: (d: number, t: number) => opts.onProgress!(step, d, t) } : {}),
    });
    if (isNotScored(r)) return r;
    const { predictions: _p, ...rest } = r;
    return rest;
  };
  const rows: GapRow[] = [];
  for (const spec of specs) {
    const human = await side(opts.human, humanRound, spec, `${spec} on ${opts.human.name}`);
    const syn: GapSide = spec.startsWith('votes:')
      ? { notApplicable: 'recorded votes exist for the human pairs only' }
      : await side(synthetic, SYNTHETIC_ROUND, spec, `${spec} on ${synthetic.name}`);
    rows.push({ selector: spec, synthetic: syn, human, f1Gap: finite(syn) && finite(human) ? syn.f1 - human.f1 : NaN });
  }
  const yes = synthetic.labels.filter((l) => l.relevant).length;
  return {
    synthetic: { dataset: synthetic.name, questions: synthetic.prompts.length, pairs: synthetic.labels.length, yesRate: yes / synthetic.labels.length, distractors: opts.distractors ?? 4 },
    human: { dataset: opts.human.name, round: humanRound },
    rows,
  };
}
