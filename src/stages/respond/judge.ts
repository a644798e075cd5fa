/**
 * Stage-3 LLM judge runners over an Llm (cached, retried, paced); prompts and parsers are in
 * judge-prompts.ts.
 *
 * - Comparison: one call per (pair, order) rating every judged attribute of the pair 1-5 (the paper's
 *   protocol). The order of a pair is {@link assignOrder}(seed, pair id): seeded, random across pairs and
 *   recorded in each Rating. With `bothOrders` the pair is judged again in the swapped order, so the audit
 *   can measure position bias. Ratings come out on the paper's personalized-vs-generic scale with
 *   raterKind 'llm' and rater = the judge's name (default: `provider/model`), ready for auditJudges.
 * - Preference: one call per (pair, order): which response serves this user better overall (A, B, tie),
 *   mapped back to generic / personalized.
 * - {@link pairResponses} joins generic and personalized responses (responses.jsonl) into the pairs both
 *   judges and people rate.
 */
import { InvalidArgumentError } from '../../model/errors.js';
import type { Llm } from '../../llm/llm.js';
import type { PairOrder, Rating, RelevanceLabel, Response, ResponsePair } from '../../model/index.js';
import { pairKey } from '../../model/index.js';
import {
  assignOrder,
  buildComparisonPrompt,
  buildPreferencePrompt,
  comparisonRatings,
  parseComparisonOutput,
  parsePreferenceOutput,
  preferredResponse,
  swapOrder,
  type ParseVia,
  type PreferenceLetter,
} from './judge-prompts.js';
import { compositeKey } from '../../model/key.js';

// ---------------------------------------------------------------------------------------------------
// Pairs

/** `generator:user_prompt`, the id the examples and the studio use; a second personalized mode of the same key gets `#llm`. */
export function pairId(generator: string, userId: string, promptId: string): string {
  return `${generator}:${userId}_${promptId}`;
}

/**
 * Joins responses into generic/personalized pairs by (generator, user, prompt). A personalized response
 * without a generic one of the same key is left out (counted). With `labels`, each attribute gets its
 * human-majority relevance; without, `relevant` stays unset (judged).
 */
export function pairResponses(responses: readonly Response[], labels: readonly RelevanceLabel[] = []): { pairs: ResponsePair[]; unpaired: number } {
  const generic = new Map<string, Response>();
  const k = (r: Response) => compositeKey(r.generator, r.userId, r.promptId);
  for (const r of responses) if (r.mode === 'generic') generic.set(k(r), r);
  const relevance = new Map(labels.map((l) => [pairKey(l), l.relevant]));
  const pairs: ResponsePair[] = [];
  const ids = new Set<string>();
  let unpaired = 0;
  // personalized_human first, so it keeps the plain id when both modes exist.
  const personalized = responses.filter((r) => r.mode !== 'generic').sort((a, b) => (a.mode === b.mode ? 0 : a.mode === 'personalized_human' ? -1 : 1));
  for (const p of personalized) {
    const g = generic.get(k(p));
    if (!g) {
      unpaired++;
      continue;
    }
    let id = pairId(p.generator, p.userId, p.promptId);
    if (ids.has(id)) id = `${id}#llm`;
    if (ids.has(id)) throw new Error(`pairResponses: more than one ${p.mode} response for ${id}`);
    ids.add(id);
    pairs.push({
      id,
      userId: p.userId,
      promptId: p.promptId,
      generator: p.generator,
      generic: g.text,
      personalized: p.text,
      attributes: p.attributes.map((text) => {
        const rel = relevance.get(pairKey({ userId: p.userId, promptId: p.promptId, attribute: text }));
        return rel === undefined ? { text } : { text, relevant: rel };
      }),
    });
  }
  return { pairs, unpaired };
}

/** The attributes a judge (or a person) rates: those not marked irrelevant. */
export function judgedAttributes(pair: ResponsePair): string[] {
  return pair.attributes.filter((a) => a.relevant !== false).map((a) => a.text);
}

