import { describe, expect, it } from 'vitest';
import type { Rating, ResponsePair } from '../../src/model/index.js';
import { ALL, auditJudges, mentionDelta, roundedKappa } from '../../src/eval/judge-audit.js';
import { itemKey } from '../../src/eval/mention.js';

/*
 * ILLUSTRATIVE, SELF-WRITTEN ratings (no person or model produced them). Every audit figure below is
 * worked out by hand in the comments and matched exactly.
 *
 * Pairs: p1 (G1, prompt 1), p2 (G1, prompt 2), p3 (G2, prompt 1), p4 (G2, prompt 3).
 * Items: i1 = (p1, a), i2 = (p1, b), i3 = (p2, a), i4 = (p3, c), i5 = (p4, d).
 *
 * people h1 h2 h3         human mean    judge J1 (gf, pf)   J1 mean   mention
 * i1     4  4  5          13/3          5, 4                4.5       yes
 * i2     3  3  3          3             3, 3                3         no
 * i3     2  3  1          2             3, 2                2.5       no
 * i4     3  3  2          8/3           3, 4                3.5       yes
 * i5     5  5  5          5             5, 5                5         (unknown)
 *
 * J2 rates i1 = 5 (generic_first), i3 = 4 (generic_first), i5 = 3 (no order); plus one rating of a pair
 * that does not exist.
 */
const pair = (id: string, generator: string, promptId: string, attrs: string[]): ResponsePair => ({
  id, userId: `u-${id}`, promptId, generator, generic: `generic ${id}`, personalized: `personalized ${id}`, attributes: attrs.map((text) => ({ text, relevant: true })),
});
const PAIRS = [pair('p1', 'G1', '1', ['a', 'b']), pair('p2', 'G1', '2', ['a']), pair('p3', 'G2', '1', ['c']), pair('p4', 'G2', '3', ['d'])];
const ITEMS: [string, string][] = [['p1', 'a'], ['p1', 'b'], ['p2', 'a'], ['p3', 'c'], ['p4', 'd']];
const HUMAN = [[4, 4, 5], [3, 3, 3], [2, 3, 1], [3, 3, 2], [5, 5, 5]];
const J1 = [[5, 4], [3, 3], [3, 2], [3, 4], [5, 5]];

const RATINGS: Rating[] = [
  ...ITEMS.flatMap(([pairId, attribute], i) => HUMAN[i]!.map((score, h) => ({ rater: `h${h + 1}`, raterKind: 'human' as const, pairId, attribute, score }))),
  ...ITEMS.flatMap(([pairId, attribute], i) => [
    { rater: 'J1', raterKind: 'llm' as const, pairId, attribute, score: J1[i]![0]!, order: 'generic_first' as const },
    { rater: 'J1', raterKind: 'llm' as const, pairId, attribute, score: J1[i]![1]!, order: 'personalized_first' as const },
  ]),
  { rater: 'J2', raterKind: 'llm', pairId: 'p1', attribute: 'a', score: 5, order: 'generic_first' },
  { rater: 'J2', raterKind: 'llm', pairId: 'p2', attribute: 'a', score: 4, order: 'generic_first' },
  { rater: 'J2', raterKind: 'llm', pairId: 'p4', attribute: 'd', score: 3 },
  { rater: 'J2', raterKind: 'llm', pairId: 'nope', attribute: 'a', score: 3, order: 'generic_first' },
];
const MENTIONS = new Map([
  [itemKey('p1', 'a'), true],
  [itemKey('p1', 'b'), false],
  [itemKey('p2', 'a'), false],
  [itemKey('p3', 'c'), true],
]);

const audit = auditJudges(RATINGS, PAIRS, { mentions: MENTIONS, iterations: 200 });
const cell = (judge: string, generator: string) => audit.judges.find((c) => c.judge === judge && c.generator === generator)!;
const human = (generator: string) => audit.humans.find((c) => c.generator === generator)!;

