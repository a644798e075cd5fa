import { describe, expect, it } from 'vitest';
import {
  assignOrder,
  buildComparisonPrompt,
  buildPreferencePrompt,
  comparisonRatings,
  orderedResponses,
  parseComparisonOutput,
  parsePreferenceOutput,
  preferredResponse,
  swapOrder,
  toPersonalizedScale,
} from '../../src/stages/respond/judge-prompts.js';

// Hand-written judge outputs (illustrative, not recorded from a model).
const ATTRS = ['The user is a teacher.', 'The user prefers short answers.', 'The user is vegan.'];
const input = { promptText: 'How do I explain fractions?', attributes: ATTRS, generic: 'GENERIC TEXT', personalized: 'PERSONALIZED TEXT' };

describe('seeded order', () => {
  it('is a pure function of seed and pair id, balanced, and swappable', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `pair-${i}`);
    const a = ids.map((id) => assignOrder(7, id));
    expect(ids.map((id) => assignOrder(7, id))).toEqual(a);
    // Order of processing does not matter.
    expect([...ids].reverse().map((id) => assignOrder(7, id))).toEqual([...a].reverse());
    const gf = a.filter((o) => o === 'generic_first').length;
    expect(gf).toBeGreaterThan(160);
    expect(gf).toBeLessThan(240);
    // Another seed gives another assignment.
    expect(ids.map((id) => assignOrder(8, id))).not.toEqual(a);
    expect(swapOrder('generic_first')).toBe('personalized_first');
    expect(swapOrder(swapOrder('personalized_first'))).toBe('personalized_first');
  });

  it('maps scores to the personalized scale by order', () => {
    expect(orderedResponses(input, 'generic_first')).toEqual({ a: 'GENERIC TEXT', b: 'PERSONALIZED TEXT' });
    expect(orderedResponses(input, 'personalized_first')).toEqual({ a: 'PERSONALIZED TEXT', b: 'GENERIC TEXT' });
    expect([1, 2, 3, 4, 5].map((s) => toPersonalizedScale(s, 'generic_first'))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3, 4, 5].map((s) => toPersonalizedScale(s, 'personalized_first'))).toEqual([5, 4, 3, 2, 1]);
  });
});

describe('prompts', () => {
  it('comparison prompt: numbered attributes, A/B in the given order, the scale, the mention warning, the JSON shape', () => {
    const p = buildComparisonPrompt({ ...input, order: 'personalized_first' });
    expect(p).toContain('1. "The user is a teacher."\n2. "The user prefers short answers."\n3. "The user is vegan."');
    expect(p.indexOf('PERSONALIZED TEXT')).toBeLessThan(p.indexOf('GENERIC TEXT'));
    expect(p).toMatch(/Response A:\n"PERSONALIZED TEXT/);
    expect(p).toContain('1 = B is much worse, 2 = B is somewhat worse, 3 = no difference, 4 = B is somewhat better, 5 = B is much better');
    expect(p).toContain('Mentioning an attribute is not automatically better');
    expect(p).toContain('{"ratings": [{"attribute": 1, "score": <1-5>}, {"attribute": 2, "score": <1-5>}, {"attribute": 3, "score": <1-5>}]}');
    // The judge is not told which response is personalized (the texts here are placeholders that say so).
    expect(p.replace('PERSONALIZED TEXT', '').replace('GENERIC TEXT', '')).not.toMatch(/personali[sz]ed|generic|no profile/i);
    const q = buildComparisonPrompt({ ...input, order: 'generic_first' });
    expect(q.indexOf('GENERIC TEXT')).toBeLessThan(q.indexOf('PERSONALIZED TEXT'));
  });

  it('preference prompt', () => {
    const p = buildPreferencePrompt({ ...input, order: 'generic_first' });
    expect(p).toMatch(/Response A:\n"GENERIC TEXT/);
    expect(p).toContain('{"preference": "A" | "B" | "tie"}');
  });
});

describe('comparison parser', () => {
  it('reads the final JSON after reasoning that contains braces', () => {
    const out = `<think>Let me think {not json}</think>
The teacher angle {is} covered well in B.
\`\`\`json
{"ratings": [{"attribute": 1, "score": 5}, {"attribute": 2, "score": "2"}, {"attribute": 3, "score": 3}]}
\`\`\``;
    expect(parseComparisonOutput(out, 3)).toEqual({ scores: [5, 2, 3], via: 'json', missing: [] });
  });

  it('accepts attribute texts as keys and reports missing ones', () => {
    const out = '{"ratings": [{"attribute": "the user is vegan.", "score": 4}, {"attribute": "1", "score": 1}]}';
    expect(parseComparisonOutput(out, 3, ATTRS)).toEqual({ scores: [1, undefined, 4], via: 'json', missing: [2] });
  });

  it('rejects out-of-range JSON scores and falls back to text', () => {
    const out = `1. Teacher: B is somewhat better (4/5)
2. Short answers - score: 2
3) vegan: no difference
{"ratings": [{"attribute": 1, "score": 7}]}`;
    expect(parseComparisonOutput(out, 3)).toEqual({ scores: [4, 2, 3], via: 'text', missing: [] });
  });

  it('text fallback: bold numbers, "Attribute i", [i], verbal labels, last mention wins', () => {
    const out = `**Attribute 1:** 3
- [2] much worse
Attribute 3 - 4
Final answer:
Attribute 1: 5`;
    expect(parseComparisonOutput(out, 3)).toEqual({ scores: [5, 1, 4], via: 'text', missing: [] });
  });

  it('nothing usable', () => {
    expect(parseComparisonOutput('I cannot compare these.', 2)).toEqual({ scores: [undefined, undefined], via: 'text', missing: [1, 2] });
  });

  it('turns a parse into Rating records on the paper scale with the order', () => {
    const parsed = { scores: [5, undefined, 2], via: 'json' as const, missing: [2] };
    expect(comparisonRatings(parsed, 'p1', ATTRS, 'gpt-x', 'personalized_first')).toEqual([
      { rater: 'gpt-x', raterKind: 'llm', pairId: 'p1', attribute: ATTRS[0], score: 1, order: 'personalized_first' },
      { rater: 'gpt-x', raterKind: 'llm', pairId: 'p1', attribute: ATTRS[2], score: 4, order: 'personalized_first' },
    ]);
  });
});

describe('preference parser', () => {
  it('JSON, text lines and a final "Response X"', () => {
    expect(parsePreferenceOutput('Thinking... {"preference": "B"}')).toEqual({ letter: 'B', via: 'json' });
    expect(parsePreferenceOutput('{"preference": "Tie"}')).toEqual({ letter: 'tie', via: 'json' });
    expect(parsePreferenceOutput('A is longer.\n**Preference:** A')).toEqual({ letter: 'A', via: 'text' });
    expect(parsePreferenceOutput('Winner: Response B')).toEqual({ letter: 'B', via: 'text' });
    expect(parsePreferenceOutput('Both are fine.\nOverall I would pick Response A.')).toEqual({ letter: 'A', via: 'text' });
    expect(parsePreferenceOutput('{"preference": "C"}\nno idea')).toBeUndefined();
  });

  it('maps the letter back through the order', () => {
    expect(preferredResponse('B', 'generic_first')).toBe('personalized');
    expect(preferredResponse('B', 'personalized_first')).toBe('generic');
    expect(preferredResponse('A', 'personalized_first')).toBe('personalized');
    expect(preferredResponse('tie', 'generic_first')).toBe('tie');
  });
});
