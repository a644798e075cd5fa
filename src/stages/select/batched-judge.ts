/**
 * `llm-batch:<provider/model>`: the paper's relevance question asked once per (user, prompt) for all of
 * that user's attributes at once, as one structured call: `{"judgments": [{index, reason, relevant}]}`.
 * By default the same guidance as the per-pair judge (src/llm/relevance-judge.ts); `guidance: 'strict'` adds the
 * paper's strict reading and the human base rate (the live LLM-assisted selector, assisted.ts). The attributes
 * asked about are the distinct attributes of the pairs given for the group (in an evaluation: the user's
 * labelled profile). Each decision's `why` is the judge's reason.
 *
 * The reply must answer every attribute exactly once: a missing, repeated or out-of-range index fails
 * validation, and the client re-asks with the error (its repair turns, each cached). A group that still
 * fails is retried once without the cache; after that it throws, or (onError: 'mark') its pairs are
 * returned as missing.
 */
import { z } from 'zod';
import { LlmOutputError } from '../../llm/output-error.js';
import type { Llm } from '../../llm/llm.js';
import { PROMPT_MAX_CHARS, shownPrompt } from '../../model/prompt.js';
import { RELEVANCE_QUESTION } from '../../llm/relevance-judge.js';
import { dataText, USER_DATA_RULE } from '../../llm/user-data.js';
import { JudgeUsageCounter, type JudgeUsage } from './llm-judge.js';
import type { Selection, SelectionPair, Selector } from './selector.js';
import { compositeKey } from '../../model/key.js';

export interface BatchJudgment {
  index: number;
  relevant: boolean;
  reason?: string;
}

/**
 * How the judge is told what relevance means. `paper`: the paper's question, where even a subtle influence counts
 * (the judge attune evaluates against the paper's). `strict`: the same question with the paper's strict reading
 * (relevant only if a good answer would differ because of the attribute) and the human base rate (people marked
 * about one attribute in five), for live use, where the paper found LLM judges select 2-3x what people do.
 */
export type JudgeGuidance = 'paper' | 'strict';

/** The share of (attribute, request) pairs people marked relevant in the paper (18-20%; 0.186 on the pilot's 2,967 pairs). */
export const HUMAN_BASE_RATE = 0.19;

const PAPER_GUIDANCE = [
  'relevant = true if a thoughtful assistant that knows the attribute would respond differently, even subtly.',
  'relevant = false if the response would be word-for-word the same with or without knowing it.',
];

const STRICT_GUIDANCE = [
  'Be strict: relevant = true only if a good answer to this request would differ because of the attribute, in what it says',
  '(content, examples, recommendations) or in how it says it (tone, vocabulary, level of detail, framing).',
  'relevant = false if a good answer would be the same with or without knowing it; a related topic, or something the answer',
  'could mention in passing, is not enough.',
  `For calibration: people judging lists like this one marked about one attribute in five as relevant (${Math.round(HUMAN_BASE_RATE * 100)}%),`,
  'while AI judges mark two to three times as many. Most attributes of a profile do not bear on any one request;',
  'for some requests none does, and then marking none is right.',
];

/** The user message of a batched call; attributes are numbered from 1. */
export function buildBatchRelevancePrompt(attributes: readonly string[], promptText: string, reasons = true, guidance: JudgeGuidance = 'paper'): string {
  const n = attributes.length;
  return [
    'You are deciding which things known about a user should influence how an AI assistant answers a new request from that user.',
    USER_DATA_RULE,
    '',
    `User's request (at most ${PROMPT_MAX_CHARS} characters shown):`,
    dataText(shownPrompt(promptText)),
    '',
    `User attributes (${n}):`,
    ...attributes.map((a, i) => `${i + 1}. ${dataText(a)}`),
    '',
    'Judge each attribute on its own.',
    ...RELEVANCE_QUESTION,
    ...(guidance === 'strict' ? STRICT_GUIDANCE : PAPER_GUIDANCE),
    '',
    `Reply with only a JSON object {"judgments": [...]} holding exactly one entry for each index from 1 to ${n}, in order: ` +
      (reasons
        ? '{"index": <number>, "reason": "<one short sentence>", "relevant": true|false}.'
        : '{"index": <number>, "relevant": true|false}.'),
  ].join('\n');
}

/** The reply schema for `n` attributes: every index 1..n exactly once (checked, so a bad reply is repaired). */
export function batchJudgmentSchema(n: number, reasons = true): z.ZodType<{ judgments: BatchJudgment[] }> {
  const item = reasons
    ? z.object({ index: z.number().int(), reason: z.string(), relevant: z.boolean() })
    : z.object({ index: z.number().int(), relevant: z.boolean() });
  return z
    .object({ judgments: z.array(item) })
    .superRefine((v, ctx) => {
      const seen = new Map<number, number>();
      for (const j of v.judgments) seen.set(j.index, (seen.get(j.index) ?? 0) + 1);
      const missing: number[] = [];
      for (let i = 1; i <= n; i++) if (!seen.has(i)) missing.push(i);
      const repeated = [...seen].filter(([i, c]) => c > 1 && i >= 1 && i <= n).map(([i]) => i);
      const outside = [...seen.keys()].filter((i) => i < 1 || i > n);
      const problems = [
        missing.length ? `no judgment for index ${missing.join(', ')}` : '',
        repeated.length ? `more than one judgment for index ${repeated.join(', ')}` : '',
        outside.length ? `index ${outside.join(', ')} is not between 1 and ${n}` : '',
      ].filter(Boolean);
      if (problems.length) {
        ctx.addIssue({ code: 'custom', path: ['judgments'], message: `${problems.join('; ')} (give exactly one entry for each index 1..${n})` });
      }
    }) as z.ZodType<{ judgments: BatchJudgment[] }>;
}

