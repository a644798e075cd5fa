import { decideMention, type MentionScore, type MentionThresholds } from './mention.js';

/** Labelled scores: one detector score and a hand label. */
export interface LabelledMention {
  score: MentionScore;
  mentioned: boolean;
}

export interface MentionFit extends MentionThresholds {
  f1: number;
  precision: number;
  recall: number;
}

/** Precision, recall and F1 of the detector's decisions at given thresholds. */
export function mentionPrf(items: readonly LabelledMention[], t: MentionThresholds): { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number; tn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const it of items) {
    const m = decideMention(it.score, t).mentioned;
    if (m && it.mentioned) tp++;
    else if (m) fp++;
    else if (it.mentioned) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : Number.NaN;
  const recall = tp + fn ? tp / (tp + fn) : Number.NaN;
  const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  return { precision, recall, f1, tp, fp, fn, tn };
}

/** The grid the defaults were chosen on: lexical 0.3..1.0 step 0.1, embedding 0.40..0.80 step 0.02. */
export const LEXICAL_GRID = Array.from({ length: 8 }, (_, i) => Math.round((0.3 + 0.1 * i) * 10) / 10);
export const EMBEDDING_GRID = Array.from({ length: 21 }, (_, i) => Math.round((0.4 + 0.02 * i) * 100) / 100);

/**
 * Chooses thresholds by F1 on labelled items (the fixture's dev split). Ties go to the higher lexical
 * and then the higher embedding threshold: the more conservative detector.
 */
export function fitMentionThresholds(items: readonly LabelledMention[], lexicalGrid = LEXICAL_GRID, embeddingGrid = EMBEDDING_GRID): MentionFit {
  let best: MentionFit | undefined;
  for (const lexical of lexicalGrid) {
    for (const embedding of embeddingGrid) {
      const r = mentionPrf(items, { lexical, embedding });
      const better = !best || r.f1 > best.f1 + 1e-12 || (Math.abs(r.f1 - best.f1) <= 1e-12 && (lexical > best.lexical || (lexical === best.lexical && embedding > best.embedding)));
      if (better) best = { lexical, embedding, f1: r.f1, precision: r.precision, recall: r.recall };
    }
  }
  return best!;
}
