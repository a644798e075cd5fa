/**
 * Audit of stage-3 LLM judges against people, from Rating records alone (recorded judge outputs and human
 * ratings), so a finished study is reproducible with no live LLM.
 *
 * Scale: 1-5 per (pair, attribute) = item, personalized vs generic; 3 = no difference.
 *
 * Definitions (per judge; for all items and per generator):
 * - human item score = mean of the human ratings of the item; judge item score = mean of the judge's
 *   ratings of the item (both orders, when it was run in both).
 * - items = those with a judge score and at least one human rating.
 * - judge mean, human mean = means of the item scores over those items; gap = judge mean - human mean.
 * - Spearman = rank correlation of judge item score and human item score (ties averaged).
 * - weighted kappa = Cohen's kappa with quadratic weights over categories 1..5 of the two item scores
 *   each rounded to an integer with Math.round (halves go up: 3.5 -> 4; with three raters a human mean is
 *   never a half, a judge's two-order mean can be).
 * - mention delta = mean item score over items whose personalized response explicitly mentions the
 *   attribute minus the mean over items where it does not (the paper's delta), for the judge and for
 *   people on the same items; items without a mention flag are left out of it.
 * - no better = share of items with item score <= 3 (people's: the paper's 54.6%).
 * - intervals: 95% percentile bootstrap resampling prompts (all items of a drawn prompt together),
 *   1000 resamples, seed 42 unless told; every statistic of a cell uses the same resamples.
 * Position bias (judges run in both orders): items with at least one rating in each order; per item
 * d = score when the personalized response was shown first - score when the generic one was (each the
 * mean of its order's ratings); mean d with its interval; flip = the verdict (worse < 3, same = 3,
 * better > 3) differs between the two orders; share of items that flip.
 * Humans alone (per generator): the human mean, the share of items no better, the same share per pair
 * (mean of all human ratings of the pair <= 3), and the human mention delta over all human-rated items.
 */
import type { Rating, ResponsePair } from '../model/index.js';
import { bootstrapCi, type BootstrapInterval } from '../metrics/bootstrap.js';
import { spearman } from '../metrics/correlation.js';
import { weightedKappa } from '../metrics/agreement.js';
import { itemKey } from './mention.js';

export const ALL = 'all';

export interface JudgeCell {
  judge: string;
  /** A generator name or "all". */
  generator: string;
  items: number;
  prompts: number;
  judgeMean: BootstrapInterval;
  humanMean: BootstrapInterval;
  gap: BootstrapInterval;
  spearman: BootstrapInterval;
  kappa: BootstrapInterval;
  /** Items whose mention flag is known, and of those, mentioned. */
  mentionItems: number;
  mentioned: number;
  judgeMentionDelta: BootstrapInterval;
  humanMentionDelta: BootstrapInterval;
  judgeNoBetter: BootstrapInterval;
  humanNoBetter: BootstrapInterval;
}

export interface HumanCell {
  generator: string;
  items: number;
  pairs: number;
  prompts: number;
  raters: number;
  ratings: number;
  mean: BootstrapInterval;
  noBetter: BootstrapInterval;
  noBetterPairs: BootstrapInterval;
  mentionItems: number;
  mentioned: number;
  mentionDelta: BootstrapInterval;
}

export interface PositionBiasCell {
  judge: string;
  generator: string;
  /** Items rated in both orders. */
  items: number;
  meanGenericFirst: number;
  meanPersonalizedFirst: number;
  /** personalized_first - generic_first, per item, averaged. */
  meanDiff: BootstrapInterval;
  flipShare: BootstrapInterval;
}

export interface JudgeAudit {
  judges: JudgeCell[];
  humans: HumanCell[];
  position: PositionBiasCell[];
  /** Ratings whose pair is not among the pairs given (left out). */
  unmatched: number;
  /** Judge ratings without an order (left out of position bias only). */
  unordered: number;
  protocol: string;
}

export interface JudgeAuditOptions {
  /** itemKey(pairId, attribute) -> does the personalized response mention the attribute explicitly? */
  mentions?: ReadonlyMap<string, boolean>;
  seed?: number;
  iterations?: number;
}

