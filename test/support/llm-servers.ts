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
