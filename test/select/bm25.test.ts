import { describe, expect, it } from 'vitest';
import { bm25Scores, Bm25Selector } from '../../src/stages/select/bm25.js';
import type { SelectionPair } from '../../src/stages/select/selector.js';

/*
 * Hand computation, k1 = 1.2, b = 0.75. Corpus: d1 = [a, b], d2 = [a, c, c], d3 = [d].
 * N = 3, avgdl = (2 + 3 + 1) / 3 = 2.
 * idf(c) = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(8/3)  = 0.980829  (df = 1)
 * idf(a) = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6)  = 0.470004  (df = 2)
 * length factor K(d) = k1 * (1 - b + b * |d| / avgdl):  K(d1) = 1.2 * (0.25 + 0.75) = 1.2,  K(d2) = 1.2 * (0.25 + 1.125) = 1.65
 * query [c]:    d2: idf(c) * 2 * 2.2 / (2 + 1.65) = 0.980829 * 4.4 / 3.65 = 0.980829 * 1.205479 = 1.182370;  d1 = d3 = 0
 * query [a, c]: d1: idf(a) * 1 * 2.2 / (1 + 1.2) = 0.470004 * 1 = 0.470004
 *               d2: idf(a) * 2.2 / (1 + 1.65) + 1.182370 = 0.470004 * 0.830189 + 1.182370 = 0.390192 + 1.182370 = 1.572562
 *               d3: 0
 */
describe('bm25Scores', () => {
  const docs = [['a', 'b'], ['a', 'c', 'c'], ['d']];

  it('matches the hand computation for a one-term query', () => {
    const s = bm25Scores(['c'], docs);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(1.18237, 5);
    expect(s[2]).toBe(0);
  });

  it('matches the hand computation for a two-term query', () => {
    const s = bm25Scores(['a', 'c'], docs);
    expect(s[0]).toBeCloseTo(0.470004, 5);
    expect(s[1]).toBeCloseTo(1.572562, 5);
    expect(s[2]).toBe(0);
  });

  it('counts a repeated query term again (qtf)', () => {
    const s = bm25Scores(['c', 'c'], docs);
    expect(s[1]).toBeCloseTo(2 * 1.18237, 5);
  });

  it('handles empty corpora, documents and queries', () => {
    expect(bm25Scores(['a'], [])).toEqual([]);
    expect(bm25Scores([], docs)).toEqual([0, 0, 0]);
    expect(bm25Scores(['a'], [[], ['a']])[0]).toBe(0);
  });
});

function pair(userId: string, promptId: string, promptText: string, attribute: string): SelectionPair {
  return { userId, promptId, promptText, attribute };
}

describe('Bm25Selector', () => {
  const pairs = [
    pair('u1', 'p1', 'Suggest a vegetarian pasta recipe', 'The user is vegetarian.'),
    pair('u1', 'p1', 'Suggest a vegetarian pasta recipe', 'The user plays chess.'),
    pair('u1', 'p1', 'Suggest a vegetarian pasta recipe', 'The user cooks pasta on weekends.'),
    pair('u2', 'p2', 'Explain the rules of chess openings', 'The user plays chess online.'),
    pair('u2', 'p2', 'Explain the rules of chess openings', 'The user likes jazz.'),
  ];

  it('scores keyword overlap within each user\'s profile, stemmed', async () => {
    const s = await new Bm25Selector().score(pairs);
    expect(s[0]).toBeGreaterThan(0);
    expect(s[1]).toBe(0);
    expect(s[2]).toBeGreaterThan(0);
    expect(s[3]).toBeGreaterThan(0);
    expect(s[4]).toBe(0);
  });

  it('needs a threshold: fit picks one, select applies it', async () => {
    const sel = new Bm25Selector();
    await expect(sel.select(pairs)).rejects.toThrow(/no threshold/);
    await sel.fit(pairs, [true, false, true, true, false]);
    expect(sel.threshold).toBeGreaterThan(0);
    const out = await sel.select(pairs);
    expect(out.map((o) => o.relevant)).toEqual([true, false, true, true, false]);
  });

  it('profile corpus: a user\'s scores do not depend on other users in the call', async () => {
    const sel = new Bm25Selector();
    const all = await sel.score(pairs);
    const alone = await sel.score(pairs.slice(0, 3));
    expect(alone).toEqual(all.slice(0, 3));
  });
});
