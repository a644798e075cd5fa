import type { Attribute, Dataset, Profile, Provenance } from '../model/index.js';
import { cosine, embedUnique, type Embedder } from '../embed/embedder.js';
import { bootstrapCi, type BootstrapInterval } from '../metrics/bootstrap.js';
import { seededRandom, shuffled } from '../util/random.js';
import { compositeKey } from '../model/key.js';
import { tuneThreshold } from '../learn/model-selection/threshold.js';

/**
 * Stage-1 evaluation: extracted attributes against gold attributes (LAPS preferences, PrefEval's planted
 * preference, Synthetic-Persona-Chat persona sentences).
 *
 * Protocol
 * - Unit of scoring: one user's conversations within one split (LAPS train and val are separate units; a LAPS
 *   worker appears in one split only). Units without conversations (PrefEval's explicit form: nothing to
 *   extract from) or without gold are not scored; users absent from the predictions are not scored either
 *   (`attune extract` writes a profile, possibly empty, for every user it processed).
 * - A predicted attribute counts for a unit when its evidence cites one of the unit's conversations (or it
 *   cites none).
 * - Matching: texts are compared without their subject ("The user likes X" -> "likes X", "I like X" ->
 *   "like X", "My favorite ..." -> "favorite ..."), by USE-lite cosine. Greedy one-to-one: all (predicted,
 *   gold) pairs of a unit in descending similarity, a pair is matched when both are still free and its
 *   cosine >= the threshold. TP = matches; P = TP / predicted; R = TP / gold.
 * - Threshold: chosen on a dev split, never on the scored one. LAPS: train is scored with the threshold chosen
 *   on val, val with the one chosen on train. Sources without splits: users are cut into two halves by a
 *   seeded hash and each half is scored with the other half's threshold (cross-fitting). The criterion is
 *   micro-F1 above chance on the dev units: F1 against their own gold minus F1 against another user's gold
 *   (a seeded derangement within the dev units). Plain F1 would pick the lowest threshold, where anything
 *   matches anything up to min(#predicted, #gold); the chance term cancels that. Grid 0.30..0.95, step 0.01.
 *   `threshold` fixes it instead. The documented default, 0.6, is used when a fold has fewer than 2 dev units or
 *   when no threshold beats chance on them.
 * - Micro P/R/F1 pool the units' counts; per-user P/R/F1 are means over units (a unit with no predictions has
 *   P = 0, the zero-division convention of src/metrics). 95% percentile bootstrap intervals resample units.
 * - `chanceF1`: the micro F1 of the same predictions against another unit's gold (same source), at the same
 *   thresholds: how much of F1 a profile of generic statements would get anyway.
 */

export interface ExtractionUnit {
  id: string;
  userId: string;
  /** e.g. "laps/train", "prefeval/persona-driven", "spc" */
  source: string;
  provenance: Provenance;
  /** Dataset format, the group within which dev thresholds are chosen. */
  family: string;
  /** Split ("train", "val") or a hash half ("a", "b"). */
  fold: string;
  gold: string[];
  predicted: string[];
}

export const DEFAULT_MATCH_THRESHOLD = 0.6;

export interface ExtractEvalOptions {
  embedder: Embedder;
  /** Fixed cosine threshold; default: chosen on the dev split (see module comment). */
  threshold?: number;
  /** Seed for folds, the chance derangement and the bootstrap (default 42). */
  seed?: number;
  iterations?: number;
  /** Told how many of the distinct gold and predicted texts are embedded (the slow part on a cold cache). */
  onProgress?: (done: number, total: number) => void;
}

export interface ExtractScore {
  /** scored units (users within a split) */
  n: number;
  nPredicted: number;
  nGold: number;
  tp: number;
  precision: number;
  recall: number;
  f1: number;
  precisionCi: [number, number];
  recallCi: [number, number];
  f1Ci: [number, number];
  perUser: { precision: number; recall: number; f1: number; f1Ci: [number, number] };
  chanceF1: number;
  /** share of units with at least one predicted attribute */
  coverage: number;
}

export interface ExtractSourceRow extends ExtractScore {
  source: string;
  provenance: Provenance;
  /** threshold used per fold of this source */
  thresholds: Record<string, number>;
}

export interface ExtractEvalResult extends ExtractScore {
  sources: ExtractSourceRow[];
  /** human-written vs synthetic sources pooled, and human F1 minus synthetic F1 */
  gap: { human?: ExtractScore; synthetic?: ExtractScore; f1Difference?: number };
  thresholds: Record<string, number>;
  protocol: string;
}

