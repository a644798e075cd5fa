import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonlResponseCache, MemoryResponseCache } from '../../src/llm/cache.js';
import { createLlmClient, type LlmClientOptions } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { type TestLlmRequest, type TestLlmServer } from '../../src/llm/testing/server.js';
import type { Conversation } from '../../src/model/index.js';
import { EXTRACTION_SYSTEM_PROMPT, extractProfilesConcurrently, LlmExtractor, normalizeAttributeText } from '../../src/stages/extract/llm-extractor.js';
import { tempDir } from '../support/tmp.js';
import { useTestServers } from '../support/llm-servers.js';
import { E2E } from '../support/tier.js';

const serve = useTestServers();
function clientFor(server: TestLlmServer, opts: Partial<LlmClientOptions> = {}) {
  return createLlmClient({
    model: 'local/m',
    config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }),
    retry: { baseDelayMs: 5, jitter: 0, maxRetries: 3 },
    random: () => 0.5,
    ...opts,
  });
}

const conv = (id: string, userId: string, ...texts: string[]): Conversation => ({
  id, userId, turns: texts.map((text, index) => ({ index, role: index % 2 === 0 ? 'user' : 'assistant', text })),
});

/** The conversation id the extraction prompt names (also in repair turns: the first user message stays). */
function convIdOf(req: TestLlmRequest): string {
  const first = req.body.messages.find((m) => m.role === 'user');
  return JSON.parse(/Conversation ("[^"]*"):/.exec(String(first?.content))![1]!) as string;
}

describe('LlmExtractor over real HTTP', () => {
  it('sends the guarded prompt with a json_schema, and checks evidence ids and sensitive traits', async () => {
    const server = await serve({
      script: () => ({
        json: {
          attributes: [
            { text: 'The user works night shifts as a nurse.', reason: 'says so', confidence: 0.9, evidenceTurns: [0, 0] },
            { text: 'is learning Japanese', reason: 'studies Japanese every evening', confidence: 0.7, evidenceTurns: [2, 17] },
            { text: 'The user owns a boat.', reason: 'no idea', confidence: 0.4, evidenceTurns: [42] }, // no such turn, no overlap: dropped
            { text: 'The user sleeps during the day.', reason: 'works nights, sleeps during the day', confidence: 0.6, evidenceTurns: [99] }, // repaired by overlap
            { text: 'The user is depressed.', reason: 'tired', confidence: 0.5, evidenceTurns: [0] }, // sensitive, not stated: dropped
            { text: 'The user works night shifts as a nurse.', reason: 'dup', confidence: 0.9, evidenceTurns: [0] }, // duplicate
          ],
        },
      }),
    });
    const ex = new LlmExtractor(clientFor(server));
    const c = conv('c1', 'u1', "I'm a nurse and I work night shifts, so I sleep during the day.", 'Blackout curtains help.', 'I study Japanese every evening.', 'Great.');
    const attrs = await ex.extract(c);
    expect(attrs.map((a) => [a.text, a.evidence.map((e) => e.turnIndex)])).toEqual([
      ['The user works night shifts as a nurse.', [0]],
      ['The user is learning Japanese', [2]],
      ['The user sleeps during the day.', [0]],
    ]);
    expect(attrs.every((a) => a.source === 'llm:local/m' && a.evidence.every((e) => e.conversationId === 'c1'))).toBe(true);
    expect(ex.check).toEqual({ invalidIds: 3, repaired: 1, droppedNoEvidence: 1, droppedSensitive: 1, droppedAuthority: 0 });

    const body = server.requests[0]!.body;
    expect(body.response_format?.type).toBe('json_schema');
    expect(body.response_format?.json_schema?.schema).toMatchObject({ properties: { attributes: { type: 'array' } } });
    const system = String(body.messages[0]!.content);
    expect(system).toBe(EXTRACTION_SYSTEM_PROMPT);
    for (const guard of [/overgeneralize from a single request/i, /evidence/i, /role-play/i, /translate/i, /on its own/i, /sensitive traits/i, /religion/i]) expect(system).toMatch(guard);
    expect(String(body.messages[1]!.content)).toContain('{"turn":2,"speaker":"user","text":"I study Japanese every evening."}');
  });

  it('keeps a sensitive attribute the user states about themselves', async () => {
    const server = await serve({ script: () => ({ json: { attributes: [{ text: 'The user has asthma.', reason: 'says "I have asthma"', confidence: 0.9, evidenceTurns: [0] }] } }) });
    const attrs = await new LlmExtractor(clientFor(server)).extract(conv('c1', 'u1', 'I have asthma, which running shoes are best for winter?', '...'));
    expect(attrs.map((a) => a.text)).toEqual(['The user has asthma.']);
  });

  it('makes no call for a conversation without user turns', async () => {
    const server = await serve({ script: () => ({ json: { attributes: [] } }) });
    expect(await new LlmExtractor(clientFor(server)).extract({ id: 'c', userId: 'u', turns: [{ index: 0, role: 'assistant', text: 'hi' }] })).toEqual([]);
    expect(server.calls).toBe(0);
  });

  it('normalises attribute texts to "The user ..."', () => {
    expect(normalizeAttributeText('  likes  jazz ')).toBe('The user likes jazz');
    expect(normalizeAttributeText('User prefers tea.')).toBe('The user prefers tea.');
    expect(normalizeAttributeText('the user runs.')).toBe('The user runs.');
    expect(normalizeAttributeText(' ')).toBeUndefined();
  });
});

// 12 conversations of 4 users; the script answers by conversation id, so any run order gives the same output.
const convs = Array.from({ length: 12 }, (_, i) => conv(`c${i}`, `u${i % 4}`, `I have ${i + 1} plants on my balcony and I water them daily.`, 'Nice.'));
const script = (req: TestLlmRequest) => {
  const id = convIdOf(req);
  const n = Number(id.slice(1)) + 1;
  return { json: { attributes: [{ text: `The user has ${n} plants.`, reason: `says "I have ${n} plants"`, confidence: 0.8, evidenceTurns: [0] }] } };
};
const faults = { byCall: { 2: { kind: '429' as const, retryAfter: '0' }, 4: { kind: '500' as const }, 5: { kind: 'malformed' as const }, 9: { kind: 'malformed' as const } } };

describe('an LLM extraction run that meets faults, is killed and resumes', () => {
  it('resumes from the cache with zero repeated calls and the output of an uninterrupted run', async () => {
    // Reference: one uninterrupted run with the same faults.
    const refServer = await serve({ script, faults, latencyMs: 5 });
    const reference = await extractProfilesConcurrently(new LlmExtractor(clientFor(refServer, { cache: new MemoryResponseCache() })), convs, { concurrency: 1 });
    const needed = refServer.calls; // 12 extractions + 2 retries + 2 repair turns
    expect(needed).toBe(16);
    expect([...reference.values()].flat()).toHaveLength(12);

    // The run that gets killed: abort as the 8th request arrives.
    const dir = tempDir('attune-llm-extract-');
    const cacheFile = path.join(dir, 'cache.jsonl');
    const controller = new AbortController();
    const server = await serve({ script, faults, latencyMs: 5, onRequest: (r) => (r.call === 8 ? controller.abort(new Error('killed')) : undefined) });
    const killed = new LlmExtractor(clientFor(server, { cache: new JsonlResponseCache(cacheFile) }), { signal: controller.signal });
    await expect(extractProfilesConcurrently(killed, convs, { concurrency: 1 })).rejects.toThrow();
    const firstRun = server.requests.slice();
    expect(firstRun).toHaveLength(8);
    const answered = new Set(firstRun.filter((r) => r.status === 200).map((r) => JSON.stringify(r.body.messages)));
    expect(answered.size).toBeGreaterThan(0);

    // Resume: a new process would open the same cache file; the server keeps counting.
    const resumedCache = new JsonlResponseCache(cacheFile);
    expect(resumedCache.size).toBe(answered.size);
    const resumed = await extractProfilesConcurrently(new LlmExtractor(clientFor(server, { cache: resumedCache })), convs, { concurrency: 1 });
    const secondRun = server.requests.slice(firstRun.length);
    const repeated = secondRun.filter((r) => answered.has(JSON.stringify(r.body.messages)));
    expect(repeated).toHaveLength(0);
    expect(resumed).toEqual(reference);
    // Every answer the killed run paid for was replayed, and only the rest was asked for.
    expect(secondRun.filter((r) => r.status === 200).length + answered.size).toBe(12 + 2); // extractions + repair turns

    // A third run replays everything offline.
    server.reset();
    const replay = await extractProfilesConcurrently(new LlmExtractor(clientFor(server, { cache: new JsonlResponseCache(cacheFile) })), convs, { concurrency: 4 });
    expect(server.calls).toBe(0);
    expect(replay).toEqual(reference);
    expect(fs.readFileSync(cacheFile, 'utf8').trim().split('\n')).toHaveLength(14);
  });

  it('keeps input order at any concurrency and overlaps calls', async () => {
    const server = await serve({ script, latencyMs: (r) => 5 + ((r.call * 7) % 11) });
    const seq = await extractProfilesConcurrently(new LlmExtractor(clientFor(server, { cache: false })), convs, { concurrency: 1 });
    server.reset();
    const progress: number[] = [];
    const par = await extractProfilesConcurrently(new LlmExtractor(clientFor(server, { cache: false, limits: { concurrency: 8 } })), convs, { concurrency: 8, onProgress: (d) => progress.push(d) });
    expect(par).toEqual(seq);
    expect([...par.keys()]).toEqual(['u0', 'u1', 'u2', 'u3']);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe('attune extract --extractor llm (CLI, real process)', E2E, () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const tsxLoader = path.join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

  /** Runs the CLI in one process (node --import tsx), so SIGKILL really kills the run. */
  function run(args: string[], env: Record<string, string>, onSpawn?: (p: ChildProcess) => void): Promise<{ code: number | null; signal: string | null; stderr: string }> {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, ['--import', pathToFileURL(tsxLoader).href, path.join(root, 'src/cli/main.ts'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      onSpawn?.(p);
      p.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  }

  it('is SIGKILLed mid-run and resumes from its cache with zero repeated calls and the same profiles', async () => {
    const dir = tempDir('attune-cli-llm-');
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'conversations.jsonl'), convs.slice(0, 10).map((c) => JSON.stringify(c)).join('\n') + '\n');
    const cliFaults = { byCall: { 2: { kind: '429' as const, retryAfter: '0' }, 4: { kind: 'malformed' as const } } };
    const args = (cache: string, out: string) => ['extract', '--data', data, '--format', 'attune', '--extractor', 'llm', '--model', 'local/m', '--llm-cache', cache, '--concurrency', '1', '--out', out];

    const refServer = await serve({ script, faults: cliFaults, latencyMs: 20 });
    const ref = await run(args(path.join(dir, 'ref.jsonl'), path.join(dir, 'ref-profiles.jsonl')), { ATTUNE_LLM_BASE_URL: refServer.baseURL });
    expect(ref.code, ref.stderr).toBe(0);
    expect(ref.stderr).toMatch(/paid 11 calls .*replayed 0 .*1 retries, 1 repairs/); // 10 extractions + 1 repair turn; the 429 is a retry;

    let child: ChildProcess | undefined;
    // The request that triggers the kill is held long enough that the dying process cannot receive its answer.
    const server = await serve({ script, faults: cliFaults, latencyMs: (r) => (r.call === 7 ? 3000 : 20), onRequest: (r) => (r.call === 7 ? child?.kill('SIGKILL') : undefined) });
    const env = { ATTUNE_LLM_BASE_URL: server.baseURL };
    const cache = path.join(dir, 'cache.jsonl');
    const out = path.join(dir, 'profiles.jsonl');
    const killed = await run(args(cache, out), env, (p) => (child = p));
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.existsSync(out)).toBe(false); // nothing half-written
    const first = server.requests.length;
    const answered = new Set(server.requests.filter((r) => r.status === 200).map((r) => JSON.stringify(r.body.messages)));
    expect(answered.size).toBeGreaterThanOrEqual(4);

    const resumed = await run(args(cache, out), env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const repeated = server.requests.slice(first).filter((r) => answered.has(JSON.stringify(r.body.messages)));
    expect(repeated).toHaveLength(0);
    expect(resumed.stderr).toContain(`replayed ${answered.size} from jsonl:`);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(dir, 'ref-profiles.jsonl'), 'utf8'));
  }, 60_000);
});
