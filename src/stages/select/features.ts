/**
 * Features of a stage-2 pair (user, prompt, attribute) for trained selectors. Everything here can be computed
 * for a pair never seen in training: it depends on the pair's texts, the user's profile and (for
 * `offline+llm`) recorded LLM outputs for that pair, never on labels.
 *
 * Two steps:
 * 1. {@link computePairRows} (no fitting): per pair, the prompt's and attribute's USE-lite vectors and a list
 *    of named scalars (below).
 * 2. {@link fitFeaturizer} (fitted on training rows only): a PCA basis fitted on the distinct prompt and
 *    attribute vectors of the training rows projects both texts to `pcaDims` dimensions; the features are the
 *    scalars, the attribute's and the prompt's projections, their elementwise product (a learnable weighted
 *    dot product) and |difference|, standardised with the training rows' means and deviations.
 *
 * Scalars (offline):
 * - `cos`: cosine of prompt (cut to 800 chars, as the paper's judge sees it) and attribute.
 * - `jaccard`, `bm25`, `shared`: token Jaccard, log(1 + BM25) of the prompt against the user's profile as the
 *   corpus (see bm25.ts), and whether any content token is shared.
 * - attribute: `hedges` (may, might, possibly, likely, perhaps, ... count), `or_count`, `confidence` (0.5 and
 *   `confidence_missing` = 1 when absent), `members` (log 1 + merged members), `attr_tokens` (log), and three
 *   keyword flags: `attr_style` (preferences about answers: concise, detailed, tone, format, ...),
 *   `attr_interest` (interested in, enjoys, ...), `attr_identity` (job, studies, location, family, ...).
 * - prompt: `prompt_chars` (log), request type as cosines to five prototype centroids (`type_factual`,
 *   `type_technical`, `type_creative`, `type_advice`, `type_other`; each centroid is the mean USE-lite vector of
 *   the invented example requests in {@link REQUEST_TYPE_PROTOTYPES}, none taken from any dataset), and regex
 *   cues `has_code` (code fences, braces, semicolons, programming keywords), `has_math` (LaTeX or arithmetic),
 *   `creative_verb` (write/compose a story, poem, letter, ...), `how_to`, `should_i`, `first_person` (log count
 *   of I/my/me).
 * - profile context: among the user's profile attributes for this prompt, the pair's cosine rank (0 = most
 *   similar, 1 = least), its z-score, the gap to the best cosine, and `profile_size` (log).
 *
 * Scalars (offline+llm), per system listed in the spec (systems with recorded outputs on most training pairs):
 * `vote:<s>` (+1 YES, -1 NO, 0 missing), `missing:<s>`, `score:<s>` when the system records scores, and from its
 * reasoning text `out_words:<s>` (log), `out_hedges:<s>` (slightly, could, might, not directly, ...) and
 * `out_neg:<s>` (would not, irrelevant, generic, ...); across systems `yes_share` (YES votes / votes present)
 * and `unanimous`.
 */
import { cosine, embedUnique, type Embedder } from '../../embed/embedder.js';
import { fitPca, fitStandardisation, projectPca, standardise, type Pca, type Standardisation } from '../../learn/preprocess.js';
import type { FittedFeaturizer } from '../../learn/nested.js';
import { pairKey, type Prediction, type Profile } from '../../model/index.js';
import { bm25Index, bm25Query, type Bm25Index } from './bm25.js';
import { cutPrompt, PROMPT_MAX_CHARS } from '../../model/prompt.js';
import type { SelectionPair } from './selector.js';
import { tokenize } from './tokenize.js';
import { compositeKey } from '../../model/key.js';

export type FeatureSet = 'offline' | 'offline+llm';

/** Everything needed to recompute the features of a new pair; stored in the model file. */
export interface FeatureSpec {
  version: 1;
  set: FeatureSet;
  embedder: string;
  promptMaxChars: number;
  pcaDims: number;
  /** Systems whose recorded outputs are features (offline+llm only), and which of them carry scores. */
  systems: string[];
  scoredSystems: string[];
  /** Phrase-level matching scalars (see {@link PHRASE_SCALARS}); absent in specs written before them. */
  phrase?: boolean;
}

