import { cosine, embedUnique, type Embedder } from '../../../embed/embedder.js';
import { pairKey, type Prediction } from '../../../model/index.js';
import { cutPrompt } from '../../../model/prompt.js';
import type { SelectionPair } from '../selector.js';
import { tokenize } from '../../../util/tokenize.js';
import { compositeKey } from '../../../model/key.js';
import { FeatureCache } from './cache.js';
import { type PendingProfile, type ProfileFeatures, type PromptContext, profileFeatures, promptContext } from './profile.js';
import { promptScalars, requestTypeCentroids, sqNorm, upperBound } from './prompt.js';
import { type FeatureSpec, PHRASE_SCALARS, REQUEST_TYPES, REQUEST_TYPE_PROTOTYPES, keyPhrase, log1p, promptSentences } from './spec.js';
import { llmScalars } from './votes.js';

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
