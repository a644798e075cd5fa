import { z } from 'zod';
import { RelevanceGrade, type Attribute, type Role } from '../model/index.js';
import { DataError } from './errors.js';
import { parsePythonLiteral, PythonLiteralError } from './pyrepr.js';

/**
 * The recenter-pilot files' record shapes, as upstream wrote them (see recenter-pilot.ts for the mapping to attune's
 * model), and the small conversions of their fields. Fields that should be structured may arrive as Python-repr
 * strings: they are parsed, and counted.
 */

let reprCount = 0;

/** Python-repr fields parsed since the last call (loadRecenterPilot's report), and the count set back to 0. */
export function takeReprCount(): number {
  const n = reprCount;
  reprCount = 0;
  return n;
}


/** A field that should be structured but may arrive as a Python-repr string. */
export function py<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      const parsed = parsePythonLiteral(value);
      reprCount++;
      return parsed;
    } catch (e) {
      if (!(e instanceof PythonLiteralError)) throw e;
      ctx.addIssue({ code: 'custom', message: `a string that is not a valid Python literal: ${e.message} (from ${snippet(value, e.position)})` });
      return z.NEVER;
    }
  }, schema);
}

/** The text from the error position on, shortened. */
export function snippet(text: string, pos: number): string {
  const s = text.slice(pos, pos + 30);
  return JSON.stringify(pos + 30 < text.length ? `${s}...` : s);
}

/** true/false, or the strings Python and JSON write for them. */
export const Bool = z.preprocess(
  (v) => (v === 'True' || v === 'true' ? true : v === 'False' || v === 'false' ? false : v),
  z.boolean({ error: (iss) => (iss.input === undefined ? 'missing (expected a boolean)' : `expected a boolean (or "True"/"False"), got ${JSON.stringify(iss.input)}`) }),
);
export const Int = py(z.number().int().nonnegative());
export const Unit = py(z.number().min(0).max(1));
/** User ids are strings upstream; a bare number (an early snapshot's PersonaLens id) is kept as its text. */
export const UserId = z
  .union([z.string().min(1), z.number().int()], { error: (iss) => (iss.input === undefined ? 'missing (expected a user id)' : `expected a user id, got ${JSON.stringify(iss.input)}`) })
  .transform(String);

export function upstreamAttribute(strict: boolean) {
  const opt = <T extends z.ZodType>(s: T) => (strict ? s : s.nullish());
  return z.object({
    attribute: z.string().min(1),
    reason: opt(z.string()),
    confidence: opt(Unit),
    original_attributes: opt(py(z.array(z.string()))),
    original_reasons: opt(py(z.array(z.string().nullable()))),
    original_confidences: opt(py(z.array(Unit.nullable()))),
  });
}
export type UpstreamAttribute = z.infer<ReturnType<typeof upstreamAttribute>>;

export const ChecklistItem = z.object({
  attribute: z.string().min(1),
  expected_behavior: z.string().nullish(),
  relevance: z.union([py(z.number()), Bool]).nullish(),
});

export const Task5Item = z.object({
  prompt_index: Int,
  user_id: UserId,
  prompt_text: z.string(),
  profile_attributes: py(z.array(upstreamAttribute(true))),
  items: py(z.array(ChecklistItem)).optional(),
  item_index: Int.optional(),
});

export const LabelRecord = z.object({
  user_id: UserId,
  prompt_index: Int,
  attribute: z.string().min(1),
  human_relevant: Bool,
});

export const VoteItem = z.object({
  attribute: z.string().min(1),
  relevant: Bool,
  raw_answer: z.string().nullish(),
  full_output: z.string().nullish(),
});
export const VoteRecord = z.object({
  model: z.string().optional(),
  sample_index: Int.optional(),
  prompt_index: Int.nullish(),
  user_id: UserId.optional(),
  items: py(z.array(VoteItem)),
});

export const GenerationRecord = z.object({
  user_id: UserId,
  prompt_id: z.string().optional(),
  prompt_index: Int.optional(),
  prompt_text: z.string().optional(),
  profile_attributes: py(z.array(z.object({ attribute: z.string().min(1), ground_truth: Bool.nullish() }))).optional(),
  items: py(z.array(z.object({ attribute: z.string().min(1) }))).optional(),
  mode: z.string().optional(),
  model: z.string().optional(),
  response: z.string(),
});

