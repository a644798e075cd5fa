import type { Dataset } from '../model/index.js';
import { pairKey } from '../model/index.js';
import { humanCeiling, type CeilingOptions, type HumanCeiling } from './ceiling.js';
import { averagePairwiseKappa, cohenKappa, fleissKappa, krippendorffAlpha } from '../metrics/index.js';

export interface HumanAgreement {
  annotators: string[];
  /** Items labelled by at least two annotators. */
  items: number;
  judgments: number;
  pairwiseKappa: number;
  pairs: { a: string; b: string; n: number; kappa: number }[];
  fleissKappa: number;
  krippendorffAlpha: number;
}

export interface SystemAgreement {
  system: string;
  /** Pairs the system voted on that have a majority label: the pairs kappaVsMajority, yesRate and humanYesRate are over. */
  n: number;
  /** All the system's votes in the round, labelled or not. */
  votes: number;
  kappaVsMajority: number;
  /** Mean of Cohen's kappa against each annotator (over the items both labelled); NaN without per-annotator data. */
  kappaVsAnnotators: number;
  /** The system's YES rate over the same n pairs (as `eval select` computes it); NaN when n is 0. */
  yesRate: number;
  /** The human-majority YES rate over the same n pairs. */
  humanYesRate: number;
}

export interface RoundAgreement {
  round: string | undefined;
  humans?: HumanAgreement;
  systems: SystemAgreement[];
  /** Mean pairwise kappa between LLM judges (systems named `votes:*`) over the pairs both voted on. */
  systemSystemKappa: number;
  systemPairs: { a: string; b: string; n: number; kappa: number }[];
  /** Mean over LLM judges of kappaVsAnnotators: the paper's LLM-human figure. */
  systemHumanKappa: number;
  humanYesRate: number | undefined;
  /** Each annotator against the majority of the others on items with 3+ judgments, beside every system in the same seats. */
  ceiling?: HumanCeiling;
}

export interface AgreementReport {
  dataset: string;
  rounds: RoundAgreement[];
}

type Votes = Map<string, boolean>;

function mean(xs: number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
}

function shared(a: Votes, b: Votes): { x: boolean[]; y: boolean[] } {
  const x: boolean[] = [];
  const y: boolean[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) {
      x.push(v);
      y.push(w);
    }
  }
  return { x, y };
}

function kappaOnShared(a: Votes, b: Votes): { n: number; kappa: number } {
  const { x, y } = shared(a, b);
  return { n: x.length, kappa: x.length >= 2 ? cohenKappa(x, y) : NaN };
}

const rate = (xs: boolean[]): number => (xs.length ? xs.filter(Boolean).length / xs.length : NaN);

function humanAgreement(byAnnotator: Map<string, Votes>): HumanAgreement | undefined {
  const annotators = [...byAnnotator.keys()].sort();
  if (annotators.length < 2) return undefined;
  const items = new Map<string, boolean[]>();
  for (const votes of byAnnotator.values()) {
    for (const [k, v] of votes) items.set(k, [...(items.get(k) ?? []), v]);
  }
  const shared = [...items].filter(([, vs]) => vs.length >= 2);
  const raters: Record<string, Map<string, boolean>> = Object.fromEntries(byAnnotator);
  const pk = averagePairwiseKappa(raters);
  const counts = shared.map(([, vs]) => {
    const yes = vs.filter(Boolean).length;
    return [vs.length - yes, yes];
  });
  const keys = shared.map(([k]) => k);
  const matrix = annotators.map((a) => keys.map((k) => byAnnotator.get(a)!.get(k) ?? null));
  return {
    annotators,
    items: shared.length,
    judgments: shared.reduce((s, [, vs]) => s + vs.length, 0),
    pairwiseKappa: pk.mean,
    pairs: pk.pairs,
    fleissKappa: fleissKappa(counts),
    krippendorffAlpha: krippendorffAlpha(matrix, 'nominal'),
  };
}

/** Human-human, system-human and system-system agreement, and the human ceiling, for every round of relevance labels in a dataset. */
export function computeAgreement(ds: Dataset, opts: CeilingOptions = {}): AgreementReport {
  const rounds = new Set<string | undefined>([...ds.annotations.map((a) => a.round), ...ds.predictions.map((p) => p.round)]);
  const out: RoundAgreement[] = [];
  for (const round of [...rounds].sort((a, b) => String(a).localeCompare(String(b)))) {
    const byAnnotator = new Map<string, Votes>();
    for (const a of ds.annotations) {
      if (a.round !== round) continue;
      if (!byAnnotator.has(a.annotator)) byAnnotator.set(a.annotator, new Map());
      byAnnotator.get(a.annotator)!.set(pairKey(a), a.relevant);
    }
    const bySystem = new Map<string, Votes>();
    for (const p of ds.predictions) {
      if (p.round !== round) continue;
      if (!bySystem.has(p.system)) bySystem.set(p.system, new Map());
      bySystem.get(p.system)!.set(pairKey(p), p.relevant);
    }
    const majority: Votes = new Map(ds.labels.filter((l) => l.round === round).map((l) => [pairKey(l), l.relevant]));
    if (byAnnotator.size === 0 && bySystem.size === 0) continue;

    const systems: SystemAgreement[] = [...bySystem].sort(([a], [b]) => a.localeCompare(b)).map(([system, votes]) => {
      const onLabelled = shared(votes, majority);
      const vsMaj = kappaOnShared(votes, majority);
      const vsAnn = [...byAnnotator.values()].map((ann) => kappaOnShared(votes, ann)).filter((r) => r.n >= 2).map((r) => r.kappa);
      return {
        system, n: vsMaj.n, votes: votes.size, kappaVsMajority: vsMaj.kappa, kappaVsAnnotators: mean(vsAnn),
        yesRate: rate(onLabelled.x), humanYesRate: rate(onLabelled.y),
      };
    });
    // Only zero-shot judges enter the LLM-LLM and LLM-human means, as in the paper; other systems are listed alone.
    const isJudge = (name: string) => name.startsWith('votes:');
    const names = [...bySystem.keys()].filter(isJudge).sort();
    const systemPairs: RoundAgreement['systemPairs'] = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const r = kappaOnShared(bySystem.get(names[i]!)!, bySystem.get(names[j]!)!);
        if (r.n >= 2) systemPairs.push({ a: names[i]!, b: names[j]!, ...r });
      }
    }
    const humans = humanAgreement(byAnnotator);
    const labelled = [...majority.values()];
    const ceiling = humanCeiling(ds.annotations.filter((a) => a.round === round), ds.predictions.filter((p) => p.round === round), opts);
    out.push({
      round,
      ...(humans ? { humans } : {}),
      ...(ceiling ? { ceiling } : {}),
      systems,
      systemSystemKappa: mean(systemPairs.map((p) => p.kappa)),
      systemPairs,
      systemHumanKappa: mean(systems.filter((s) => isJudge(s.system)).map((s) => s.kappaVsAnnotators)),
      humanYesRate: labelled.length ? labelled.filter(Boolean).length / labelled.length : undefined,
    });
  }
  return { dataset: ds.name, rounds: out };
}
