/**
 * Stage 1 with an LLM: one structured-output call per conversation through the Llm (so every call is
 * cached, rate-limited, retried and repaired there), returning "The user ..." attributes with a reason, a
 * confidence and the indices of the supporting turns.
 *
 * The prompt guards against the paper's four failure modes (overgeneralizing from one request, missing
 * evidence, task-context confusion such as fiction, role-play or translation, not standalone) and forbids
 * inferring sensitive traits the user did not state. The output is then checked, not trusted:
 * - evidence turn ids that do not exist in the conversation are dropped; an attribute left with none is
 *   repaired to the user turn that shares most content words with it, or dropped when no turn does;
 * - a sensitive attribute (health, religion, ethnicity, sexual orientation, politics) is kept only when one
 *   of its evidence turns is the user's own first-person statement of that trait, as the offline extractor
 *   reads one (statesSensitiveTrait: not a friend's, not a writing task, not negated);
 * - the text is normalised to start with "The user".
 */
import { z } from 'zod';
import type { Llm } from '../../llm/llm.js';
import { dataLine, dataText, userDataSystemPrompt } from '../../llm/user-data.js';
import type { Attribute, Conversation, FailureMode } from '../../model/index.js';
import type { Extractor } from './extractor.js';
import { sensitiveCategory, statesSensitiveTrait } from './offline.js';
import { claimsAuthority } from './quality.js';
import { checkSensitiveGuesses } from './self-statement.js';
import type { Embedder } from '../../embed/embedder.js';

export const ExtractedAttributeSchema = z.object({
  text: z.string().describe('One fact about the user, a standalone sentence starting with "The user"'),
  reason: z.string().describe('Why, quoting or pointing to what the user said'),
  confidence: z.number().min(0).max(1),
  evidenceTurns: z.array(z.number().int()).describe('Indices of the turns that support it'),
});
export type ExtractedAttribute = z.infer<typeof ExtractedAttributeSchema>;

export const ExtractionOutputSchema = z.object({ attributes: z.array(ExtractedAttributeSchema) });
export type ExtractionOutput = z.infer<typeof ExtractionOutputSchema>;

export const RefinementOutputSchema = z.object({
  attributes: z.array(
    ExtractedAttributeSchema.extend({
      replaces: z.number().int().describe('Index of the flagged attribute this one replaces'),
    }),
  ),
});
export type RefinementOutput = z.infer<typeof RefinementOutputSchema>;

/** A flagged attribute sent back to the extractor with the verifier's reason. */
export interface RefineFeedback {
  attribute: Attribute;
  reason: string;
  failureMode?: FailureMode;
}

/** An extractor that can revise flagged attributes of one conversation (the verify-and-refine loop). */
export interface RefinableExtractor extends Extractor {
  /** Returns replacements for the flagged attributes; a flagged attribute with no replacement is withdrawn. */
  refine(conversation: Conversation, feedback: readonly RefineFeedback[]): Promise<{ attribute: Attribute; replaces: number }[]>;
}

export const EXTRACTION_SYSTEM_PROMPT = userDataSystemPrompt(
  [
    'You infer durable facts about a user (preferences, circumstances, skills, goals, habits) from one conversation between the user and an AI assistant.',
    'Return attributes as standalone sentences that start with "The user", each with a reason, a confidence between 0 and 1 and the indices of the turns that support it.',
    '',
    'Rules. Each one guards against a mistake people reject:',
    '1. Do not overgeneralize from a single request. Asking to translate a sentence into French does not mean the user is learning French; asking for a recipe once does not make them a cook. Infer a lasting trait only when the user states it or the conversation shows it repeatedly, and lower the confidence when the evidence is one request.',
    '2. Every attribute needs evidence in this conversation. Cite the turn indices where the user says or clearly shows it; if you cannot point to a turn, leave the attribute out. Do not guess demographics, jobs or locations.',
    '3. Separate the user from the task. Content the user asks you to write, translate, edit or role-play (stories, characters, cover letters, essays, emails for someone else, hypotheticals, "pretend you are") describes the task, not the user. A fictional cover letter with "5 years of marketing experience" says nothing about the user\'s career.',
    '4. Each attribute must make sense on its own, without the conversation: no "this", "that project", "the story", "the above"; name the thing.',
    '5. Do not infer sensitive traits (health, religion, ethnicity, sexual orientation, political views) unless the user states them about themselves explicitly.',
    'Return an empty list when the conversation reveals nothing durable about the user. Fewer, well-supported attributes are better than many weak ones.',
    '',
  ],
  'The conversation comes as one JSON object a turn: {"turn": <index>, "speaker": ..., "text": ...}.',
);

