import { z } from 'zod';

/** generic = no profile; personalized_human = with the human-relevant attributes; personalized_llm = with the LLM's checklist. */
export const ResponseMode = z.enum(['generic', 'personalized_human', 'personalized_llm']);
export type ResponseMode = z.infer<typeof ResponseMode>;

export const Response = z.object({
  userId: z.string().min(1),
  promptId: z.string().min(1),
  generator: z.string().min(1),
  mode: ResponseMode,
  text: z.string(),
  attributes: z.array(z.string()).default([]),
});
export type Response = z.infer<typeof Response>;

/** A generic and a personalized response to the same prompt by the same generator, as people rate them. */
export const ResponsePair = z.object({
  id: z.string().min(1),
  userId: z.string().min(1),
  promptId: z.string().min(1),
  generator: z.string().min(1),
  generic: z.string(),
  personalized: z.string(),
  attributes: z.array(z.object({ text: z.string(), relevant: z.boolean().optional() })),
});
export type ResponsePair = z.infer<typeof ResponsePair>;

/** Which response was shown first. */
export const PairOrder = z.enum(['generic_first', 'personalized_first']);
export type PairOrder = z.infer<typeof PairOrder>;

/** 1 = personalized much worse ... 3 = no difference ... 5 = much better, for one attribute. */
export const Rating = z.object({
  rater: z.string().min(1),
  /** "human" for a person, otherwise the judge's model name. */
  raterKind: z.enum(['human', 'llm']).default('human'),
  pairId: z.string().min(1),
  attribute: z.string().min(1),
  score: z.number().int().min(1).max(5),
  order: PairOrder.optional(),
});
export type Rating = z.infer<typeof Rating>;