/**
 * Phrase-level matching: the prompt's sentences (code blocks dropped, sentences of 3+ words) and the
 * attribute's key phrase (the attribute without its "The user may be" opening) each get a vector;
 * `sent_max_cos` is the best attribute-sentence cosine, `key_cos` the key phrase against the whole prompt,
 * `key_sent_max` the best key-phrase-sentence cosine, `sent_gain` = sent_max_cos - cos (a match that one
 * vector for the whole prompt dilutes), `n_sentences` (log).
 */
export const PHRASE_SCALARS = ['sent_max_cos', 'key_cos', 'key_sent_max', 'sent_gain', 'n_sentences'];

/** The sentences of a (cut) prompt that phrase matching compares against; the whole cut when none qualifies. */
export function promptSentences(cut: string): string[] {
  const t = cut.replace(/```[\s\S]*?(```|$)/g, ' . ');
  const s = t.split(/(?<=[.?!])\s+|\n+/).map((x) => x.trim()).filter((x) => x.split(/\s+/).length >= 3);
  return s.length ? s : [cut];
}

/** An attribute's key phrase: "The user may be interested in chess." -> "interested in chess". */
export function keyPhrase(attribute: string): string {
  const k = attribute
    .replace(/^the user\s+(?:(?:may|might|could|likely|possibly|probably|seems to|appears to|is likely to|also)\s+)*(?:(?:be|is|has|have|was)\s+)?/i, '')
    .replace(/\.$/, '')
    .trim();
  return k || attribute;
}

/** Invented example requests per type; the centroid of each type's vectors is its prototype. */
export const REQUEST_TYPE_PROTOTYPES: Record<string, string[]> = {
  factual: [
    'What year did the Second World War end?', 'Why is the sky blue?', 'How many bones are in the human body?',
    'What is the boiling point of water at high altitude?', 'Who wrote the novel Moby Dick?', 'How do volcanoes form?',
    'Is 97 a prime number?', 'Convert 3 kilometres to miles.',
  ],
  technical: [
    'How do I fix a null pointer exception in Java?', 'Write a SQL query that joins two tables on a key.',
    'What is the difference between TCP and UDP?', 'How can I configure nginx as a reverse proxy?',
    'Why does my Python loop not modify the list?', 'Explain how git rebase works.',
    'How do I center a div with CSS?', 'What does this regular expression match?',
  ],
  creative: [
    'Write a short story about a dragon who is afraid of fire.', 'Compose a poem about autumn leaves.',
    'Write a letter to my future self.', 'Create a dialogue between a detective and a suspect.',
    'Write song lyrics about a road trip.', 'Invent a fairy tale for children about a brave mouse.',
    'Write a funny limerick about a cat.', 'Draft a speech for a fictional king.',
  ],
  advice: [
    'How should I prepare for a job interview?', 'What can I do to save more money each month?',
    'How do I deal with a difficult coworker?', 'Should I buy or lease my next car?',
    'How can I sleep better at night?', 'What is a good way to start running as a beginner?',
    'How do I make friends in a new city?', 'How to plan a budget trip to Europe?',
  ],
  other: [
    'Tell me a joke.', 'What do you think about modern art?', 'Summarize this paragraph for me.',
    'Translate this sentence into Spanish.', 'Hello, how are you today?', 'Give me a random fun fact.',
    'Rewrite this sentence to sound more formal.', 'What is your opinion on pineapple pizza?',
  ],
};
export const REQUEST_TYPES = Object.keys(REQUEST_TYPE_PROTOTYPES);

const ATTR_HEDGES = /\b(may|might|possibly|possible|likely|perhaps|potentially|could|seems?|suggests?|probably|some|appears?|indicat\w*)\b/gi;
const ATTR_STYLE = /\b(prefer\w*|values?|appreciat\w*|communicat\w*|concise|detail\w*|clear|clarity|structured|tone|format\w*|explanations?|responses?|answers?|style|direct|step-by-step|examples?)\b/i;
const ATTR_INTEREST = /\b(interest\w*|enjoy\w*|passion\w*|hobb\w*|fan|likes?|curious|fascinat\w*|love\w*)\b/i;
const ATTR_IDENTITY = /\b(works?|working|profession\w*|student|stud(?:y|ies|ying)|job|career|business|developer|engineer|teacher|writer|parent|mother|father|lives?|living|located|based|from|family|married|age|years? old|owns?)\b/i;
const OUT_HEDGES = /\b(slightly|slight|could|might|may|possibly|not directly|indirectly|subtle|subtly|somewhat|minor|marginal\w*|perhaps|potentially|tangential\w*)\b/gi;
const OUT_NEG = /\b(would not|wouldn't|does not|doesn't|not relevant|irrelevant|no impact|unrelated|generic|regardless|factual|objective|no bearing|not change|unchanged)\b/gi;

