import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { evaluateSelector } from '../../src/eval/select.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { MemoryResponseCache } from '../../src/llm/cache.js';
import { parseRelevanceAnswer } from '../../src/llm/relevance-judge.js';
import { StoreResponseCache } from '../../src/store/llm-cache.js';
import { startTestLlmServer, type TestLlmRequest, type TestLlmServer } from '../../src/llm/testing/server.js';
import { BatchedJudgeSelector, batchJudgmentSchema, buildBatchRelevancePrompt } from '../../src/stages/select/batched-judge.js';
import { judgeTotals, LlmJudgeSelector, type JudgeUsage } from '../../src/stages/select/llm-judge.js';
import type { SelectionPair } from '../../src/stages/select/selector.js';
import { VoteSelector } from '../../src/stages/select/votes.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { recordedGpt54 } from '../support/recorded.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { REPLICATION } from '../support/tier.js';

// ---------------------------------------------------------------- a scripted judge

/** Topics: an attribute is relevant to a request iff they share a topic word. */
const TOPICS = ['cooking', 'python', 'running', 'poetry', 'finance', 'travel'];

function synthPairs(): SelectionPair[] {
  const pairs: SelectionPair[] = [];
  const prompts = [
    { id: 'p1', text: 'Give me a quick cooking plan for a week of dinners.' },
    { id: 'p2', text: 'How do I read a CSV file in python and plot a column?' },
    { id: 'p3', text: 'Write a short poetry piece about travel by train.' },
  ];
  for (let u = 0; u < 6; u++) {
    const attrs = TOPICS.map((t, k) => `The user ${k % 2 ? 'enjoys' : 'is interested in'} ${t}${u % 3 === 0 ? '' : ` (user ${u})`}.`);
    attrs.push('The user writes in a formal register.', 'The user lives in a small town.');
    for (const p of prompts) for (const a of attrs) pairs.push({ userId: `u${u}`, promptId: p.id, attribute: a, promptText: p.text });
  }
  return pairs;
}

const topicOf = (s: string) => TOPICS.filter((t) => s.toLowerCase().includes(t));
const ruleRelevant = (attribute: string, promptText: string) => topicOf(attribute).some((t) => topicOf(promptText).includes(t));

