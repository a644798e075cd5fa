/**
 * Explicit-mention detector: which of the attributes a generator was given does its response name?
 *
 * The paper's stage-3 finding is that LLM judges reward responses that *say* the attribute ("As someone
 * who values precision, ...") while people do not (human delta 0.03). To measure that, attune needs to
 * know, per (response, attribute), whether the response mentions the attribute explicitly, as opposed to
 * adapting to it silently (tone, examples, level of detail) or merely talking about the same topic.
 *
 * Definition used here (and in the labelled fixture, test/respond/mention-fixture.ts): a response
 * mentions an attribute when one of its sentences refers to the user AND says (or presumes) that the user
 * has the attribute, by name or by a close paraphrase. "Since you're a teacher, ..." mentions "The user
 * is a teacher"; a coat guide that says "fashion" without addressing the reader does not mention "The
 * user is interested in fashion".
 *
 * How it decides, per (response, attribute):
 * 1. Sentences: the response is split into lines and sentences; code blocks are skipped, markdown
 *    markers stripped. Only **addressed** sentences are candidates: those with a second-person word
 *    (you, your, you're, yourself, ...) or "as someone" / "someone like". That is what makes a mention a
 *    statement about the user rather than about the topic, and it keeps embedding cost down (about one
 *    sentence in seven of the recorded responses is addressed).
 * 2. Lexical score: the attribute's key phrase is its content words after dropping the "The user (is /
 *    may be / likely ...)" frame and framing verbs (interested, values, enjoys, prefers, ...); words are
 *    tokenized, stopwords dropped and stemmed with the project's tokenizer (Porter step 1). The score is
 *    the largest share of key-phrase stems found in one candidate sentence.
 * 3. Embedding score: the largest cosine between the attribute rewritten in the second person ("The user
 *    is Iranian." -> "You are Iranian.") and a candidate sentence (any Embedder; USE-lite by default in
 *    the CLI), over sentences that (a) are closer to this attribute than to any other attribute given
 *    with it ("exclusive") and (b) share at least one key stem with it ("overlap"). USE-lite puts any
 *    "as someone who ..." sentence close to every attribute; (a) and (b) keep a sentence that names one
 *    attribute from counting for its neighbours, and a code tip addressed to "you" from counting for
 *    "values clean code".
 * 4. Combined: mentioned when lexical >= `lexicalThreshold` OR embedding >= `embeddingThreshold`.
 *
 * Thresholds were set on the *dev* half of the self-written fixture only (grid: lexical 0.3-1.0 step 0.1,
 * embedding 0.40-0.80 step 0.02, F1 on dev, ties to the higher = more conservative cut; see
 * mention-fit.ts). The fixture's
 * *test* half is held out and gives the precision/recall the README reports; nothing was tuned on the
 * recorded recenter-pilot responses. See {@link DEFAULT_MENTION_THRESHOLDS}.
 */
import { cosine, embedUnique, type Embedder } from '../../embed/embedder.js';
import { lightStem, STOPWORDS, tokenize } from '../../util/tokenize.js';

/**
 * Defaults chosen on the fixture's dev split (29 labelled checks, 9 mentions; dev F1 0.824, P 0.875,
 * R 0.778) by `fitMentionThresholds` (mention-fit.ts); test/respond/mention.test.ts re-runs the grid and checks these
 * are its choice. Lexical 1 means every key stem in one addressed sentence ("Because you seem
 * detail-oriented"); partial overlaps were no better than the embedding alone on dev. The embedding
 * threshold is for USE-lite (`use-lite-512@energetic-ai-0.2`); another embedder needs its own fit.
 */
export const DEFAULT_MENTION_THRESHOLDS = { lexical: 1, embedding: 0.52 } as const;

