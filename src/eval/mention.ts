import { compositeKey } from '../model/key.js';
import type { Rating, Response, ResponseMode, ResponsePair } from '../model/index.js';
import { bootstrapCi, type BootstrapInterval } from '../metrics/bootstrap.js';
import type { MentionDetector, MentionInput, AttributeMention } from '../stages/respond/mention.js';

/**
 * Explicit-mention rate of recorded responses, per generator and mode.
 *
 * A personalized response is checked against the attributes its generator was given (personalized_human:
 * the human-relevant ones; personalized_llm: the LLM checklist's). A generic response (no profile) is
 * checked against the same attributes as the personalized response of the same user, prompt and
 * generator, once per attribute set: it cannot have seen them, so its rate is the false-mention baseline.
 * Responses without attributes are left out.
 */
export type AttributeSet = 'human' | 'llm';

export interface MentionRateRow {
  generator: string;
  mode: ResponseMode;
  /** Whose attributes were checked: the human-relevant set or the LLM checklist. */
  attributeSet: AttributeSet;
  responses: number;
  /** (response, attribute) checks. */
  attributes: number;
  mentioned: number;
  /** mentioned / attributes, with a 95% bootstrap interval resampling prompts. */
  rate: BootstrapInterval;
  /** Share of responses that mention at least one of their attributes. */
  responseRate: number;
  /** Share of checks decided by each signal alone (lexical OR embedding is the decision). */
  lexicalRate: number;
  embeddingRate: number;
}

export interface MentionCheck {
  userId: string;
  promptId: string;
  generator: string;
  mode: ResponseMode;
  attributeSet: AttributeSet;
  mention: AttributeMention;
}

export interface MentionEvalResult {
  rows: MentionRateRow[];
  checks: MentionCheck[];
  thresholds: { lexical: number; embedding: number };
  usesEmbeddings: boolean;
  protocol: string;
}

export interface MentionEvalOptions {
  seed?: number;
  iterations?: number;
  onProgress?: (done: number, total: number) => void;
}

const key = (r: { userId: string; promptId: string; generator: string }) => compositeKey(r.generator, r.userId, r.promptId);

interface Job {
  response: Response;
  attributeSet: AttributeSet;
  attributes: string[];
}

/** The (response, attribute set) checks the rate table is built from. */
export function mentionJobs(responses: readonly Response[]): Job[] {
  const personalized = new Map<string, Map<AttributeSet, string[]>>();
  const jobs: Job[] = [];
  for (const r of responses) {
    if (r.mode === 'generic' || r.attributes.length === 0) continue;
    const set: AttributeSet = r.mode === 'personalized_human' ? 'human' : 'llm';
    const k = key(r);
    if (!personalized.has(k)) personalized.set(k, new Map());
    personalized.get(k)!.set(set, r.attributes);
    jobs.push({ response: r, attributeSet: set, attributes: r.attributes });
  }
  for (const r of responses) {
    if (r.mode !== 'generic') continue;
    for (const [set, attributes] of personalized.get(key(r)) ?? []) jobs.push({ response: r, attributeSet: set, attributes });
  }
  return jobs;
}

const MODE_ORDER: ResponseMode[] = ['generic', 'personalized_human', 'personalized_llm'];

/** Runs the detector over the recorded responses and tabulates mention rates per generator, mode and attribute set. */
export async function evaluateMentions(responses: readonly Response[], detector: MentionDetector, opts: MentionEvalOptions = {}): Promise<MentionEvalResult> {
  const jobs = mentionJobs(responses);
  const inputs: MentionInput[] = jobs.map((j) => ({ text: j.response.text, attributes: j.attributes }));
  const decided = await detector.detect(inputs, opts.onProgress);
  const checks: MentionCheck[] = jobs.flatMap((j, i) =>
    decided[i]!.map((mention) => ({ userId: j.response.userId, promptId: j.response.promptId, generator: j.response.generator, mode: j.response.mode, attributeSet: j.attributeSet, mention })),
  );
  const groups = new Map<string, MentionCheck[]>();
  for (const c of checks) {
    const k = compositeKey(c.generator, c.mode, c.attributeSet);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(c);
  }
  const rows: MentionRateRow[] = [];
  for (const cs of groups.values()) {
    const c0 = cs[0]!;
    const hit = cs.map((c) => (c.mention.mentioned ? 1 : 0));
    const rate = bootstrapCi(cs.length, (idx) => mean(idx.map((i) => hit[i]!)), { groups: cs.map((c) => c.promptId), seed: opts.seed ?? 42, iterations: opts.iterations ?? 1000 });
    const perResponse = new Map<string, boolean>();
    for (const c of cs) perResponse.set(compositeKey(c.userId, c.promptId), (perResponse.get(compositeKey(c.userId, c.promptId)) ?? false) || c.mention.mentioned);
    rows.push({
      generator: c0.generator,
      mode: c0.mode,
      attributeSet: c0.attributeSet,
      responses: perResponse.size,
      attributes: cs.length,
      mentioned: hit.reduce<number>((a, b) => a + b, 0),
      rate,
      responseRate: [...perResponse.values()].filter(Boolean).length / perResponse.size,
      lexicalRate: cs.filter((c) => c.mention.via === 'lexical' || c.mention.via === 'both').length / cs.length,
      embeddingRate: cs.filter((c) => c.mention.via === 'embedding' || c.mention.via === 'both').length / cs.length,
    });
  }
  rows.sort((a, b) => a.generator.localeCompare(b.generator) || a.attributeSet.localeCompare(b.attributeSet) || MODE_ORDER.indexOf(a.mode) - MODE_ORDER.indexOf(b.mode));
  return {
    rows,
    checks,
    thresholds: { ...detector.thresholds },
    usesEmbeddings: detector.usesEmbeddings,
    protocol:
      'per (response, attribute given to the generator); generic responses checked against the personalized response\'s attributes (false-mention baseline); ' +
      `mentioned = lexical >= ${detector.thresholds.lexical}${detector.usesEmbeddings ? ` OR embedding cosine >= ${detector.thresholds.embedding}` : ' (lexical only)'} in a sentence addressing the user; 95% CI: bootstrap over prompts`,
  };
}

function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Key of a (pair, attribute) item in mention maps and audits. */
export const itemKey = (pairId: string, attribute: string): string => compositeKey(pairId, attribute);

/**
 * Mention flags of each rated (pair, attribute): does the pair's personalized response mention the
 * attribute? Only attributes that have ratings are checked.
 */
export async function pairMentions(pairs: readonly ResponsePair[], ratings: readonly Rating[], detector: MentionDetector, onProgress?: (done: number, total: number) => void): Promise<Map<string, boolean>> {
  const rated = new Map<string, Set<string>>();
  for (const r of ratings) {
    if (!rated.has(r.pairId)) rated.set(r.pairId, new Set());
    rated.get(r.pairId)!.add(r.attribute);
  }
  const todo = pairs.filter((p) => rated.has(p.id)).map((p) => ({ pair: p, attributes: [...rated.get(p.id)!] }));
  const decided = await detector.detect(todo.map((t) => ({ text: t.pair.personalized, attributes: t.attributes })), onProgress);
  const out = new Map<string, boolean>();
  todo.forEach((t, i) => decided[i]!.forEach((m) => out.set(itemKey(t.pair.id, m.attribute), m.mentioned)));
  return out;
}