export const Task6Item = z.object({
  model_tag: z.string().min(1),
  user_id: UserId,
  prompt_id: z.string().min(1),
  prompt_text: z.string().optional(),
  attributes: py(z.array(z.object({ attribute: z.string().min(1), is_relevant: Bool.nullish() }))),
  response_no_context: z.string(),
  response_personalized: z.string(),
});

export const Task4Turn = z.object({ role: z.string(), content: z.string().nullable() });
export const Task4Conversation = z.object({
  conversation_hash: z.string().min(1).optional(),
  hashed_ip: z.union([z.string(), z.number()]).optional(),
  conversation: py(z.array(Task4Turn)),
});
export const Task4Item = z.object({
  user_id: UserId,
  source: z.string().min(1),
  merged_attributes: py(z.array(upstreamAttribute(false))),
  conversations: py(z.array(Task4Conversation)).nullish(),
  prompt_index: Int.nullish(),
  prompt_text: z.string().nullish(),
});

export const PilotLabelRecord = z.object({
  prompt_index: Int,
  sample_index: Int,
  attribute: z.string().min(1),
  prompt_text: z.string().optional(),
  label: z.union([z.literal(0), z.literal(1), Bool]),
  split: z.string().optional(),
  n_annotators: py(z.number().int().positive()).optional(),
  human_yes_rate: Unit.optional(),
  user_id: UserId.optional(),
});

const AnnotatorRecordBase = {
  index: Int.optional(),
  user_id: UserId,
  prompt_index: Int,
  annotator: z.string().optional(),
};
export const Task3AnnotatorRecord = z.object({
  ...AnnotatorRecordBase,
  relevance_judgments: py(z.array(z.object({ attribute: z.string().min(1), relevant: Bool }))),
});
export const Task2AnnotatorRecord = z.object({
  ...AnnotatorRecordBase,
  relevance_judgments: py(z.array(z.object({ attribute: z.string().min(1), is_relevant: Bool, rating: RelevanceGrade }))),
});

// ---------------------------------------------------------------------------------------------------
// Fields to model

export function toAttribute(a: UpstreamAttribute, source: string, rel: string, line: number, field: string): Attribute {
  const texts = a.original_attributes ?? [];
  const reasons = a.original_reasons ?? undefined;
  const confs = a.original_confidences ?? undefined;
  for (const [name, arr] of [['original_reasons', reasons], ['original_confidences', confs]] as const) {
    if (arr && arr.length !== texts.length) {
      throw new DataError(rel, line, `${field}.${name}`, `has ${arr.length} entries but original_attributes has ${texts.length}`);
    }
  }
  return {
    text: a.attribute,
    reason: a.reason ?? undefined,
    confidence: a.confidence ?? undefined,
    evidence: [],
    source,
    members: texts.map((text, i) => ({ text, reason: reasons?.[i] ?? undefined, confidence: confs?.[i] ?? undefined })),
  };
}

export function role(r: string): { role: Role; speaker?: string } {
  const lower = r.toLowerCase();
  if (lower === 'user' || lower === 'human') return { role: 'user' };
  if (lower === 'assistant' || lower === 'gpt' || lower === 'bot') return { role: 'assistant' };
  if (lower === 'system') return { role: 'system' };
  return { role: 'other', speaker: r };
}

/** `<user_id>_<prompt_index>` -> the prompt index; the user part must match when a user id is given. */
export function promptIndexOf(promptId: string, userId: string | undefined, rel: string, line: number): string {
  const m = /^(.*)_(\d+)$/.exec(promptId);
  if (!m || (userId !== undefined && m[1] !== userId)) {
    throw new DataError(rel, line, 'prompt_id', `expected "<user_id>_<prompt_index>"${userId !== undefined ? ` for user ${userId}` : ''}, got ${JSON.stringify(promptId)}`);
  }
  return String(Number(m[2]));
}