export interface MentionOptions {
  /** Share of key-phrase stems that must occur in one addressed sentence (default 1: all of them). */
  lexicalThreshold?: number;
  /** Cosine of the second-person attribute and an addressed sentence (default 0.52, USE-lite). */
  embeddingThreshold?: number;
  /**
   * Embedding signal: a sentence counts only for the given attribute it is most similar to (default
   * true). Without it, "Since you're interested in ABAP" also scores for "values clear code".
   */
  exclusive?: boolean;
  /** Embedding signal: the sentence must share at least one key stem with the attribute (default true). */
  embeddingNeedsOverlap?: boolean;
}

export interface MentionInput {
  text: string;
  attributes: readonly string[];
}

/** Raw signals for one (response, attribute), before thresholds. */
export interface MentionScore {
  attribute: string;
  /** Best share of key stems in one addressed sentence, 0..1. */
  lexical: number;
  /** That sentence, when any stem matched. */
  lexicalSentence?: string;
  /** Best cosine with an addressed sentence; NaN when no embedder was given, 0 when no sentence is addressed. */
  embedding: number;
  /** That sentence. */
  embeddingSentence?: string;
}

export interface AttributeMention extends MentionScore {
  mentioned: boolean;
  /** Which signal decided: both, one of them, or none. */
  via: 'lexical' | 'embedding' | 'both' | 'none';
}

export interface MentionThresholds {
  lexical: number;
  embedding: number;
}

/** Applies thresholds: mentioned when lexical >= t.lexical OR embedding >= t.embedding. */
export function decideMention(m: MentionScore, t: MentionThresholds): AttributeMention {
  const lex = m.lexical > 0 && m.lexical >= t.lexical;
  const emb = Number.isFinite(m.embedding) && m.embedding >= t.embedding;
  return { ...m, mentioned: lex || emb, via: lex && emb ? 'both' : lex ? 'lexical' : emb ? 'embedding' : 'none' };
}

const ADDRESS = /\b(?:you|your|yours|yourself|yourselves|you're|youre|you've|you'd|you'll|ur)\b|\bas someone\b|\bsomeone like\b/i;

/** Words that frame an attribute rather than carry it ("The user is interested in ..."). Matched unstemmed. */
const FRAMING: ReadonlySet<string> = new Set(
  (
    'user users user\'s person people someone somebody individual ' +
    'likely probably possibly perhaps potentially maybe seem seems seemingly appear appears apparently ' +
    'generally usually often sometimes currently particularly especially specifically mainly primarily ' +
    'interested interest interests value values valued appreciate appreciates enjoy enjoys like likes ' +
    'prefer prefers preference preferences tend tends tendency care cares concerned ' +
    'related various certain thing things aspect aspects type types kind kinds sort form forms ' +
    'etc e g eg ie something involved'
  ).split(/\s+/),
);

/** Content-word stems of an attribute's key phrase: frame and framing words out, stopwords out, stemmed. */
export function keyStems(attribute: string): string[] {
  const words = tokenize(attribute, { stem: false });
  const kept = words.filter((w) => !FRAMING.has(w) && !STOPWORDS.has(w));
  return [...new Set(kept.map(lightStem))];
}

