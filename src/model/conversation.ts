import { z } from 'zod';

/** Who spoke a turn. Two-party chats that are not user/assistant (LoCoMo, SPC) keep the speaker name. */
export const Role = z.enum(['user', 'assistant', 'system', 'other']);
export type Role = z.infer<typeof Role>;

export const Turn = z.object({
  index: z.number().int().nonnegative(),
  role: Role,
  speaker: z.string().optional(),
  text: z.string(),
});
export type Turn = z.infer<typeof Turn>;

export const Conversation = z.object({
  id: z.string().min(1),
  userId: z.string().min(1),
  turns: z.array(Turn),
  /** Where the conversation came from, e.g. "laps/movie", "wildchat". */
  source: z.string().optional(),
  startedAt: z.string().optional(),
});
export type Conversation = z.infer<typeof Conversation>;
