import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';

describe('attune/testing streams (SSE) for streamText', () => {
  let server: TestLlmServer;
  beforeAll(async () => {
    server = await startTestLlmServer({ script: (req) => ({ content: `You said: ${req.lastUserText}. Enjoy the hike!`, usage: { prompt_tokens: 11, completion_tokens: 7 } }) });
  });
  afterAll(() => server.close());

  it('streamText gets the whole reply in several deltas, with the finish reason and usage', async () => {
    const provider = createOpenAICompatible({ name: 'local', baseURL: server.baseURL, includeUsage: true });
    const result = streamText({ model: provider.chatModel('test-model'), prompt: 'I love the mountains' });
    const deltas: string[] = [];
    for await (const d of result.textStream) deltas.push(d);
    expect(deltas.join('')).toBe('You said: I love the mountains. Enjoy the hike!');
    expect(deltas.length).toBeGreaterThan(3);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).inputTokens).toBe(11);
    expect((await result.usage).outputTokens).toBe(7);
    expect(server.requests.at(-1)!.body.stream).toBe(true);
  });

  it('without stream: true the answer is one JSON body, as before', async () => {
    const r = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(((await r.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('You said: hi. Enjoy the hike!');
  });
});
