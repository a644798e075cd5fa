/** The reward model's raw features of an item: cosines, mentions, length and structure differences, the embedding difference. */
import type { Embedder } from '../../../embed/embedder.js';
import { cosine, embedUnique } from '../../../embed/embedder.js';
import { MentionDetector, splitSentences } from '../mention.js';
import type { RewardInput } from './items.js';

export interface TextStructure {
  words: number;
  sentences: number;
  paragraphs: number;
  headings: number;
  bullets: number;
  numbered: number;
}

export function textStructure(text: string): TextStructure {
  const lines = text.split(/\r?\n/);
  return {
    words: (text.match(/\S+/g) ?? []).length,
    sentences: splitSentences(text).length,
    paragraphs: text.split(/\n\s*\n/).filter((p) => p.trim()).length,
    headings: lines.filter((l) => /^\s{0,3}#{1,6}\s+\S/.test(l) || /^\s*(\*\*|__)[^*_]{1,80}(\*\*|__)\s*:?\s*$/.test(l)).length,
    bullets: lines.filter((l) => /^\s*[-*•+]\s+\S/.test(l)).length,
    numbered: lines.filter((l) => /^\s*\d{1,2}[.)]\s+\S/.test(l)).length,
  };
}

export const SCALAR_NAMES = [
  'cos_attr_pers_minus_gen', 'cos_attr_pers', 'cos_attr_gen', 'cos_prompt_pers_minus_gen', 'cos_gen_pers', 'cos_attr_prompt',
  'mention_pers', 'mention_gen', 'mention_other_share',
  'log_words_ratio', 'words_diff', 'sentences_diff', 'paragraphs_diff', 'headings_diff', 'bullets_diff', 'numbered_diff', 'n_attributes',
] as const;

/** Features before PCA and standardisation. */
export interface RawRewardRow {
  scalars: number[];
  /** Embedding of the personalized response minus that of the generic one. */
  diff: Float64Array;
}

export interface RewardFeatureContext {
  embedder: Embedder;
  /** Default: a MentionDetector over the same embedder. */
  detector?: MentionDetector;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** Embeds each distinct text once and computes every item's raw features. */
export async function computeRewardRows(inputs: readonly RewardInput[], ctx: RewardFeatureContext): Promise<RawRewardRow[]> {
  const detector = ctx.detector ?? new MentionDetector(ctx.embedder);
  const texts = new Set<string>();
  for (const it of inputs) for (const t of [it.promptText, it.attribute, it.generic, it.personalized]) texts.add(t);
  ctx.onProgress?.('embedding', 0, texts.size);
  const vec = await embedUnique(ctx.embedder, texts);
  ctx.onProgress?.('embedding', texts.size, texts.size);

  // Mentions per distinct (response text, attribute set): a pair's attributes are checked together.
  const groups = new Map<string, { text: string; attributes: string[] }>();
  const gkey = (text: string, attrs: readonly string[]) => `${text}\u0001${attrs.join('\u0002')}`;
  for (const it of inputs) {
    for (const text of [it.generic, it.personalized]) groups.set(gkey(text, it.pairAttributes), { text, attributes: [...it.pairAttributes] });
  }
  const glist = [...groups.entries()];
  const decided = await detector.detect(glist.map(([, g]) => g), ctx.onProgress ? (d, t) => ctx.onProgress!('mentions', d, t) : undefined);
  const mentioned = new Map<string, Set<string>>();
  glist.forEach(([k], i) => mentioned.set(k, new Set(decided[i]!.filter((m) => m.mentioned).map((m) => m.attribute))));

  return inputs.map((it) => {
    const a = vec.get(it.attribute)!;
    const p = vec.get(it.promptText)!;
    const g = vec.get(it.generic)!;
    const q = vec.get(it.personalized)!;
    const mp = mentioned.get(gkey(it.personalized, it.pairAttributes))!;
    const mg = mentioned.get(gkey(it.generic, it.pairAttributes))!;
    const others = it.pairAttributes.filter((x) => x !== it.attribute);
    const sg = textStructure(it.generic);
    const sq = textStructure(it.personalized);
    const cap = cosine(a, q);
    const cag = cosine(a, g);
    const diff = new Float64Array(q.length);
    for (let j = 0; j < q.length; j++) diff[j] = q[j]! - g[j]!;
    return {
      scalars: [
        cap - cag, cap, cag, cosine(p, q) - cosine(p, g), cosine(g, q), cosine(a, p),
        mp.has(it.attribute) ? 1 : 0, mg.has(it.attribute) ? 1 : 0, others.length ? others.filter((o) => mp.has(o)).length / others.length : 0,
        Math.log((sq.words + 1) / (sg.words + 1)), (sq.words - sg.words) / 100, sq.sentences - sg.sentences, sq.paragraphs - sg.paragraphs,
        sq.headings - sg.headings, sq.bullets - sg.bullets, sq.numbered - sg.numbered, it.pairAttributes.length,
      ],
      diff,
    };
  });
}

export function detectorFor(mention: 'lexical' | 'lexical+embedding', embedder: Embedder): MentionDetector {
  return mention === 'lexical' ? new MentionDetector() : new MentionDetector(embedder);
}

