import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { JsonlResponseCache, type CacheEntry } from '../../src/llm/cache.js';
import { openResponseCache, StoreResponseCache } from '../../src/store/llm-cache.js';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { backends } from '../store/backends.js';

const entry = (key: string, text: string): CacheEntry => ({
  key,
  provider: 'local',
  model: 'm',
  request: { provider: 'local', model: 'm', messages: [{ role: 'user', content: 'hi' }], params: { temperature: 0 }, schema: null },
  response: { text, finishReason: 'stop' },
  usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 },
  createdAt: '2026-01-02T03:04:05.000Z',
});

describe.each(backends())('StoreResponseCache on $name', (backend) => {
  const test = it.skipIf(!backend.available);
  let store: Store;
  let server: TestLlmServer;

  beforeAll(async () => {
    if (!backend.available) return;
    store = await openStore(backend.fresh());
    server = await startTestLlmServer({ script: (r) => `echo: ${r.lastUserText}` });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await backend.cleanup();
  });

  test('round-trips an entry, overwrites by key, and misses unknown keys', async () => {
    const cache = new StoreResponseCache(store);
    expect(await cache.get('nope')).toBeUndefined();
    await cache.put(entry('k1', 'first'));
    expect(await cache.get('k1')).toEqual(entry('k1', 'first'));
    await cache.put(entry('k1', 'second'));
    expect((await cache.get('k1'))?.response.text).toBe('second');
  });

  test('treats a row without response text as absent and defaults missing usage to zero', async () => {
    const cache = new StoreResponseCache(store);
    await store.llmCachePut({ key: 'bad', provider: 'p', model: 'm', request: {}, response: 'not an object' });
    expect(await cache.get('bad')).toBeUndefined();
    await store.llmCachePut({ key: 'nousage', provider: 'p', model: 'm', request: {}, response: { text: 'x' } });
    expect((await cache.get('nousage'))?.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  });

  test('backs an LlmClient: a second client on the same store replays without calling the server', async () => {
    const config = loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } });
    const cache = new StoreResponseCache(store);
    const a = createLlmClient({ model: 'local/test-model', config, cache, limits: { concurrency: 8 } });
    const msgs = Array.from({ length: 20 }, (_, i) => `question ${i}`);
    const first = await Promise.all(msgs.map((m) => a.text({ messages: [{ role: 'user', content: m }] })));
    expect(first.every((r) => !r.cached)).toBe(true);
    expect(server.calls).toBe(20);
    const b = createLlmClient({ model: 'local/test-model', config, cache: new StoreResponseCache(store) });
    const again = await Promise.all(msgs.map((m) => b.text({ messages: [{ role: 'user', content: m }] })));
    expect(again.map((r) => r.text)).toEqual(first.map((r) => r.text));
    expect(again.every((r) => r.cached)).toBe(true);
    expect(again[0]!.usage).toEqual(first[0]!.usage);
    expect(server.calls).toBe(20);
    expect(b.usage().replayed.calls).toBe(20);
    expect(b.usage().paid.calls).toBe(0);
  });
});

describe('openResponseCache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-llmcache-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens off, a JSONL file, or a store by URL, and rejects anything else', async () => {
    const off = await openResponseCache('off');
    expect(off.cache).toBe(false);
    const j = await openResponseCache(path.join(dir, 'c.jsonl'));
    expect(j.cache).toBeInstanceOf(JsonlResponseCache);
    await (j.cache as JsonlResponseCache).put(entry('k', 'v'));
    await j.close();
    expect(fs.readFileSync(path.join(dir, 'c.jsonl'), 'utf8')).toContain('"k"');
    const s = await openResponseCache(path.join(dir, 'x.sqlite'));
    expect(s.cache).toBeInstanceOf(StoreResponseCache);
    expect(s.describe).toMatch(/^store:/);
    await (s.cache as StoreResponseCache).put(entry('k', 'v'));
    expect((await (s.cache as StoreResponseCache).get('k'))?.response.text).toBe('v');
    await s.close();
    await expect(openResponseCache(path.join(dir, 'cache.txt'))).rejects.toThrow(/--llm-cache/);
  });

  it('defaults to the store named by ATTUNE_STORE', async () => {
    const saved = process.env.ATTUNE_STORE;
    process.env.ATTUNE_STORE = path.join(dir, 'default', 'attune.sqlite');
    try {
      const c = await openResponseCache(undefined);
      expect(c.describe).toBe(`store:${process.env.ATTUNE_STORE}`);
      await c.close();
      expect(fs.existsSync(process.env.ATTUNE_STORE)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.ATTUNE_STORE;
      else process.env.ATTUNE_STORE = saved;
    }
  });
});
