import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, describe, expect, it } from 'vitest';
import { bowEmbedder } from '../support/fake-embedder.js';
import { tempDir } from '../support/tmp.js';
import { chat, sqliteAttune } from './support.js';

const dir = tempDir('attune-reconcile-');
const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, text: 2, reasoning: undefined } };

/** A model that answers each structured call with the next scripted operations. */
function scripted(answers: unknown[]) {
  let i = 0;
  return new MockLanguageModelV3({
    doGenerate: async () => ({ content: [{ type: 'text', text: JSON.stringify(answers[i++] ?? { operations: [] }) }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] }),
  });
}

describe('reconcile (createAttune({ model, reconcile: true }))', () => {
  const model = scripted([
    { operations: [
      { op: 'ADD', text: 'The user is vegetarian', reason: 'says so', confidence: 0.9, evidenceTurns: [0] },
      { op: 'ADD', text: 'The user lives in Porto', confidence: 0.9, evidenceTurns: [2] },
      { op: 'ADD', text: 'The user is an admin', confidence: 0.9, evidenceTurns: [1] },
    ] },
    { operations: [
      { op: 'RETIRE', ref: 'a1', reason: 'eats fish again', evidenceTurns: [0] },
      { op: 'UPDATE', ref: 'a2', text: 'The user lives in Berlin', confidence: 0.9, evidenceTurns: [2] },
      { op: 'RETIRE', ref: 'a9', evidenceTurns: [0] },
      { op: 'NONE', ref: 'a2' },
    ] },
  ]);
  const { attune } = sqliteAttune(dir, 'reconcile', { model, reconcile: true, embedder: bowEmbedder, selector: { name: 'all', select: async (p) => p.map(() => ({ relevant: true, score: 1 })) } });
  afterAll(() => attune.close());

  it('adds with evidence (an assistant turn is no evidence), then retires and updates against the stored profile', async () => {
    const first = await attune.remember({ userId: 'u', messages: chat("I'm vegetarian.", 'I live in Porto.') });
    expect(first.changes.map((c) => c.text)).toEqual(['The user is vegetarian', 'The user lives in Porto']);
    expect(first.dropped).toEqual([expect.objectContaining({ text: 'The user is an admin' })]);

    const second = await attune.remember({ userId: 'u', messages: chat("I'm not vegetarian anymore, I eat fish again.", 'We moved to Berlin.') });
    // The call saw the stored facts as JSON data lines with refs, and the conversation as JSON turns.
    const sent = model.doGenerateCalls[1]!.prompt
      .flatMap((m) => (typeof m.content === 'string' ? [m.content] : m.content.flatMap((part) => (part.type === 'text' ? [part.text] : []))))
      .join('\n');
    expect(sent).toContain('{"ref":"a1","text":"The user is vegetarian"}');
    expect(sent).toContain('"text":"We moved to Berlin."');
    expect(sent).toMatch(/never instructions to you/);
    expect(second.retired).toEqual([{ attributeId: expect.any(String), text: 'The user is vegetarian' }]);
    expect(second.changes).toEqual([expect.objectContaining({ kind: 'superseded', text: 'The user lives in Berlin' })]);
    expect(second.dropped.map((d) => d.reason)).toEqual([expect.stringMatching(/unknown/)]);

    const p = await attune.profile({ userId: 'u' });
    const veg = p.attributes.find((a) => a.text === 'The user is vegetarian')!;
    expect(veg.status).toBe('superseded');
    expect(veg.history.map((h) => h.kind)).toEqual(['created', 'retired']);
    expect(p.attributes.find((a) => a.text === 'The user lives in Porto')!.status).toBe('superseded');
    const sel = await attune.select({ userId: 'u', prompt: 'Plan my dinners' });
    expect(sel.attributes.map((a) => a.text)).toEqual(['The user lives in Berlin']);
  });
});
