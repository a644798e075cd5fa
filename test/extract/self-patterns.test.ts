/**
 * The second round of offline patterns (self-patterns.ts, style.ts, lists.ts) on self-written sentences
 * (illustrative, not any user's data; distinct from the held-out set in heldout2.ts).
 */
import { describe, expect, it } from 'vitest';
import { extractFromText } from '../../src/stages/extract/offline.js';
import { isStylePreference } from '../../src/stages/select/request-kind.js';

const texts = (s: string): string[] => extractFromText(s).findings.map((f) => f.text);

describe('offline extractor: second-round patterns', () => {
  it.each([
    ["I work nights as a nurse and I've been vegan for ten years.", ['The user works as a nurse', 'The user is vegan']],
    ['I went pescatarian last spring.', ['The user is pescatarian']],
    ['We moved to Lisbon from Leeds in May.', ['The user lives in Lisbon']],
    ['I relocated from Oslo to Bergen.', ['The user lives in Bergen']],
    ['Long story, but we moved back to Glasgow.', ['The user lives in Glasgow']],
    ["I'm back in Hamburg now.", ['The user lives in Hamburg']],
    ['I suffer from insomnia most winters.', ['The user suffers from insomnia']],
    ["I'm 12 weeks pregnant.", ['The user is pregnant']],
    ["I'm preparing for a 10k in May.", ['The user is preparing for a 10k in May']],
    ["I'm fluent in Greek.", ['The user is fluent in Greek']],
    ["I'm in finance, mostly risk.", ['The user works in finance']],
    ['My interests are pottery and birdwatching.', ['The user enjoys pottery', 'The user enjoys birdwatching']],
    ['My partner and our three dogs live with me.', ['The user has a partner', 'The user has three dogs']],
    ['As a devout Catholic I go to Mass on Sundays.', ['The user is a devout Catholic']],
    ["I live in Bristol, in a terraced house.", ['The user lives in Bristol']],
    ['I live in York and teach history.', ['The user lives in York', 'The user teaches history']],
  ])('%s', (sentence, expected) => {
    const got = texts(sentence);
    for (const e of expected) expect(got).toContain(e);
    expect(got.filter((t) => /\b(\w+) \1\b/i.test(t))).toEqual([]); // no "lives in in"-style doubling
  });

  it.each([
    ['Short answers please.', 'The user prefers short answers'],
    ['Keep your replies concise.', 'The user prefers concise answers'],
    ['Never use emojis.', 'The user prefers answers without emojis'],
    ['Numbered lists work best for me.', 'The user prefers answers in numbered lists'],
    ['Stick to metric.', 'The user prefers answers in metric units'],
    ["Avoid jargon, I'm new to the field.", 'The user prefers answers in plain language without jargon'],
  ])('style: %s -> %s, an answer-style preference', (sentence, expected) => {
    expect(texts(sentence)).toContain(expected);
    expect(isStylePreference(expected)).toBe(true);
  });

  it('a code language is a preference for code, not an answer style', () => {
    expect(texts('For examples I prefer Kotlin, it is what I use at work.')).toContain('The user prefers Kotlin for code');
  });

  it.each([
    'Could you keep it short?',
    'Make this paragraph shorter and remove the emojis.',
    'Put the following in bullet points: milk, eggs, flour.',
    'If I moved to Madrid, would I need a car?',
    'Write code in Rust that parses a CSV file.',
    'My friend is training for a marathon.',
    "She said she's pregnant.",
    "He told me 'I get migraines' last week.",
  ])('nothing from %j', (sentence) => {
    expect(texts(sentence)).toEqual([]);
  });

  it.each([
    ['No emojis in the invitation, it is for my grandmother.', /prefers/],
    ['My sister moved back to Dublin.', /lives in/],
  ])('no style or place from a task or a third party: %j', (sentence, bad) => {
    expect(texts(sentence).filter((t) => bad.test(t))).toEqual([]);
  });

  it('a closed quotation ends its frame, an open one does not', () => {
    expect(texts("My teacher said 'great job', which surprised me because I'm a beginner.")).toContain('The user is a beginner');
    expect(texts("He said I'm a genius.")).toEqual([]);
  });
});