const count = (re: RegExp, text: string): number => text.match(re)?.length ?? 0;
const log1p = Math.log1p;

/** One pair ready for a featurizer: its two vectors and its named scalars (names in {@link scalarNames} order). */
export interface PairRow {
  key: string;
  prompt: Float32Array;
  attribute: Float32Array;
  scalars: Float64Array;
}

export function scalarNames(spec: FeatureSpec): string[] {
  const names = [
    'cos', 'jaccard', 'bm25', 'shared',
    'hedges', 'or_count', 'confidence', 'confidence_missing', 'members', 'attr_tokens', 'attr_style', 'attr_interest', 'attr_identity',
    'prompt_chars', ...REQUEST_TYPES.map((t) => `type_${t}`), 'has_code', 'has_math', 'creative_verb', 'how_to', 'should_i', 'first_person',
    'profile_rank', 'profile_z', 'profile_gap', 'profile_size',
  ];
  if (spec.phrase) names.push(...PHRASE_SCALARS);
  if (spec.set === 'offline+llm') {
    for (const s of spec.systems) {
      names.push(`vote:${s}`, `missing:${s}`);
      if (spec.scoredSystems.includes(s)) names.push(`score:${s}`);
      names.push(`out_words:${s}`, `out_hedges:${s}`, `out_neg:${s}`);
    }
    names.push('yes_share', 'unanimous');
  }
  return names;
}

export interface PairRowContext {
  embedder: Embedder;
  /** Recorded system outputs (offline+llm). */
  predictions?: readonly Prediction[];
  /** Prefer predictions of this round when a pair has several. */
  round?: string;
  /** Kept between calls (see {@link FeatureCache}); without it every call starts afresh. */
  cache?: FeatureCache;
  /** Told how many of the distinct texts are embedded. */
  onEmbed?: (done: number, total: number) => void;
}

/** Systems with a recorded output on at least `minCoverage` of the pairs (default 0.5), for an offline+llm spec. */
export function availableSystems(pairs: readonly SelectionPair[], predictions: readonly Prediction[], minCoverage = 0.5): { systems: string[]; scoredSystems: string[] } {
  const keys = new Set(pairs.map(pairKey));
  const covered = new Map<string, Set<string>>();
  const scored = new Set<string>();
  for (const p of predictions) {
    const k = pairKey(p);
    if (!keys.has(k)) continue;
    if (!covered.has(p.system)) covered.set(p.system, new Set());
    covered.get(p.system)!.add(k);
    if (p.score !== undefined) scored.add(p.system);
  }
  const systems = [...covered].filter(([, s]) => s.size >= minCoverage * keys.size).map(([s]) => s).sort();
  return { systems, scoredSystems: systems.filter((s) => scored.has(s)) };
}

