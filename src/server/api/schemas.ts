/**
 * The v1 API's request and response bodies as zod schemas: the routes validate with them, /openapi.json is
 * generated from them and the typed client's types come from them. One source of truth for the contract.
 */
import { z } from '@hono/zod-openapi';

/** Limits on what one request may carry (the body-size limit is separate: 413). */
export const LIMITS = { messages: 500, messageChars: 20_000, promptChars: 20_000, idChars: 200 } as const;

/** A lone UTF-16 surrogate: what a JSON escape like \ud800 decodes to; it is no character and no store keeps it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Text as the stores can keep it: no NUL (Postgres text refuses it) and no lone surrogate (stored as U+FFFD otherwise). */
const Text = (max: number, min = 0) =>
  z.string().min(min).max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character (\\u0000)')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode (a lone surrogate such as \\ud800 is not)');

const Id = z.string().min(1).max(LIMITS.idChars).regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only');

export const UserParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' }, example: 'user-42' }),
});
export const AttributeParams = UserParams.extend({
  attributeId: Id.openapi({ param: { name: 'attributeId', in: 'path' }, example: '1f0e2c4e-...' }),
});
export const JobParams = z.object({
  id: z.string().min(1).max(LIMITS.idChars).openapi({ param: { name: 'id', in: 'path' } }),
});

/** A content part (or a UI message part): only `text` parts are read; others are left out and named in `warnings`. */
export const MessagePart = z
  .looseObject({ type: z.string().min(1).max(100), text: Text(LIMITS.messageChars).optional() })
  .openapi('MessagePart');

export const Message = z
  .object({
    role: z.enum(['user', 'assistant', 'system']),
    /** A string, or an array of content parts. */
    content: z.union([Text(LIMITS.messageChars), z.array(MessagePart).max(100)]).optional(),
    /** An AI SDK UI message's parts (what `useChat` holds), instead of content. */
    parts: z.array(MessagePart).max(100).optional(),
  })
  .refine((m) => m.content !== undefined || m.parts !== undefined, { message: 'a message needs content or parts' })
  .openapi('Message');

export const RememberBody = z
  .object({
    /** Names the conversation (evidence cites it); default: a hash of its messages. */
    conversationId: Id.optional(),
    messages: z.array(Message).min(1).max(LIMITS.messages),
  })
  // A misspelt "conversation_id" would otherwise be dropped and the conversation stored under a hash id.
  .strict()
  .openapi('RememberBody');

export const PromptBody = z.object({ prompt: Text(LIMITS.promptChars, 1) }).openapi('PromptBody');

export const CorrectBody = z
  .object({
    action: z.enum(['confirm', 'reject', 'edit']),
    /** The corrected text: required for `edit`. */
    text: Text(LIMITS.messageChars, 1).optional(),
  })
  .refine((b) => b.action !== 'edit' || b.text !== undefined, { message: 'action "edit" needs text', path: ['text'] })
  .openapi('CorrectBody');

export const Evidence = z
  .object({ conversationId: z.string(), turnIndex: z.number().int(), quote: z.string().optional() })
  .openapi('Evidence');

export const ApiAttribute = z
  .object({
    id: z.string(),
    text: z.string(),
    reason: z.string().optional(),
    confidence: z.number(),
    /** active, superseded (by a newer attribute) or rejected (by a person). */
    status: z.enum(['active', 'superseded', 'rejected']),
    /** A person confirmed or edited it. */
    confirmed: z.boolean(),
    /** The sensitive category it touches (health, religion, ...), if any. */
    sensitive: z.string().optional(),
    evidence: z.array(Evidence),
  })
  .openapi('Attribute');

export const ProfileResponse = z
  .object({
    userId: z.string(),
    attributes: z.array(ApiAttribute),
    /** Present when there are more attributes: pass it as `cursor` for the next page. */
    nextCursor: z.string().optional(),
  })
  .openapi('Profile');

export const ProfileQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ param: { name: 'limit', in: 'query' }, description: 'Attributes per page (1-500, default 100)' }),
  cursor: z.string().min(1).max(200).optional().openapi({ param: { name: 'cursor', in: 'query' }, description: 'The nextCursor of the previous page' }),
});

export const RememberResponse = z
  .object({
    userId: z.string(),
    conversationId: z.string(),
    /** False when this conversation was remembered before (a retry): nothing changed. */
    created: z.boolean(),
    /** What changed in the profile. */
    changes: z.array(
      z.object({
        kind: z.enum(['created', 'reinforced', 'superseded']),
        attributeId: z.string(),
        text: z.string(),
        confidence: z.number(),
        supersedes: z.string().optional(),
      }),
    ),
    /** Extracted attributes not kept (no evidence, a sensitive trait not self-stated, flagged by the verifier). */
    dropped: z.number().int(),
    /** Parts of the messages that were not read (images, files, tool calls: attune reads text parts only). */
    warnings: z.array(z.string()).optional(),
  })
  .openapi('RememberResult');

export const JobAccepted = z.object({ jobId: z.string() }).openapi('JobAccepted');

export const SelectResponse = z
  .object({
    userId: z.string(),
    /** The attributes to use (empty: answer generically), the highest score first; `why`: the selector's reason, when it gives one. */
    attributes: z.array(z.object({ id: z.string(), text: z.string(), score: z.number().optional(), why: z.string().optional() })),
    /** Every candidate with its score, the selector's reason (when it gives one) and whether it passed. */
    scores: z.array(z.object({ id: z.string(), text: z.string(), score: z.number().optional(), why: z.string().optional(), selected: z.boolean() })),
    /** The selector's cutoff on the score, when it has one. */
    threshold: z.number().optional(),
    selector: z.string(),
  })
  .openapi('Selection');

export const RespondResponse = z
  .object({
    userId: z.string(),
    text: z.string(),
    /** The attributes the response was personalized with. */
    attributes: z.array(z.object({ id: z.string(), text: z.string() })),
  })
  .openapi('Response');

export const CorrectResponse = z.object({ userId: z.string(), attribute: ApiAttribute.nullable() }).openapi('Correction');

export const ForgetResponse = z.object({ userId: z.string(), deleted: z.number().int() }).openapi('Forgotten');

export const JobState = z.enum(['waiting', 'active', 'delayed', 'completed', 'failed']);
export const JobResponse = z
  .object({
    id: z.string(),
    state: JobState,
    /** 0..1 */
    progress: z.number(),
    attempts: z.number().int(),
    result: RememberResponse.optional(),
    /** Why the last attempt failed (for a failed job: why it is on the dead-letter list). */
    failedReason: z.string().optional(),
  })
  .openapi('Job');

export const ErrorResponse = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');

export type RememberBody = z.infer<typeof RememberBody>;
export type ApiAttribute = z.infer<typeof ApiAttribute>;
export type ProfileResponse = z.infer<typeof ProfileResponse>;
export type RememberResponse = z.infer<typeof RememberResponse>;
export type SelectResponse = z.infer<typeof SelectResponse>;
export type RespondResponse = z.infer<typeof RespondResponse>;
export type CorrectResponse = z.infer<typeof CorrectResponse>;
export type ForgetResponse = z.infer<typeof ForgetResponse>;
export type JobResponse = z.infer<typeof JobResponse>;
export type CorrectBody = z.infer<typeof CorrectBody>;