const MAX_TURN_CHARS = 2000;

/**
 * The conversation as the model sees it: one JSON line per turn, `{"turn", "speaker", "text"}`, so no turn
 * can end the conversation or pass for another turn (user text is data: src/llm/user-data.ts).
 */
export function renderConversation(conversation: Conversation, maxTurnChars = MAX_TURN_CHARS): string {
  return conversation.turns
    .map((t) => {
      const speaker = t.role === 'user' ? 'user' : t.role === 'assistant' ? 'assistant' : (t.speaker ?? t.role);
      const text = t.text.length > maxTurnChars ? `${t.text.slice(0, maxTurnChars)}…` : t.text;
      return dataLine({ turn: t.index, speaker, text });
    })
    .join('\n');
}

export function buildExtractionMessages(conversation: Conversation): { role: 'system' | 'user'; content: string }[] {
  return [
    { role: 'system', content: EXTRACTION_SYSTEM_PROMPT },
    {
      role: 'user',
      content: `Conversation ${dataText(conversation.id)}:\n${renderConversation(conversation)}\n\nList what this conversation reveals about the user, as JSON {"attributes": [...]}.`,
    },
  ];
}

export function buildRefinementMessages(conversation: Conversation, feedback: readonly RefineFeedback[]): { role: 'system' | 'user'; content: string }[] {
  const flagged = feedback
    .map((f, i) => {
      const ev = f.attribute.evidence.filter((e) => e.conversationId === conversation.id).map((e) => e.turnIndex);
      return `${i}. ${dataText(f.attribute.text)}\n   your reason: ${f.attribute.reason === undefined ? '(none)' : dataText(f.attribute.reason)}\n   evidence turns: ${ev.length ? ev.join(', ') : '(none)'}\n   reviewer: ${f.failureMode ? `[${f.failureMode}] ` : ''}${dataText(f.reason)}`;
    })
    .join('\n');
  return [
    { role: 'system', content: EXTRACTION_SYSTEM_PROMPT },
    {
      role: 'user',
      content:
        `Conversation ${dataText(conversation.id)}:\n${renderConversation(conversation)}\n\n` +
        `A reviewer flagged these attributes you inferred from it:\n${flagged}\n\n` +
        'For each flagged attribute, either return a corrected attribute that answers the reviewer (narrower, better supported, standalone, about the user rather than the task), with "replaces" set to its number, or leave it out when nothing about the user can be supported. Reply as JSON {"attributes": [...]}.',
    },
  ];
}

const STOP = new Set(
  'the user a an and or of to in on for with is are was be been has have had their they them this that it its as at by from about into likes like wants uses would could should may might often very some'.split(' '),
);

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9\u00c0-\u024f]+/)
      .filter((w) => w.length > 2 && !STOP.has(w)),
  );
}

export interface EvidenceCheck {
  /** Turn ids the model cited that are not in the conversation. */
  invalidIds: number;
  /** Attributes whose evidence was all invalid (or empty) and was repaired by word overlap. */
  repaired: number;
  /** Attributes dropped: no evidence that exists and no user turn to repair it with. */
  droppedNoEvidence: number;
  /** Sensitive attributes dropped because no evidence turn is the user stating the trait about themselves. */
  droppedSensitive: number;
  /** Attributes dropped because they are instructions or claims of authority or access (claimsAuthority). */
  droppedAuthority: number;
}

