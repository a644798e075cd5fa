/**
 * A mem0-style hybrid memory search used as a stage-2 selector: the "peer baseline" a mem0 user would get by
 * storing a profile's attributes as memories and calling `search(prompt, { user_id })` with the defaults.
 *
 * Followed: mem0 open source, `mem0/memory/main.py` (`Memory.search`, `_search_vector_store`,
 * `_compute_entity_boosts`), `mem0/utils/scoring.py` (`get_bm25_params`, `normalize_bm25`, `score_and_rank`) and
 * the TypeScript SDK's `mem0-ts/src/oss/src/utils/{scoring,bm25,lemmatization,entity_extraction}.ts`
 * (github.com/mem0ai/mem0, read 2026). For one user and one query q, over that user's memories m:
 *
 *   semantic(m) = cosine(embed(q), embed(m))
 *   bm25(m)     = sigmoid(steep * (BM25(q, m) - mid)) for BM25 > 0, else 0. BM25 over the user's memories,
 *                 k1 = 1.5, b = 0.75, idf = ln(1 + (N - df + 0.5)/(df + 0.5)), on lemmatized text (lowercase,
 *                 stopwords out, suffix stemming, -ing forms kept beside their stems);
 *                 (mid, steep) by lemmatized query terms: <=3 (5, 0.7), <=6 (7, 0.6), <=9 (9, 0.5), <=15 (10, 0.5), else (12, 0.5)
 *   entity(m)   = max over query entities e (first 8, deduplicated) and stored entities s linked to m with
 *                 cosine(e, s) >= 0.5 of  cosine(e, s) * 0.5 / (1 + 0.001 * (links(s) - 1)^2)
 *   combined(m) = min(1, (semantic + bm25 + entity) / max_possible),  max_possible = 1 + (1 if any memory has
 *                 BM25 > 0) + (0.5 if any entity boost)
 *
 * A memory is returned iff semantic(m) >= threshold (default 0.1, mem0's `search(threshold=0.1)`; the gate is
 * on the semantic score, before combining) and it is among the top_k (default 20) by combined score. That
 * fixed rule is the selection: no cutoff is fitted. `score()` exposes `combined` for analysis.
 *
 * Differences, by necessity: the embedder is whatever is passed (USE-lite here, not OpenAI's
 * text-embedding-3-small, so cosines sit on a different scale under the same 0.1 gate); entities come from
 * mem0-ts's regex fallback (quoted text, capitalised sequences, 2-4 word compounds), not spaCy or
 * `compromise`; the stemmer is mem0-ts's built-in fallback (used when `natural` is absent); stored entities
 * are merged by exact lowercase text (mem0 also merges at cosine >= 0.95); no reranker (mem0's default).
 */
import { cosine, embedUnique, type Embedder } from '../../embed/embedder.js';
import { bm25Scores } from './bm25.js';
import { cutPrompt, PROMPT_MAX_CHARS } from '../../model/prompt.js';
import type { Selection, SelectionPair, Selector } from './selector.js';
import { STOPWORDS } from '../../util/tokenize.js';
import { compositeKey } from '../../model/key.js';

export const MEM0_DEFAULT_THRESHOLD = 0.1;
export const MEM0_DEFAULT_TOP_K = 20;
export const MEM0_ENTITY_BOOST_WEIGHT = 0.5;
const ENTITY_MATCH_MIN = 0.5;
const MAX_QUERY_ENTITIES = 8;

// ---------------------------------------------------------------------------------------------------------
// Lemmatization (mem0's BM25 preprocessing)

