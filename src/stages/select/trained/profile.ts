import { type Profile } from '../../../model/index.js';
import { bm25Index, bm25Query, type Bm25Index } from '../bm25.js';
import type { SelectionPair } from '../selector.js';
import { compositeKey } from '../../../model/key.js';
import { rowMatrix, sqNorm } from './prompt.js';
import { ATTR_HEDGES, ATTR_IDENTITY, ATTR_INTEREST, ATTR_STYLE, type FeatureSpec, count, log1p } from './spec.js';

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
export interface PendingProfile {
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
export function profileOfPairs(spec: FeatureSpec, group: readonly SelectionPair[]): PendingProfile {
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

export function profileFeatures(texts: string[], info: readonly (AttributeInfo | undefined)[], vectors: Float32Array[], tok: (t: string) => string[]): ProfileFeatures {
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
export interface PromptContext {
  cos: Float64Array;
  bm25: number[];
  mean: number;
  std: number;
  max: number;
  /** The cosines, ascending. */
  sorted: Float64Array;
}

export function promptContext(prof: ProfileFeatures, pv: Float32Array, pvSq: number, promptTokens: string[]): PromptContext {
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
