import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { buildRelevancePrompt, judgeRelevance, judgeRelevanceMany, parseRelevanceAnswer } from '../../src/llm/relevance-judge.js';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';
import { readJsonlRaw } from '../support/recorded.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { PROMPT_MAX_CHARS } from '../../src/model/prompt.js';

describe('buildRelevancePrompt', () => {
  it('asks the paper question about one attribute and a prompt cut to 800 characters', () => {
    const long = 'x'.repeat(2000);
    const p = buildRelevancePrompt('The user is a nurse.', `${long}TAIL`);
    expect(p).toContain('User attribute: "The user is a nurse."');
    expect(p).toContain(`${'x'.repeat(PROMPT_MAX_CHARS)}…`);
    expect(p).not.toContain('x'.repeat(PROMPT_MAX_CHARS + 1));
    expect(p).not.toContain('TAIL');
    expect(p).toMatch(/change the response in any way, explicitly .* or implicitly\s+\(tone, vocabulary, examples, level of detail, framing\)/);
    expect(p).toMatch(/word-for-word the same/);
    expect(p.trim().split('\n').at(-1)).toMatch(/`Answer: YES` or `Answer: NO`\.$/);
    expect(buildRelevancePrompt('a', 'short prompt')).toContain('characters shown):\n"short prompt"\n');
  });
});

describe('parseRelevanceAnswer: the paper order', () => {
  const cases: [string, 'YES' | 'NO', string][] = [
    ['It matters for tone.\n\nAnswer: YES', 'YES', 'answer-line'],
    ['Answer: YES\nOn reflection, no.\nAnswer: NO', 'NO', 'answer-line'],
    ['**Answer:** yes', 'YES', 'answer-line'],
    ['Answer: **NO**', 'NO', 'answer-line'],
    ['<think>Answer: YES, surely</think>It does not matter. Answer: NO', 'NO', 'answer-line'],
    ['<think>long reasoning that ends with Answer: YES</think>', 'NO', 'default'],
    ['The answer is \\boxed{YES}', 'YES', 'boxed'],
    ['\\boxed{\\text{NO}} and YES elsewhere', 'NO', 'boxed'],
    ['Answer: NO \\boxed{YES}', 'NO', 'answer-line'],
    ['```json\n{"relevant": true, "reason": "tone"}\n```', 'YES', 'json'],
    ['{"decision": "NO"}', 'NO', 'json'],
    ['{"relevant": "yes"} but **NO**', 'YES', 'json'],
    ['I think **YES** at first, then **NO**.', 'NO', 'bold'],
    ['**YES** is my verdict, though NO one asked', 'YES', 'bold'],
    ['YES — it changes the examples. Well, maybe NO.', 'NO', 'standalone'],
    ['No, there is no effect.', 'NO', 'default'],
    ['Yes, it would change the framing.', 'NO', 'default'],
    ['', 'NO', 'default'],
  ];
  it.each(cases)('%j -> %s via %s', (output, answer, via) => {
    expect(parseRelevanceAnswer(output)).toEqual({ answer, via });
  });
});

interface Vote {
  attribute: string;
  raw_answer: string;
  relevant: boolean | string;
  full_output?: string;
}
interface VoteRecord {
  prompt_index?: number;
  user_id: string;
  items?: Vote[];
}


describe.skipIf(!hasShared('recenter-pilot'))('parseRelevanceAnswer on every recorded judge output', () => {
  it('recovers raw_answer from full_output for each one', () => {
    const files = ['relevance_task5', 'relevance_task3'].flatMap((d) =>
      fs
        .readdirSync(sharedPath('recenter-pilot', d))
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => `${d}/${f}`),
    );
    let checked = 0;
    const mismatches: string[] = [];
    for (const f of files) {
      for (const [line, rec] of readJsonlRaw<VoteRecord>(sharedPath('recenter-pilot', f)).entries()) {
        for (const [i, item] of (rec.items ?? []).entries()) {
          if (typeof item.full_output !== 'string') continue;
          checked++;
          const got = parseRelevanceAnswer(item.full_output);
          if (got.answer !== item.raw_answer) {
            mismatches.push(`${f}:${line + 1} items[${i}]: expected ${item.raw_answer}, got ${got.answer} via ${got.via}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(7000); // 7,204 outputs at the time of writing (3 files have none)
  });
});

describe.skipIf(!hasShared('recenter-pilot'))('the judge over HTTP, replaying recorded gpt-5.4 outputs', () => {
  let server: TestLlmServer | undefined;
  afterAll(() => server?.close());

  it('sends the built prompt and returns the recorded votes', async () => {
    const prompts = new Map(
      readJsonlRaw<{ prompt_index: number; user_id: string; prompt_text: string }>(sharedPath('recenter-pilot', 'extracted', 'task5_items.jsonl')).map(
        (r) => [`${r.prompt_index}|${r.user_id}`, r.prompt_text],
      ),
    );
    const votes = readJsonlRaw<VoteRecord>(sharedPath('recenter-pilot', 'relevance_task5', 'gpt-5.4.jsonl')).slice(0, 10);
    const pairs: { attribute: string; promptText: string; expected: string; relevant: boolean }[] = [];
    const outputs = new Map<string, string>();
    for (const rec of votes) {
      const promptText = prompts.get(`${rec.prompt_index}|${rec.user_id}`);
      if (promptText === undefined) throw new Error(`no prompt for ${rec.prompt_index}|${rec.user_id}`);
      for (const it of rec.items ?? []) {
        const key = buildRelevancePrompt(it.attribute, promptText);
        if (outputs.has(key) || typeof it.full_output !== 'string') continue; // a repeated pair is one request
        outputs.set(key, it.full_output);
        pairs.push({ attribute: it.attribute, promptText, expected: it.raw_answer, relevant: it.relevant === true || it.relevant === 'True' });
      }
    }
    server = await startTestLlmServer({ recorded: { outputs: [...outputs].map(([key, reply]) => ({ key, reply })) } });
    const llm = createLlmClient({ model: 'local/gpt-5.4', config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }), limits: { concurrency: 8 } });
    const got = await judgeRelevanceMany(llm, pairs);
    expect(got.map((g) => g.answer)).toEqual(pairs.map((p) => p.expected));
    expect(got.map((g) => g.relevant)).toEqual(pairs.map((p) => p.relevant));
    expect(server.calls).toBe(pairs.length);
    expect(server.requests.every((r) => r.body.temperature === 0)).toBe(true);
    // a second pass is served by the cache
    const again = await judgeRelevance(llm, pairs[0]!.attribute, pairs[0]!.promptText);
    expect(again.cached).toBe(true);
    expect(server.calls).toBe(pairs.length);
  });
});
