import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResponse } from '../../src/stages/respond/generate-response.js';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';
import { tempDir } from '../support/tmp.js';
import { sqliteAttune } from './support.js';

const dir = tempDir('attune-resolver-');

describe("one resolver for a model string: createAttune({ model }) and the verbs", () => {
  let llm: TestLlmServer;
  const saved = process.env.ATTUNE_LLM_BASE_URL;
  beforeAll(async () => {
    llm = await startTestLlmServer({ script: (req) => `Answer from ${req.body.model}.` });
    // attune's provider config from the environment: provider 'local' is this OpenAI-compatible server.
    process.env.ATTUNE_LLM_BASE_URL = llm.baseURL;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.ATTUNE_LLM_BASE_URL;
    else process.env.ATTUNE_LLM_BASE_URL = saved;
    await llm.close();
  });

  it("'local/test-model' reaches the same provider and model through createAttune's respond and through generateResponse", async () => {
    const viaVerb = await generateResponse({ model: 'local/test-model', prompt: 'Suggest a dinner' });
    expect(viaVerb.text).toBe('Answer from test-model.');

    const { attune } = sqliteAttune(dir, 'resolver', { model: 'local/test-model', extractor: 'offline' });
    try {
      await attune.remember({ userId: 'u', messages: [{ role: 'user', content: 'I am vegetarian.' }] });
      const viaMemory = await attune.respond({ userId: 'u', prompt: 'Suggest a dinner' });
      expect(viaMemory.text).toBe('Answer from test-model.');
    } finally {
      await attune.close();
    }
    // Both calls went to this server (not the AI SDK gateway), for the same model id.
    expect(llm.requests.map((r) => r.body.model)).toEqual(['test-model', 'test-model']);
  });

  it('a string naming no configured provider fails the same way in both', async () => {
    const verb = await generateResponse({ model: 'nope/m', prompt: 'x' }).then(() => '', (e: Error) => e.message);
    const { attune } = sqliteAttune(dir, 'resolver-bad', { model: 'nope/m', extractor: 'offline' });
    const memory = await attune.respond({ userId: 'u', prompt: 'x' }).then(() => '', (e: Error) => e.message);
    await attune.close();
    expect(verb).toMatch(/nope/);
    expect(memory).toBe(verb);
  });
});
