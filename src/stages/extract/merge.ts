import type { Attribute, AttributeMember, EvidenceRef, Profile } from '../../model/index.js';
import { embedUnique, type Embedder } from '../../embed/embedder.js';
import { defaultEmbedder } from '../../embed/default.js';
import { compositeKey } from '../../model/key.js';
import { checkAttributeList, checkNumber, checkOptionsObject } from '../../model/options.js';

/**
 * Merging a user's raw attributes (from all their conversations) into a profile, as the paper does:
 * agglomerative clustering of attribute embeddings, average linkage over cosine distance (1 - cosine), merging
 * while the closest pair of clusters is nearer than `threshold` (sklearn's `distance_threshold` semantics:
 * clusters at or beyond it are not merged). The paper uses 0.7 with its embedder; with attune's default
 * embedder (USE-lite) 0.7 merges distinct preferences ("likes horror" with "likes comedy") and costs most of the
 * recall, so the default is DEFAULT_MERGE_THRESHOLD (see there for how it was chosen).
 *
 * Per cluster:
 * - representative: the member whose vector is closest (cosine) to the cluster centroid (mean of the members'
 *   unit vectors); ties go to the higher confidence, then the earlier member. A medoid-like choice, so the text
 *   is one the extractor wrote, not a paraphrase; `representative: 'confidence'` picks the most confident
 *   member instead.
 * - members: every raw attribute (text, reason, confidence), kept as `members`.
 * - evidence: the union of the members' evidence turns.
 * - combined confidence: noisy-OR over independent pieces of evidence, 1 - prod(1 - c_g), where members that
 *   cite exactly the same turns count once (their max), since saying the same thing twice about one turn is
 *   not new evidence. A member without a confidence counts as `defaultConfidence` (0.5).
 * - kept only when the combined confidence is >= `minConfidence` (0.4, the paper's cutoff). The filter runs
 *   after merging, so two weak but independent mentions (0.3 and 0.3 -> 0.51) survive where one would not.
 */
/**
 * Default cosine-distance threshold for merging, chosen for the default embedder (USE-lite) on LAPS train only:
 * the largest value on the grid 0.01, 0.03, 0.05, 0.07, 0.08, 0.1, ..., 0.7 at which merged recall stays within
 * 0.01 of unmerged recall (train R 0.510 vs 0.518; 0.1 already loses 0.011, 0.3 loses 0.11, 0.7 loses 0.43).
 * No threshold loses nothing on LAPS: its gold lists a preference once per session, so even merging exact
 * restatements across sessions (0.01) loses 0.007. At 0.05 USE-lite merges restatements ("loves horror films" /
 * "loves horror movies" 0.044, "does not eat meat" / "does not eat any meat" 0.031), not neighbouring
 * preferences ("likes comedy" / "likes drama" 0.33). Another embedder needs its own threshold.
 */
export const DEFAULT_MERGE_THRESHOLD = 0.05;

export interface MergeOptions {
  /** Cosine-distance threshold for merging (default DEFAULT_MERGE_THRESHOLD, chosen for USE-lite). */
  threshold?: number;
  /** Drop merged attributes whose combined confidence is below this (default 0.4). */
  minConfidence?: number;
  /** 'centroid' (default) or 'confidence'. */
  representative?: 'centroid' | 'confidence';
  /** Confidence assumed for members without one (default 0.5). */
  defaultConfidence?: number;
  /**
   * Text embedded for clustering (default: the attribute text without its "The user" subject, so that the
   * shared subject does not pull unrelated attributes together; see README).
   */
  embedText?: (text: string) => string;
}

