import { z } from 'zod';
import { compositeKey } from './key.js';

/** A new request a user makes; the prompt that attributes are matched against. */
export const Prompt = z.object({
  id: z.string().min(1),
  text: z.string(),
});
export type Prompt = z.infer<typeof Prompt>;

/** One (user, prompt, attribute) pair: the unit of stage 2. Attributes are identified by their text. */
export const PairKey = z.object({
  userId: z.string().min(1),
  promptId: z.string().min(1),
  attribute: z.string().min(1),
});
export type PairKey = z.infer<typeof PairKey>;

export function pairKey(p: PairKey): string {
  return compositeKey(p.userId, p.promptId, p.attribute);
}

/** The pilot's graded relevance scale (annotator task 2). */
export const RelevanceGrade = z.enum(['none', 'unnecessary', 'optional', 'necessary_implicit', 'necessary_explicit', 'forbidden']);
export type RelevanceGrade = z.infer<typeof RelevanceGrade>;

/** One annotator's YES/NO on one pair. */
export const AnnotatorLabel = PairKey.extend({
  annotator: z.string().min(1),
  relevant: z.boolean(),
  grade: RelevanceGrade.optional(),
  /** Which round of annotation, e.g. "pilot". */
  round: z.string().optional(),
});
export type AnnotatorLabel = z.infer<typeof AnnotatorLabel>;

/** The aggregated (human-majority) label for a pair. */
export const RelevanceLabel = PairKey.extend({
  relevant: z.boolean(),
  yesRate: z.number().min(0).max(1).optional(),
  nAnnotators: z.number().int().positive().optional(),
  split: z.string().optional(),
  round: z.string().optional(),
});
export type RelevanceLabel = z.infer<typeof RelevanceLabel>;

/** A system's output on a pair: a recorded LLM vote, a selector's decision. */
export const Prediction = PairKey.extend({
  system: z.string().min(1),
  relevant: z.boolean(),
  score: z.number().optional(),
  rawAnswer: z.string().optional(),
  output: z.string().optional(),
  round: z.string().optional(),
});
export type Prediction = z.infer<typeof Prediction>;
