/**
 * Token and cost accounting. Network calls are "paid"; cache replays are counted apart, with the cost
 * they would have had, so a resumed run shows what it saved.
 */
import type { Price } from './config.js';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
}

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/**
 * List prices in USD per million tokens for a few hosted models (override or extend through the config's
 * `prices`; check your provider's current page). Local models are not listed: they cost 0.
 */
export const DEFAULT_PRICES: Record<string, Price> = {
  'claude-sonnet-4-6': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
};

/**
 * The price of a model: exact `provider/model`, then the exact model id, then the longest listed id the
 * model id starts with (`claude-sonnet-4-5-20250929` -> `claude-sonnet-4-5`); undefined when unknown.
 */
export function findPrice(prices: Record<string, Price>, provider: string, model: string): Price | undefined {
  const exact = prices[`${provider}/${model}`] ?? prices[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const k of Object.keys(prices)) {
    if (!k.includes('/') && model.startsWith(k) && (!best || k.length > best.length)) best = k;
  }
  return best ? prices[best] : undefined;
}

export function costOf(usage: TokenUsage, price: Price | undefined): number {
  if (!price) return 0;
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1e6;
}

export interface UsageTotals extends TokenUsage {
  calls: number;
  costUsd: number;
}

export interface UsageSummary {
  /** Calls that went over the network (including those whose output needed repair). */
  paid: UsageTotals;
  /** Calls answered from the cache; costUsd is what they would have cost. */
  replayed: UsageTotals;
  /** Attempts that failed and were retried (429, 5xx, timeouts). */
  retries: number;
  /** Structured-output repairs (re-asks after unparseable JSON). */
  repairs: number;
  byModel: Record<string, { paid: UsageTotals; replayed: UsageTotals }>;
}

const zeroTotals = (): UsageTotals => ({ calls: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 });

function addTo(t: UsageTotals, u: TokenUsage, cost: number): void {
  t.calls++;
  t.inputTokens += u.inputTokens;
  t.outputTokens += u.outputTokens;
  t.totalTokens += u.totalTokens;
  t.costUsd += cost;
}

/** Sums usage for a client or a run; several clients may share one meter. */
export class UsageMeter {
  private s: UsageSummary = { paid: zeroTotals(), replayed: zeroTotals(), retries: 0, repairs: 0, byModel: {} };

  constructor(readonly prices: Record<string, Price> = DEFAULT_PRICES) {}

  record(provider: string, model: string, usage: TokenUsage, cached: boolean): number {
    const cost = costOf(usage, findPrice(this.prices, provider, model));
    const spec = `${provider}/${model}`;
    const m = (this.s.byModel[spec] ??= { paid: zeroTotals(), replayed: zeroTotals() });
    addTo(cached ? this.s.replayed : this.s.paid, usage, cost);
    addTo(cached ? m.replayed : m.paid, usage, cost);
    return cost;
  }

  recordRetry(): void {
    this.s.retries++;
  }
  recordRepair(): void {
    this.s.repairs++;
  }

  summary(): UsageSummary {
    return structuredClone(this.s);
  }
}
