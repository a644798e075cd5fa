/**
 * Verify-and-refine (the paper's stage-1 intervention): attributes the verifier flags go back to the
 * extractor with the verifier's reason, conversation by conversation, for at most `maxRounds` rounds; each
 * replacement is verified again in the next round. Attributes still flagged when the rounds run out are
 * dropped (default) or kept and marked. Every step is recorded: round, attribute, verdict, failure mode,
 * reason, and what happened to it (accepted, replaced by which text, withdrawn, dropped, kept).
 */
import type { Attribute, AttributeVerdict, Conversation, FailureMode } from '../../model/index.js';
import type { RefinableExtractor, RefineFeedback } from './llm-extractor.js';
import type { Verifier } from './verify/index.js';

export type RefineAction = 'accepted' | 'replaced' | 'withdrawn' | 'dropped' | 'kept';

export interface RefineStep {
  /** 0 = verification of the first extraction; r >= 1 = verification of round r's replacements. */
  round: number;
  userId: string;
  conversationId: string;
  attribute: string;
  verdict: AttributeVerdict;
  failureMode?: FailureMode;
  reason: string;
  action: RefineAction;
  /** The text that replaced a flagged attribute (action `replaced`). */
  replacement?: string;
}

export interface RefineOptions {
  /** Refinement rounds after the first verification (default 2). */
  maxRounds?: number;
  /** What to do with attributes still flagged after the last round (default drop). */
  unresolved?: 'drop' | 'keep';
  onRound?: (round: number, flagged: number) => void;
}

export interface RefineResult {
  /** Accepted (and, with unresolved: keep, still-flagged) attributes, by user, in conversation order. */
  profiles: Map<string, Attribute[]>;
  log: RefineStep[];
  /** Refinement rounds run (0 when nothing was flagged). */
  rounds: number;
  /** True when the last verification flagged nothing. */
  converged: boolean;
  stats: { initial: number; flaggedInitially: number; replaced: number; withdrawn: number; dropped: number; kept: number; final: number; acceptedInitialRate: number; acceptedFinalRate: number };
}

interface Pending {
  conversation: Conversation;
  attribute: Attribute;
}

/**
 * Runs the loop over attributes already extracted per conversation (`extracted[i]` came from
 * `conversations[i]`). Verifies each round in one `verify` call, so a trained verifier embeds a batch.
 */
export async function refineExtraction(
  extractor: RefinableExtractor,
  verifier: Verifier,
  conversations: readonly Conversation[],
  extracted: readonly (readonly Attribute[])[],
  opts: RefineOptions = {},
): Promise<RefineResult> {
  if (extracted.length !== conversations.length) throw new Error(`refineExtraction: ${conversations.length} conversations but ${extracted.length} attribute lists`);
  const maxRounds = opts.maxRounds ?? 2;
  const byUser = new Map<string, Conversation[]>();
  for (const c of conversations) {
    let l = byUser.get(c.userId);
    if (!l) byUser.set(c.userId, (l = []));
    l.push(c);
  }
  const accepted = conversations.map(() => [] as Attribute[]);
  const convIndex = new Map(conversations.map((c, i) => [c.id, i]));
  const log: RefineStep[] = [];
  let pending: Pending[] = conversations.flatMap((c, i) => extracted[i]!.map((attribute) => ({ conversation: c, attribute })));
  const initial = pending.length;
  let flaggedInitially = 0;
  let replaced = 0;
  let withdrawn = 0;
  let dropped = 0;
  let kept = 0;
  let rounds = 0;
  let converged = true;

  for (let round = 0; pending.length > 0; round++) {
    const verdicts = await verifier.verify(pending.map((p) => ({ userId: p.conversation.userId, attribute: p.attribute, conversations: byUser.get(p.conversation.userId)! })));
    const flagged: { p: Pending; v: (typeof verdicts)[number] }[] = [];
    pending.forEach((p, i) => {
      const v = verdicts[i]!;
      const base = { round, userId: p.conversation.userId, conversationId: p.conversation.id, attribute: p.attribute.text, verdict: v.verdict, ...(v.failureMode ? { failureMode: v.failureMode } : {}), reason: v.reason };
      if (!v.flagged) {
        accepted[convIndex.get(p.conversation.id)!]!.push(p.attribute);
        log.push({ ...base, action: 'accepted' });
      } else flagged.push({ p, v });
    });
    if (round === 0) flaggedInitially = flagged.length;
    opts.onRound?.(round, flagged.length);
    if (flagged.length === 0) break;
    if (round >= maxRounds) {
      converged = false;
      for (const { p, v } of flagged) {
        const action: RefineAction = opts.unresolved === 'keep' ? 'kept' : 'dropped';
        if (action === 'kept') {
          accepted[convIndex.get(p.conversation.id)!]!.push(p.attribute);
          kept++;
        } else dropped++;
        log.push({ round, userId: p.conversation.userId, conversationId: p.conversation.id, attribute: p.attribute.text, verdict: v.verdict, ...(v.failureMode ? { failureMode: v.failureMode } : {}), reason: v.reason, action });
      }
      break;
    }
    // Send each conversation's flagged attributes back to the extractor, with the reasons.
    rounds = round + 1;
    const byConv = new Map<string, { p: Pending; v: (typeof verdicts)[number] }[]>();
    for (const f of flagged) {
      let l = byConv.get(f.p.conversation.id);
      if (!l) byConv.set(f.p.conversation.id, (l = []));
      l.push(f);
    }
    const next: Pending[] = [];
    const results = await Promise.all(
      [...byConv.values()].map(async (group) => {
        const feedback: RefineFeedback[] = group.map(({ p, v }) => ({ attribute: p.attribute, reason: v.reason, ...(v.failureMode ? { failureMode: v.failureMode } : {}) }));
        return { group, out: await extractor.refine(group[0]!.p.conversation, feedback) };
      }),
    );
    for (const { group, out } of results) {
      const byReplaces = new Map(out.map((o) => [o.replaces, o.attribute]));
      group.forEach(({ p, v }, i) => {
        const repl = byReplaces.get(i);
        const base = { round, userId: p.conversation.userId, conversationId: p.conversation.id, attribute: p.attribute.text, verdict: v.verdict, ...(v.failureMode ? { failureMode: v.failureMode } : {}), reason: v.reason };
        if (repl) {
          replaced++;
          log.push({ ...base, action: 'replaced', replacement: repl.text });
          next.push({ conversation: p.conversation, attribute: repl });
        } else {
          withdrawn++;
          log.push({ ...base, action: 'withdrawn' });
        }
      });
    }
    pending = next;
  }

  const profiles = new Map<string, Attribute[]>();
  conversations.forEach((c, i) => {
    let l = profiles.get(c.userId);
    if (!l) profiles.set(c.userId, (l = []));
    l.push(...accepted[i]!);
  });
  const final = accepted.reduce((s, l) => s + l.length, 0);
  const acceptedAtRound0 = log.filter((s) => s.round === 0 && s.action === 'accepted').length;
  return {
    profiles, log, rounds, converged,
    stats: {
      initial, flaggedInitially, replaced, withdrawn, dropped, kept, final,
      acceptedInitialRate: initial ? acceptedAtRound0 / initial : 1,
      // Of what the loop returns, the share the verifier accepts (kept-but-flagged ones count against it).
      acceptedFinalRate: final ? (final - kept) / final : 1,
    },
  };
}
