/**
 * The small interface stages talk to: two verbs over one model. `LlmClient` implements it over any AI SDK
 * model with a cache, limits, retries and accounting; tests and applications may pass their own.
 */
import type { z } from 'zod';
import type { TokenUsage } from './usage.js';

export interface Llm {
  /** `provider/model`: names the model in reports and cache keys. */
  readonly spec: string;
  text(req: TextRequest): Promise<TextResult>;
  /** A value the zod schema accepts (structured output). */
  object<T>(req: ObjectRequest<T>): Promise<ObjectResult<T>>;
  /** Price of a call's usage in USD, when known. */
  costUsd?(usage: TokenUsage): number;
}

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type CacheMode = 'use' | 'refresh' | 'off';

export interface TextRequest {
  messages: LlmMessage[];
  /** Default: the client's temperature (0 unless set). */
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  stop?: string[];
  signal?: AbortSignal;
  /** use (default): read and write the cache; refresh: call and overwrite; off: neither. */
  cache?: CacheMode;
}

export interface TextResult {
  text: string;
  /** Usage of this call (from the cache entry when replayed). */
  usage: TokenUsage;
  cached: boolean;
  /** Content hash of the request: the cache key. */
  key: string;
  finishReason?: string;
  reasoning?: string;
}

export interface ObjectRequest<T> extends TextRequest {
  schema: z.ZodType<T>;
  /** Name of the output, sent with the JSON schema. */
  schemaName?: string;
  /** Re-asks allowed after unparseable JSON (default: the client's, 2). */
  maxRepairs?: number;
}

export interface ObjectResult<T> {
  object: T;
  /** The text the value was parsed from. */
  text: string;
  /** Summed over the first call and any repair turns. */
  usage: TokenUsage;
  /** True when every turn came from the cache. */
  cached: boolean;
  repairs: number;
  keys: string[];
}
