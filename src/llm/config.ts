/**
 * Which LLM providers exist and how to reach them.
 *
 * A model is named by a spec string `provider/model`: `local/qwen3`, `anthropic/claude-sonnet-4-6`,
 * `local/meta-llama/Llama-3.1-8B-Instruct` (everything after the first `/` is the model id).
 * Providers come from a JSON config file and from the environment:
 *   ATTUNE_LLM_BASE_URL (+ ATTUNE_LLM_API_KEY)  -> provider `local`, OpenAI-compatible
 *                                                 (vLLM :8000/v1, llama.cpp server :8080/v1, Ollama :11434/v1)
 *   ANTHROPIC_API_KEY                            -> provider `anthropic`
 *   OPENAI_API_KEY                               -> provider `openai`
 *   ATTUNE_LLM_CONFIG                            -> path of a JSON config file (see LlmConfig)
 *   ATTUNE_LLM_MODEL                             -> default model spec
 * The file wins over the environment for a provider it names. A value `"env:NAME"` in the file is read
 * from the environment variable NAME, so keys need not be written into files.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { AttuneError } from '../model/errors.js';

const Limits = {
  /** Requests at once to this provider (default 4). */
  concurrency: z.number().int().positive().optional(),
  /** Requests started per minute (default: no limit). */
  rpm: z.number().positive().optional(),
  /** Requests allowed back to back before the rpm pacing applies (default 1). */
  burst: z.number().int().positive().optional(),
  /** Per-attempt timeout in ms (default 120 000). */
  timeoutMs: z.number().int().positive().optional(),
};

export const OpenAICompatibleProviderConfig = z.object({
  kind: z.literal('openai-compatible'),
  baseURL: z.url(),
  apiKey: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Send `response_format: json_schema` for structured output (vLLM, llama.cpp, Ollama and OpenAI do). */
  supportsStructuredOutputs: z.boolean().default(true),
  ...Limits,
});

export const AnthropicProviderConfig = z.object({
  kind: z.literal('anthropic'),
  apiKey: z.string().optional(),
  baseURL: z.url().optional(),
  ...Limits,
});

export const OpenAIProviderConfig = z.object({
  kind: z.literal('openai'),
  apiKey: z.string().optional(),
  baseURL: z.url().optional(),
  ...Limits,
});

export const ProviderConfig = z.discriminatedUnion('kind', [
  OpenAICompatibleProviderConfig,
  AnthropicProviderConfig,
  OpenAIProviderConfig,
]);
export type ProviderConfig = z.infer<typeof ProviderConfig>;

/** USD per million tokens. */
export const Price = z.object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() });
export type Price = z.infer<typeof Price>;

export const LlmConfig = z.object({
  providers: z.record(z.string(), ProviderConfig).default({}),
  /** Prices by model id or by full spec (`provider/model`); unknown models cost 0. */
  prices: z.record(z.string(), Price).default({}),
  /** Default model spec. */
  model: z.string().optional(),
});
export type LlmConfig = z.infer<typeof LlmConfig>;
export type LlmConfigInput = z.input<typeof LlmConfig>;

export class LlmConfigError extends AttuneError {
  constructor(message: string) {
    super('invalid_llm_config', message);
    this.name = 'LlmConfigError';
  }
}

export interface ModelSpec {
  provider: string;
  model: string;
}

/** `local/qwen3` -> {provider: 'local', model: 'qwen3'}; the model id may itself contain `/`. */
export function parseModelSpec(spec: string): ModelSpec {
  const i = spec.indexOf('/');
  if (i <= 0 || i === spec.length - 1) {
    throw new LlmConfigError(`model spec "${spec}" must look like provider/model, e.g. local/qwen3 or anthropic/claude-sonnet-4-6`);
  }
  return { provider: spec.slice(0, i), model: spec.slice(i + 1) };
}

type Env = Record<string, string | undefined>;

