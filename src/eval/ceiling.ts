import { InvalidArgumentError } from '../model/errors.js';
import { pairKey, type AnnotatorLabel, type Prediction } from '../model/index.js';
import { bootstrapCis, classification } from '../metrics/index.js';

/** One annotator (or a system in an annotator's seat) scored against the majority of the other annotators. */
export interface CeilingScore {
  who: string;
  /** Judgments scored: (annotator seat, item) slots whose reference is not a tie. */
  n: number;
  /** Distinct prompts among them. */
  prompts: number;
  precision: number;
  recall: number;
  f1: number;
  precisionCi: { low: number; high: number };
  recallCi: { low: number; high: number };
  f1Ci: { low: number; high: number };
  /** YES rate of the scored judgments, and of their references. */
  yesRate: number;
  referenceYesRate: number;
}

export interface HumanCeiling {
  /** Items need this many judgments: the one scored plus at least two others to take a majority of. */
  minJudgments: number;
  /** Items with at least minJudgments judgments. */
  items: number;
  /** What the bootstrap resampled: prompts, or items (all judgments of one item together) when too few prompts. */
  resampled: 'prompts' | 'items';
  /** Slots skipped because the other annotators were split evenly (no majority to score against). */
  ties: number;
  /** Each annotator against the majority of the others, on the items it judged. */
  annotators: CeilingScore[];
  /** All annotators' slots together: the single-annotator figure a selector can be held to. */
  pooled: CeilingScore;
  /**
   * Each system in every annotator's seat: its vote on the item replaces that annotator's, against the same
   * reference (the majority of the others), over the slots of items it voted on. Same items, same weights.
   */
  systems: CeilingScore[];
}

export interface CeilingOptions {
  minJudgments?: number;
  /**
   * Bootstrap unit: `prompts`, `items`, or `auto` (default): prompts when the items span at least
   * MIN_PROMPTS_TO_RESAMPLE of them, else items (a bootstrap over two prompts has three distinct resamples).
   */
  resample?: 'prompts' | 'items' | 'auto';
  iterations?: number;
  seed?: number;
}

/** Fewer distinct prompts than this and `auto` resamples items: an interval over a handful of clusters means little. */
export const MIN_PROMPTS_TO_RESAMPLE = 10;

interface Slot {
  item: string;
  promptId: string;
  annotator: string;
  vote: boolean;
  reference: boolean;
}

function score(who: string, votes: boolean[], refs: boolean[], prompts: string[], clusters: string[], opts: CeilingOptions): CeilingScore {
  const m = classification(votes, refs);
  const [f1Ci, precisionCi, recallCi] = bootstrapCis(
    votes.length,
    (idx) => {
      const c = classification(votes, refs, idx);
      return [c.f1, c.precision, c.recall];
    },
    { iterations: opts.iterations ?? 1000, seed: opts.seed ?? 42, groups: clusters },
  ).map((r) => ({ low: r.low, high: r.high }));
  return {
    who, n: votes.length, prompts: new Set(prompts).size, precision: m.precision, recall: m.recall, f1: m.f1,
    precisionCi: precisionCi!, recallCi: recallCi!, f1Ci: f1Ci!, yesRate: m.predictedRate, referenceYesRate: m.goldRate,
  };
}

/**
 * The human ceiling for stage 2: on items judged by `minJudgments` (default 3) or more people, each annotator's
 * YES/NO is scored against the majority of the OTHER annotators of that item (leave-one-out, so the reference
 * never contains the vote it scores). Where the others split evenly there is no majority: the slot is skipped
 * and counted in `ties`. Intervals: percentile bootstrap resampling prompts (or items, see `resample`). Returns undefined when no item has
 * enough judgments. `annotations` and `predictions` should be of one round.
 */
export function humanCeiling(annotations: readonly AnnotatorLabel[], predictions: readonly Prediction[], opts: CeilingOptions = {}): HumanCeiling | undefined {
  const minJudgments = opts.minJudgments ?? 3;
  if (!Number.isInteger(minJudgments) || minJudgments < 3) throw new InvalidArgumentError('minJudgments', `must be an integer >= 3 (one scored plus a majority of two or more), got ${minJudgments}`, minJudgments);
  const items = new Map<string, { promptId: string; votes: Map<string, boolean> }>();
  for (const a of annotations) {
    const k = pairKey(a);
    const it = items.get(k) ?? { promptId: a.promptId, votes: new Map<string, boolean>() };
    it.votes.set(a.annotator, a.relevant); // one judgment per annotator and item: a later one replaces it
    items.set(k, it);
  }
  const slots: Slot[] = [];
  let ties = 0;
  let enough = 0;
  for (const [item, { promptId, votes }] of items) {
    if (votes.size < minJudgments) continue;
    enough++;
    const yes = [...votes.values()].filter(Boolean).length;
    for (const [annotator, vote] of votes) {
      const otherYes = yes - (vote ? 1 : 0);
      const otherNo = votes.size - 1 - otherYes;
      if (otherYes === otherNo) {
        ties++;
        continue;
      }
      slots.push({ item, promptId, annotator, vote, reference: otherYes > otherNo });
    }
  }
  if (enough === 0) return undefined;
  const distinctPrompts = new Set(slots.map((s) => s.promptId)).size;
  const mode = opts.resample ?? 'auto';
  const resampled = mode === 'auto' ? (distinctPrompts >= MIN_PROMPTS_TO_RESAMPLE ? 'prompts' : 'items') : mode;
  const cluster = (s: Slot) => (resampled === 'prompts' ? s.promptId : s.item);
  const of = (ss: Slot[], who: string, vote: (s: Slot) => boolean | undefined): CeilingScore | undefined => {
    const kept = ss.flatMap((s) => {
      const v = vote(s);
      return v === undefined ? [] : [{ s, v }];
    });
    if (kept.length === 0) return undefined;
    return score(who, kept.map((k) => k.v), kept.map((k) => k.s.reference), kept.map((k) => k.s.promptId), kept.map((k) => cluster(k.s)), opts);
  };
  const annotators = [...new Set(slots.map((s) => s.annotator))].sort()
    .flatMap((a) => of(slots.filter((s) => s.annotator === a), a, (s) => s.vote) ?? []);
  const bySystem = new Map<string, Map<string, boolean>>();
  for (const p of predictions) {
    if (!bySystem.has(p.system)) bySystem.set(p.system, new Map());
    bySystem.get(p.system)!.set(pairKey(p), p.relevant);
  }
  const systems = [...bySystem].sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([system, votes]) => of(slots, system, (s) => votes.get(s.item)) ?? []);
  const pooled = of(slots, 'one annotator (pooled)', (s) => s.vote);
  if (!pooled) return undefined;
  return { minJudgments, items: enough, resampled, ties, annotators, pooled, systems };
}
