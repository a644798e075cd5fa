import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTasks, parseAttributeSource } from '../../src/eval/generation.js';
import { loadDataset } from '../../src/data/index.js';
import { projectRoot } from '../support/shared.js';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type Script, type TestLlmServer } from '../../src/llm/testing/server.js';
import { GENERIC_SYSTEM, generateMany, generationMessages, LlmGenerator, personalizedSystem, type GenerationTask } from '../../src/stages/respond/generator.js';

const attrs = ['The user is a night-shift nurse.', 'The user is vegetarian.'];

describe('generation messages', () => {
  it('generic: the prompt alone, no attribute anywhere', () => {
    const m = generationMessages({ promptText: 'Suggest a dinner.', attributes: attrs, mode: 'generic' });
    expect(m).toEqual([{ role: 'system', content: GENERIC_SYSTEM }, { role: 'user', content: 'Suggest a dinner.' }]);
  });

  it('personalized: the attributes and the paper\'s lesson (use where it helps, do not name it for its own sake)', () => {
    const m = generationMessages({ promptText: 'Suggest a dinner.', attributes: attrs, mode: 'personalized_human' });
    expect(m[1]).toEqual({ role: 'user', content: 'Suggest a dinner.' });
    const sys = m[0]!.content;
    expect(sys).toBe(personalizedSystem(attrs));
    for (const a of attrs) expect(sys).toContain(`- ${JSON.stringify(a)}`);
    expect(sys).toMatch(/only where it changes what would actually help this person with this request/);
    expect(sys).toMatch(/Do not mention or name an attribute for its own sake/);
    expect(sys).toMatch(/If an attribute does not change what helps with this request, ignore it/);
  });
});

describe('LlmGenerator over the test server', () => {
  let server: TestLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function setup(script: Script, limits: { concurrency?: number } = {}) {
    server = await startTestLlmServer({ script, latencyMs: 20 });
    const llm = createLlmClient({
      model: 'local/gen-model',
      config: loadLlmConfig({ env: {}, config: { providers: { local: { kind: 'openai-compatible', baseURL: server.baseURL } } } }),
      limits,
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    });
    return llm;
  }

  const tasks: GenerationTask[] = Array.from({ length: 6 }, (_, i) => ({
    userId: `u${i}`, promptId: `p${i}`, promptText: `Request ${i}`, attributes: i % 2 ? attrs : [], mode: i % 2 ? 'personalized_llm' : 'generic',
  }));

  it('records generator, mode and attributes; respects the concurrency limit; temperature 0', async () => {
    const llm = await setup((req) => `  Answer to ${req.lastUserText}  `, { concurrency: 2 });
    const { responses, failed } = await generateMany(new LlmGenerator(llm, { name: 'gen-a' }), tasks);
    expect(failed).toEqual([]);
    expect(server!.calls).toBe(6);
    expect(server!.maxInFlight).toBeLessThanOrEqual(2);
    expect(server!.requests.every((r) => r.body.temperature === 0)).toBe(true);
    expect(responses[1]).toEqual({ userId: 'u1', promptId: 'p1', generator: 'gen-a', mode: 'personalized_llm', text: 'Answer to Request 1', attributes: attrs });
    expect(responses[0]).toMatchObject({ mode: 'generic', attributes: [] });
    expect(new LlmGenerator(llm).name).toBe('local/gen-model');
  });

  it('a personalized task without attributes is refused before any call', async () => {
    const llm = await setup(() => 'x');
    await expect(new LlmGenerator(llm).generate({ userId: 'u', promptId: 'p', promptText: 'q', attributes: [], mode: 'personalized_human' })).rejects.toThrow(/has no attributes/);
    expect(server!.calls).toBe(0);
  });

  it('onError skip keeps the other responses and lists the failed task after the retries', async () => {
    const llm = await setup((req) => {
      if (req.lastUserText === 'Request 3') throw new Error('boom');
      return 'ok';
    });
    const { responses, failed } = await generateMany(new LlmGenerator(llm), tasks, { onError: 'skip' });
    expect(responses).toHaveLength(5);
    expect(failed.map((f) => f.task.promptId)).toEqual(['p3']);
    expect(server!.calls).toBe(7); // 5 + the failing one twice (one retry)
    await expect(generateMany(new LlmGenerator(llm), tasks)).rejects.toThrow();
  });
});

describe('attribute sources for attune respond', () => {
  const ds = loadDataset(path.join(projectRoot, 'examples', 'demo'));
  const yes = (userId: string, promptId: string) => ds.predictions.filter((p) => p.userId === userId && p.promptId === promptId && p.relevant).map((p) => p.attribute);

  it('llm:<system> and selector:votes:<system> give the recorded YES votes; human the majority labels; generic covers the same units', async () => {
    expect(parseAttributeSource('llm')).toEqual({ kind: 'llm', system: 'checklist' });
    expect(() => parseAttributeSource('people')).toThrow(/--attributes: must be/);
    const llm = await buildTasks(ds, 'personalized', parseAttributeSource('llm:demo-llm'));
    const sel = await buildTasks(ds, 'personalized', parseAttributeSource('selector:votes:demo-llm'));
    expect(llm.length).toBeGreaterThan(0);
    expect(llm.every((t) => t.mode === 'personalized_llm')).toBe(true);
    for (const t of llm) expect([...t.attributes].sort()).toEqual(yes(t.userId, t.promptId).sort());
    expect(sel.map((t) => [t.userId, t.promptId, [...t.attributes].sort()])).toEqual(llm.map((t) => [t.userId, t.promptId, [...t.attributes].sort()]));
    const generic = await buildTasks(ds, 'generic', parseAttributeSource('llm:demo-llm'), { limit: 2 });
    expect(generic.map((t) => [t.userId, t.promptId, t.attributes, t.mode])).toEqual(llm.slice(0, 2).map((t) => [t.userId, t.promptId, [], 'generic']));
    await expect(buildTasks(ds, 'personalized', parseAttributeSource('llm'))).rejects.toThrow(/no recorded predictions of system "checklist" \(it has: votes:demo-llm\)/);
  });

  it('selector:bm25 fits its threshold on the labels, then selects from each user\'s profile', async () => {
    const tasks = await buildTasks(ds, 'personalized', parseAttributeSource('selector:bm25'));
    expect(tasks.length).toBeGreaterThan(0);
    const profiles = new Map(ds.profiles.map((p) => [p.userId, new Set(p.attributes.map((a) => a.text))]));
    for (const t of tasks) for (const a of t.attributes) expect(profiles.get(t.userId)!.has(a)).toBe(true);
    expect(tasks.every((t) => t.mode === 'personalized_llm' && t.attributes.length > 0)).toBe(true);
  });
});
