import { describe, expect, it } from 'vitest';
import { isStylePreference, isTonePreference } from '../../src/stages/select/request-kind.js';
import { selectAttributes } from '../../src/stages/select/select-attributes.js';

// A profile in the style of LLM-inferred ones (hedged interests, values and roles), self-written for this test.
const inferred = [
  'The user is possibly a retired engineer.',
  'The user may live near the coast, possibly in Cornwall.',
  'The user is interested in birdwatching.',
  'The user enjoys woodworking projects.',
  'The user values honesty and directness.',
  'The user may have grandchildren.',
  'The user is interested in naval history.',
  'The user likes jazz, particularly swing.',
  'The user is concerned about his health, possibly high blood pressure.',
  'The user uses a tablet more than a computer.',
  'The user is interested in sailing.',
  'The user may be a widower.',
  'The user reads detective novels.',
  'The user is likely on a pension.',
  'The user is interested in photography.',
  'The user enjoys cooking fish dishes.',
  'The user values practical advice over theory.',
  'The user is curious about astronomy.',
  'The user volunteers at a local museum.',
  'The user may be hard of hearing.',
];
const tone = ['The user values honesty and directness.', 'The user values practical advice over theory.'];

describe('tone and communication preferences (design 18)', () => {
  it('are told from values and likes that are facts about a life', () => {
    for (const a of ['The user values honesty and directness.', 'The user likes humour in conversations.', 'The user may be a non-native English speaker.', 'The user speaks English (not perfect)', 'The user has a formal writing style.', 'The user values thorough and well-researched answers.']) {
      expect(isTonePreference(a), a).toBe(true);
    }
    for (const a of ['The user values sustainability.', 'The user values efficiency.', 'The user likes formal dinners.', 'The user likes stand-up comedy.', 'The user is vegan.', 'The user speaks English (fluent)', 'The user speaks English (native)']) {
      expect(isTonePreference(a), a).toBe(false);
    }
    expect(isStylePreference('The user values honesty and directness.')).toBe(false);
  });

  it('shape an explanation, but not arithmetic or a haiku', async () => {
    const why = await selectAttributes({ prompt: 'Why is the sky blue?', attributes: inferred });
    expect(why.attributes).toEqual(tone);
    expect(why.reasons![4]).toBe('answer-style preference');
    expect((await selectAttributes({ prompt: 'What is 12% of 80?', attributes: inferred })).attributes).toEqual([]);
    expect((await selectAttributes({ prompt: 'Write a haiku about rain.', attributes: inferred })).attributes).toEqual([]);
  });

  it('a home near a city, or a named dog breed, counts for local and free-time plans', async () => {
    const r = await selectAttributes({ prompt: 'What should I do this Saturday?', attributes: ['The user lives near Porto', 'The user has a golden retriever', 'The user is vegan', 'The user works as an accountant'] });
    expect(r.attributes).toContain('The user lives near Porto');
    expect(r.attributes).toContain('The user has a golden retriever');
    expect(r.attributes).not.toContain('The user works as an accountant');
  });

  it('keep preferences about any text (emojis, the language) for a short message, but not ones about explanations', async () => {
    const prefs = ['The user prefers no emojis.', 'The user prefers short answers.', 'The user is a nurse.'];
    const r = await selectAttributes({ prompt: 'Write a message inviting my team to lunch', attributes: prefs });
    expect(r.attributes).toContain('The user prefers no emojis.');
    expect(r.attributes).not.toContain('The user prefers short answers.');
    expect((await selectAttributes({ prompt: 'What is 12% of 80?', attributes: prefs })).attributes).toEqual([]);
  });
});

describe('expected count for open requests (design 19)', () => {
  it('takes the best life facts of an open request even when none reaches the cut, and says so', async () => {
    const r = await selectAttributes({ prompt: 'How do I make my garden shed more secure?', attributes: inferred });
    const facts = r.attributes.filter((a) => !tone.includes(a));
    expect(facts.length).toBeGreaterThanOrEqual(2);
    expect(facts).toContain('The user enjoys woodworking projects.');
    expect(r.reasons!.some((w) => w?.startsWith('one of the 2 best life facts for an open request'))).toBe(true);
  });

  it('does not fill with facts that share no topic and are far from the request', async () => {
    const r = await selectAttributes({ prompt: 'How do I set up a VPN on my router?', attributes: inferred });
    expect(r.attributes).toEqual(tone);
  });

  it('gives an open question its related interests', async () => {
    const r = await selectAttributes({ prompt: 'Explain how tides work.', attributes: inferred });
    expect(r.attributes).toContain('The user is interested in sailing.');
    expect(r.attributes).not.toContain('The user uses a tablet more than a computer.');
  });
});
