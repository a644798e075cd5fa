/**
 * Turns a resolved provider config into an AI SDK language model.
 * openai-compatible covers vLLM, llama.cpp server, Ollama and OpenAI's chat endpoint;
 * anthropic and openai use their own SDK providers.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { loadLlmConfig, resolveModel, type LlmConfig, type ProviderConfig, type ResolvedModel } from './config.js';

export type FetchLike = typeof globalThis.fetch;

/** The AI SDK model for one (provider config, model id). `fetch` is for instrumentation, not for tests. */
export function createLanguageModel(name: string, model: string, config: ProviderConfig, fetch?: FetchLike): LanguageModel {
  switch (config.kind) {
    case 'openai-compatible':
      return createOpenAICompatible({
        name,
        baseURL: config.baseURL,
        apiKey: config.apiKey,
        headers: config.headers,
        supportsStructuredOutputs: config.supportsStructuredOutputs,
        includeUsage: true,
        fetch,
      }).chatModel(model);
    case 'anthropic':
      return createAnthropic({ apiKey: config.apiKey, baseURL: config.baseURL, fetch })(model);
    case 'openai':
      return createOpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, fetch }).chat(model);
  }
}

export interface Provider extends ResolvedModel {
  languageModel: LanguageModel;
}

/** Resolves `provider/model` against a config (default: environment + ATTUNE_LLM_CONFIG file). */
export function getProvider(spec?: string, config: LlmConfig = loadLlmConfig(), fetch?: FetchLike): Provider {
  const resolved = resolveModel(spec, config);
  return { ...resolved, languageModel: createLanguageModel(resolved.provider, resolved.model, resolved.config, fetch) };
}