/** The request, attribute and numbered attributes of a judge prompt (each a JSON string on its line). */
function requestText(body: string): string {
  return JSON.parse(/characters shown\):\n(.*)/.exec(body)![1]!) as string;
}
const attributeText = (body: string) => JSON.parse(/User attribute: (.*)\n/.exec(body)![1]!) as string;
const numberedAttributes = (body: string) => [...body.matchAll(/^(\d+)\. (".*)$/gm)].map((m) => JSON.parse(m[2]!) as string);

/** Answers both kinds of judge call by the topic rule; the first batched call leaves out one index. */
function judgeScript(): (req: TestLlmRequest) => string {
  let batched = 0;
  return (req) => {
    const first = String(req.body.messages[0]!.content);
    const promptText = requestText(first);
    if (!req.wantsJson) {
      const attribute = attributeText(first);
      const yes = ruleRelevant(attribute, promptText);
      return `${yes ? 'The topic matches the request.' : 'Unrelated to the request.'}\n\nAnswer: ${yes ? 'YES' : 'NO'}`;
    }
    const attrs = numberedAttributes(first);
    let judgments = attrs.map((a, i) => ({ index: i + 1, reason: ruleRelevant(a, promptText) ? 'topic matches' : 'unrelated', relevant: ruleRelevant(a, promptText) }));
    if (req.body.messages.length === 1 && ++batched === 1) judgments = judgments.slice(1); // forgets index 1
    return JSON.stringify({ judgments });
  };
}

describe('per-pair and batched judges against a scripted server', () => {
  let server: TestLlmServer;
  const config = () => loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } });
  beforeAll(async () => {
    server = await startTestLlmServer({ script: judgeScript() });
  });
  afterAll(() => server.close());

  it('decide the same pairs; the batched judge uses one call per (user, prompt) and far fewer tokens', async () => {
    const pairs = synthPairs();
    const expected = pairs.map((p) => ruleRelevant(p.attribute, p.promptText));
    const distinct = new Set(pairs.map((p) => `${p.attribute}|${p.promptText}`)).size;
    expect(pairs).toHaveLength(144);
    expect(distinct).toBe(3 * (8 + 4 * 6)); // users 0 and 3 share their attribute texts

    server.reset();
    const progress: number[] = [];
    const perPair = new LlmJudgeSelector(createLlmClient({ model: 'local/judge', config: config(), limits: { concurrency: 8 } }), {
      onProgress: (d, t) => progress.push(d / t),
    });
    const a = await perPair.select(pairs);
    const perPairCalls = server.calls;
    expect(a.map((s) => s.relevant)).toEqual(expected);
    expect(perPairCalls).toBe(distinct); // a repeated request is sent once
    expect(server.requests.every((r) => r.body.temperature === 0)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toHaveLength(pairs.length);

    server.reset();
    const batched = new BatchedJudgeSelector(createLlmClient({ model: 'local/judge', config: config(), limits: { concurrency: 8 } }));
    const b = await batched.select(pairs);
    const batchedCalls = server.calls;
    expect(b.map((s) => s.relevant)).toEqual(expected);
    // 6 users x 3 prompts, users 0 and 3 asking the same question: 15 requests, plus one repair turn
    expect(batchedCalls).toBe(15 + 1);
    expect(server.requests.every((r) => r.body.response_format?.type === 'json_schema')).toBe(true);
    const repair = server.requests.find((r) => r.body.messages.length > 1)!;
    expect(String(repair.body.messages.at(-1)!.content)).toMatch(/no judgment for index 1 \(give exactly one entry for each index 1\.\.8\)/);

    const pu = perPair.usage();
    const bu = batched.usage();
    expect(pu).toMatchObject({ pairs: 144, requests: distinct, repairs: 0, failed: 0 });
    expect(pu.paid.calls).toBe(perPairCalls);
    expect(bu).toMatchObject({ pairs: 144, requests: 15, repairs: 1, failed: 0 });
    expect(bu.paid.calls).toBe(batchedCalls);
    // token figures are the server's estimates (4 characters a token), identical on every run
    const row = (name: string, u: ReturnType<typeof judgeTotals>) =>
      `${name.padEnd(10)} calls ${String(u.calls).padStart(4)}  input ${String(u.inputTokens).padStart(6)}  output ${String(u.outputTokens).padStart(5)}  per pair ${(u.totalTokens / 144).toFixed(1)}`;
    console.log(`144 pairs (6 users x 3 prompts x 8 attributes)\n${row('per-pair', judgeTotals(pu))}\n${row('batched', judgeTotals(bu))}`);
    expect(bu.paid.inputTokens).toBeLessThan(pu.paid.inputTokens / 3);
    expect(bu.paid.totalTokens).toBeLessThan(pu.paid.totalTokens / 2);

    // a rerun on the same clients is served by their caches
    server.reset();
    await perPair.select(pairs);
    await batched.select(pairs);
    expect(server.calls).toBe(0);
    expect(perPair.usage().replayed.calls).toBe(distinct);
    expect(batched.usage().replayed.calls).toBe(16);
  });

  it('batched: a reply that never covers every attribute is retried afresh, then marked missing or thrown', async () => {
    const bad = await startTestLlmServer({ script: () => JSON.stringify({ judgments: [{ index: 1, reason: 'r', relevant: true }, { index: 1, reason: 'r', relevant: false }] }) });
    try {
      const cfg = loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: bad.baseURL } });
      const pairs = synthPairs().filter((p) => p.userId === 'u0' && p.promptId === 'p1').slice(0, 3);
      const marked = new BatchedJudgeSelector(createLlmClient({ model: 'local/j', config: cfg, maxRepairs: 1 }), { onError: 'mark' });
      const out = await marked.select(pairs);
      expect(out.every((o) => o.missing)).toBe(true);
      expect(bad.calls).toBe(4); // (ask + 1 repair) twice: once from the cache path, once refreshed
      expect(String(bad.requests[1]!.body.messages.at(-1)!.content)).toMatch(/more than one judgment for index 1.*no judgment for index 2, 3|no judgment for index 2, 3; more than one judgment for index 1/);
      expect(marked.usage()).toMatchObject({ failed: 1, pairs: 0, requests: 1 });
      const strict = new BatchedJudgeSelector(createLlmClient({ model: 'local/j', config: cfg, maxRepairs: 0 }));
      await expect(strict.select(pairs)).rejects.toThrow(/no valid JSON/);
    } finally {
      await bad.close();
    }
  });

  it('batched prompt carries the paper guidance and the schema checks indices', () => {
    const p = buildBatchRelevancePrompt(['The user is a nurse.', 'The user likes jazz.'], 'x'.repeat(900));
    expect(p).toContain('1. "The user is a nurse."\n2. "The user likes jazz."');
    expect(p).toMatch(/implicitly\s\(tone, vocabulary, examples, level of detail, framing\)/);
    expect(p).toMatch(/word-for-word the same/);
    expect(p).toContain(`${'x'.repeat(800)}…`);
    const s = batchJudgmentSchema(2, false);
    expect(s.safeParse({ judgments: [{ index: 2, relevant: true }, { index: 1, relevant: false }] }).success).toBe(true);
    expect(s.safeParse({ judgments: [{ index: 1, relevant: true }, { index: 3, relevant: false }] }).success).toBe(false);
  });

  it('per-pair: a call that fails for good is marked missing with onError: mark', async () => {
    const flaky = await startTestLlmServer({ script: () => 'Answer: YES', faults: { byCall: () => ({ kind: '500' }) } });
    try {
      const cfg = loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: flaky.baseURL } });
      const llm = createLlmClient({ model: 'local/j', config: cfg, cache: new MemoryResponseCache(), retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
      const sel = new LlmJudgeSelector(llm, { onError: 'mark' });
      const out = await sel.select(synthPairs().slice(0, 2));
      expect(out).toEqual([{ relevant: false, missing: true }, { relevant: false, missing: true }]);
      expect(sel.usage().failed).toBe(2);
      await expect(new LlmJudgeSelector(llm).select(synthPairs().slice(0, 1))).rejects.toThrow();
    } finally {
      await flaky.close();
    }
  });
});