/** Text compared when matching: the statement without its subject. */
export function matchText(text: string): string {
  const t = text
    .trim()
    .replace(/^the user's\s+/i, '')
    .replace(/^the user\s+/i, '')
    .replace(/^(?:I'm|I am|I've|I have been|I)\s+/i, (m) => (/^I\s+$/i.test(m) ? '' : m.replace(/^I'm\s+|^I am\s+/i, 'am ').replace(/^I've\s+|^I have been\s+/i, 'have ')))
    .replace(/^my\s+/i, '')
    .trim();
  return t || text.trim();
}

function splitOf(conversationId: string, format: string): string | undefined {
  if (format !== 'laps') return undefined;
  const parts = conversationId.split('/');
  return parts.length >= 5 ? parts[2] : undefined;
}

function hashHalf(id: string, seed: number): string {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return (h >>> 7) % 2 === 0 ? 'a' : 'b';
}

/** Scoring units of a dataset, with the predictions of `profiles` (see module comment for the rules). */
export function extractionUnits(ds: Dataset, profiles: readonly Profile[], seed = 42): { units: ExtractionUnit[]; skipped: { noConversation: number; noGold: number; noPrediction: number } } {
  const byUser = new Map(profiles.map((p) => [p.userId, p.attributes]));
  const groups = new Map<string, { userId: string; source: string; fold: string; convIds: Set<string> }>();
  for (const c of ds.conversations) {
    const split = splitOf(c.id, ds.format);
    const key = compositeKey(c.userId, split ?? '');
    let g = groups.get(key);
    if (!g) {
      const source = split ? `${ds.format}/${split}` : (c.source ?? ds.format);
      groups.set(key, (g = { userId: c.userId, source, fold: split ?? hashHalf(c.userId, seed), convIds: new Set() }));
    }
    g.convIds.add(c.id);
  }
  const usersWithConv = new Set([...groups.values()].map((g) => g.userId));
  const goldUsers = new Set(ds.goldAttributes.map((g) => g.userId));
  const skipped = { noConversation: [...goldUsers].filter((u) => !usersWithConv.has(u)).length, noGold: 0, noPrediction: 0 };
  const units: ExtractionUnit[] = [];
  const goldByUser = new Map<string, typeof ds.goldAttributes>();
  for (const g of ds.goldAttributes) {
    let l = goldByUser.get(g.userId);
    if (!l) goldByUser.set(g.userId, (l = []));
    l.push(g);
  }
  for (const [key, g] of groups) {
    const gold = (goldByUser.get(g.userId) ?? []).filter((x) => !x.conversationId || g.convIds.has(x.conversationId)).map((x) => x.text);
    if (!gold.length) {
      skipped.noGold++;
      continue;
    }
    const attrs = byUser.get(g.userId);
    if (!attrs) {
      skipped.noPrediction++;
      continue;
    }
    const predicted = attrs.filter((a: Attribute) => !a.evidence?.length || a.evidence.some((e) => g.convIds.has(e.conversationId))).map((a) => a.text);
    units.push({ id: key.replace('\u0000', '@'), userId: g.userId, source: g.source, provenance: ds.provenance, family: ds.format, fold: g.fold, gold, predicted });
  }
  return { units, skipped };
}

/**
 * Greedy one-to-one matching of a (predicted x gold) similarity matrix: pairs in descending similarity, matched
 * when both ends are free and the similarity is >= threshold. Returns the matched pairs.
 */
export function greedyMatch(sim: readonly (readonly number[])[], threshold: number): { pred: number; gold: number; sim: number }[] {
  const pairs: { pred: number; gold: number; sim: number }[] = [];
  sim.forEach((row, i) => row.forEach((s, j) => {
    if (s >= threshold) pairs.push({ pred: i, gold: j, sim: s });
  }));
  pairs.sort((a, b) => b.sim - a.sim || a.pred - b.pred || a.gold - b.gold);
  const usedP = new Set<number>();
  const usedG = new Set<number>();
  const out: { pred: number; gold: number; sim: number }[] = [];
  for (const p of pairs) {
    if (usedP.has(p.pred) || usedG.has(p.gold)) continue;
    usedP.add(p.pred);
    usedG.add(p.gold);
    out.push(p);
  }
  return out;
}

/** Similarities of the matches greedy makes with no threshold; the matches at threshold t are those >= t. */
function matchedSims(pred: readonly Float32Array[], gold: readonly Float32Array[]): number[] {
  const sim = pred.map((p) => gold.map((g) => cosine(p, g)));
  return greedyMatch(sim, -Infinity).map((m) => m.sim);
}

interface Counts {
  tp: number;
  chanceTp: number;
  np: number;
  ng: number;
}

const THRESHOLD_GRID = Array.from({ length: 66 }, (_, i) => Math.round((0.3 + i * 0.01) * 100) / 100);

function f1Of(tp: number, np: number, ng: number): number {
  return np + ng === 0 ? 0 : (2 * tp) / (np + ng);
}

function countAt(sims: readonly number[], t: number): number {
  let c = 0;
  for (const s of sims) if (s >= t) c++;
  return c;
}

/** Seeded derangement within a list: element i is paired with perm[i] != i (when length >= 2). */
function derangement(n: number, seed: number): number[] {
  const order = shuffled(Array.from({ length: n }, (_, i) => i), seededRandom(seed));
  const perm = new Array<number>(n);
  for (let k = 0; k < n; k++) perm[order[k]!] = order[(k + 1) % n]!;
  return perm;
}

/** Scores extraction over units; see the module comment for the protocol. */
export async function evaluateExtraction(units: readonly ExtractionUnit[], opts: ExtractEvalOptions): Promise<ExtractEvalResult> {
  const seed = opts.seed ?? 42;
  const texts = new Set<string>();
  for (const u of units) {
    for (const t of u.gold) texts.add(matchText(t));
    for (const t of u.predicted) texts.add(matchText(t));
  }
  const vec = await embedUnique(opts.embedder, texts, opts.onProgress ? { onProgress: opts.onProgress } : {});
  const v = (t: string): Float32Array => vec.get(matchText(t))!;

  // chance partner: another unit of the same source
  const partner = new Array<number>(units.length).fill(-1);
  const bySource = new Map<string, number[]>();
  units.forEach((u, i) => {
    let l = bySource.get(u.source);
    if (!l) bySource.set(u.source, (l = []));
    l.push(i);
  });
  for (const idx of bySource.values()) {
    const perm = derangement(idx.length, seed);
    idx.forEach((ui, k) => {
      if (idx.length > 1) partner[ui] = idx[perm[k]!]!;
    });
  }
  const real: number[][] = [];
  const chance: number[][] = [];
  units.forEach((u, i) => {
    const pv = u.predicted.map(v);
    real.push(matchedSims(pv, u.gold.map(v)));
    const p = partner[i]!;
    chance.push(p >= 0 ? matchedSims(pv, units[p]!.gold.map(v)) : []);
  });

  // thresholds per (family, fold), chosen on the other folds of the family
  const thresholds: Record<string, number> = {};
  const thresholdOf = new Array<number>(units.length);
  const folds = new Map<string, number[]>();
  units.forEach((u, i) => {
    const k = `${u.family}:${u.fold}`;
    let l = folds.get(k);
    if (!l) folds.set(k, (l = []));
    l.push(i);
  });
  for (const [key, idx] of folds) {
    let t = opts.threshold;
    if (t === undefined) {
      const family = key.slice(0, key.lastIndexOf(':'));
      const dev = units.flatMap((u, i) => (u.family === family && `${u.family}:${u.fold}` !== key ? [i] : []));
      t = dev.length >= 2 ? chooseMatchThreshold(dev, units, real, chance) : DEFAULT_MATCH_THRESHOLD;
    }
    thresholds[key] = t;
    for (const i of idx) thresholdOf[i] = t;
  }

  const counts: Counts[] = units.map((u, i) => ({
    tp: countAt(real[i]!, thresholdOf[i]!),
    chanceTp: countAt(chance[i]!, thresholdOf[i]!),
    np: u.predicted.length,
    ng: u.gold.length,
  }));
  const iterations = opts.iterations ?? 1000;
  const all = units.map((_, i) => i);
  const overall = score(all, counts, seed, iterations);
  const sources: ExtractSourceRow[] = [...bySource].map(([source, idx]) => {
    const ths: Record<string, number> = {};
    for (const i of idx) ths[units[i]!.fold] = thresholdOf[i]!;
    return { source, provenance: units[idx[0]!]!.provenance, thresholds: ths, ...score(idx, counts, seed, iterations) };
  });
  const humanIdx = all.filter((i) => units[i]!.provenance === 'human');
  const synthIdx = all.filter((i) => units[i]!.provenance === 'synthetic');
  const gap: ExtractEvalResult['gap'] = {};
  if (humanIdx.length) gap.human = score(humanIdx, counts, seed, iterations);
  if (synthIdx.length) gap.synthetic = score(synthIdx, counts, seed, iterations);
  if (gap.human && gap.synthetic) gap.f1Difference = gap.human.f1 - gap.synthetic.f1;
  return {
    ...overall,
    sources,
    gap,
    thresholds,
    protocol:
      'greedy one-to-one matching by USE-lite cosine of subject-less texts; threshold per split chosen on the other split ' +
      '(LAPS train<->val; others: seeded user halves) by micro-F1 above chance; micro and per-user P/R/F1; 95% bootstrap over users',
  };
}

/** The grid threshold with the most micro-F1 above chance on the dev units (the default when none beats chance). */
function chooseMatchThreshold(dev: readonly number[], units: readonly ExtractionUnit[], real: readonly number[][], chance: readonly number[][]): number {
  let predicted = 0;
  let gold = 0;
  for (const i of dev) {
    predicted += units[i]!.predicted.length;
    gold += units[i]!.gold.length;
  }
  const counts = (t: number) => {
    let tp = 0;
    let chanceTp = 0;
    for (const i of dev) {
      tp += countAt(real[i]!, t);
      chanceTp += countAt(chance[i]!, t);
    }
    return { tp, chanceTp, predicted, gold };
  };
  return tuneThreshold([], [], { rule: 'f1-above-chance', grid: THRESHOLD_GRID, fallback: DEFAULT_MATCH_THRESHOLD, counts }).threshold;
}

function ci(b: BootstrapInterval): [number, number] {
  return [b.low, b.high];
}

function score(idx: readonly number[], counts: readonly Counts[], seed: number, iterations: number): ExtractScore {
  const rows = idx.map((i) => counts[i]!);
  const micro = (sel: readonly number[]): { p: number; r: number; f: number } => {
    let tp = 0;
    let np = 0;
    let ng = 0;
    for (const j of sel) {
      const c = rows[j]!;
      tp += c.tp;
      np += c.np;
      ng += c.ng;
    }
    return { p: np ? tp / np : 0, r: ng ? tp / ng : 0, f: f1Of(tp, np, ng) };
  };
  const perUser = (sel: readonly number[]): { p: number; r: number; f: number } => {
    if (!sel.length) return { p: Number.NaN, r: Number.NaN, f: Number.NaN };
    let p = 0;
    let r = 0;
    let f = 0;
    for (const j of sel) {
      const c = rows[j]!;
      p += c.np ? c.tp / c.np : 0;
      r += c.ng ? c.tp / c.ng : 0;
      f += f1Of(c.tp, c.np, c.ng);
    }
    return { p: p / sel.length, r: r / sel.length, f: f / sel.length };
  };
  const n = rows.length;
  const opts = { seed, iterations };
  const all = rows.map((_, j) => j);
  const m = micro(all);
  const pu = perUser(all);
  let tp = 0;
  let ctp = 0;
  let np = 0;
  let ng = 0;
  for (const c of rows) {
    tp += c.tp;
    ctp += c.chanceTp;
    np += c.np;
    ng += c.ng;
  }
  return {
    n,
    nPredicted: np,
    nGold: ng,
    tp,
    precision: m.p,
    recall: m.r,
    f1: m.f,
    precisionCi: ci(bootstrapCi(n, (s) => micro(s).p, opts)),
    recallCi: ci(bootstrapCi(n, (s) => micro(s).r, opts)),
    f1Ci: ci(bootstrapCi(n, (s) => micro(s).f, opts)),
    perUser: { precision: pu.p, recall: pu.r, f1: pu.f, f1Ci: ci(bootstrapCi(n, (s) => perUser(s).f, opts)) },
    chanceF1: f1Of(ctp, np, ng),
    coverage: n ? rows.filter((c) => c.np > 0).length / n : 0,
  };
}

/** One table row per source plus the pooled human and synthetic rows, for terminals. */
export function extractionTable(r: ExtractEvalResult): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '-');
  const head = ['source', 'provenance', 'users', 'pred', 'gold', 'P', 'R', 'F1', 'F1 95% CI', 'per-user F1', 'chance F1', 'coverage', 'threshold'];
  const line = (name: string, prov: string, s: ExtractScore, th: string): string[] => [
    name, prov, String(s.n), String(s.nPredicted), String(s.nGold), f(s.precision), f(s.recall), f(s.f1),
    `${f(s.f1Ci[0])}-${f(s.f1Ci[1])}`, f(s.perUser.f1), f(s.chanceF1), f(s.coverage), th,
  ];
  const rows = r.sources.map((s) => line(s.source, s.provenance, s, Object.entries(s.thresholds).map(([k, t]) => `${k}:${t.toFixed(2)}`).join(' ')));
  if (r.gap.human) rows.push(line('all human-written', 'human', r.gap.human, ''));
  if (r.gap.synthetic) rows.push(line('all synthetic', 'synthetic', r.gap.synthetic, ''));
  rows.push(line('all', '', r, ''));
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k]!.length)));
  const fmt = (row: string[]): string => row.map((c, k) => c.padEnd(widths[k]!)).join('  ').trimEnd();
  const out = [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  if (r.gap.f1Difference !== undefined) out.push('', `human-written minus synthetic F1: ${r.gap.f1Difference >= 0 ? '+' : ''}${r.gap.f1Difference.toFixed(3)}`);
  return out.join('\n');
}