function expandEnv(value: unknown, env: Env, where: string): unknown {
  if (typeof value === 'string' && value.startsWith('env:')) {
    const name = value.slice(4);
    const v = env[name];
    if (v === undefined) throw new LlmConfigError(`${where}: environment variable ${name} is not set`);
    return v;
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, `${where}.${k}`)]));
  }
  return value;
}

/** Providers implied by the environment alone. */
export function providersFromEnv(env: Env = process.env): Record<string, ProviderConfig> {
  const out: Record<string, ProviderConfig> = {};
  if (env.ATTUNE_LLM_BASE_URL) {
    out.local = OpenAICompatibleProviderConfig.parse({
      kind: 'openai-compatible',
      baseURL: env.ATTUNE_LLM_BASE_URL,
      apiKey: env.ATTUNE_LLM_API_KEY,
    });
  }
  if (env.ANTHROPIC_API_KEY) out.anthropic = { kind: 'anthropic', apiKey: env.ANTHROPIC_API_KEY };
  if (env.OPENAI_API_KEY) out.openai = { kind: 'openai', apiKey: env.OPENAI_API_KEY };
  return out;
}

/** Validates a config object (as written in a file or in code), expanding `env:NAME` values. */
export function parseLlmConfig(input: unknown, env: Env = process.env, source = 'LLM config'): LlmConfig {
  const parsed = LlmConfig.safeParse(expandEnv(input, env, source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LlmConfigError(`${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export interface LoadLlmConfigOptions {
  env?: Env;
  /** A JSON config file; default: env ATTUNE_LLM_CONFIG. */
  file?: string;
  /** A config object; merged over the file. */
  config?: LlmConfigInput;
}

/** Environment, then the file, then the given object: later sources win per provider and per price. */
export function loadLlmConfig(opts: LoadLlmConfigOptions = {}): LlmConfig {
  const env = opts.env ?? process.env;
  const file = opts.file ?? env.ATTUNE_LLM_CONFIG;
  const layers: LlmConfig[] = [{ providers: providersFromEnv(env), prices: {}, model: env.ATTUNE_LLM_MODEL || undefined }];
  if (file) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new LlmConfigError(`${file}: cannot read LLM config: ${(e as Error).message}`);
    }
    layers.push(parseLlmConfig(raw, env, file));
  }
  if (opts.config) layers.push(parseLlmConfig(opts.config, env));
  const out: LlmConfig = { providers: {}, prices: {} };
  for (const l of layers) {
    Object.assign(out.providers, l.providers);
    Object.assign(out.prices, l.prices);
    if (l.model) out.model = l.model;
  }
  return out;
}

export interface ResolvedModel extends ModelSpec {
  spec: string;
  config: ProviderConfig;
}

const HINTS: Record<string, string> = {
  local: 'set ATTUNE_LLM_BASE_URL (e.g. http://localhost:8000/v1 for vLLM, :8080/v1 llama.cpp, :11434/v1 Ollama)',
  anthropic: 'set ANTHROPIC_API_KEY',
  openai: 'set OPENAI_API_KEY',
};

/** Finds the provider of a spec in the config; the error says what to set when it is missing. */
export function resolveModel(spec: string | undefined, config: LlmConfig): ResolvedModel {
  const s = spec ?? config.model;
  if (!s) throw new LlmConfigError('no model given: pass a spec like local/qwen3, or set ATTUNE_LLM_MODEL');
  const { provider, model } = parseModelSpec(s);
  const pc = config.providers[provider];
  if (!pc) {
    const known = Object.keys(config.providers);
    const hint = HINTS[provider] ?? `add providers.${provider} to the config file (ATTUNE_LLM_CONFIG)`;
    throw new LlmConfigError(
      `unknown LLM provider "${provider}" in "${s}": ${hint}` + (known.length ? ` (configured: ${known.join(', ')})` : ''),
    );
  }
  return { spec: s, provider, model, config: pc };
}
