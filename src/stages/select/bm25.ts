import type { SelectionPair } from './selector.js';
import { ThresholdSelector } from './threshold.js';
import { tokenize, type TokenizeOptions } from '../../util/tokenize.js';
import { compositeKey } from '../../model/key.js';

export interface Bm25Params {
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Length normalisation (default 0.75). */
  b?: number;
}

/**
 * Okapi BM25 of one query against each document of a corpus (all pre-tokenized):
 *
 *   score(q, d) = sum over distinct query terms t of  qtf(t) * idf(t) * tf(t,d) * (k1 + 1) / (tf(t,d) + k1 * (1 - b + b * |d| / avgdl))
 *   idf(t)      = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))      (Lucene's non-negative form)
 *
 * N = documents, df(t) = documents containing t, |d| = tokens in d, avgdl = mean |d|, qtf(t) = times t
 * occurs in the query (a repeated query word counts again, as summing over query tokens does).
 */
export function bm25Scores(query: readonly string[], docs: readonly (readonly string[])[], params: Bm25Params = {}): number[] {
  return bm25Query(bm25Index(docs), query, params);
}

/** A corpus prepared once for many queries: document lengths, term frequencies and document frequencies. */
export interface Bm25Index {
  n: number;
  avgdl: number;
  lengths: number[];
  /** Per document, each distinct term's count, in order of first occurrence. */
  tf: Map<string, number>[];
  df: Map<string, number>;
}

export function bm25Index(docs: readonly (readonly string[])[]): Bm25Index {
  const df = new Map<string, number>();
  const tf = docs.map((d) => {
    const m = new Map<string, number>();
    for (const t of d) m.set(t, (m.get(t) ?? 0) + 1);
    for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    return m;
  });
  const n = docs.length;
  return { n, avgdl: n ? docs.reduce((s, d) => s + d.length, 0) / n : 0, lengths: docs.map((d) => d.length), tf, df };
}

/** {@link bm25Scores} of one query against a prepared index. */
export function bm25Query(corpus: Bm25Index, query: readonly string[], params: Bm25Params = {}): number[] {
  const k1 = params.k1 ?? 1.2;
  const b = params.b ?? 0.75;
  const { n, avgdl } = corpus;
  if (n === 0) return [];
  const qtf = new Map<string, number>();
  for (const t of query) qtf.set(t, (qtf.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const t of qtf.keys()) {
    const f = corpus.df.get(t) ?? 0;
    idf.set(t, Math.log(1 + (n - f + 0.5) / (f + 0.5)));
  }
  return corpus.tf.map((tf, i) => {
    const len = corpus.lengths[i]!;
    if (avgdl === 0 || len === 0) return 0;
    let s = 0;
    for (const [t, f] of tf) {
      const q = qtf.get(t);
      if (q !== undefined) s += q * idf.get(t)! * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * len) / avgdl)));
    }
    return s;
  });
}

/**
 * Which attributes form the BM25 corpus (they set idf and avgdl):
 * - `profile` (default): the user's own attributes (pair.profile when given, else the distinct attribute texts
 *   of that user among the pairs scored) -- a memory layer's scoped keyword search. A user's statistics do not
 *   depend on which other pairs are in the call, so a threshold fitted on some prompts transfers to others.
 * - `pairs`: all distinct attribute texts of the pairs in the call.
 */
export type Bm25Corpus = 'profile' | 'pairs';

export interface Bm25SelectorOptions extends Bm25Params {
  corpus?: Bm25Corpus;
  /** Tokenizer settings (default: stopwords removed, light stemming). */
  tokenize?: TokenizeOptions;
  /**
   * Let fit() choose "select every pair" (default false). BM25 is 0 for most (prompt, attribute) pairs, and on
   * recenter-pilot selecting all (F1 0.314) beats every cut BM25 makes, so an unconstrained fit turns this
   * selector into the all-YES baseline. By default fit() takes the best cut above the lowest score, so the
   * decisions are BM25's own.
   */
  allowSelectAll?: boolean;
  /** A fixed cutoff; otherwise fit() chooses the F1-maximising one on training pairs. */
  threshold?: number;
  name?: string;
}

/** Stage 2 by keyword overlap: BM25 of the prompt (query) against the attribute text (document). */
export class Bm25Selector extends ThresholdSelector {
  readonly name: string;
  private readonly opts: Bm25SelectorOptions;

  constructor(opts: Bm25SelectorOptions = {}) {
    super(opts.threshold, { allowAll: opts.allowSelectAll ?? false });
    this.opts = opts;
    this.name = opts.name ?? 'bm25';
  }

  async score(pairs: SelectionPair[]): Promise<number[]> {
    const corpus = this.opts.corpus ?? 'profile';
    const tokens = new Map<string, string[]>();
    const tok = (text: string): string[] => {
      let t = tokens.get(text);
      if (!t) tokens.set(text, (t = tokenize(text, this.opts.tokenize)));
      return t;
    };

    // corpus key -> (attribute texts in the corpus, index of each text)
    const corpora = new Map<string, string[]>();
    const keyOf = (p: SelectionPair): string => (corpus === 'pairs' ? '' : p.userId);
    for (const p of pairs) {
      const key = keyOf(p);
      if (!corpora.has(key)) corpora.set(key, []);
      const docs = corpora.get(key)!;
      if (corpus === 'profile' && p.profile && docs.length === 0) docs.push(...p.profile.attributes.map((a) => a.text));
      docs.push(p.attribute);
    }
    const stats = new Map<string, { docs: string[]; tokens: string[][] }>();
    for (const [key, texts] of corpora) {
      const docs = [...new Set(texts)];
      stats.set(key, { docs, tokens: docs.map(tok) });
    }

    // Score each (corpus, prompt) once over its whole corpus, then read off the pairs.
    const cache = new Map<string, Map<string, number>>();
    return pairs.map((p) => {
      const key = keyOf(p);
      const ck = compositeKey(key, p.promptText);
      let byDoc = cache.get(ck);
      if (!byDoc) {
        const s = stats.get(key)!;
        const scores = bm25Scores(tok(p.promptText), s.tokens, this.opts);
        byDoc = new Map(s.docs.map((d, i) => [d, scores[i]!]));
        cache.set(ck, byDoc);
      }
      return byDoc.get(p.attribute) ?? 0;
    });
  }
}
