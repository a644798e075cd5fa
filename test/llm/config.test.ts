import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { LlmConfigError, loadLlmConfig, parseModelSpec, resolveModel } from '../../src/llm/config.js';
import { getProvider } from '../../src/llm/provider.js';
import { startTestLlmServer } from '../../src/llm/testing/server.js';

describe('model specs and provider config', () => {
  it('splits provider/model at the first slash', () => {
    expect(parseModelSpec('local/qwen3')).toEqual({ provider: 'local', model: 'qwen3' });
    expect(parseModelSpec('local/meta-llama/Llama-3.1-8B')).toEqual({ provider: 'local', model: 'meta-llama/Llama-3.1-8B' });
    expect(() => parseModelSpec('qwen3')).toThrow(LlmConfigError);
    expect(() => parseModelSpec('local/')).toThrow(/provider\/model/);
  });

  it('derives providers from the environment', () => {
    const cfg = loadLlmConfig({
      env: { ATTUNE_LLM_BASE_URL: 'http://localhost:8000/v1', ATTUNE_LLM_API_KEY: 'k', ANTHROPIC_API_KEY: 'a', ATTUNE_LLM_MODEL: 'local/qwen3' },
    });
    expect(cfg.providers.local).toMatchObject({ kind: 'openai-compatible', baseURL: 'http://localhost:8000/v1', apiKey: 'k' });
    expect(cfg.providers.anthropic).toEqual({ kind: 'anthropic', apiKey: 'a' });
    expect(resolveModel(undefined, cfg)).toMatchObject({ provider: 'local', model: 'qwen3' });
    expect(resolveModel('anthropic/claude-sonnet-4-6', cfg)).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-6' });
  });

  it('reads a JSON file with env: references; the file wins over the environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-llm-'));
    const file = path.join(dir, 'llm.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        providers: {
          local: { kind: 'openai-compatible', baseURL: 'http://localhost:11434/v1', rpm: 30 },
          vllm: { kind: 'openai-compatible', baseURL: 'http://gpu:8000/v1', apiKey: 'env:VLLM_KEY', concurrency: 8 },
        },
        prices: { 'qwen3-32b': { inputPerMTok: 0.1, outputPerMTok: 0.3 } },
      }),
    );
    const cfg = loadLlmConfig({ env: { ATTUNE_LLM_CONFIG: file, ATTUNE_LLM_BASE_URL: 'http://localhost:8000/v1', VLLM_KEY: 's3' } });
    expect(cfg.providers.local).toMatchObject({ baseURL: 'http://localhost:11434/v1', rpm: 30 });
    expect(cfg.providers.vllm).toMatchObject({ apiKey: 's3', concurrency: 8, supportsStructuredOutputs: true });
    expect(cfg.prices['qwen3-32b']).toEqual({ inputPerMTok: 0.1, outputPerMTok: 0.3 });
    expect(() => loadLlmConfig({ env: { ATTUNE_LLM_CONFIG: file } })).toThrow(/VLLM_KEY is not set/);
    fs.writeFileSync(file, JSON.stringify({ providers: { x: { kind: 'nope' } } }));
    expect(() => loadLlmConfig({ env: { ATTUNE_LLM_CONFIG: file } })).toThrow(LlmConfigError);
  });

  it('says what to set when a provider is missing', () => {
    const cfg = loadLlmConfig({ env: {} });
    expect(() => resolveModel('anthropic/claude-sonnet-4-6', cfg)).toThrow(/ANTHROPIC_API_KEY/);
    expect(() => resolveModel('local/qwen3', cfg)).toThrow(/ATTUNE_LLM_BASE_URL/);
    expect(() => resolveModel(undefined, cfg)).toThrow(/no model given/);
  });

  it('builds a working openai-compatible model against a local server', async () => {
    const server = await startTestLlmServer({ script: (r) => `model=${r.body.model}` });
    try {
      const p = getProvider('local/qwen3', loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }));
      const r = await generateText({ model: p.languageModel, prompt: 'hi', maxRetries: 0 });
      expect(r.text).toBe('model=qwen3');
      expect(server.calls).toBe(1);
    } finally {
      await server.close();
    }
  });
});