describe('judge audit on a hand-computed fixture (illustrative ratings)', () => {
  it('counts what it left out', () => {
    expect(audit.unmatched).toBe(1);
    expect(audit.unordered).toBe(1);
    expect(audit.judges.map((c) => `${c.judge}/${c.generator}`)).toEqual(['J1/all', 'J1/G1', 'J1/G2', 'J2/all', 'J2/G1', 'J2/G2']);
  });

  it('J1 over all items', () => {
    const c = cell('J1', ALL);
    expect(c.items).toBe(5);
    expect(c.prompts).toBe(3);
    // (4.5 + 3 + 2.5 + 3.5 + 5) / 5
    expect(c.judgeMean.estimate).toBeCloseTo(3.7, 12);
    // (13/3 + 3 + 2 + 8/3 + 5) / 5 = 51/15
    expect(c.humanMean.estimate).toBeCloseTo(3.4, 12);
    expect(c.gap.estimate).toBeCloseTo(0.3, 12);
    // ranks judge [4,2,1,3,5], human [4,3,1,2,5]: sum d^2 = 2, rho = 1 - 6*2/(5*24) = 0.9
    expect(c.spearman.estimate).toBeCloseTo(0.9, 12);
    // rounded judge [5,3,3,4,5] (2.5 -> 3, 3.5 -> 4, 4.5 -> 5), rounded human [4,3,2,3,5]
    // observed weighted disagreement (counts, weights (d/4)^2): 3 cells at distance 1 -> 3/16, times n = 15/16
    // expected: judge {3:2,4:1,5:2} x human {2:1,3:2,4:1,5:1}: sum rowA*colB*d^2 = 12 + 7 + 36 = 55 -> 55/16
    // kappa = 1 - 15/55 = 8/11
    expect(c.kappa.estimate).toBeCloseTo(8 / 11, 12);
    // mentioned i1, i4; not i2, i3; i5 unknown
    expect(c.mentionItems).toBe(4);
    expect(c.mentioned).toBe(2);
    // judge (4.5 + 3.5)/2 - (3 + 2.5)/2 = 4 - 2.75
    expect(c.judgeMentionDelta.estimate).toBeCloseTo(1.25, 12);
    // people (13/3 + 8/3)/2 - (3 + 2)/2 = 3.5 - 2.5
    expect(c.humanMentionDelta.estimate).toBeCloseTo(1, 12);
    // judge <= 3: i2, i3; people <= 3: i2, i3, i4
    expect(c.judgeNoBetter.estimate).toBeCloseTo(0.4, 12);
    expect(c.humanNoBetter.estimate).toBeCloseTo(0.6, 12);
  });

  it('J1 per generator', () => {
    const g1 = cell('J1', 'G1');
    expect(g1.items).toBe(3);
    expect(g1.judgeMean.estimate).toBeCloseTo(10 / 3, 12); // (4.5 + 3 + 2.5)/3
    expect(g1.humanMean.estimate).toBeCloseTo(28 / 9, 12); // (13/3 + 3 + 2)/3
    expect(g1.spearman.estimate).toBeCloseTo(1, 12); // same order
    // rounded judge [5,3,3] vs human [4,3,2]: observed 2/16 * 3 = 6/16; expected {3:2,5:1} x {2,3,4}: (2+0+2) + (9+4+1) = 18 -> 18/16
    expect(g1.kappa.estimate).toBeCloseTo(2 / 3, 12);
    expect(g1.judgeMentionDelta.estimate).toBeCloseTo(4.5 - 2.75, 12);
    expect(g1.humanMentionDelta.estimate).toBeCloseTo(13 / 3 - 2.5, 12);
    expect(g1.judgeNoBetter.estimate).toBeCloseTo(2 / 3, 12);
    expect(g1.humanNoBetter.estimate).toBeCloseTo(2 / 3, 12);

    const g2 = cell('J1', 'G2');
    expect(g2.items).toBe(2);
    expect(g2.judgeMean.estimate).toBeCloseTo(4.25, 12);
    expect(g2.humanMean.estimate).toBeCloseTo(23 / 6, 12); // (8/3 + 5)/2
    expect(g2.spearman.estimate).toBeCloseTo(1, 12);
    // rounded judge [4,5] vs human [3,5]: observed 1/16 * 2; expected (4,3)1 + (4,5)1 + (5,3)4 + (5,5)0 = 6 -> 1 - 2/6
    expect(g2.kappa.estimate).toBeCloseTo(2 / 3, 12);
    // only a mentioned item has a flag: no contrast
    expect(g2.judgeMentionDelta.estimate).toBeNaN();
    expect(g2.judgeNoBetter.estimate).toBe(0);
    expect(g2.humanNoBetter.estimate).toBeCloseTo(0.5, 12);
  });

  it('J2, single order, three items', () => {
    const c = cell('J2', ALL);
    expect(c.items).toBe(3);
    expect(c.judgeMean.estimate).toBeCloseTo(4, 12); // (5 + 4 + 3)/3
    expect(c.humanMean.estimate).toBeCloseTo(34 / 9, 12); // (13/3 + 2 + 5)/3
    // judge ranks [3,2,1], human [2,1,3]: sum d^2 = 1 + 1 + 4 = 6, rho = 1 - 36/24 = -0.5
    expect(c.spearman.estimate).toBeCloseTo(-0.5, 12);
    expect(audit.position.some((p) => p.judge === 'J2')).toBe(false);
  });

  it('position bias of J1 from both orders', () => {
    const p = audit.position.find((x) => x.judge === 'J1' && x.generator === ALL)!;
    expect(p.items).toBe(5);
    expect(p.meanGenericFirst).toBeCloseTo(19 / 5, 12); // 5 + 3 + 3 + 3 + 5
    expect(p.meanPersonalizedFirst).toBeCloseTo(18 / 5, 12); // 4 + 3 + 2 + 4 + 5
    // d = pf - gf: -1, 0, -1, +1, 0
    expect(p.meanDiff.estimate).toBeCloseTo(-0.2, 12);
    // verdicts: i3 same -> worse, i4 same -> better flip; i1 better/better, i2 same/same, i5 better/better
    expect(p.flipShare.estimate).toBeCloseTo(0.4, 12);
    const g1 = audit.position.find((x) => x.judge === 'J1' && x.generator === 'G1')!;
    expect(g1.meanDiff.estimate).toBeCloseTo(-2 / 3, 12);
    expect(g1.flipShare.estimate).toBeCloseTo(1 / 3, 12);
  });

  it('people alone', () => {
    const h = human(ALL);
    expect(h).toMatchObject({ items: 5, pairs: 4, prompts: 3, raters: 3, ratings: 15, mentionItems: 4, mentioned: 2 });
    expect(h.mean.estimate).toBeCloseTo(3.4, 12);
    expect(h.noBetter.estimate).toBeCloseTo(0.6, 12);
    // pair means: p1 (4+4+5+3+3+3)/6 = 11/3, p2 2, p3 8/3, p4 5 -> p2 and p3 are no better
    expect(h.noBetterPairs.estimate).toBeCloseTo(0.5, 12);
    expect(h.mentionDelta.estimate).toBeCloseTo(1, 12);
    expect(human('G2')).toMatchObject({ items: 2, pairs: 2, prompts: 2 });
  });

  it('intervals bracket the estimate and repeat exactly', () => {
    const c = cell('J1', ALL);
    for (const ci of [c.judgeMean, c.humanMean, c.gap, c.judgeNoBetter, c.humanNoBetter]) {
      expect(ci.low).toBeLessThanOrEqual(ci.estimate + 1e-12);
      expect(ci.high).toBeGreaterThanOrEqual(ci.estimate - 1e-12);
    }
    const again = auditJudges(RATINGS, PAIRS, { mentions: MENTIONS, iterations: 200 });
    expect(again).toEqual(audit);
  });

  it('helpers', () => {
    expect(mentionDelta([5, 4, 2, 1], [true, true, false, false])).toBe(3);
    expect(mentionDelta([5], [true])).toBeNaN();
    expect(roundedKappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).toBe(1);
    expect(roundedKappa([2.5, 3.49], [3, 3])).toBeNaN(); // both all-3 after rounding: no expected disagreement
  });

  it('works without mention flags and without people', () => {
    const a = auditJudges(RATINGS.filter((r) => r.raterKind === 'llm'), PAIRS);
    expect(a.judges).toEqual([]);
    expect(a.humans).toEqual([]);
    expect(a.position.find((p) => p.judge === 'J1' && p.generator === ALL)!.flipShare.estimate).toBeCloseTo(0.4, 12);
  });
});
