import { z } from 'zod';

/** A turn that supports an attribute. */
export const EvidenceRef = z.object({
  conversationId: z.string(),
  turnIndex: z.number().int().nonnegative(),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/** One raw attribute that was merged into a representative one. */
export const AttributeMember = z.object({
  text: z.string(),
  reason: z.string().optional(),
  confidence: z.number().min(0).max(1).optional(),
});
export type AttributeMember = z.infer<typeof AttributeMember>;

/** Something inferred about a user, phrased "The user ...". */
export const Attribute = z.object({
  text: z.string().min(1),
  reason: z.string().optional(),
  confidence: z.number().min(0).max(1).optional(),
  evidence: z.array(EvidenceRef).default([]),
  /** Which extractor or dataset produced it. */
  source: z.string().optional(),
  members: z.array(AttributeMember).default([]),
});
export type Attribute = z.infer<typeof Attribute>;
export type AttributeInput = z.input<typeof Attribute>;

export const Profile = z.object({
  userId: z.string().min(1),
  attributes: z.array(Attribute),
});
export type Profile = z.infer<typeof Profile>;

/** A reference attribute for evaluating extraction (LAPS preferences, PrefEval's planted preference, SPC personas). */
export const GoldAttribute = z.object({
  userId: z.string().min(1),
  conversationId: z.string().optional(),
  text: z.string().min(1),
  category: z.string().optional(),
});
export type GoldAttribute = z.infer<typeof GoldAttribute>;

/** A person's stage-1 verdict on an extracted attribute (the paper's protocol). */
export const AttributeVerdict = z.enum(['makes_sense', 'maybe', 'doesnt_make_sense']);
export type AttributeVerdict = z.infer<typeof AttributeVerdict>;

/** The paper's failure modes for problematic attributes. */
export const FailureMode = z.enum(['overgeneralization', 'missing_evidence', 'task_context_confusion', 'not_standalone', 'other']);
export type FailureMode = z.infer<typeof FailureMode>;

export const AttributeJudgment = z.object({
  annotator: z.string().min(1),
  userId: z.string().min(1),
  attribute: z.string().min(1),
  verdict: AttributeVerdict,
  failureMode: FailureMode.optional(),
  note: z.string().optional(),
});
export type AttributeJudgment = z.infer<typeof AttributeJudgment>;