// ---------------------------------------------------------------------------------------------------
// Runners

export interface JudgeRunOptions {
  /** Order seed (default 42): the order of a pair depends on (seed, pair id) only. */
  seed?: number;
  /** Also judge every pair in the swapped order (position bias). */
  bothOrders?: boolean;
  /** Rater name in the records (default: the client's `provider/model`). */
  name?: string;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Calls done so far, of all calls of this run. */
  onProgress?: (done: number, total: number) => void;
  /** A call that fails after the client's retries: stop (default) or record the failure and go on. */
  onError?: 'throw' | 'skip';
}

export interface JudgeCallBase {
  pairId: string;
  order: PairOrder;
  /** The judge's full output. */
  output: string;
  cached: boolean;
}

export interface ComparisonCall extends JudgeCallBase {
  attributes: string[];
  /** B-vs-A scores as the judge gave them, per attribute; undefined when unparsed. */
  rawScores: (number | undefined)[];
  via: ParseVia;
  /** 1-based attributes without a usable score. */
  missing: number[];
}

export interface JudgeFailure {
  pairId: string;
  order: PairOrder;
  error: string;
}

export interface ComparisonRun {
  judge: string;
  ratings: Rating[];
  calls: ComparisonCall[];
  failed: JudgeFailure[];
  /** (pair, order) calls whose output gave no score at all. */
  unparsed: number;
}

interface Job {
  pair: ResponsePair;
  order: PairOrder;
  attributes: string[];
}

function jobs(pairs: readonly ResponsePair[], opts: JudgeRunOptions): Job[] {
  const seed = opts.seed ?? 42;
  const out: Job[] = [];
  for (const pair of pairs) {
    const attributes = judgedAttributes(pair);
    if (attributes.length === 0) continue;
    const order = assignOrder(seed, pair.id);
    out.push({ pair, order, attributes });
    if (opts.bothOrders) out.push({ pair, order: swapOrder(order), attributes });
  }
  return out;
}

function promptOf(promptTexts: ReadonlyMap<string, string>, pair: ResponsePair): string {
  const t = promptTexts.get(pair.promptId);
  if (t === undefined) throw new InvalidArgumentError('dataset', `no prompt text for prompt ${pair.promptId} (pair ${pair.id}): the dataset needs prompts.jsonl`);
  return t;
}

async function runJobs<T>(
  list: readonly Job[],
  opts: JudgeRunOptions,
  one: (job: Job) => Promise<T>,
): Promise<{ results: T[]; failed: JudgeFailure[] }> {
  let done = 0;
  const failed: JudgeFailure[] = [];
  const out = await Promise.all(
    list.map(async (job) => {
      try {
        return await one(job);
      } catch (e) {
        if (opts.onError !== 'skip') throw e;
        failed.push({ pairId: job.pair.id, order: job.order, error: (e as Error).message });
        return undefined;
      } finally {
        opts.onProgress?.(++done, list.length);
      }
    }),
  );
  return { results: out.filter((x): x is Awaited<T> => x !== undefined), failed };
}

/** The paper's per-attribute 1-5 comparison of every pair (that has judged attributes), in its seeded order and optionally swapped. */
export async function runComparisonJudge(llm: Llm, pairs: readonly ResponsePair[], promptTexts: ReadonlyMap<string, string>, opts: JudgeRunOptions = {}): Promise<ComparisonRun> {
  const judge = opts.name ?? llm.spec;
  const list = jobs(pairs, opts);
  for (const j of list) promptOf(promptTexts, j.pair); // fail before any call
  const { results, failed } = await runJobs(list, opts, async ({ pair, order, attributes }): Promise<ComparisonCall> => {
    const r = await llm.text({
      messages: [{ role: 'user', content: buildComparisonPrompt({ promptText: promptOf(promptTexts, pair), attributes, generic: pair.generic, personalized: pair.personalized, order }) }],
      temperature: 0,
      maxTokens: opts.maxTokens,
      signal: opts.signal,
    });
    const parsed = parseComparisonOutput(r.text, attributes.length, attributes);
    return { pairId: pair.id, order, attributes, rawScores: parsed.scores, via: parsed.via, missing: parsed.missing, output: r.text, cached: r.cached };
  });
  const ratings = results.flatMap((c) => comparisonRatings({ scores: c.rawScores, via: c.via, missing: c.missing }, c.pairId, c.attributes, judge, c.order));
  return { judge, ratings, calls: results, failed, unparsed: results.filter((c) => c.missing.length === c.attributes.length).length };
}