/** mem0-ts's fallback suffix stemmer: one rule, first match wins. */
export function mem0Stem(w: string): string {
  if (w.length <= 3) return w;
  const n = w.length;
  if (w.endsWith('ies') && n > 4) return w.slice(0, -3) + 'i';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ness')) return w.slice(0, -4);
  if (w.endsWith('ment') && n > 5) return w.slice(0, -4);
  if (w.endsWith('ation') && n > 6) return w.slice(0, -5) + 'e';
  if (w.endsWith('ting') && n > 5) return w.slice(0, -3);
  if (w.endsWith('ing') && n > 5) return w.slice(0, -3);
  if (w.endsWith('ed') && n > 4) return w.slice(0, -2);
  if (w.endsWith('ly') && n > 4) return w.slice(0, -2);
  if (w.endsWith('er') && n > 4) return w.slice(0, -2);
  if (w.endsWith('est') && n > 4) return w.slice(0, -3);
  if (w.endsWith('s') && !w.endsWith('ss') && n > 3) return w.slice(0, -1);
  return w;
}

const SEGMENT = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;

/** Lowercase, word-split, stopwords out, stem; an -ing word is kept beside its stem ("meeting" -> "meet meeting"). */
export function mem0Lemmatize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(SEGMENT)) {
    const w = m[0];
    if (STOPWORDS.has(w)) continue;
    if (/^[a-z0-9]+$/.test(w)) {
      const s = mem0Stem(w);
      if (s) out.push(s);
      if (w.endsWith('ing') && s !== w) out.push(w);
    } else {
      out.push(w);
    }
  }
  return out;
}

/** mem0's query-length-dependent sigmoid (midpoint, steepness) for raw BM25. */
export function mem0Bm25Params(queryTerms: number): [number, number] {
  const n = Math.max(1, queryTerms);
  if (n <= 3) return [5, 0.7];
  if (n <= 6) return [7, 0.6];
  if (n <= 9) return [9, 0.5];
  if (n <= 15) return [10, 0.5];
  return [12, 0.5];
}

export function normalizeBm25(raw: number, midpoint: number, steepness: number): number {
  return 1 / (1 + Math.exp(-steepness * (raw - midpoint)));
}

// ---------------------------------------------------------------------------------------------------------
// Entity extraction (mem0-ts's regex fallback)

export type EntityType = 'PROPER' | 'COMPOUND' | 'QUOTED';
export interface Entity {
  type: EntityType;
  text: string;
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));
const GENERIC_HEADS = words(
  'thing stuff way time experience situation case fact matter issue idea thought feeling place area part kind type sort ' +
    'lot bit day year week month moment instance example technique method approach process step tool result outcome goal ' +
    'task item topic scale size level degree amount number style look color colour shape form piece section side end edge surface point',
);
const NON_SPECIFIC_ADJ = words(
  'many few several some any all most more less much little enough various numerous multiple countless great good bad ' +
    'nice terrible awful awesome amazing wonderful horrible excellent poor best worst fine okay new old recent past future ' +
    'current previous next last first latest early late former modern ancient big small large tiny huge enormous long short ' +
    'tall high low wide narrow thick thin deep shallow similar different same other another such certain important main ' +
    'major minor key primary real actual true whole entire full complete total basic simple interesting boring exciting ' +
    'special particular general common unique rare typical usual normal regular possible likely potential available ' +
    'necessary only solo individual team group joint collaborative final initial side',
);
const GENERIC_ENDINGS = words(
  'work works job jobs task tasks stuff things thing info information details data content material materials activities ' +
    'activity efforts effort options option choices choice results result output outputs products product items item',
);
const GENERIC_CAPS = words(
  'works items things stuff resources options tips ideas steps ways methods tools features benefits examples details ' +
    'notes instructions guidelines recommendations suggestions overview summary conclusion introduction pros cons ' +
    'advantages disadvantages',
);
const FORMATTING = new Set(['*', '-', '+', '\u2022', '\u2013', '\u2014', '#', '##', '###', '**', '__']);
const PROPER_GLUE = new Set(["'s", 'of', 'the', 'in', 'and', 'for', 'at', 'is']);

const capitalised = (t: string): boolean => /^[A-Z]/.test(t);

function dropGenericEnding(ws: string[]): string[] {
  return ws.length > 2 && GENERIC_ENDINGS.has(ws[ws.length - 1]!.toLowerCase()) ? ws.slice(0, -1) : ws;
}