/** Vectors and scalars of each pair (no fitting; labels are never read). */
export async function computePairRows(pairs: readonly SelectionPair[], spec: FeatureSpec, ctx: PairRowContext): Promise<PairRow[]> {
  if (ctx.embedder.id !== spec.embedder) {
    throw new Error(`features were defined with embedder "${spec.embedder}" but "${ctx.embedder.id}" was given`);
  }
  const cache = ctx.cache ?? new FeatureCache();
  const byUser = new Map<string, SelectionPair[]>();
  for (const p of pairs) {
    const g = byUser.get(p.userId);
    if (g) g.push(p);
    else byUser.set(p.userId, [p]);
  }
  // Prompt-independent parts come from the cache when this profile (texts, confidences, member counts) was seen.
  const profiles = new Map<string, ProfileFeatures | PendingProfile>();
  for (const [user, group] of byUser) profiles.set(user, cache.lookup(spec, group));
  const cut = (t: string): string => cutPrompt(t, spec.promptMaxChars);
  let centroids = cache.centroids(ctx.embedder.id);
  const needed: string[] = pairs.map((p) => cut(p.promptText));
  for (const prof of profiles.values()) if (!('vectors' in prof)) needed.push(...prof.texts, ...(spec.phrase ? prof.texts.map(keyPhrase) : []));
  const sentencesOf = new Map<string, string[]>();
  if (spec.phrase) {
    for (const p of pairs) {
      const pt = cut(p.promptText);
      if (!sentencesOf.has(pt)) sentencesOf.set(pt, promptSentences(pt));
    }
    for (const ss of sentencesOf.values()) needed.push(...ss);
  }
  if (!centroids) needed.push(...Object.values(REQUEST_TYPE_PROTOTYPES).flat());
  const vec = await embedUnique(ctx.embedder, needed, ctx.onEmbed ? { onProgress: ctx.onEmbed } : {});
  centroids ??= cache.setCentroids(ctx.embedder.id, requestTypeCentroids(vec, ctx.embedder.dim));
  const tokCache = new Map<string, string[]>();
  const tok = (t: string): string[] => {
    let r = tokCache.get(t);
    if (!r) tokCache.set(t, (r = tokenize(t)));
    return r;
  };
  for (const [user, prof] of profiles) {
    if (!('vectors' in prof)) {
      const f = profileFeatures(prof.texts, prof.info, prof.texts.map((t) => vec.get(t)!), tok);
      if (spec.phrase) f.keyVectors = prof.texts.map((t) => vec.get(keyPhrase(t))!);
      profiles.set(user, cache.store(spec, prof, f));
    }
  }

  // Per (user, prompt): cosines and BM25 over the whole profile; per prompt: its own scalars.
  const context = new Map<string, PromptContext>();
  const promptInfo = new Map<string, { vector: Float32Array; sq: number; scalars: number[]; sentences: Float32Array[] }>();
  const promptTokens = new Map<string, Set<string>>();
  const votes = spec.set === 'offline+llm' ? cache.votes(ctx.predictions ?? [], spec.systems, ctx.round) : undefined;
  const width = scalarNames(spec).length;
  const buf = new ArrayBuffer(pairs.length * width * 8);
  let last: { user: string; prompt: string; c: PromptContext } | undefined;
  return pairs.map((p, row) => {
    const pt = cut(p.promptText);
    let info = promptInfo.get(pt);
    if (!info) {
      const pv = vec.get(pt)!;
      const sentences = spec.phrase ? sentencesOf.get(pt)!.map((t) => vec.get(t)!) : [];
      promptInfo.set(pt, (info = { vector: pv, sq: sqNorm(pv), scalars: promptScalars(p.promptText, pv, centroids), sentences }));
    }
    const prof = profiles.get(p.userId) as ProfileFeatures;
    let c = last && last.user === p.userId && last.prompt === p.promptText ? last.c : undefined;
    if (!c) {
      const ck = compositeKey(p.userId, pt);
      c = context.get(ck);
      if (!c) context.set(ck, (c = promptContext(prof, info.vector, info.sq, tok(p.promptText))));
      last = { user: p.userId, prompt: p.promptText, c };
    }
    let ptoks = promptTokens.get(p.promptText);
    if (!ptoks) promptTokens.set(p.promptText, (ptoks = new Set(tok(p.promptText))));

    const i = prof.index.get(p.attribute)!;
    const cs = c.cos[i]!;
    const as = prof.tokenSets[i]!;
    let inter = 0;
    for (const t of as) if (ptoks.has(t)) inter++;
    const union = ptoks.size + as.size - inter;
    const nProf = prof.texts.length;
    const above = nProf - upperBound(c.sorted, cs);
    const s = new Float64Array(buf, row * width * 8, width);
    s[0] = cs;
    s[1] = union ? inter / union : 0;
    s[2] = log1p(c.bm25[i] ?? 0);
    s[3] = inter > 0 ? 1 : 0;
    s.set(prof.scalars[i]!, 4);
    let o = 4 + prof.scalars[i]!.length;
    s.set(info.scalars, o);
    o += info.scalars.length;
    s[o++] = nProf > 1 ? above / (nProf - 1) : 0;
    s[o++] = (cs - c.mean) / c.std;
    s[o++] = c.max - cs;
    s[o++] = log1p(nProf);
    if (spec.phrase) {
      const av = prof.vectors[i]!;
      const kv = prof.keyVectors![i]!;
      let sm = -1;
      let km = -1;
      for (const sv of info.sentences) {
        sm = Math.max(sm, cosine(av, sv));
        km = Math.max(km, cosine(kv, sv));
      }
      s[o++] = sm;
      s[o++] = cosine(kv, info.vector);
      s[o++] = km;
      s[o++] = sm - cs;
      s[o++] = log1p(info.sentences.length);
    }
    const key = pairKey(p);
    if (votes) s.set(llmScalars(spec, votes, key), o);
    return { key, prompt: info.vector, attribute: prof.vectors[i]!, scalars: s };
  });
}