/** One preference verdict, with the order it was given in. */
export interface PreferenceJudgment extends JudgeCallBase {
  rater: string;
  /** As the judge said it; undefined when the output had no verdict. */
  letter?: PreferenceLetter;
  preferred?: 'generic' | 'personalized' | 'tie';
  via?: ParseVia;
}

export interface PreferenceSummary {
  judge: string;
  /** Verdicts parsed. */
  n: number;
  personalized: number;
  generic: number;
  tie: number;
  /** Pairs judged in both orders with a verdict in each, and of those, the same verdict both times. */
  bothOrders: number;
  consistent: number;
  /** Share of A/B verdicts that chose the response shown first. */
  firstShown: number;
}

export interface PreferenceRun {
  judge: string;
  judgments: PreferenceJudgment[];
  failed: JudgeFailure[];
  summary: PreferenceSummary;
}

export function summarizePreferences(judge: string, js: readonly PreferenceJudgment[]): PreferenceSummary {
  const ok = js.filter((j) => j.preferred !== undefined);
  const count = (p: string) => ok.filter((j) => j.preferred === p).length;
  const n = ok.length;
  const byPair = new Map<string, PreferenceJudgment[]>();
  for (const j of ok) byPair.set(j.pairId, [...(byPair.get(j.pairId) ?? []), j]);
  let both = 0;
  let consistent = 0;
  for (const list of byPair.values()) {
    const gf = list.find((j) => j.order === 'generic_first');
    const pf = list.find((j) => j.order === 'personalized_first');
    if (gf && pf) {
      both++;
      if (gf.preferred === pf.preferred) consistent++;
    }
  }
  const ab = ok.filter((j) => j.letter === 'A' || j.letter === 'B');
  return {
    judge,
    n,
    personalized: n ? count('personalized') / n : Number.NaN,
    generic: n ? count('generic') / n : Number.NaN,
    tie: n ? count('tie') / n : Number.NaN,
    bothOrders: both,
    consistent: both ? consistent / both : Number.NaN,
    firstShown: ab.length ? ab.filter((j) => j.letter === 'A').length / ab.length : Number.NaN,
  };
}

/** The pairwise preference judge over every pair, in its seeded order and optionally swapped. */
export async function runPreferenceJudge(llm: Llm, pairs: readonly ResponsePair[], promptTexts: ReadonlyMap<string, string>, opts: JudgeRunOptions = {}): Promise<PreferenceRun> {
  const judge = opts.name ?? llm.spec;
  const list = jobs(pairs, opts);
  for (const j of list) promptOf(promptTexts, j.pair);
  const { results, failed } = await runJobs(list, opts, async ({ pair, order, attributes }): Promise<PreferenceJudgment> => {
    const r = await llm.text({
      messages: [{ role: 'user', content: buildPreferencePrompt({ promptText: promptOf(promptTexts, pair), attributes, generic: pair.generic, personalized: pair.personalized, order }) }],
      temperature: 0,
      maxTokens: opts.maxTokens,
      signal: opts.signal,
    });
    const parsed = parsePreferenceOutput(r.text);
    const base: PreferenceJudgment = { rater: judge, pairId: pair.id, order, output: r.text, cached: r.cached };
    return parsed ? { ...base, letter: parsed.letter, preferred: preferredResponse(parsed.letter, order), via: parsed.via } : base;
  });
  return { judge, judgments: results, failed, summary: summarizePreferences(judge, results) };
}
