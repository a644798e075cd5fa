import { afterEach } from 'vitest';
import { startTestLlmServer, type TestLlmServer, type TestLlmServerOptions } from '../../src/llm/testing/server.js';

/** Starts test LLM servers that close after each test of the calling file. */
export function useTestServers(): (opts: TestLlmServerOptions) => Promise<TestLlmServer> {
  const servers: TestLlmServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (opts) => {
    const s = await startTestLlmServer(opts);
    servers.push(s);
    return s;
  };
}

/** The user turns of a rendered conversation (one JSON object per turn, as the LLM extractor sends it). */
export function renderedUserTurns(content: string): { turn: number; text: string }[] {
  const out: { turn: number; text: string }[] = [];
  for (const line of content.split('\n')) {
    try {
      const v = JSON.parse(line) as { turn?: unknown; speaker?: unknown; text?: unknown };
      if (typeof v.turn === 'number' && v.speaker === 'user' && typeof v.text === 'string') out.push({ turn: v.turn, text: v.text });
    } catch {
      // not a turn line
    }
  }
  return out;
}
