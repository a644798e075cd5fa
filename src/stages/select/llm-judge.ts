/**
 * `llm:<provider/model>`: the paper's zero-shot relevance judge as a live selector. One call per
 * (attribute, prompt) pair at temperature 0, the paper's prompt and answer parser (src/llm/relevance-judge.ts),
 * through an Llm, so every call is cached, retried and paced by the provider's limits.
 *
 * Identical requests (same attribute text, same prompt text) inside one select() are sent once. After a
 * run, usage() says how many calls went over the network (paid) and how many came from the cache
 * (replayed), with their tokens and cost.
 */
import type { Llm } from '../../llm/llm.js';
import { buildRelevancePrompt, parseRelevanceAnswer, type RelevanceRule } from '../../llm/relevance-judge.js';
import type { TokenUsage, UsageTotals } from '../../llm/usage.js';
import type { Selection, SelectionPair, Selector } from './selector.js';
import { compositeKey } from '../../model/key.js';
import { shownPrompt } from '../../model/prompt.js';

export interface JudgeUsage {
  /** `provider/model`. */
  model: string;
  /** Pairs decided (including repeats of one request). */
  pairs: number;
  /** Judge requests: one per distinct pair (per-pair judge) or one per (user, prompt) group (batched). */
  requests: number;
  /** HTTP calls made (repair turns included) and their tokens / cost. */
  paid: UsageTotals;
  /** Calls answered from the cache; costUsd is what they would have cost. */
  replayed: UsageTotals;
  /** Structured-output repair turns (batched judge). */
  repairs: number;
  /** Requests that failed for good (after retries and repairs); their pairs are marked missing or thrown. */
  failed: number;
}

const zeroTotals = (): UsageTotals => ({ calls: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 });

/** Paid plus replayed: what the run would cost from a cold cache. */
export function judgeTotals(u: JudgeUsage): UsageTotals {
  return {
    calls: u.paid.calls + u.replayed.calls,
    inputTokens: u.paid.inputTokens + u.replayed.inputTokens,
    outputTokens: u.paid.outputTokens + u.replayed.outputTokens,
    totalTokens: u.paid.totalTokens + u.replayed.totalTokens,
    costUsd: u.paid.costUsd + u.replayed.costUsd,
  };
}

/** One line for terminals: `llm:local/x: 2967 pairs, 2967 requests; paid 0 calls ...`. */
export function formatJudgeUsage(name: string, u: JudgeUsage): string {
  const t = (x: UsageTotals) => `${x.calls} calls, ${x.inputTokens} in + ${x.outputTokens} out tokens, $${x.costUsd.toFixed(4)}`;
  return (
    `${name}: ${u.pairs} pairs, ${u.requests} requests; paid ${t(u.paid)}; replayed ${t(u.replayed)}` +
    (u.repairs ? `; ${u.repairs} repairs` : '') +
    (u.failed ? `; ${u.failed} FAILED` : '')
  );
}

/** Accumulates a judge's usage; shared by the per-pair and batched judges. */
export class JudgeUsageCounter {
  private u: JudgeUsage;
  constructor(private readonly llm: Llm) {
    this.u = { model: llm.spec, pairs: 0, requests: 0, paid: zeroTotals(), replayed: zeroTotals(), repairs: 0, failed: 0 };
  }

  /** One HTTP turn (or its replay). */
  call(usage: TokenUsage, cached: boolean): void {
    const t = cached ? this.u.replayed : this.u.paid;
    t.calls++;
    t.inputTokens += usage.inputTokens;
    t.outputTokens += usage.outputTokens;
    t.totalTokens += usage.totalTokens;
    t.costUsd += this.llm.costUsd?.(usage) ?? 0;
  }
  request(): void {
    this.u.requests++;
  }
  pairs(n: number): void {
    this.u.pairs += n;
  }
  repairs(n: number): void {
    this.u.repairs += n;
  }
  failed(): void {
    this.u.failed++;
  }
  snapshot(): JudgeUsage {
    return structuredClone(this.u);
  }
  reset(): void {
    this.u = { model: this.llm.spec, pairs: 0, requests: 0, paid: zeroTotals(), replayed: zeroTotals(), repairs: 0, failed: 0 };
  }
}

export interface LlmJudgeOptions {
  /** Default `llm:<provider/model>`. */
  name?: string;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Pairs decided so far, of the pairs of the current select(). */
  onProgress?: (done: number, total: number) => void;
  /**
   * A request that fails after the client's retries: `throw` (default) stops the run; `mark` returns the
   * pair as missing (the evaluation drops it and reports coverage), so a long run keeps what it got.
   */
  onError?: 'throw' | 'mark';
}

export interface PairJudgment {
  relevant: boolean;
  via: RelevanceRule;
  /** The judge's full output. */
  output: string;
  cached: boolean;
}

/** The judge's request identity: attribute text and the prompt text as the judge sees it. */
export function judgeRequestKey(attribute: string, promptText: string): string {
  return compositeKey(attribute, shownPrompt(promptText));
}

export class LlmJudgeSelector implements Selector {
  readonly name: string;
  readonly protocol = 'LLM judge, per pair';
  private readonly counter: JudgeUsageCounter;
  /** Judgments of the last select(), by judgeRequestKey. */
  readonly judgments = new Map<string, PairJudgment>();

  constructor(
    readonly llm: Llm,
    private readonly opts: LlmJudgeOptions = {},
  ) {
    this.name = opts.name ?? `llm:${llm.spec}`;
    this.counter = new JudgeUsageCounter(llm);
  }

  /** Calls, tokens and cost since construction (or the last resetUsage()). */
  usage(): JudgeUsage {
    return this.counter.snapshot();
  }

  resetUsage(): void {
    this.counter.reset();
  }

  private async judge(attribute: string, promptText: string): Promise<PairJudgment> {
    const r = await this.llm.text({
      messages: [{ role: 'user', content: buildRelevancePrompt(attribute, promptText) }],
      temperature: 0,
      maxTokens: this.opts.maxTokens,
      signal: this.opts.signal,
    });
    this.counter.call(r.usage, r.cached);
    const parsed = parseRelevanceAnswer(r.text);
    return { relevant: parsed.answer === 'YES', via: parsed.via, output: r.text, cached: r.cached };
  }

  async select(pairs: SelectionPair[]): Promise<Selection[]> {
    this.judgments.clear();
    const total = pairs.length;
    let done = 0;
    const inflight = new Map<string, Promise<PairJudgment | undefined>>();
    const results = await Promise.all(
      pairs.map(async (p) => {
        const key = judgeRequestKey(p.attribute, p.promptText);
        let job = inflight.get(key);
        if (!job) {
          this.counter.request();
          job = this.judge(p.attribute, p.promptText).then(
            (j) => {
              this.judgments.set(key, j);
              return j;
            },
            (e: unknown) => {
              this.counter.failed();
              if (this.opts.onError === 'mark') return undefined;
              throw e;
            },
          );
          inflight.set(key, job);
        }
        const j = await job;
        this.opts.onProgress?.(++done, total);
        return j;
      }),
    );
    this.counter.pairs(results.filter((j) => j !== undefined).length);
    return results.map((j): Selection => (j ? { relevant: j.relevant } : { relevant: false, missing: true }));
  }
}