function quoted(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(/"([^"]+)"/g)) {
    const t = m[1]!.trim();
    if (t.length > 2) out.push({ type: 'QUOTED', text: t });
  }
  for (const m of text.matchAll(/(?:^|[\s([{,;])'([^']+)'(?=[\s.,;:!?)\]]|$)/g)) {
    const t = m[1]!.trim();
    if (t.length > 2) out.push({ type: 'QUOTED', text: t });
  }
  return out;
}

function proper(text: string): Entity[] {
  const out: Entity[] = [];
  const toks = text.split(/\s+/).filter(Boolean);
  const sentenceStart = (i: number): boolean => {
    if (i === 0) return true;
    const prev = toks[i - 1]!;
    if (/[.!?:]$/.test(prev) || FORMATTING.has(prev)) return true;
    const at = text.indexOf(toks[i]!);
    return at > 0 && text[at - 1] === '\n';
  };
  let i = 0;
  while (i < toks.length) {
    const tok = toks[i]!;
    if (FORMATTING.has(tok) || !capitalised(tok) || toks[i + 1] === ':') {
      i++;
      continue;
    }
    const seq: number[] = [i];
    let j = i + 1;
    while (j < toks.length && (capitalised(toks[j]!) || PROPER_GLUE.has(toks[j]!.toLowerCase()))) seq.push(j++);
    while (seq.length && PROPER_GLUE.has(toks[seq[seq.length - 1]!]!.toLowerCase())) seq.pop();
    const midCap = seq.some((k) => capitalised(toks[k]!) && !PROPER_GLUE.has(toks[k]!.toLowerCase()) && !sentenceStart(k));
    if (midCap) {
      const phrase = seq.map((k) => toks[k]).join(' ');
      if (phrase.length > 2) out.push({ type: 'PROPER', text: phrase });
    }
    i = j;
  }
  return out;
}

function compounds(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(/\b([A-Z][a-z]+(?:\s+(?:of|and|the|for|in)\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)\b/g)) {
    const phrase = m[1]!.trim();
    if (phrase.length <= 3 || !phrase.includes(' ')) continue;
    const ws = phrase.split(/\s+/);
    if (GENERIC_HEADS.has(ws[ws.length - 1]!.toLowerCase())) continue;
    const kept = dropGenericEnding(ws.filter((w) => !NON_SPECIFIC_ADJ.has(w.toLowerCase())));
    if (kept.length >= 2) out.push({ type: 'COMPOUND', text: kept.join(' ') });
  }
  for (const m of text.matchAll(/\b([a-z]+(?:\s+[a-z]+){1,3})\b/g)) {
    const phrase = m[1]!.trim();
    const ws = phrase.split(/\s+/);
    if (ws.length < 2 || ws.length > 4 || phrase.length <= 5) continue;
    const generic = (w: string): boolean => NON_SPECIFIC_ADJ.has(w) || GENERIC_HEADS.has(w);
    if (ws.every(generic) || GENERIC_HEADS.has(ws[ws.length - 1]!)) continue;
    if (!ws.some((w) => !generic(w) && w.length > 2)) continue;
    const kept = dropGenericEnding(ws.filter((w) => !NON_SPECIFIC_ADJ.has(w)));
    if (kept.length >= 2) out.push({ type: 'COMPOUND', text: kept.join(' ') });
  }
  return out;
}

function hasArtifacts(t: string): boolean {
  return (
    t.includes('**') || t.includes('__') || t.includes(':*') || /\s\*\s|\s\*$|^\*\s/.test(t) ||
    t.includes('  ') || t.includes('\n') || t.includes('\t') || t.length > 100 || /^[\u2022\-+\u2013\u2014]/.test(t)
  );
}

/** Entities of a text as mem0-ts extracts them without an NLP package: quoted, proper (capitalised) and compound phrases. */
export function extractEntities(text: string): Entity[] {
  const raw = [...quoted(text), ...proper(text), ...compounds(text)];
  const seen = new Set<string>();
  const cleaned: Entity[] = [];
  for (const e of raw) {
    const key = e.text.toLowerCase().trim();
    if (key.length <= 2 || seen.has(key)) continue;
    seen.add(key);
    const t = e.text.trim().replace(/^\*+\s*|\s*\*+$/g, '').replace(/\s*:+$/, '').replace(/^\d+\s*\.\s*/, '');
    if (t.length <= 2 || hasArtifacts(t)) continue;
    if (e.type === 'PROPER' && !t.includes(' ') && GENERIC_CAPS.has(t.toLowerCase())) continue;
    cleaned.push({ type: e.type, text: t });
  }
  const priority: Record<EntityType, number> = { PROPER: 0, COMPOUND: 1, QUOTED: 2 };
  const best = new Map<string, Entity>();
  for (const e of cleaned) {
    const k = e.text.toLowerCase();
    const cur = best.get(k);
    if (!cur || priority[e.type] < priority[cur.type]) best.set(k, e);
  }
  const all = [...best.values()];
  const lower = all.map((e) => e.text.toLowerCase());
  return all.filter((e) => {
    const k = e.text.toLowerCase();
    return !lower.some((o) => o !== k && o.includes(k));
  });
}

// ---------------------------------------------------------------------------------------------------------
// The selector

export interface Mem0Options {
  /** Minimum semantic score (cosine) to be returned at all. Default 0.1, mem0's. */
  threshold?: number;
  /** Results per search. Default 20, mem0's. */
  topK?: number;
  /** Prompt cut before embedding and keyword search (default 800 characters, as the other selectors). */
  promptMaxChars?: number;
  name?: string;
}

export interface Mem0Detail {
  semantic: number;
  /** Sigmoid-normalised BM25 (0 when the raw score is 0). */
  bm25: number;
  rawBm25: number;
  entity: number;
  combined: number;
  /** semantic >= threshold. */
  passesGate: boolean;
  /** 1-based rank among the memories passing the gate, by combined score; 0 when gated out. */
  rank: number;
  /** Returned by the search: passes the gate and rank <= topK. */
  selected: boolean;
}

interface UserStore {
  memories: string[];
  tokens: string[][];
  /** lowercase entity -> surface text and linked memory indexes */
  entities: Map<string, { text: string; linked: Set<number> }>;
}

/** The mem0 hybrid search as a stage-2 selector with mem0's fixed cutoffs (no fit). */
export class Mem0Selector implements Selector {
  readonly name: string;
  readonly protocol = "mem0's fixed cutoff";
  readonly threshold: number;
  readonly topK: number;
  private readonly maxChars: number;

  constructor(
    private readonly embedder: Embedder,
    opts: Mem0Options = {},
  ) {
    this.name = opts.name ?? 'mem0';
    this.threshold = opts.threshold ?? MEM0_DEFAULT_THRESHOLD;
    this.topK = opts.topK ?? MEM0_DEFAULT_TOP_K;
    this.maxChars = opts.promptMaxChars ?? PROMPT_MAX_CHARS;
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    return (await this.details(pairs)).map((d) => ({ relevant: d.selected, score: d.combined }));
  }

  /** The combined score of each pair (for analysis; selection uses the fixed rule). */
  async score(pairs: SelectionPair[]): Promise<number[]> {
    return (await this.details(pairs)).map((d) => d.combined);
  }

  /** Every signal of each pair. A user's memories are pair.profile's attributes when given, plus the pairs' attributes. */
  async details(pairs: SelectionPair[]): Promise<Mem0Detail[]> {
    const memoryTexts = new Map<string, Set<string>>();
    for (const p of pairs) {
      let set = memoryTexts.get(p.userId);
      if (!set) memoryTexts.set(p.userId, (set = new Set()));
      if (p.profile) for (const a of p.profile.attributes) set.add(a.text);
      set.add(p.attribute);
    }

    const stores = new Map<string, UserStore>();
    for (const [user, set] of memoryTexts) {
      const memories = [...set];
      const entities = new Map<string, { text: string; linked: Set<number> }>();
      memories.forEach((m, i) => {
        for (const e of extractEntities(m)) {
          const k = e.text.toLowerCase();
          const cur = entities.get(k);
          if (cur) cur.linked.add(i);
          else entities.set(k, { text: e.text, linked: new Set([i]) });
        }
      });
      stores.set(user, { memories, tokens: memories.map(mem0Lemmatize), entities });
    }

    const queries = new Map<string, { user: string; query: string; entities: string[] }>();
    const qKey = (p: SelectionPair): string => compositeKey(p.userId, p.promptText);
    for (const p of pairs) {
      const k = qKey(p);
      if (queries.has(k)) continue;
      const query = cutPrompt(p.promptText, this.maxChars);
      const ents: string[] = [];
      const seen = new Set<string>();
      for (const e of extractEntities(query).slice(0, MAX_QUERY_ENTITIES)) {
        const key = e.text.trim().toLowerCase();
        if (key && !seen.has(key)) {
          seen.add(key);
          ents.push(e.text);
        }
      }
      queries.set(k, { user: p.userId, query, entities: ents });
    }

    const texts: string[] = [];
    for (const s of stores.values()) {
      texts.push(...s.memories);
      for (const e of s.entities.values()) texts.push(e.text);
    }
    for (const q of queries.values()) texts.push(q.query, ...q.entities);
    const vec = await embedUnique(this.embedder, texts);

    const results = new Map<string, Map<string, Mem0Detail>>();
    for (const [k, q] of queries) {
      const store = stores.get(q.user)!;
      const qv = vec.get(q.query)!;
      const semantic = store.memories.map((m) => cosine(qv, vec.get(m)!));

      const qTokens = mem0Lemmatize(q.query);
      const raw = bm25Scores(qTokens, store.tokens, { k1: 1.5, b: 0.75 });
      const [mid, steep] = mem0Bm25Params(qTokens.length);
      const bm25 = raw.map((r) => (r > 0 ? normalizeBm25(r, mid, steep) : 0));
      const hasBm25 = raw.some((r) => r > 0);

      const entity = new Array<number>(store.memories.length).fill(0);
      let hasEntity = false;
      for (const e of q.entities) {
        const ev = vec.get(e)!;
        for (const s of store.entities.values()) {
          const sim = cosine(ev, vec.get(s.text)!);
          if (sim < ENTITY_MATCH_MIN) continue;
          const n = Math.max(s.linked.size, 1);
          const boost = (sim * MEM0_ENTITY_BOOST_WEIGHT) / (1 + 0.001 * (n - 1) ** 2);
          for (const i of s.linked) {
            if (boost > entity[i]!) entity[i] = boost;
            hasEntity = true;
          }
        }
      }

      const maxPossible = 1 + (hasBm25 ? 1 : 0) + (hasEntity ? MEM0_ENTITY_BOOST_WEIGHT : 0);
      const details: Mem0Detail[] = store.memories.map((_, i) => {
        const combined = Math.min(1, (semantic[i]! + bm25[i]! + entity[i]!) / maxPossible);
        return {
          semantic: semantic[i]!, bm25: bm25[i]!, rawBm25: raw[i]!, entity: entity[i]!, combined,
          passesGate: semantic[i]! >= this.threshold, rank: 0, selected: false,
        };
      });
      const order = details.map((d, i) => i).filter((i) => details[i]!.passesGate);
      order.sort((a, b) => details[b]!.combined - details[a]!.combined || a - b);
      order.forEach((i, r) => {
        details[i]!.rank = r + 1;
        details[i]!.selected = r < this.topK;
      });
      results.set(k, new Map(store.memories.map((m, i) => [m, details[i]!])));
    }

    return pairs.map((p) => results.get(qKey(p))!.get(p.attribute)!);
  }
}
