import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';

type Structured = Record<string, unknown>;

/** Calls a tool and returns its structured output (failing the test on a tool error). */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Structured> {
  const r = await client.callTool({ name, arguments: args });
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  const text = (r.content as { type: string; text?: string }[]).find((c) => c.type === 'text')?.text;
  // The same answer as text, for clients that read only text.
  expect(JSON.parse(text!)).toEqual(r.structuredContent);
  return r.structuredContent as Structured;
}

/** What every transport must show: the six tools with schemas, and remember -> profile -> select -> forget. */
export async function rememberProfileSelectForget(client: Client, userId: string): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(['correct', 'forget', 'profile', 'remember', 'search', 'select']);
  for (const t of tools) {
    expect(t.inputSchema.type).toBe('object');
    expect(t.inputSchema.required).toContain('userId');
    expect(t.outputSchema?.type).toBe('object');
  }

  const remembered = await call(client, 'remember', {
    userId,
    messages: [
      { role: 'user', parts: [{ type: 'text', text: "I'm vegetarian and I love hiking in the mountains." }] },
      { role: 'assistant', content: 'Noted.' },
      { role: 'user', content: [{ type: 'text', text: 'I have two kids.' }, { type: 'image', image: 'data:,' }] },
    ],
  });
  expect((remembered.changes as unknown[]).length).toBeGreaterThan(0);
  expect(remembered.warnings).toEqual(['messages[2]: 1 image part ignored (attune reads text parts only)']);

  const profile = await call(client, 'profile', { userId });
  const attrs = profile.attributes as { id: string; text: string }[];
  expect(attrs.map((a) => a.text).join(' ')).toMatch(/vegetarian/i);

  const sel = await call(client, 'select', { userId, prompt: 'Suggest a vegetarian dinner' });
  const chosen = sel.attributes as { id: string; text: string; score: number }[];
  expect(chosen.map((a) => a.text).join(' ')).toMatch(/vegetarian/i);
  expect(typeof chosen[0]!.score).toBe('number');
  expect(typeof sel.threshold).toBe('number');

  const veg = attrs.find((a) => /vegetarian/i.test(a.text))!;
  const found = await call(client, 'search', { userId, query: 'vegetarian food', topK: 1 });
  expect((found.attributes as { id: string; score: number }[]).map((a) => a.id)).toEqual([veg.id]);
  const one = await call(client, 'forget', { userId, attributeId: veg.id });
  expect(one.deleted).toBeGreaterThan(0);
  const after = await call(client, 'profile', { userId });
  expect((after.attributes as { id: string }[]).map((a) => a.id)).not.toContain(veg.id);
  await call(client, 'forget', { userId });
  expect((await call(client, 'profile', { userId })).attributes).toEqual([]);

  // A bad argument is a tool error naming it, not a crash.
  const bad = await client.callTool({ name: 'correct', arguments: { userId, attributeId: 'nope', action: 'confirm' } });
  expect(bad.isError).toBe(true);
  expect(JSON.stringify(bad.content)).toMatch(/unknown_attribute/);
}