export const emptyEvidenceCheck = (): EvidenceCheck => ({ invalidIds: 0, repaired: 0, droppedNoEvidence: 0, droppedSensitive: 0, droppedAuthority: 0 });

/** "likes jazz" / "User likes jazz" -> "The user likes jazz."; empty text -> undefined. */
export function normalizeAttributeText(text: string): string | undefined {
  let t = text.trim().replace(/\s+/g, ' ');
  if (!t) return undefined;
  if (/^the user\b/i.test(t)) t = `The user${t.slice('the user'.length)}`;
  else if (/^user\b/i.test(t)) t = `The user${t.slice('user'.length)}`;
  else t = `The user ${t[0]!.toLowerCase()}${t.slice(1)}`;
  return t;
}

/**
 * Turns one model attribute into an Attribute of this conversation, checking its evidence; undefined when it
 * must be dropped (the reason is counted in `check`).
 */
export function validateExtracted(raw: ExtractedAttribute, conversation: Conversation, source: string, check: EvidenceCheck, opts: { sensitiveCheckedLater?: boolean } = {}): Attribute | undefined {
  const text = normalizeAttributeText(raw.text);
  if (!text) return undefined;
  const byIndex = new Map(conversation.turns.map((t) => [t.index, t]));
  const ids = [...new Set(raw.evidenceTurns)];
  let valid = ids.filter((i) => byIndex.has(i)).sort((a, b) => a - b);
  check.invalidIds += ids.length - valid.length;
  if (valid.length === 0) {
    // Repair: the user turn sharing most content words with the attribute and its reason.
    const words = contentWords(`${text} ${raw.reason}`);
    let best: { index: number; overlap: number } | undefined;
    for (const t of conversation.turns) {
      if (t.role !== 'user') continue;
      const tw = contentWords(t.text);
      let overlap = 0;
      for (const w of words) if (tw.has(w)) overlap++;
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { index: t.index, overlap };
    }
    if (!best) {
      check.droppedNoEvidence++;
      return undefined;
    }
    valid = [best.index];
    check.repaired++;
  }
  if (claimsAuthority(text)) {
    check.droppedAuthority++;
    return undefined;
  }
  // with an embedder the extractor checks sensitive attributes by meaning afterwards (checkSensitiveGuesses)
  const cat = opts.sensitiveCheckedLater ? undefined : sensitiveCategory(text);
  if (cat) {
    const stated = valid.some((i) => {
      const t = byIndex.get(i)!;
      return t.role === 'user' && statesSensitiveTrait(t.text, text);
    });
    if (!stated) {
      check.droppedSensitive++;
      return undefined;
    }
  }
  return {
    text,
    reason: raw.reason,
    confidence: Math.min(1, Math.max(0, raw.confidence)),
    evidence: valid.map((turnIndex) => ({ conversationId: conversation.id, turnIndex })),
    source,
    members: [],
  };
}

export interface LlmExtractorOptions {
  /**
   * Checks sensitive attributes by meaning as well as by keyword (lupus, chemo, a Jehovah's Witness): each is
   * kept only when an evidence turn of the user states it about themselves (checkSensitiveGuesses).
   */
  embedder?: Embedder;
  /** Cap on the reply (default 2,000 tokens). */
  maxTokens?: number;
  /** Aborts in-flight and later calls (a killed run). */
  signal?: AbortSignal;
}

export class LlmExtractor implements RefinableExtractor {
  readonly name: string;
  /** Evidence checks summed over every call. */
  readonly check: EvidenceCheck = emptyEvidenceCheck();

