import { z } from 'zod';

export const Stage = z.enum(['extract', 'select', 'respond', 'judge', 'annotate']);
export type Stage = z.infer<typeof Stage>;

/** One execution of a system over a dataset; predictions and metrics hang off it. */
export const Run = z.object({
  id: z.string().min(1),
  stage: Stage,
  system: z.string().min(1),
  dataset: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type Run = z.infer<typeof Run>;
