/**
 * The offline extractor on the self-written corpus (test/extract/corpus.ts): it hears everyday first-person
 * statements and keeps no junk. `npx tsx test/extract/corpus-report.ts` prints what it misses.
 */
import { describe, expect, it } from 'vitest';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { wellFormed } from '../../src/stages/extract/quality.js';
import { HEAR, HEAR_HELD_OUT, NOTHING } from './corpus.js';
import { conversationOf, scoreCorpus } from './corpus-score.js';

describe('offline extractor on the self-written corpus', () => {
  it('finds at least 90% of the expected attributes and no junk', () => {
    const s = scoreCorpus();
    expect(s.junkItems).toEqual([]);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('finds most of a held-out set written after its rules (measured untuned: 15 of 17)', () => {
    expect(scoreCorpus(undefined, HEAR_HELD_OUT).recall).toBeGreaterThanOrEqual(0.8);
  });

  it('every attribute it emits reads as a sentence about the user', () => {
    const x = new OfflineExtractor();
    for (const c of [...HEAR, ...NOTHING]) for (const a of x.extractSync(conversationOf(c))) expect(wellFormed(a.text), a.text).toBe(true);
  });

  it.each([
    ['The user is a their team is only four people', false],
    ['The user lives in their two cats', false],
    ['The user prefers short', false],
    ['The user is alone', true],
    ['The user prefers short answers', true],
    ['The user lives in Berlin', true],
  ])('wellFormed(%j) is %s', (text, ok) => {
    expect(wellFormed(text)).toBe(ok);
  });
});
