import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import {
  AttuneError, extractAttributes, generateResponse, InvalidArgumentError, judgeResponses, mergeAttributes, selectAttributes, verifyAttributes,
} from '../../src/index.js';
import { bowEmbedder } from '../support/fake-embedder.js';

/** The error a call rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to reject');
}

/** A model that fails the test if any verb calls it: a bad option must be refused before that. */
const untouchable = new MockLanguageModelV3({
  doGenerate: async () => {
    throw new Error('the model was called despite an invalid option');
  },
});

/** What a bad call must reject with: an InvalidArgumentError naming the parameter and keeping the value. */
async function expectInvalid(p: Promise<unknown>, parameter: string, value?: unknown): Promise<void> {
  const e = await rejection(p);
  expect(AttuneError.isInstance(e), String(e)).toBe(true);
  expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
  const err = e as InvalidArgumentError;
  expect(err.code).toBe('invalid_argument');
  expect(err.parameter).toBe(parameter);
  expect(err.message.startsWith(`${parameter}: `)).toBe(true);
  if (value !== undefined) expect(err.value).toEqual(value);
}

describe("the verbs check their options first, and throw coded invalid-argument errors (not TypeErrors)", () => {
  it('selectAttributes', async () => {
    await expectInvalid(selectAttributes({ prompt: 42 as unknown as string, attributes: ['The user keeps bees.'], embedder: bowEmbedder }), 'prompt', 42);
    await expectInvalid(selectAttributes({ prompt: 'Plan my weekend', attributes: 'The user keeps bees.' as unknown as string[], embedder: bowEmbedder }), 'attributes');
    await expectInvalid(selectAttributes({ prompt: 'Plan my weekend', attributes: ['ok', 7 as unknown as string], embedder: bowEmbedder }), 'attributes.1', 7);
    await expectInvalid(selectAttributes({ prompt: 'Plan my weekend', attributes: [], selector: { name: 'mine', select: async () => [] }, model: untouchable }), 'model');
    await expectInvalid(selectAttributes(undefined as unknown as { prompt: string }), 'options');
  });

  it('extractAttributes', async () => {
    await expectInvalid(extractAttributes({}), 'conversations');
    await expectInvalid(extractAttributes({ messages: [{ role: 'user', content: 'I keep bees.' }] }), 'userId');
    await expectInvalid(extractAttributes({ userId: 'u1', messages: [{ role: 'user', content: 'I keep bees.' }], concurrency: 0 }), 'concurrency', 0);
  });

  it('verifyAttributes: exactly one of verifier and model', async () => {
    await expectInvalid(verifyAttributes({ userId: 'u1', attributes: [], conversations: [] }), 'verifier');
    await expectInvalid(verifyAttributes({ userId: 'u1', attributes: [], conversations: [], verifier: 'v.json', model: untouchable }), 'model');
  });

  it('mergeAttributes', async () => {
    await expectInvalid(mergeAttributes({ attributes: [{ text: 'The user keeps bees.', evidence: [], members: [] }], threshold: 5, embedder: bowEmbedder }), 'threshold', 5);
  });

  it('generateResponse and judgeResponses, before the model is called', async () => {
    await expectInvalid(generateResponse({ model: untouchable, prompt: '' }), 'prompt', '');
    await expectInvalid(generateResponse({ model: undefined as unknown as string, prompt: 'Plan my weekend' }), 'model');
    await expectInvalid(generateResponse({ model: untouchable, prompt: 'Plan my weekend', maxTokens: 1.5 }), 'maxTokens', 1.5);
    await expectInvalid(judgeResponses({ model: untouchable, prompt: 'Plan my weekend', generic: 'a', personalized: 'b', attributes: [] }), 'attributes');
    await expectInvalid(judgeResponses({ model: untouchable, prompt: 'Plan my weekend', generic: 'a', personalized: 7 as unknown as string, attributes: ['The user keeps bees.'] }), 'personalized', 7);
  });
});