interface AttributeInfo {
  confidence?: number;
  members: number;
}

/** The prompt-independent features of one profile: vectors, tokens, a BM25 index and each attribute's own scalars. */
export interface ProfileFeatures {
  texts: string[];
  index: Map<string, number>;
  vectors: Float32Array[];
  /** The vectors as rows of one float64 matrix (exact copies: the products are the same, the reads faster). */
  matrix: Float64Array;
  /** Squared L2 norms of the vectors (the cosines' denominators). */
  sq: Float64Array;
  tokenSets: Set<string>[];
  bm25: Bm25Index;
  /** Key-phrase vectors (specs with phrase matching only). */
  keyVectors?: Float32Array[];
  /** Per attribute: hedges, or_count, confidence, confidence_missing, members, attr_tokens, attr_style, attr_interest, attr_identity. */
  scalars: number[][];
}

/** A profile whose features are still to be computed, and where to keep them. */
interface PendingProfile {
  key: string;
  texts: string[];
  info: (AttributeInfo | undefined)[];
  /** The one profile object all of the user's pairs carry, when it lists every pair's attribute. */
  sole?: Profile;
}

/**
 * One user's profile texts and their confidence and member counts, as the features see them: pair.profile's
 * attributes when given (the first pair's), then any pair attribute missing from it; confidence and members
 * from the last pair whose profile lists the text.
 */
function profileOfPairs(spec: FeatureSpec, group: readonly SelectionPair[]): PendingProfile {
  const first = group[0]!.profile;
  const texts = first ? first.attributes.map((a) => a.text) : [];
  const has = new Set(texts);
  for (const p of group) {
    if (!has.has(p.attribute)) {
      texts.push(p.attribute);
      has.add(p.attribute);
    }
  }
  // each distinct profile object is read once, in the order of its last pair
  const last = new Set<Profile>();
  for (const p of group) {
    if (!p.profile) continue;
    last.delete(p.profile);
    last.add(p.profile);
  }
  const infoOf = new Map<string, AttributeInfo>();
  for (const profile of last) {
    for (const a of profile.attributes) infoOf.set(a.text, { ...(a.confidence !== undefined ? { confidence: a.confidence } : {}), members: a.members.length });
  }
  const info = texts.map((t) => infoOf.get(t));
  const sole = first && last.size === 1 && texts.length === first.attributes.length ? first : undefined;
  return { key: profileKey(spec, texts, info), texts, info, ...(sole ? { sole } : {}) };
}

function profileKey(spec: FeatureSpec, texts: readonly string[], info: readonly (AttributeInfo | undefined)[]): string {
  return `${spec.embedder}${spec.phrase ? '+phrase' : ''}\u0001${texts.map((t, i) => compositeKey(t, info[i]?.confidence ?? '', info[i]?.members ?? '')).join('\u0001')}`;
}

function profileFeatures(texts: string[], info: readonly (AttributeInfo | undefined)[], vectors: Float32Array[], tok: (t: string) => string[]): ProfileFeatures {
  const tokens = texts.map(tok);
  return {
    texts, index: new Map(texts.map((t, i) => [t, i])), vectors, sq: Float64Array.from(vectors, sqNorm), matrix: rowMatrix(vectors),
    tokenSets: tokens.map((t) => new Set(t)), bm25: bm25Index(tokens),
    scalars: texts.map((t, i) => {
      const a = info[i];
      return [
        count(ATTR_HEDGES, t), count(/\bor\b/gi, t), a?.confidence ?? 0.5, a?.confidence === undefined ? 1 : 0,
        log1p(a?.members ?? 0), log1p(tokens[i]!.length),
        ATTR_STYLE.test(t) ? 1 : 0, ATTR_INTEREST.test(t) ? 1 : 0, ATTR_IDENTITY.test(t) ? 1 : 0,
      ];
    }),
  };
}

