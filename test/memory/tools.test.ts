import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, describe, expect, it } from 'vitest';
import { attuneTools } from '../../src/memory/tools.js';
import { tempDir } from '../support/tmp.js';
import { sqliteAttune } from './support.js';

const dir = tempDir('attune-tools-');
const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, text: 2, reasoning: undefined } };

type Call = { tool: string; input: unknown };

/** A model that calls the given tools one step at a time, then answers; `seen`: the tool results its last call was sent. */
function agent(calls: Call[]) {
  let step = 0;
  const seen: unknown[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async ({ prompt }) => {
      seen.length = 0; // each call is sent every result so far
      for (const m of prompt) if (m.role === 'tool') for (const p of m.content) if (p.type === 'tool-result') seen.push(p.output);
      const c = calls[step++];
      if (!c) return { content: [{ type: 'text', text: 'Done.' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
      return {
        content: [{ type: 'tool-call', toolCallId: `call-${step}`, toolName: c.tool, input: JSON.stringify(c.input) }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage, warnings: [],
      };
    },
  });
  return { model, seen };
}

describe('attuneTools with generateText and a model that calls them', () => {
  const { attune } = sqliteAttune(dir, 'tools');
  afterAll(() => attune.close());

  it('remember (UI messages), profile, select, correct and forget run for the bound user only', async () => {
    const tools = attuneTools({ attune, userId: 'ana' });
    expect(Object.keys(tools).sort()).toEqual(['correct', 'forget', 'profile', 'remember', 'search', 'select']);

    const uiMessages = [
      { id: 'm1', role: 'user', parts: [{ type: 'text', text: "I'm vegetarian and I love hiking in the mountains." }, { type: 'file', mediaType: 'image/png', url: 'data:,' }] },
      { id: 'm2', role: 'assistant', parts: [{ type: 'text', text: 'Noted.' }] },
    ];
    const a = agent([{ tool: 'remember', input: { messages: uiMessages } }, { tool: 'profile', input: {} }]);
    const r1 = await generateText({ model: a.model, tools, prompt: 'remember this', stopWhen: stepCountIs(5) });
    expect(r1.text).toBe('Done.');
    const remembered = r1.steps[0]!.toolResults[0]!.output as { changes: { text: string }[]; warnings: string[] };
    expect(remembered.changes.map((c) => c.text).join(' ')).toMatch(/vegetarian/i);
    expect(remembered.warnings).toEqual(['messages[0]: 1 file part ignored (attune reads text parts only)']);
    const profile = r1.steps[1]!.toolResults[0]!.output as { attributes: { id: string; text: string }[] };
    expect(profile.attributes.length).toBe(remembered.changes.length);
    // The model was sent the tool results.
    expect(a.seen).toHaveLength(2);

    // Another user sees nothing of ana's.
    expect((await attune.profile({ userId: 'bo' })).attributes).toEqual([]);

    const veg = profile.attributes.find((x) => /vegetarian/i.test(x.text))!;
    const found = await tools.search.execute!({ query: 'vegetarian food', topK: 1 }, { toolCallId: 's', messages: [] });
    expect(found).toMatchObject({ attributes: [{ id: veg.id }] });
    expect(typeof (found as { attributes: { score: number }[] }).attributes[0]!.score).toBe('number');
    const b = agent([
      { tool: 'select', input: { prompt: 'Suggest a vegetarian dinner' } },
      { tool: 'correct', input: { attributeId: veg.id, action: 'confirm' } },
      { tool: 'forget', input: { attributeId: veg.id } },
    ]);
    const r2 = await generateText({ model: b.model, tools, prompt: 'dinner?', stopWhen: stepCountIs(5) });
    const sel = r2.steps[0]!.toolResults[0]!.output as { attributes: { id: string; score?: number }[]; threshold?: number; selector: string };
    expect(sel.attributes.map((x) => x.id)).toContain(veg.id);
    expect(typeof sel.attributes[0]!.score).toBe('number');
    expect(sel.selector).toBe('default');
    expect(typeof sel.threshold).toBe('number');
    expect(r2.steps[1]!.toolResults[0]!.output).toMatchObject({ attribute: { id: veg.id, confirmed: true } });
    expect((r2.steps[2]!.toolResults[0]!.output as { deleted: number }).deleted).toBeGreaterThan(0);
    expect((await attune.profile({ userId: 'ana' })).attributes.map((x) => x.id)).not.toContain(veg.id);
  });

  it('bad arguments from the model are refused by the schema and reach nothing', async () => {
    const tools = attuneTools({ attune, userId: 'cy' });
    const a = agent([{ tool: 'correct', input: { attributeId: 'x', action: 'delete-all' } }]);
    const r = await generateText({ model: a.model, tools, prompt: 'x', stopWhen: stepCountIs(3) });
    const err = r.steps[0]!.content.find((c) => c.type === 'tool-error');
    expect(err).toBeDefined();
    expect((await attune.profile({ userId: 'cy' })).attributes).toEqual([]);
  });

  it('a key the schema does not know (another userId, a misspelt one) is refused, not dropped', async () => {
    const tools = attuneTools({ attune, userId: 'cy' });
    const a = agent([{ tool: 'remember', input: { userId: 'ana', messages: [{ role: 'user', content: 'I am a pilot.' }] } }]);
    const r = await generateText({ model: a.model, tools, prompt: 'x', stopWhen: stepCountIs(3) });
    const err = r.steps[0]!.content.find((c) => c.type === 'tool-error');
    expect(String((err as { error?: unknown } | undefined)?.error)).toMatch(/userId/);
    expect((await attune.profile({ userId: 'cy' })).attributes).toEqual([]);
  });

  it('userId is checked when the tools are made', () => {
    expect(() => attuneTools({ attune, userId: '' })).toThrow(/userId/);
  });
});

