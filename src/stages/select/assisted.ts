/**
 * The LLM-assisted selector for live use (`'llm-batch'` with a configured model, or `'llm-batch:<provider/model>'`):
 *
 * 1. the label-free default's request-kind gate: arithmetic, fact look-ups, definitions, translation and code
 *    explanation take no personal facts, so such a request is decided by the default selector and costs no call;
 * 2. every other request: one batched judge call for all of the user's attributes (batched-judge.ts), told the
 *    paper's strict definition (relevant only if a good answer would differ because of the attribute) and the human
 *    base rate (about one attribute in five), user text as JSON data; each decision's `why` is the judge's reason;
 * 3. a backstop cap: at most max(2, round(2 x the human base rate x profile size)) attributes per request, the
 *    judge's YES votes ordered by the default selector's score (the paper's judges selected 2-3x what people did);
 * 4. when the call fails (provider down, a reply that cannot be repaired), the label-free default's decisions, each
 *    `why` saying so, and a warning (`onFallback`, default process.emitWarning with code ATTUNE_LLM_FALLBACK).
 *
 * {@link FallbackSelector} gives any LLM-backed selector the same fallback (a trained `offline+llm` model file used
 * live, whose votes come from the batched judge: {@link liveLlmVotes}).
 */
import type { Llm } from '../../llm/llm.js';
import { cutPrompt } from '../../model/prompt.js';
import type { Prediction } from '../../model/index.js';
import { BatchedJudgeSelector, HUMAN_BASE_RATE, type BatchedJudgeOptions } from './batched-judge.js';
import { isImpersonal, requestKind } from './request-kind.js';
import type { Selection, SelectionPair, Selector } from './selector.js';

/** Told when an LLM-backed selector fell back to the label-free default (default: a process warning). */
export type OnFallback = (error: unknown, selector: string) => void;

const warnFallback: OnFallback = (error, selector) => {
  process.emitWarning(`${selector}: the LLM call failed (${messageOf(error)}); this request used the label-free default selector`, { code: 'ATTUNE_LLM_FALLBACK' });
};

function messageOf(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const line = m.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Tells `onFallback` (default: a process warning), then the stand-in's decisions, each `why` saying why it stood in. */
function fellBack(decisions: readonly Selection[], error: unknown, selector: string, onFallback: OnFallback = warnFallback): Selection[] {
  onFallback(error, selector);
  return decisions.map((d) => ({ ...d, why: `LLM call failed (${messageOf(error)}); label-free default: ${d.why ?? (d.relevant ? 'selected' : 'not selected')}` }));
}

export interface FallbackSelectorOptions {
  name?: string;
  onFallback?: OnFallback;
}

/** `primary`'s decisions, or `fallback`'s (each `why` saying so) when primary throws. */
export class FallbackSelector implements Selector {
  readonly name: string;
  readonly protocol: string;

  constructor(
    readonly primary: Selector,
    readonly fallback: Selector,
    private readonly opts: FallbackSelectorOptions = {},
  ) {
    this.name = opts.name ?? primary.name;
    this.protocol = `${primary.protocol ?? primary.name}; ${fallback.name} when it fails`;
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    try {
      return await this.primary.select(pairs);
    } catch (e) {
      return fellBack(await this.fallback.select(pairs), e, this.name, this.opts.onFallback);
    }
  }
}

/**
 * The LLM outputs an `offline+llm` model file needs, live: the batched judge's vote and reason on each pair, under
 * every system name the model was trained with (the file's figures were measured on those systems' recorded votes;
 * live, one configured model stands in for all of them).
 */
export async function liveLlmVotes(judge: Selector, pairs: readonly SelectionPair[], systems: readonly string[]): Promise<Prediction[]> {
  const decisions = await judge.select([...pairs]);
  const out: Prediction[] = [];
  for (const system of systems) {
    pairs.forEach((p, i) => {
      const d = decisions[i]!;
      if (!d.missing) out.push({ system, userId: p.userId, promptId: p.promptId, attribute: p.attribute, relevant: d.relevant, output: d.why ?? '' });
    });
  }
  return out;
}

export interface AssistedSelectorOptions {
  name?: string;
  /** Cap per request, as a share of the profile (default 2 x HUMAN_BASE_RATE = 0.38; Infinity: no cap). */
  capShare?: number;
  /** The cap is at least this (default 2). */
  minCap?: number;
  onFallback?: OnFallback;
  /** Options of the batched judge (guidance is always 'strict'). */
  judge?: Omit<BatchedJudgeOptions, 'name' | 'guidance' | 'onError' | 'keepGroups'>;
}

export class AssistedSelector implements Selector {
  readonly name: string;
  readonly protocol = 'request-kind gate, then one LLM judge call per request (strict definition, human base rate), capped; label-free default when the call fails';
  readonly judge: BatchedJudgeSelector;
  private readonly capShare: number;
  private readonly minCap: number;

  /** `base`: the label-free default (gate, order for the cap, stand-in on failure). */
  constructor(
    llm: Llm,
    readonly base: Selector,
    private readonly opts: AssistedSelectorOptions = {},
  ) {
    this.name = opts.name ?? `llm-batch:${llm.spec}`;
    this.judge = new BatchedJudgeSelector(llm, { ...opts.judge, name: this.name, guidance: 'strict', onError: 'throw', keepGroups: false });
    this.capShare = opts.capShare ?? 2 * HUMAN_BASE_RATE;
    this.minCap = opts.minCap ?? 2;
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    if (pairs.length === 0) return [];
    const base = await this.base.select(pairs);
    const out: Selection[] = new Array<Selection>(pairs.length);
    const open: number[] = [];
    const kinds = new Map<string, ReturnType<typeof requestKind>>();
    pairs.forEach((p, i) => {
      const text = cutPrompt(p.promptText);
      let kind = kinds.get(text);
      if (kind === undefined) kinds.set(text, (kind = requestKind(text)));
      if (isImpersonal(kind)) out[i] = { ...base[i]!, why: `${base[i]!.why ?? `${kind} request`}; no LLM call (${kind} request)` };
      else open.push(i);
    });
    if (open.length === 0) return out;
    let judged: Selection[];
    try {
      judged = await this.judge.select(open.map((i) => pairs[i]!));
    } catch (e) {
      const fb = fellBack(open.map((i) => base[i]!), e, this.name, this.opts.onFallback);
      open.forEach((i, k) => (out[i] = fb[k]!));
      return out;
    }
    // Per (user, request): the YES votes beyond the cap, lowest default score first, are dropped.
    const groups = new Map<string, number[]>();
    open.forEach((i, k) => {
      const p = pairs[i]!;
      const key = `${p.userId}\u0000${cutPrompt(p.promptText)}`;
      const g = groups.get(key);
      if (g) g.push(k);
      else groups.set(key, [k]);
    });
    for (const ks of groups.values()) {
      const size = new Set(ks.map((k) => pairs[open[k]!]!.attribute)).size;
      const cap = Math.max(this.minCap, Math.round(this.capShare * size));
      const yes = ks.filter((k) => judged[k]!.relevant).sort((a, b) => (base[open[b]!]!.score ?? 0) - (base[open[a]!]!.score ?? 0) || a - b);
      const over = new Set(yes.slice(cap));
      for (const k of ks) {
        const j = judged[k]!;
        const reason = `LLM judge: ${j.why ?? (j.relevant ? 'relevant' : 'not relevant')}`;
        out[open[k]!] = over.has(k) ? { relevant: false, why: `${reason}; over the cap of ${cap} for this request` } : { relevant: j.relevant, why: reason };
      }
    }
    return out;
  }
}