/** One prompt against one profile: the cosine and BM25 of every attribute, and their spread. */
interface PromptContext {
  cos: Float64Array;
  bm25: number[];
  mean: number;
  std: number;
  max: number;
  /** The cosines, ascending. */
  sorted: Float64Array;
}

function promptContext(prof: ProfileFeatures, pv: Float32Array, pvSq: number, promptTokens: string[]): PromptContext {
  const n = prof.vectors.length;
  const d = pv.length;
  const m = prof.matrix;
  if (m.length !== n * d) throw new Error(`features: a ${d}-d prompt vector against ${m.length / n}-d attribute vectors`);
  const q = Float64Array.from(pv);
  const cs = new Float64Array(n);
  let sum = 0;
  let max = -Infinity;
  for (let a = 0; a < n; a++) {
    // cosine() of embed/embedder.ts with the norms precomputed: the same sums in the same order
    let dot = 0;
    for (let j = 0, o = a * d; j < d; j++) dot += q[j]! * m[o + j]!;
    const c = pvSq === 0 || prof.sq[a] === 0 ? 0 : dot / Math.sqrt(pvSq * prof.sq[a]!);
    cs[a] = c;
    sum += c;
    if (c > max) max = c;
  }
  const mean = sum / n;
  let ss = 0;
  for (let a = 0; a < n; a++) ss += (cs[a]! - mean) ** 2;
  return { cos: cs, bm25: bm25Query(prof.bm25, promptTokens), mean, std: Math.sqrt(ss / n) || 1, max, sorted: cs.slice().sort() };
}

function rowMatrix(vectors: readonly Float32Array[]): Float64Array {
  const d = vectors[0]?.length ?? 0;
  const m = new Float64Array(vectors.length * d);
  vectors.forEach((v, i) => m.set(v, i * d));
  return m;
}

function sqNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
}

/** Index of the first value greater than x in an ascending array. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function requestTypeCentroids(vec: ReadonlyMap<string, Float32Array>, dim: number): Float32Array[] {
  return REQUEST_TYPES.map((t) => {
    const vs = REQUEST_TYPE_PROTOTYPES[t]!.map((s) => vec.get(s)!);
    const c = new Float32Array(dim);
    for (const v of vs) for (let j = 0; j < c.length; j++) c[j]! += v[j]! / vs.length;
    return c;
  });
}

function promptScalars(raw: string, pv: Float32Array, centroids: readonly Float32Array[]): number[] {
  return [
    log1p(raw.length),
    ...centroids.map((c) => cosine(pv, c)),
    /```|[{};]\s*$|\b(def|function|var|const|class|import|npm|python|java|sql|html|css|api|code|compile|error)\b/im.test(raw) ? 1 : 0,
    /\$[^$]+\$|\\[a-z]+\{|\d\s*[+\-*/^=]\s*\d|\b(prime|equation|integral|matrix|matrices|calculate|probability)\b/i.test(raw) ? 1 : 0,
    /\b(write|compose|create|draft|invent)\b[^.?!]{0,40}\b(story|poem|letter|essay|song|lyrics|mystery|script|dialogue|tale|speech)\b/i.test(raw) ? 1 : 0,
    /\bhow (to|do i|can i|should i)\b/i.test(raw) ? 1 : 0,
    /\bshould i\b/i.test(raw) ? 1 : 0,
    log1p(count(/\b(i|my|me|i'm|i've|mine)\b/gi, raw)),
  ];
}

/** Recorded outputs per system and pair (`system \u0001 pairKey`); predictions of the preferred round win. */
function indexVotes(predictions: readonly Prediction[], systemList: readonly string[], round: string | undefined): Map<string, Prediction> {
  const votes = new Map<string, Prediction>();
  const systems = new Set(systemList);
  for (const pr of predictions) {
    if (!systems.has(pr.system)) continue;
    const k = `${pr.system}\u0001${pairKey(pr)}`;
    const prev = votes.get(k);
    if (!prev || round === undefined || pr.round === round || prev.round !== round) votes.set(k, pr);
  }
  return votes;
}