// ---------------------------------------------------------------- the paper's gpt-5.4 votes, replayed



describe.skipIf(!hasShared('recenter-pilot'))('llm:local/gpt-5.4 replaying the recorded votes over HTTP', REPLICATION, () => {
  let server: TestLlmServer;
  let store: Store;
  let outputs: Map<string, string>;
  let perPairUsage: JudgeUsage | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-judge-'));
  beforeAll(async () => {
    outputs = recordedGpt54();
    server = await startTestLlmServer({ recorded: { outputs: new Map([...outputs].map(([k, v]) => [k, { content: v }])) } });
    store = await openStore(path.join(dir, 'attune.sqlite'));
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reproduces the recorded figures (P 0.346 R 0.828 F1 0.488 on 2,967 pairs), then replays from the store cache with no calls', async () => {
    const ds = loadDataset(sharedPath('recenter-pilot'));
    const llm = { config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }), cache: new StoreResponseCache(store), concurrency: 16 };
    const sel = await makeSelector('llm:local/gpt-5.4', ds, { llm });
    expect(sel).toBeInstanceOf(LlmJudgeSelector);
    const r = await evaluateSelector(ds, sel, { iterations: 200 });
    expect(r.n).toBe(2967);
    expect(r.precision).toBeCloseTo(0.346, 3);
    expect(r.recall).toBeCloseTo(0.828, 3);
    expect(r.f1).toBeCloseTo(0.488, 3);
    expect(server.calls).toBe(2967);
    expect(server.requests.every((q) => q.status === 200 && q.body.temperature === 0)).toBe(true);
    // the same decisions as the recorded votes, pair by pair
    const votes = await evaluateSelector(ds, new VoteSelector(ds.predictions, 'votes:gpt-5.4', { round: 'task5' }), { iterations: 10 });
    expect(r.predictions.map((p) => p.relevant)).toEqual(votes.predictions.map((p) => p.relevant));
    const u = (sel as LlmJudgeSelector).usage();
    expect(u).toMatchObject({ model: 'local/gpt-5.4', pairs: 2967, requests: 2967, failed: 0 });
    expect(u.paid.calls).toBe(2967);
    expect(u.replayed.calls).toBe(0);
    perPairUsage = u;

    const again = await makeSelector('llm:local/gpt-5.4', ds, { llm: { ...llm, cache: new StoreResponseCache(store) } });
    const r2 = await evaluateSelector(ds, again, { iterations: 200 });
    expect(server.calls).toBe(2967); // nothing new over the network
    expect(r2.f1).toBe(r.f1);
    expect((again as LlmJudgeSelector).usage().replayed.calls).toBe(2967);
    expect((again as LlmJudgeSelector).usage().paid.calls).toBe(0);
  });

  it('batched on the same pairs: 1 call per (user, prompt) instead of 1 per pair (tokens side by side)', async () => {
    // No recorded batched outputs exist: the script answers with the recorded gpt-5.4 verdicts and the first
    // sentence of its reasoning, so input tokens are real prompt sizes and output tokens a plausible estimate.
    const verdicts = new Map<string, { relevant: boolean; reason: string }>();
    for (const [k, v] of outputs) {
      const attribute = attributeText(k);
      const request = requestText(k);
      const reason = v.replace(/\s+/g, ' ').replace(/Answer: (YES|NO)\s*$/, '').split(/(?<=[.!?])\s/)[0]!.slice(0, 200);
      verdicts.set(`${attribute}\u0000${request}`, { relevant: parseRelevanceAnswer(v).answer === 'YES', reason });
    }
    const batchServer = await startTestLlmServer({
      script: (req) => {
        const text = String(req.body.messages[0]!.content);
        const request = requestText(text);
        const attrs = numberedAttributes(text);
        return JSON.stringify({
          judgments: attrs.map((a, i) => {
            const v = verdicts.get(`${a}\u0000${request}`)!;
            return { index: i + 1, reason: v.reason, relevant: v.relevant };
          }),
        });
      },
    });
    try {
      const ds = loadDataset(sharedPath('recenter-pilot'));
      const config = loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: batchServer.baseURL } });
      const sel = await makeSelector('llm-batch:local/gpt-5.4', ds, { llm: { config, concurrency: 16 } });
      expect(sel).toBeInstanceOf(BatchedJudgeSelector);
      const r = await evaluateSelector(ds, sel, { iterations: 50 });
      expect(r.n).toBe(2967);
      expect(r.f1).toBeCloseTo(0.488, 3); // same verdicts by construction: this measures calls and tokens only
      const bu = (sel as BatchedJudgeSelector).usage();
      const groups = new Set(ds.labels.filter((l) => l.round === 'task5').map((l) => `${l.userId}|${l.promptId}`)).size;
      expect(bu.requests).toBe(groups);
      expect(batchServer.calls).toBe(groups);
      const pu = perPairUsage ? judgeTotals(perPairUsage) : undefined;
      const b = judgeTotals(bu);
      console.log(
        `recenter-pilot task5, 2,967 pairs in ${groups} (user, prompt) groups (tokens: server estimate, 4 chars/token)\n` +
          (pu ? `per-pair  calls ${pu.calls}  input ${pu.inputTokens}  output ${pu.outputTokens}  total ${pu.totalTokens}\n` : '') +
          `batched   calls ${b.calls}  input ${b.inputTokens}  output ${b.outputTokens}  total ${b.totalTokens}`,
      );
      if (pu) expect(b.inputTokens).toBeLessThan(pu.inputTokens / 5);
    } finally {
      await batchServer.close();
    }
  });
});

