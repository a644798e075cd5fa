/** What the verifier works on: attributes with their user's conversations, and people's verdicts on them. */
import type { AttributeVerdict, Attribute, AttributeJudgment, Conversation, Dataset, FailureMode, Turn } from '../../../model/index.js';
import { compositeKey } from '../../../model/key.js';

/** One attribute to verify, with the user's conversations (where its evidence turns live). */
export interface VerifyItem {
  userId: string;
  attribute: Attribute;
  conversations: readonly Conversation[];
}

export interface Verification {
  userId: string;
  attribute: string;
  flagged: boolean;
  verdict: AttributeVerdict;
  failureMode?: FailureMode;
  reason: string;
  /** Probability of "problematic" (trained verifier). */
  score?: number;
}

export interface Verifier {
  readonly name: string;
  verify(items: readonly VerifyItem[]): Promise<Verification[]>;
}

/** Pairs every profile attribute with its user's conversations. */
export function verifyItems(profiles: readonly { userId: string; attributes: readonly Attribute[] }[], conversations: readonly Conversation[]): VerifyItem[] {
  const byUser = new Map<string, Conversation[]>();
  for (const c of conversations) {
    let l = byUser.get(c.userId);
    if (!l) byUser.set(c.userId, (l = []));
    l.push(c);
  }
  return profiles.flatMap((p) => p.attributes.map((attribute) => ({ userId: p.userId, attribute, conversations: byUser.get(p.userId) ?? [] })));
}

/** The turns an attribute cites, in citation order; refs to missing conversations or turns are skipped. */
export function evidenceTurns(item: VerifyItem): Turn[] {
  const convs = new Map(item.conversations.map((c) => [c.id, c]));
  const out: Turn[] = [];
  for (const e of item.attribute.evidence) {
    const t = convs.get(e.conversationId)?.turns.find((x) => x.index === e.turnIndex);
    if (t) out.push(t);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ labels

export interface LabelledItem extends VerifyItem {
  /** Mean verdict score (makes_sense 1, maybe 0.5, doesnt_make_sense 0). */
  acceptance: number;
  problematic: boolean;
  failureMode?: FailureMode;
  judgments: number;
}

const VERDICT_SCORE: Record<AttributeVerdict, number> = { makes_sense: 1, maybe: 0.5, doesnt_make_sense: 0 };
export const MODE_ORDER: FailureMode[] = ['overgeneralization', 'missing_evidence', 'task_context_confusion', 'not_standalone', 'other'];

/**
 * Joins judgments to the profiles' attributes (by user and exact text) and aggregates them per attribute.
 * Judgments of attributes absent from the profiles are counted, not used: without evidence turns the
 * features would describe a missing-evidence attribute whatever the truth.
 */
export function labelledItems(ds: Pick<Dataset, 'profiles' | 'conversations' | 'attributeJudgments'>): { items: LabelledItem[]; withoutAttribute: number } {
  const groups = new Map<string, AttributeJudgment[]>();
  for (const j of ds.attributeJudgments) {
    const k = compositeKey(j.userId, j.attribute);
    let l = groups.get(k);
    if (!l) groups.set(k, (l = []));
    l.push(j);
  }
  const items: LabelledItem[] = [];
  const used = new Set<string>();
  for (const item of verifyItems(ds.profiles, ds.conversations)) {
    const k = compositeKey(item.userId, item.attribute.text);
    const js = groups.get(k);
    if (!js || used.has(k)) continue;
    used.add(k);
    const acceptance = js.reduce((s, j) => s + VERDICT_SCORE[j.verdict], 0) / js.length;
    const problematic = acceptance <= 0.5;
    const counts = new Map<FailureMode, number>();
    for (const j of js) if (j.failureMode) counts.set(j.failureMode, (counts.get(j.failureMode) ?? 0) + 1);
    let mode: FailureMode | undefined;
    for (const m of MODE_ORDER) if ((counts.get(m) ?? 0) > (mode ? counts.get(mode)! : 0)) mode = m;
    items.push({ ...item, acceptance, problematic, ...(problematic && mode ? { failureMode: mode } : {}), judgments: js.length });
  }
  let withoutAttribute = 0;
  for (const [k, js] of groups) if (!used.has(k)) withoutAttribute += js.length;
  return { items, withoutAttribute };
}

// ------------------------------------------------------------------------------------------------ features