function llmScalars(spec: FeatureSpec, votes: ReadonlyMap<string, Prediction>, key: string): number[] {
  const s: number[] = [];
  let yes = 0;
  let present = 0;
  for (const sys of spec.systems) {
    const v = votes.get(`${sys}\u0001${key}`);
    s.push(v ? (v.relevant ? 1 : -1) : 0, v ? 0 : 1);
    if (spec.scoredSystems.includes(sys)) s.push(v?.score ?? 0);
    const out = v?.output ?? '';
    s.push(log1p(out ? out.split(/\s+/).length : 0), count(OUT_HEDGES, out), count(OUT_NEG, out));
    if (v) {
      present++;
      if (v.relevant) yes++;
    }
  }
  s.push(present ? yes / present : 0, present && (yes === 0 || yes === present) ? 1 : 0);
  return s;
}

type AttributeSnapshot = readonly [text: string, confidence: number | undefined, members: number];
const snapshot = (attrs: Profile['attributes']): AttributeSnapshot[] => attrs.map((a) => [a.text, a.confidence, a.members.length]);
function sameAttributes(s: readonly AttributeSnapshot[], attrs: Profile['attributes']): boolean {
  if (s.length !== attrs.length) return false;
  for (let i = 0; i < s.length; i++) {
    const [text, confidence, members] = s[i]!;
    const a = attrs[i]!;
    if (a.text !== text || a.confidence !== confidence || a.members.length !== members) return false;
  }
  return true;
}

/**
 * What {@link computePairRows} can keep between calls: the request-type centroids, each profile's
 * prompt-independent features (least recently used dropped past `maxProfiles`) and the index of the recorded
 * votes (rebuilt when another predictions array, round or system list is given; the array is not copied, so
 * do not change it while a cache holds it). A selector that scores one prompt at a time against the same
 * profiles keeps one.
 */
export class FeatureCache {
  private readonly profiles = new Map<string, ProfileFeatures>();
  private readonly byObject = new WeakMap<Profile, { embedder: string; attributes: AttributeSnapshot[]; features: ProfileFeatures }>();
  private readonly centroidsById = new Map<string, Float32Array[]>();
  private lastVotes?: { predictions: readonly Prediction[]; key: string; votes: Map<string, Prediction> };

  constructor(private readonly maxProfiles = 256) {}

  /**
   * The cached features of a user's profile, or what is needed to compute them. When every pair carries the
   * same profile object, that object is the key (checked against the attributes it had, so an edited profile
   * is computed again); otherwise the profile's texts, confidences and member counts are.
   */
  lookup(spec: FeatureSpec, group: readonly SelectionPair[]): ProfileFeatures | PendingProfile {
    const first = group[0]!.profile;
    const known = first && this.byObject.get(first);
    if (known && known.embedder === spec.embedder && (!spec.phrase || known.features.keyVectors) && sameAttributes(known.attributes, first.attributes) && group.every((p) => p.profile === first && known.features.index.has(p.attribute))) {
      return known.features;
    }
    const pending = profileOfPairs(spec, group);
    const hit = this.profiles.get(pending.key);
    if (!hit) return pending;
    this.profiles.delete(pending.key);
    this.profiles.set(pending.key, hit);
    return this.remember(spec, pending, hit);
  }

  store(spec: FeatureSpec, pending: PendingProfile, features: ProfileFeatures): ProfileFeatures {
    this.profiles.set(pending.key, features);
    while (this.profiles.size > this.maxProfiles) this.profiles.delete(this.profiles.keys().next().value as string);
    return this.remember(spec, pending, features);
  }

  private remember(spec: FeatureSpec, pending: PendingProfile, features: ProfileFeatures): ProfileFeatures {
    if (pending.sole) this.byObject.set(pending.sole, { embedder: spec.embedder, attributes: snapshot(pending.sole.attributes), features });
    return features;
  }

  centroids(embedderId: string): Float32Array[] | undefined {
    return this.centroidsById.get(embedderId);
  }

  setCentroids(embedderId: string, c: Float32Array[]): Float32Array[] {
    this.centroidsById.set(embedderId, c);
    return c;
  }

