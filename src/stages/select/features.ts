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
import { pairKey, type Prediction } from '../../model/index.js';
import { bm25Scores } from './bm25.js';
import { cutPrompt, PROMPT_MAX_CHARS } from './embedding.js';
import type { SelectionPair } from './selector.js';
import { tokenize } from './tokenize.js';

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
  // The user's profile texts: pair.profile when given, else the attributes of that user among the pairs.
  const profileOf = new Map<string, string[]>();
  for (const p of pairs) {
    if (!profileOf.has(p.userId)) profileOf.set(p.userId, p.profile ? p.profile.attributes.map((a) => a.text) : []);
  }
  for (const p of pairs) {
    const prof = profileOf.get(p.userId)!;
    if (!prof.includes(p.attribute)) prof.push(p.attribute);
  }
  const attrInfo = new Map<string, { confidence?: number; members: number }>();
  for (const p of pairs) for (const a of p.profile?.attributes ?? []) attrInfo.set(`${p.userId}\u0000${a.text}`, { ...(a.confidence !== undefined ? { confidence: a.confidence } : {}), members: a.members.length });

  const cut = (t: string): string => cutPrompt(t, spec.promptMaxChars);
  const protoTexts = Object.values(REQUEST_TYPE_PROTOTYPES).flat();
  const vec = await embedUnique(ctx.embedder, [...pairs.map((p) => cut(p.promptText)), ...[...profileOf.values()].flat(), ...protoTexts]);
  const centroids = REQUEST_TYPES.map((t) => {
    const vs = REQUEST_TYPE_PROTOTYPES[t]!.map((s) => vec.get(s)!);
    const c = new Float32Array(ctx.embedder.dim);
    for (const v of vs) for (let j = 0; j < c.length; j++) c[j]! += v[j]! / vs.length;
    return c;
  });

  // Per (user, prompt): cosines and BM25 over the whole profile.
  const tokCache = new Map<string, string[]>();
  const tok = (t: string): string[] => {
    let r = tokCache.get(t);
    if (!r) tokCache.set(t, (r = tokenize(t)));
    return r;
  };
  const context = new Map<string, { cos: Map<string, number>; bm25: Map<string, number>; mean: number; std: number; max: number; sorted: number[] }>();
  const promptInfo = new Map<string, number[]>();
  for (const p of pairs) {
    const pt = cut(p.promptText);
    const ck = `${p.userId}\u0000${pt}`;
    if (!context.has(ck)) {
      const prof = profileOf.get(p.userId)!;
      const pv = vec.get(pt)!;
      const cs = prof.map((a) => cosine(pv, vec.get(a)!));
      const mean = cs.reduce((s, x) => s + x, 0) / cs.length;
      const std = Math.sqrt(cs.reduce((s, x) => s + (x - mean) ** 2, 0) / cs.length) || 1;
      const b = bm25Scores(tok(p.promptText), prof.map(tok));
      context.set(ck, {
        cos: new Map(prof.map((a, i) => [a, cs[i]!])), bm25: new Map(prof.map((a, i) => [a, b[i]!])),
        mean, std, max: Math.max(...cs), sorted: [...cs].sort((x, y) => y - x),
      });
    }
    if (!promptInfo.has(pt)) {
      const pv = vec.get(pt)!;
      const raw = p.promptText;
      promptInfo.set(pt, [
        log1p(raw.length),
        ...centroids.map((c) => cosine(pv, c)),
        /```|[{};]\s*$|\b(def|function|var|const|class|import|npm|python|java|sql|html|css|api|code|compile|error)\b/im.test(raw) ? 1 : 0,
        /\$[^$]+\$|\\[a-z]+\{|\d\s*[+\-*/^=]\s*\d|\b(prime|equation|integral|matrix|matrices|calculate|probability)\b/i.test(raw) ? 1 : 0,
        /\b(write|compose|create|draft|invent)\b[^.?!]{0,40}\b(story|poem|letter|essay|song|lyrics|mystery|script|dialogue|tale|speech)\b/i.test(raw) ? 1 : 0,
        /\bhow (to|do i|can i|should i)\b/i.test(raw) ? 1 : 0,
        /\bshould i\b/i.test(raw) ? 1 : 0,
        log1p(count(/\b(i|my|me|i'm|i've|mine)\b/gi, raw)),
      ]);
    }
  }

  // Recorded outputs per system and pair; predictions of the preferred round win.
  const votes = new Map<string, Prediction>();
  if (spec.set === 'offline+llm') {
    const systems = new Set(spec.systems);
    for (const pr of ctx.predictions ?? []) {
      if (!systems.has(pr.system)) continue;
      const k = `${pr.system}\u0001${pairKey(pr)}`;
      const prev = votes.get(k);
      if (!prev || ctx.round === undefined || pr.round === ctx.round || prev.round !== ctx.round) votes.set(k, pr);
    }
  }

  return pairs.map((p) => {
    const pt = cut(p.promptText);
    const c = context.get(`${p.userId}\u0000${pt}`)!;
    const cs = c.cos.get(p.attribute)!;
    const at = tok(p.attribute);
    const ptoks = new Set(tok(p.promptText));
    const as = new Set(at);
    let inter = 0;
    for (const t of as) if (ptoks.has(t)) inter++;
    const union = ptoks.size + as.size - inter;
    const info = attrInfo.get(`${p.userId}\u0000${p.attribute}`);
    const nProf = c.sorted.length;
    const above = c.sorted.filter((x) => x > cs).length;
    const s: number[] = [
      cs, union ? inter / union : 0, log1p(c.bm25.get(p.attribute) ?? 0), inter > 0 ? 1 : 0,
      count(ATTR_HEDGES, p.attribute), count(/\bor\b/gi, p.attribute), info?.confidence ?? 0.5, info?.confidence === undefined ? 1 : 0,
      log1p(info?.members ?? 0), log1p(at.length),
      ATTR_STYLE.test(p.attribute) ? 1 : 0, ATTR_INTEREST.test(p.attribute) ? 1 : 0, ATTR_IDENTITY.test(p.attribute) ? 1 : 0,
      ...promptInfo.get(pt)!,
      nProf > 1 ? above / (nProf - 1) : 0, (cs - c.mean) / c.std, c.max - cs, log1p(nProf),
    ];
    if (spec.set === 'offline+llm') {
      const key = pairKey(p);
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
    }
    return { key: pairKey(p), prompt: vec.get(pt)!, attribute: vec.get(p.attribute)!, scalars: Float64Array.from(s) };
  });
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
  constructor(
    readonly spec: FeatureSpec,
    readonly state: FeaturizerState,
  ) {}

  /** Features before standardisation. */
  raw(r: PairRow): Float64Array {
    const a = projectPca(this.state.pca, r.attribute);
    const p = projectPca(this.state.pca, r.prompt);
    const k = a.length;
    const out = new Float64Array(r.scalars.length + 4 * k);
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
    return rows.map((r) => standardise(this.state.standardisation, this.raw(r)));
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

export function defaultFeatureSpec(set: FeatureSet, embedder: Embedder, systems: { systems: string[]; scoredSystems: string[] } = { systems: [], scoredSystems: [] }): FeatureSpec {
  return {
    version: 1, set, embedder: embedder.id, promptMaxChars: PROMPT_MAX_CHARS, pcaDims: 16,
    systems: set === 'offline+llm' ? systems.systems : [], scoredSystems: set === 'offline+llm' ? systems.scoredSystems : [],
  };
}