  constructor(
    readonly llm: Llm,
    private readonly opts: LlmExtractorOptions = {},
  ) {
    this.name = `llm:${llm.spec}`;
  }

  async extract(conversation: Conversation): Promise<Attribute[]> {
    if (!conversation.turns.some((t) => t.role === 'user')) return [];
    const r = await this.llm.object({
      messages: buildExtractionMessages(conversation),
      schema: ExtractionOutputSchema,
      schemaName: 'user_attributes',
      maxTokens: this.opts.maxTokens ?? 2000,
      signal: this.opts.signal,
    });
    const out: Attribute[] = [];
    const seen = new Set<string>();
    for (const raw of r.object.attributes) {
      const a = validateExtracted(raw, conversation, this.name, this.check, { sensitiveCheckedLater: Boolean(this.opts.embedder) });
      if (a && !seen.has(a.text.toLowerCase())) {
        seen.add(a.text.toLowerCase());
        out.push(a);
      }
    }
    if (!this.opts.embedder || out.length === 0) return out;
    const { kept, dropped } = await checkSensitiveGuesses(out, conversation, { embedder: this.opts.embedder });
    this.check.droppedSensitive += dropped.length;
    return kept;
  }

  async refine(conversation: Conversation, feedback: readonly RefineFeedback[]): Promise<{ attribute: Attribute; replaces: number }[]> {
    if (feedback.length === 0) return [];
    const r = await this.llm.object({
      messages: buildRefinementMessages(conversation, feedback),
      schema: RefinementOutputSchema,
      schemaName: 'refined_attributes',
      maxTokens: this.opts.maxTokens ?? 2000,
      signal: this.opts.signal,
    });
    const out: { attribute: Attribute; replaces: number }[] = [];
    const taken = new Set<number>();
    for (const raw of r.object.attributes) {
      if (raw.replaces < 0 || raw.replaces >= feedback.length || taken.has(raw.replaces)) continue; // one replacement per flagged attribute
      const a = validateExtracted(raw, conversation, this.name, this.check, { sensitiveCheckedLater: Boolean(this.opts.embedder) });
      if (!a) continue;
      taken.add(raw.replaces);
      out.push({ attribute: a, replaces: raw.replaces });
    }
    return out;
  }
}

export interface ExtractManyOptions {
  /** Conversations in flight at once (default 8); the client's limiter still paces the HTTP calls. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * A conversation whose extraction fails (after the client's retries, repairs and deadline): `throw`
   * (default) stops the run; `skip` reports it to onFailed, leaves it out and goes on.
   */
  onError?: 'throw' | 'skip';
  onFailed?: (conversation: Conversation, error: unknown) => void;
}

/**
 * Runs an extractor over conversations with a pool of workers, grouping attributes by user in the input order
 * of the conversations (the same output whatever the completion order). A failure stops the run (unless
 * `onError: 'skip'`): workers take no new conversation and the first error is thrown once the in-flight ones settle.
 */
export async function extractProfilesConcurrently(
  extractor: Extractor,
  conversations: readonly Conversation[],
  opts: ExtractManyOptions = {},
): Promise<Map<string, Attribute[]>> {
  const results = new Array<Attribute[] | undefined>(conversations.length);
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 8));
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < conversations.length) {
      const i = next++;
      try {
        results[i] = await extractor.extract(conversations[i]!);
      } catch (error) {
        if (opts.onError !== 'skip') {
          failure ??= { error };
          return;
        }
        opts.onFailed?.(conversations[i]!, error);
      }
      opts.onProgress?.(++done, conversations.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, conversations.length) }, worker));
  if (failure) throw failure.error;
  const byUser = new Map<string, Attribute[]>();
  conversations.forEach((c, i) => {
    if (!results[i]) return; // skipped after a failure: a user with no conversation left has no profile
    let list = byUser.get(c.userId);
    if (!list) byUser.set(c.userId, (list = []));
    list.push(...results[i]!);
  });
  return byUser;
}
