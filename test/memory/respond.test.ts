import path from 'node:path';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { createAttune } from '../../src/memory/index.js';
import { labelledItems, trainVerifier, writeVerifyModel, type Verifier } from '../../src/stages/extract/verify/index.js';
import { openStore } from '../../src/store/index.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { chat } from './support.js';

const dir = tempDir('attune-mem-respond-');
const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, text: 2, reasoning: undefined } };

/** A model that extracts "The user loves jazz" (structured calls) and answers "Try Kind of Blue." (text calls). */
function llmModel() {
  return new MockLanguageModelV3({
    doGenerate: async (o) => {
      const json = o.responseFormat?.type === 'json';
      const text = json
        ? JSON.stringify({ attributes: [{ text: 'The user loves jazz', reason: 'says "I love jazz"', confidence: 0.9, evidenceTurns: [0] }, { text: 'The user is a pilot', reason: 'guess', confidence: 0.9, evidenceTurns: [42] }] })
        : 'Try Kind of Blue.';
      return { content: [{ type: 'text', text }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
    },
  });
}

async function llmCacheRows(file: string): Promise<number> {
  const store = await openStore(file);
  try {
    const r = await store.db.selectFrom('llm_cache').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await store.close();
  }
}

describe('with a model: LLM extractor, respond, and forget deleting the LLM cache rows', () => {
  it('remembers through the LLM extractor (evidence checked), responds with the selection, forget removes the cached calls', async () => {
    const file = path.join(dir, 'llm.sqlite');
    const model = llmModel();
    const attune = createAttune({ store: file, embedder: bowEmbedder, model });
    const r = await attune.remember({ userId: 'j', messages: [{ role: 'user', content: 'I love jazz. Any album tips?' }] });
    expect(r.changes.map((c) => c.text)).toEqual(['The user loves jazz']);
    // turn 42 does not exist; the repair path finds no user turn sharing words with "pilot", so it is dropped there
    const answer = await attune.respond({ userId: 'j', prompt: 'recommend a jazz album' });
    expect(answer.text).toBe('Try Kind of Blue.');
    expect(answer.attributes.map((a) => a.text)).toEqual(['The user loves jazz']);
    const sent = model.doGenerateCalls.at(-1)!.prompt.find((m) => m.role === 'system')!.content as string;
    expect(sent).toMatch(/- "The user loves jazz"/);
    await attune.remember({ userId: 'k', messages: [{ role: 'user', content: 'I love jazz too, truly.' }] });
    expect(await llmCacheRows(file)).toBe(3);
    await attune.forget({ userId: 'j' });
    expect(await llmCacheRows(file)).toBe(1); // k's extraction call stays
    expect((await attune.profile({ userId: 'k' })).attributes.map((a) => a.text)).toEqual(['The user loves jazz']);
    await attune.close();
  });
});

describe('verifier gate', () => {
  it('a Verifier object: flagged attributes are not remembered and are reported', async () => {
    const verifier: Verifier = {
      name: 'no-jazz',
      verify: async (items) => items.map((i) => ({ userId: i.userId, attribute: i.attribute.text, flagged: /jazz/.test(i.attribute.text), verdict: 'makes_sense', reason: 'jazz is never right' })),
    };
    const attune = createAttune({ store: path.join(dir, 'v.sqlite'), embedder: bowEmbedder, verifier });
    const r = await attune.remember({ userId: 'v', messages: chat("I'm a nurse. I love jazz.") });
    expect(r.changes.map((c) => c.text)).toEqual(['The user is a nurse']);
    expect(r.dropped).toEqual([{ text: 'The user loves jazz', reason: 'verifier no-jazz: jazz is never right' }]);
    await attune.close();
  });

  it('a verifier model file from train verify plugs in by path', async () => {
    const ds = loadDataset(path.join(projectRoot, 'examples', 'verify'));
    const { model } = await trainVerifier(labelledItems(ds).items, { embedder: bowEmbedder, cv: false });
    const file = path.join(dir, 'verifier.json');
    writeVerifyModel(file, model);
    const attune = createAttune({ store: path.join(dir, 'vf.sqlite'), embedder: bowEmbedder, verifier: file });
    const r = await attune.remember({ userId: 'w', messages: chat("I'm a nurse. I love jazz. I have two kids.") });
    expect(r.changes.length + r.dropped.length).toBe(3);
    expect(r.dropped.every((d) => d.reason.startsWith(`verifier verifier:${file}`))).toBe(true);
    await attune.close();
  });
});
