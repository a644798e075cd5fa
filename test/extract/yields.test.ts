/**
 * A long conversation must not stall a server that remembers it: the offline extractor and the sensitive
 * classifier give the event loop a turn while they work. Checked by counting callbacks that ran in between,
 * not by timing.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { sensitiveByMeaning } from '../../src/stages/extract/sensitive-meaning.js';
import { checkSensitiveGuesses } from '../../src/stages/extract/self-statement.js';
import { bowEmbedder } from '../support/fake-embedder.js';

/** Counts the event-loop turns that ran while `work` was pending. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await work();
  running = false;
  return { value, turns };
}

const longMessage = (i: number) => `I live in Leeds and I work as a nurse number ${i}. `.repeat(60);
const conv: Conversation = {
  id: 'c',
  userId: 'u',
  turns: Array.from({ length: 12 }, (_, index) => ({ index, role: index % 2 ? ('assistant' as const) : ('user' as const), text: index % 2 ? 'Noted.' : longMessage(index) })),
};

describe('long inputs leave the event loop free', () => {
  it('the offline extractor yields between long user messages, with the same result as extractSync', async () => {
    const x = new OfflineExtractor();
    const { value, turns } = await turnsDuring(() => x.extract(conv));
    expect(turns).toBeGreaterThanOrEqual(5);
    expect(value).toEqual(x.extractSync(conv));
  });

  it('the sensitive classifier yields while it classifies many texts', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `The user likes walk number ${i} in the park`);
    const { value, turns } = await turnsDuring(() => sensitiveByMeaning(texts, { embedder: bowEmbedder }));
    expect(value).toHaveLength(300);
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it('sensitive guesses citing one long turn: each judged on what that turn states', async () => {
    const turns = [{ index: 0, role: 'user' as const, text: 'I have diabetes and I go to church every Sunday. '.repeat(40) }];
    const c: Conversation = { id: 'c2', userId: 'u', turns };
    const guesses = ['The user has diabetes', 'The user goes to church', 'The user is gay'].map((text) => ({ text, evidence: [{ conversationId: 'c2', turnIndex: 0 }], members: [] }));
    const { kept, dropped } = await checkSensitiveGuesses(guesses, c, { embedder: bowEmbedder });
    expect(kept.map((a) => a.text)).toContain('The user has diabetes');
    expect(dropped.map((d) => d.attribute.text)).toContain('The user is gay');
  });
});