/** "The user likes X" -> "likes X": the shared subject carries no information about the attribute. */
export function predicateText(text: string): string {
  const t = text.replace(/^\s*the user(?:'s)?\s+/i, '').trim();
  return t || text;
}

/**
 * Average-linkage agglomerative clustering of unit (or any) vectors by cosine distance. Returns clusters as
 * lists of indices (each sorted), in order of their smallest index. O(n^2) memory and O(n^3) time in the
 * worst case with a tiny constant (n = 60 takes microseconds); meant for one user's attributes.
 */
export function clusterAverageLinkage(vectors: readonly ArrayLike<number>[], threshold: number): number[][] {
  const n = vectors.length;
  if (n === 0) return [];
  const dim = vectors[0]!.length;
  // unit vectors in one flat array, so cosine = dot and the inner loop reads contiguous memory
  const unit = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const v = vectors[i]!;
    if (v.length !== dim) throw new RangeError(`clusterAverageLinkage: vector ${i} has ${v.length} values, expected ${dim}`);
    let s = 0;
    for (let k = 0; k < dim; k++) s += v[k]! * v[k]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    const o = i * dim;
    for (let k = 0; k < dim; k++) unit[o + k] = v[k]! * inv;
  }
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const oj = j * dim;
      // four accumulators: ~25% faster than one in V8
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let k = 0;
      for (; k + 3 < dim; k += 4) {
        d0 += unit[oi + k]! * unit[oj + k]!;
        d1 += unit[oi + k + 1]! * unit[oj + k + 1]!;
        d2 += unit[oi + k + 2]! * unit[oj + k + 2]!;
        d3 += unit[oi + k + 3]! * unit[oj + k + 3]!;
      }
      for (; k < dim; k++) d0 += unit[oi + k]! * unit[oj + k]!;
      const dist = 1 - (d0 + d1 + d2 + d3);
      d[i * n + j] = dist;
      d[j * n + i] = dist;
    }
  }
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  for (;;) {
    let best = Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!active[j]) continue;
        const x = d[i * n + j]!;
        if (x < best) {
          best = x;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || !(best < threshold)) break;
    // merge bj into bi; Lance-Williams update for average linkage
    const si = size[bi]!;
    const sj = size[bj]!;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === bi || k === bj) continue;
      const v = (si * d[bi * n + k]! + sj * d[bj * n + k]!) / (si + sj);
      d[bi * n + k] = v;
      d[k * n + bi] = v;
    }
    size[bi] = si + sj;
    active[bj] = 0;
    members[bi]!.push(...members[bj]!);
  }
  const out: number[][] = [];
  for (let i = 0; i < n; i++) if (active[i]) out.push(members[i]!.sort((a, b) => a - b));
  return out.sort((a, b) => a[0]! - b[0]!);
}

/** 1 - prod(1 - c) over groups of members citing the same turns (max within a group). */
export function combinedConfidence(attrs: readonly Pick<Attribute, 'confidence' | 'evidence'>[], defaultConfidence = 0.5): number {
  const byEvidence = new Map<string, number>();
  attrs.forEach((a, i) => {
    const ev = a.evidence ?? [];
    const key = ev.length ? ev.map((e) => compositeKey(e.conversationId, e.turnIndex)).sort().join('\u0001') : `#${i}`;
    const c = a.confidence ?? defaultConfidence;
    byEvidence.set(key, Math.max(byEvidence.get(key) ?? 0, c));
  });
  let miss = 1;
  for (const c of byEvidence.values()) miss *= 1 - Math.min(1, Math.max(0, c));
  return 1 - miss;
}

/** Merges one user's raw attributes given their vectors (same order). Synchronous; no embedding. */
export function mergeWithVectors(attrs: readonly Attribute[], vectors: readonly ArrayLike<number>[], opts: MergeOptions = {}): Attribute[] {
  if (attrs.length !== vectors.length) throw new RangeError(`mergeWithVectors: ${attrs.length} attributes but ${vectors.length} vectors`);
  const threshold = opts.threshold ?? DEFAULT_MERGE_THRESHOLD;
  const minConfidence = opts.minConfidence ?? 0.4;
  const defaultConfidence = opts.defaultConfidence ?? 0.5;
  const out: Attribute[] = [];
  for (const cluster of clusterAverageLinkage(vectors, threshold)) {
    const group = cluster.map((i) => attrs[i]!);
    const confidence = combinedConfidence(group, defaultConfidence);
    if (confidence < minConfidence) continue;
    const rep = attrs[pickRepresentative(cluster, attrs, vectors, opts.representative ?? 'centroid', defaultConfidence)]!;
    const evidence: EvidenceRef[] = [];
    const seen = new Set<string>();
    for (const a of group) {
      for (const e of a.evidence ?? []) {
        const k = compositeKey(e.conversationId, e.turnIndex);
        if (!seen.has(k)) {
          seen.add(k);
          evidence.push(e);
        }
      }
    }
    const members: AttributeMember[] = group.flatMap((a) =>
      a.members?.length ? a.members : [{ text: a.text, ...(a.reason !== undefined ? { reason: a.reason } : {}), ...(a.confidence !== undefined ? { confidence: a.confidence } : {}) }],
    );
    out.push({
      text: rep.text,
      ...(rep.reason !== undefined ? { reason: rep.reason } : {}),
      confidence: Math.round(confidence * 1000) / 1000,
      evidence,
      ...(rep.source !== undefined ? { source: rep.source } : {}),
      members,
    });
  }
  return out.sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
}