const mean = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
};
const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] => idx.map((i) => xs[i]!);
const verdict = (x: number): number => Math.sign(x - 3);

/** Mean over flagged items minus mean over the others; NaN when either side is empty. */
export function mentionDelta(scores: readonly number[], mentioned: readonly boolean[]): number {
  const yes: number[] = [];
  const no: number[] = [];
  scores.forEach((s, i) => (mentioned[i] ? yes : no).push(s));
  return mean(yes) - mean(no);
}

/** Quadratic weighted kappa of two item-score lists, each rounded (Math.round) onto 1..5. */
export function roundedKappa(a: readonly number[], b: readonly number[]): number {
  return weightedKappa(a.map(Math.round), b.map(Math.round), { weights: 'quadratic', categories: [1, 2, 3, 4, 5] });
}

interface Item {
  key: string;
  pairId: string;
  attribute: string;
  generator: string;
  promptId: string;
  human: number[];
  judges: Map<string, Rating[]>;
}

/** Runs the audit. Ratings must reference pairs by id; `raterKind` separates people from judges. */
export function auditJudges(ratings: readonly Rating[], pairs: readonly ResponsePair[], opts: JudgeAuditOptions = {}): JudgeAudit {
  const boot = { seed: opts.seed ?? 42, iterations: opts.iterations ?? 1000 };
  const byId = new Map(pairs.map((p) => [p.id, p]));
  const items = new Map<string, Item>();
  const humanRaters = new Map<string, Set<string>>();
  let unmatched = 0;
  let unordered = 0;
  for (const r of ratings) {
    const pair = byId.get(r.pairId);
    if (!pair) {
      unmatched++;
      continue;
    }
    const k = itemKey(r.pairId, r.attribute);
    let it = items.get(k);
    if (!it) {
      it = { key: k, pairId: r.pairId, attribute: r.attribute, generator: pair.generator, promptId: pair.promptId, human: [], judges: new Map() };
      items.set(k, it);
    }
    if (r.raterKind === 'human') {
      it.human.push(r.score);
      for (const g of [ALL, pair.generator]) {
        if (!humanRaters.has(g)) humanRaters.set(g, new Set());
        humanRaters.get(g)!.add(r.rater);
      }
    } else {
      if (!it.judges.has(r.rater)) it.judges.set(r.rater, []);
      it.judges.get(r.rater)!.push(r);
      if (!r.order) unordered++;
    }
  }
  const all = [...items.values()];
  const generators = [...new Set(all.map((i) => i.generator))].sort();
  const scopes = [ALL, ...generators];
  const inScope = (g: string) => (it: Item) => g === ALL || it.generator === g;
  const mentionOf = (it: Item): boolean | undefined => opts.mentions?.get(it.key);

  // --- humans
  const humans: HumanCell[] = [];
  for (const g of scopes) {
    const its = all.filter((it) => it.human.length > 0 && inScope(g)(it));
    if (its.length === 0) continue;
    const groups = its.map((it) => it.promptId);
    const h = its.map((it) => mean(it.human));
    const flagged = its.map((it) => mentionOf(it));
    const known = flagged.map((f) => f !== undefined);
    const pairScores = new Map<string, number[]>();
    its.forEach((it) => pairScores.set(it.pairId, [...(pairScores.get(it.pairId) ?? []), ...it.human]));
    const pairIds = [...pairScores.keys()];
    const pairPrompt = pairIds.map((id) => byId.get(id)!.promptId);
    const pairNoBetter = pairIds.map((id) => (mean(pairScores.get(id)!) <= 3 ? 1 : 0));
    humans.push({
      generator: g,
      items: its.length,
      pairs: pairIds.length,
      prompts: new Set(groups).size,
      raters: humanRaters.get(g)?.size ?? 0,
      ratings: its.reduce((s, it) => s + it.human.length, 0),
      mean: bootstrapCi(its.length, (idx) => mean(pick(h, idx)), { ...boot, groups }),
      noBetter: bootstrapCi(its.length, (idx) => mean(pick(h, idx).map((x) => (x <= 3 ? 1 : 0))), { ...boot, groups }),
      noBetterPairs: bootstrapCi(pairIds.length, (idx) => mean(pick(pairNoBetter, idx)), { ...boot, groups: pairPrompt }),
      mentionItems: known.filter(Boolean).length,
      mentioned: flagged.filter((f) => f === true).length,
      mentionDelta: bootstrapCi(
        its.length,
        (idx) => {
          const k = idx.filter((i) => known[i]);
          return mentionDelta(pick(h, k), k.map((i) => flagged[i] === true));
        },
        { ...boot, groups },
      ),
    });
  }

  // --- judges
  const judgeNames = [...new Set(all.flatMap((it) => [...it.judges.keys()]))].sort();
  const judges: JudgeCell[] = [];
  const position: PositionBiasCell[] = [];
  for (const j of judgeNames) {
    for (const g of scopes) {
      const its = all.filter((it) => it.human.length > 0 && it.judges.has(j) && inScope(g)(it));
      if (its.length > 0) {
        const groups = its.map((it) => it.promptId);
        const js = its.map((it) => mean(it.judges.get(j)!.map((r) => r.score)));
        const hs = its.map((it) => mean(it.human));
        const flagged = its.map((it) => mentionOf(it));
        const known = flagged.map((f) => f !== undefined);
        const ci = (stat: (idx: readonly number[]) => number) => bootstrapCi(its.length, stat, { ...boot, groups });
        const delta = (xs: number[]) => (idx: readonly number[]) => {
          const k = idx.filter((i) => known[i]);
          return mentionDelta(pick(xs, k), k.map((i) => flagged[i] === true));
        };
        judges.push({
          judge: j,
          generator: g,
          items: its.length,
          prompts: new Set(groups).size,
          judgeMean: ci((idx) => mean(pick(js, idx))),
          humanMean: ci((idx) => mean(pick(hs, idx))),
          gap: ci((idx) => mean(pick(js, idx)) - mean(pick(hs, idx))),
          spearman: ci((idx) => spearman(pick(js, idx), pick(hs, idx))),
          kappa: ci((idx) => roundedKappa(pick(js, idx), pick(hs, idx))),
          mentionItems: known.filter(Boolean).length,
          mentioned: flagged.filter((f) => f === true).length,
          judgeMentionDelta: ci(delta(js)),
          humanMentionDelta: ci(delta(hs)),
          judgeNoBetter: ci((idx) => mean(pick(js, idx).map((x) => (x <= 3 ? 1 : 0)))),
          humanNoBetter: ci((idx) => mean(pick(hs, idx).map((x) => (x <= 3 ? 1 : 0)))),
        });
      }
      // Position bias needs no human ratings.
      const both = all
        .filter((it) => it.judges.has(j) && inScope(g)(it))
        .map((it) => {
          const rs = it.judges.get(j)!;
          const gf = rs.filter((r) => r.order === 'generic_first').map((r) => r.score);
          const pf = rs.filter((r) => r.order === 'personalized_first').map((r) => r.score);
          return { it, gf: mean(gf), pf: mean(pf) };
        })
        .filter((x) => !Number.isNaN(x.gf) && !Number.isNaN(x.pf));
      if (both.length > 0) {
        const groups = both.map((x) => x.it.promptId);
        const d = both.map((x) => x.pf - x.gf);
        const flip = both.map((x) => (verdict(x.pf) !== verdict(x.gf) ? 1 : 0));
        position.push({
          judge: j,
          generator: g,
          items: both.length,
          meanGenericFirst: mean(both.map((x) => x.gf)),
          meanPersonalizedFirst: mean(both.map((x) => x.pf)),
          meanDiff: bootstrapCi(both.length, (idx) => mean(pick(d, idx)), { ...boot, groups }),
          flipShare: bootstrapCi(both.length, (idx) => mean(pick(flip, idx)), { ...boot, groups }),
        });
      }
    }
  }

  return {
    judges,
    humans,
    position,
    unmatched,
    unordered,
    protocol:
      'item = (pair, attribute); item score = mean of its ratings; Spearman and quadratic weighted kappa (1..5, item scores rounded half up) of judge vs human item score; ' +
      `mention delta = mean(mentioned) - mean(not mentioned); no better = item score <= 3; 95% bootstrap over prompts, ${boot.iterations} resamples, seed ${boot.seed}`,
  };
}