  votes(predictions: readonly Prediction[], systems: readonly string[], round: string | undefined): Map<string, Prediction> {
    const key = `${round ?? ''}\u0001${systems.join('\u0001')}`;
    if (this.lastVotes?.predictions !== predictions || this.lastVotes.key !== key) {
      this.lastVotes = { predictions, key, votes: indexVotes(predictions, systems, round) };
    }
    return this.lastVotes.votes;
  }
}

/** The fitted part of the features: stored in the model file. */
export interface FeaturizerState {
  pca: Pca;
  standardisation: Standardisation;
}

export function featureNames(spec: FeatureSpec): string[] {
  const k = spec.pcaDims;
  const block = (p: string): string[] => Array.from({ length: k }, (_, i) => `${p}${i}`);
  return [...scalarNames(spec), ...block('attr_pc'), ...block('prompt_pc'), ...block('prod_pc'), ...block('absdiff_pc')];
}

export class PairFeaturizer implements FittedFeaturizer<PairRow> {
  /** Each vector's projection, computed once: rows share prompt and attribute vectors. */
  private readonly projected = new WeakMap<Float32Array, Float64Array>();

  constructor(
    readonly spec: FeatureSpec,
    readonly state: FeaturizerState,
  ) {}

  private project(v: Float32Array): Float64Array {
    let z = this.projected.get(v);
    if (!z) this.projected.set(v, (z = projectPca(this.state.pca, v)));
    return z;
  }

  /** Features before standardisation, into `out` when given. */
  raw(r: PairRow, out?: Float64Array): Float64Array {
    const a = this.project(r.attribute);
    const p = this.project(r.prompt);
    const k = a.length;
    out ??= new Float64Array(r.scalars.length + 4 * k);
    out.set(r.scalars, 0);
    let o = r.scalars.length;
    out.set(a, o);
    out.set(p, (o += k));
    o += k;
    for (let i = 0; i < k; i++) {
      out[o + i] = a[i]! * p[i]!;
      out[o + k + i] = Math.abs(a[i]! - p[i]!);
    }
    return out;
  }

  transform(rows: readonly PairRow[]): Float64Array[] {
    // one buffer for all rows: a typed array per row costs more to allocate than its arithmetic
    const width = this.state.standardisation.mean.length;
    const buf = new ArrayBuffer(rows.length * width * 8);
    return rows.map((r, i) => {
      if (r.scalars.length + 4 * this.state.pca.components.length !== width) {
        throw new Error(`standardise: row has ${r.scalars.length + 4 * this.state.pca.components.length} values, standardisation has ${width}`);
      }
      const x = this.raw(r, new Float64Array(buf, i * width * 8, width));
      return standardise(this.state.standardisation, x, x);
    });
  }
}

/**
 * Fits the PCA basis (on the distinct prompt and attribute vectors of `rows`) and the standardisation (on
 * `rows`' features): call it with training rows only.
 */
export function fitFeaturizer(spec: FeatureSpec, rows: readonly PairRow[]): PairFeaturizer {
  const seen = new Set<Float32Array>();
  const vectors: Float32Array[] = [];
  for (const r of rows) {
    for (const v of [r.prompt, r.attribute]) {
      if (!seen.has(v)) {
        seen.add(v);
        vectors.push(v);
      }
    }
  }
  const pca = fitPca(vectors, spec.pcaDims);
  const partial = new PairFeaturizer(spec, { pca, standardisation: { mean: [], std: [] } });
  const standardisation = fitStandardisation(rows.map((r) => partial.raw(r)));
  return new PairFeaturizer(spec, { pca, standardisation });
}

export function defaultFeatureSpec(
  set: FeatureSet, embedder: Embedder, systems: { systems: string[]; scoredSystems: string[] } = { systems: [], scoredSystems: [] }, opts: { phrase?: boolean } = {},
): FeatureSpec {
  return {
    version: 1, set, embedder: embedder.id, promptMaxChars: PROMPT_MAX_CHARS, pcaDims: 16,
    systems: set === 'offline+llm' ? systems.systems : [], scoredSystems: set === 'offline+llm' ? systems.scoredSystems : [],
    ...(opts.phrase ? { phrase: true } : {}),
  };
}