function pickRepresentative(
  cluster: readonly number[],
  attrs: readonly Attribute[],
  vectors: readonly ArrayLike<number>[],
  how: 'centroid' | 'confidence',
  defaultConfidence: number,
): number {
  const conf = (i: number): number => attrs[i]!.confidence ?? defaultConfidence;
  if (cluster.length === 1) return cluster[0]!;
  if (how === 'confidence') return cluster.reduce((b, i) => (conf(i) > conf(b) ? i : b), cluster[0]!);
  const dim = vectors[cluster[0]!]!.length;
  const centroid = new Float64Array(dim);
  const units = cluster.map((i) => {
    const v = vectors[i]!;
    let s = 0;
    for (let k = 0; k < dim; k++) s += v[k]! * v[k]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < dim; k++) centroid[k]! += v[k]! * inv;
    return { i, v, inv };
  });
  let best = cluster[0]!;
  let bestSim = -Infinity;
  for (const { i, v, inv } of units) {
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += v[k]! * inv * centroid[k]!;
    // compare with a small tolerance so float noise does not override the confidence tie-break
    if (dot > bestSim + 1e-9 || (Math.abs(dot - bestSim) <= 1e-9 && conf(i) > conf(best))) {
      best = i;
      bestSim = Math.max(dot, bestSim);
    }
  }
  return best;
}

export interface MergeAttributesOptions extends MergeOptions {
  /** One user's raw attributes (say, extractAttributes' output for that user). */
  attributes: readonly Attribute[];
  /** Default: attune's cached USE-lite embedder (offline). */
  embedder?: Embedder;
}

export interface MergeAttributesResult {
  /** One representative per cluster (with its members, combined confidence and all evidence), filtered at minConfidence. */
  attributes: Attribute[];
}

/** Merges one user's raw attributes: near-duplicates become one attribute whose evidence is all of theirs. */
export async function mergeAttributes(opts: MergeAttributesOptions): Promise<MergeAttributesResult> {
  checkMergeAttributesOptions(opts);
  const { attributes: attrs, embedder = defaultEmbedder(), ...merge } = opts;
  const key = merge.embedText ?? predicateText;
  const vecs = await embedUnique(embedder, attrs.map((a) => key(a.text)));
  return { attributes: mergeWithVectors(attrs, attrs.map((a) => vecs.get(key(a.text))!), merge) };
}

/** Every check of mergeAttributes' options, before anything is embedded (each throws an InvalidArgumentError naming the option). */
function checkMergeAttributesOptions(opts: MergeAttributesOptions): void {
  checkOptionsObject('mergeAttributes', opts);
  checkAttributeList('attributes', opts.attributes);
  checkNumber('threshold', opts.threshold, { optional: true, min: 0, max: 2 });
  checkNumber('minConfidence', opts.minConfidence, { optional: true, min: 0, max: 1 });
  checkNumber('defaultConfidence', opts.defaultConfidence, { optional: true, min: 0, max: 1 });
}

/**
 * Merges every user's raw attributes into a profile. All distinct texts are embedded in one call (so a cached
 * embedder is asked once), then each user is clustered on its own.
 */
export async function mergeProfiles(raw: ReadonlyMap<string, readonly Attribute[]>, embedder: Embedder, opts: MergeOptions = {}): Promise<Profile[]> {
  const key = opts.embedText ?? predicateText;
  const texts: string[] = [];
  for (const attrs of raw.values()) for (const a of attrs) texts.push(key(a.text));
  const vecs = await embedUnique(embedder, texts);
  const out: Profile[] = [];
  for (const [userId, attrs] of raw) {
    out.push({ userId, attributes: mergeWithVectors(attrs, attrs.map((a) => vecs.get(key(a.text))!), opts) });
  }
  return out;
}

/** Profiles without merging: raw attributes, still filtered at `minConfidence` (default 0.4). */
export function rawProfiles(raw: ReadonlyMap<string, readonly Attribute[]>, minConfidence = 0.4): Profile[] {
  return [...raw].map(([userId, attrs]) => ({ userId, attributes: attrs.filter((a) => (a.confidence ?? 0.5) >= minConfidence) }));
}
