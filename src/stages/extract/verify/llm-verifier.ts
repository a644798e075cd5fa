/** The zero-shot verifier: one structured-output LLM call per attribute. */
import { z } from 'zod';
import type { Llm } from '../../../llm/llm.js';
import { dataText, userDataSystemPrompt } from '../../../llm/user-data.js';
import { AttributeVerdict, FailureMode } from '../../../model/index.js';
import { renderConversation } from '../llm-extractor.js';
import type { Verification, Verifier, VerifyItem } from './items.js';

export const LlmVerdictSchema = z.object({
  verdict: AttributeVerdict,
  failureMode: FailureMode.nullable().describe('Why it is problematic; null when the verdict is makes_sense'),
  reason: z.string(),
});
export type LlmVerdict = z.infer<typeof LlmVerdictSchema>;

export const VERIFY_SYSTEM_PROMPT = userDataSystemPrompt(
  [
    'You review attributes that an AI inferred about a user from their conversations, the way the user\'s own reviewers would.',
    'For one attribute, with its reason and the conversation turns it cites, answer:',
    '- makes_sense: plausible given the conversation;',
    '- maybe: unsure;',
    '- doesnt_make_sense: wrong or unsupported.',
    'When it is maybe or doesnt_make_sense, name the failure mode:',
    '- overgeneralization: a lasting trait read into one request (a translation request -> "is learning French");',
    '- missing_evidence: the cited turns do not support it;',
    '- task_context_confusion: it describes the content of a task (fiction, role-play, a cover letter, a translation), not the user;',
    '- not_standalone: it cannot be understood without the conversation ("likes the second option");',
    '- other.',
    'Reply as JSON {"verdict", "failureMode", "reason"} with a one-sentence reason.',
    '',
  ],
  'Each conversation comes as one JSON object a turn: {"turn": <index>, "speaker": ..., "text": ...}.',
);

export function buildVerifyMessages(item: VerifyItem): { role: 'system' | 'user'; content: string }[] {
  const byConv = new Map<string, Set<number>>();
  for (const e of item.attribute.evidence) {
    let s = byConv.get(e.conversationId);
    if (!s) byConv.set(e.conversationId, (s = new Set()));
    s.add(e.turnIndex);
  }
  const blocks = item.conversations
    .filter((c) => byConv.has(c.id))
    .map((c) => `Conversation ${dataText(c.id)} (evidence turns: ${[...byConv.get(c.id)!].sort((a, b) => a - b).join(', ')}):\n${renderConversation(c, 1200)}`);
  return [
    { role: 'system', content: VERIFY_SYSTEM_PROMPT },
    {
      role: 'user',
      content:
        `Attribute: ${dataText(item.attribute.text)}\nReason given: ${item.attribute.reason === undefined ? '(none)' : dataText(item.attribute.reason)}\n` +
        (item.attribute.confidence !== undefined ? `Confidence given: ${item.attribute.confidence}\n` : '') +
        `\n${blocks.length ? blocks.join('\n\n') : 'No evidence turns were cited.'}`,
    },
  ];
}

/** The zero-shot alternative: one structured-output call per attribute (cached and paced by the client). */
export class LlmVerifier implements Verifier {
  readonly name: string;
  constructor(
    readonly llm: Llm,
    private readonly opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ) {
    this.name = `verifier:llm:${llm.spec}`;
  }

  async verify(items: readonly VerifyItem[]): Promise<Verification[]> {
    let done = 0;
    return Promise.all(
      items.map(async (it) => {
        const r = await this.llm.object({ messages: buildVerifyMessages(it), schema: LlmVerdictSchema, schemaName: 'attribute_verdict', maxTokens: 400, signal: this.opts.signal });
        this.opts.onProgress?.(++done, items.length);
        const flagged = r.object.verdict !== 'makes_sense';
        const mode = flagged ? (r.object.failureMode ?? 'other') : undefined;
        return { userId: it.userId, attribute: it.attribute.text, flagged, verdict: r.object.verdict, ...(mode ? { failureMode: mode } : {}), reason: r.object.reason };
      }),
    );
  }
}