/** "The user is Iranian." -> "You are Iranian."; "The user's ..." -> "Your ...". Other texts unchanged. */
export function secondPerson(attribute: string): string {
  let s = attribute.trim();
  s = s.replace(/^the user's\b/i, 'Your').replace(/^the user\b/i, 'You');
  s = s.replace(/^You is\b/, 'You are').replace(/^You has\b/, 'You have').replace(/^You was\b/, 'You were').replace(/^You does\b/, 'You do');
  return s;
}

/** Sentences of a response: lines, then sentence ends; fenced code skipped, markdown markers dropped. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let inCode = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    const line = raw
      .replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+•]\s+|\d+[.)]\s+)+/, '')
      .replace(/\*\*|__|`/g, '')
      .trim();
    if (!line) continue;
    for (const s of line.split(/(?<=[.!?])\s+(?=["'(“‘]?[A-Z0-9])/)) {
      const t = s.trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/** True when a sentence speaks to or about the reader. */
export function isAddressed(sentence: string): boolean {
  return ADDRESS.test(sentence.replace(/[\u2018\u2019\u02bc]/g, "'"));
}

/** Largest share of `key` stems found in one of `sentences` (0 when the key is empty). */
export function lexicalScore(key: readonly string[], sentences: readonly string[][]): { score: number; index: number } {
  let best = 0;
  let index = -1;
  if (key.length === 0) return { score: 0, index };
  sentences.forEach((toks, i) => {
    const set = new Set(toks);
    let hit = 0;
    for (const k of key) if (set.has(k)) hit++;
    const s = hit / key.length;
    if (s > best) {
      best = s;
      index = i;
    }
  });
  return { score: best, index };
}

/** Per (response, attribute) explicit-mention decisions. Embedder optional: without it only the lexical signal decides. */
export class MentionDetector {
  readonly thresholds: MentionThresholds;
  readonly exclusive: boolean;
  readonly embeddingNeedsOverlap: boolean;

  constructor(
    private readonly embedder?: Embedder,
    opts: MentionOptions = {},
  ) {
    this.thresholds = {
      lexical: opts.lexicalThreshold ?? DEFAULT_MENTION_THRESHOLDS.lexical,
      embedding: opts.embeddingThreshold ?? DEFAULT_MENTION_THRESHOLDS.embedding,
    };
    this.exclusive = opts.exclusive ?? true;
    this.embeddingNeedsOverlap = opts.embeddingNeedsOverlap ?? true;
  }

  get usesEmbeddings(): boolean {
    return this.embedder !== undefined;
  }

  /** Raw scores without thresholds (used to choose thresholds). One array per input, one entry per attribute. */
  async score(inputs: readonly MentionInput[], onProgress?: (done: number, total: number) => void): Promise<MentionScore[][]> {
    const sentences = inputs.map((r) => (r.attributes.length ? splitSentences(r.text).filter(isAddressed) : []));
    const tokens = sentences.map((ss) => ss.map((s) => tokenize(s)));
    let vec: Map<string, Float32Array> | undefined;
    if (this.embedder) {
      const texts = new Set<string>();
      inputs.forEach((r, i) => {
        for (const s of sentences[i]!) texts.add(s);
        for (const a of r.attributes) texts.add(secondPerson(a));
      });
      vec = await embedUnique(this.embedder, texts, onProgress ? { onProgress } : {});
    }
    return inputs.map((r, i) => {
      const ss = sentences[i]!;
      const toks = tokens[i]!;
      const keys = r.attributes.map(keyStems);
      // cos[a][j]: attribute a vs addressed sentence j.
      const cos = vec ? r.attributes.map((a) => ss.map((s) => cosine(vec.get(secondPerson(a))!, vec.get(s)!))) : [];
      return r.attributes.map((attribute, a): MentionScore => {
        const lex = lexicalScore(keys[a]!, toks);
        const out: MentionScore = { attribute, lexical: lex.score, embedding: Number.NaN };
        if (lex.index >= 0) out.lexicalSentence = ss[lex.index]!;
        if (vec) {
          let best = 0;
          let at = -1;
          ss.forEach((_, j) => {
            const c = cos[a]![j]!;
            // Exclusive: a sentence counts for the attribute it is closest to, not for its neighbours.
            if (this.exclusive && cos.some((row, b) => b !== a && row[j]! > c)) return;
            // Overlap: at least one key stem of the attribute in the sentence.
            if (this.embeddingNeedsOverlap && lexicalScore(keys[a]!, [toks[j]!]).score === 0) return;
            if (at < 0 || c > best) {
              best = c;
              at = j;
            }
          });
          out.embedding = best;
          if (at >= 0) out.embeddingSentence = ss[at]!;
        }
        return out;
      });
    });
  }

  /** Decisions for many responses: one array per input, one entry per attribute, in order. */
  async detect(inputs: readonly MentionInput[], onProgress?: (done: number, total: number) => void): Promise<AttributeMention[][]> {
    const scored = await this.score(inputs, onProgress);
    return scored.map((row) => row.map((m) => decideMention(m, this.thresholds)));
  }
}


