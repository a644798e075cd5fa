import { expect } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';

const ex = new OfflineExtractor();

/** What the offline extractor keeps from one user message. */
export function texts(say: string): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: say }] };
  return ex.extractSync(c).map((a) => a.text);
}
export const none = (re: RegExp) => expect.not.arrayContaining([expect.stringMatching(re)]);
export const some = (re: RegExp) => expect.arrayContaining([expect.stringMatching(re)]);
