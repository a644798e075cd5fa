import { describe, expect, it } from 'vitest';
import { none, some, texts } from '../support/extract.js';

// Self-written: a home said with who the user lives with, and verbs inside a self-introduction list
describe('homes and self-introductions', () => {
  it.each([
    ['I live on my own in Norfolk', /^The user lives in Norfolk$/],
    ['I live alone in Leeds these days', /^The user lives in Leeds/],
    ['I live by myself in a flat in Hull', /lives in a flat in Hull/],
  ])('a home lived in alone: %s', (say, home) => {
    expect(texts(say)).toEqual(some(home));
  });

  it('reads the verbs of a self-introduction list as the user\'s', () => {
    const got = texts("I'm 34, married, live in Leeds, love hiking");
    expect(got).toEqual(some(/^The user lives in Leeds$/));
    expect(got).toEqual(some(/^The user loves hiking$/));
    expect(texts('im 29, nurse, work nights, have a cat')).toEqual(some(/^The user has a cat$/));
  });

  it('still ends the list at an item that is no state, role, count or verb', () => {
    expect(texts("I'm 40, divorced, tired of dating apps, what should I try?")).toEqual(none(/tired of dating/));
  });
});