export interface BatchedJudgeOptions {
  name?: string;
  /** Ask for a one-sentence reason before each verdict (default true: the paper's judge reasons first). */
  reasons?: boolean;
  /** What relevance means to the judge (default 'paper'; see JudgeGuidance). */
  guidance?: JudgeGuidance;
  /** Keep the last select()'s judgments in `groups` (default true; live use passes false: no user text kept between calls). */
  keepGroups?: boolean;
  maxTokens?: number;
  /** Repair turns per call (default: the client's). */
  maxRepairs?: number;
  signal?: AbortSignal;
  /** Pairs decided so far, of the pairs of the current select(). */
  onProgress?: (done: number, total: number) => void;
  onError?: 'throw' | 'mark';
}

export interface GroupJudgment {
  userId: string;
  promptId: string;
  attributes: string[];
  judgments: BatchJudgment[];
  cached: boolean;
  repairs: number;
}

export class BatchedJudgeSelector implements Selector {
  readonly name: string;
  readonly protocol = 'LLM judge, batched per prompt';
  private readonly counter: JudgeUsageCounter;
  private readonly reasons: boolean;
  /** Judgments of the last select(), one per (user, prompt) group. */
  readonly groups: GroupJudgment[] = [];

  constructor(
    readonly llm: Llm,
    private readonly opts: BatchedJudgeOptions = {},
  ) {
    this.name = opts.name ?? `llm-batch:${llm.spec}`;
    this.reasons = opts.reasons ?? true;
    this.counter = new JudgeUsageCounter(llm);
  }

  usage(): JudgeUsage {
    return this.counter.snapshot();
  }

  resetUsage(): void {
    this.counter.reset();
  }

  private async ask(attributes: string[], promptText: string, cache: 'use' | 'refresh') {
    const r = await this.llm.object({
      messages: [{ role: 'user', content: buildBatchRelevancePrompt(attributes, promptText, this.reasons, this.opts.guidance ?? 'paper') }],
      schema: batchJudgmentSchema(attributes.length, this.reasons),
      schemaName: 'relevance_judgments',
      temperature: 0,
      maxTokens: this.opts.maxTokens,
      maxRepairs: this.opts.maxRepairs,
      signal: this.opts.signal,
      cache,
    });
    // The client reports cached only when every turn was; per-turn usage is not split, so a partly
    // cached repair chain counts as paid.
    const turns = r.keys.length;
    for (let t = 0; t < turns; t++) {
      const share = (x: number) => (t === 0 ? x - Math.floor(x / turns) * (turns - 1) : Math.floor(x / turns));
      this.counter.call(
        { inputTokens: share(r.usage.inputTokens), outputTokens: share(r.usage.outputTokens), totalTokens: share(r.usage.totalTokens) },
        r.cached,
      );
    }
    this.counter.repairs(r.repairs);
    return r;
  }

  private async askChecked(attributes: string[], promptText: string) {
    try {
      return await this.ask(attributes, promptText, 'use');
    } catch (e) {
      if (!(e instanceof LlmOutputError)) throw e;
      return this.ask(attributes, promptText, 'refresh'); // a cached (or unlucky) bad chain: ask afresh once
    }
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    this.groups.length = 0;
    const total = pairs.length;
    let done = 0;
    // (user, prompt) -> distinct attributes and the pair indices that ask about them
    const groups = new Map<string, { userId: string; promptId: string; promptText: string; attributes: string[]; at: Map<string, number>; idx: number[] }>();
    for (const [i, p] of pairs.entries()) {
      const gk = compositeKey(p.userId, p.promptId);
      let g = groups.get(gk);
      if (!g) {
        g = { userId: p.userId, promptId: p.promptId, promptText: p.promptText, attributes: [], at: new Map(), idx: [] };
        groups.set(gk, g);
      }
      if (!g.at.has(p.attribute)) {
        g.at.set(p.attribute, g.attributes.length);
        g.attributes.push(p.attribute);
      }
      g.idx.push(i);
    }

    const out: Selection[] = new Array<Selection>(pairs.length);
    // Groups asking the identical question (same prompt text, same attribute list) share one request.
    const inflight = new Map<string, ReturnType<BatchedJudgeSelector['askChecked']>>();
    await Promise.all(
      [...groups.values()].map(async (g) => {
        let verdicts: BatchJudgment[] | undefined;
        try {
          const rk = JSON.stringify([shownPrompt(g.promptText), g.attributes]);
          let job = inflight.get(rk);
          if (!job) {
            this.counter.request();
            job = this.askChecked(g.attributes, g.promptText);
            job.catch(() => this.counter.failed());
            inflight.set(rk, job);
          }
          const r = await job;
          const byIndex = new Map(r.object.judgments.map((j) => [j.index, j]));
          verdicts = g.attributes.map((_, k) => byIndex.get(k + 1)!);
          if (this.opts.keepGroups !== false) this.groups.push({ userId: g.userId, promptId: g.promptId, attributes: g.attributes, judgments: verdicts, cached: r.cached, repairs: r.repairs });
        } catch (e) {
          if (this.opts.onError !== 'mark') throw e;
        }
        for (const i of g.idx) {
          const k = g.at.get(pairs[i]!.attribute)!;
          const v = verdicts?.[k];
          out[i] = v ? { relevant: v.relevant, ...(v.reason?.trim() ? { why: v.reason.trim() } : {}) } : { relevant: false, missing: true };
        }
        if (verdicts) this.counter.pairs(g.idx.length);
        done += g.idx.length;
        this.opts.onProgress?.(done, total);
      }),
    );
    return out;
  }
}
