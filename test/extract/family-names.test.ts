import { describe, expect, it } from 'vitest';
import { none, some, texts } from '../support/extract.js';

// Self-written: children and pets counted and named in the words people use, each with a guard that must not fire
describe('children and pets, counted and named', () => {
  it.each([
    ['we have one kid, she just started school', /^The user has one kid$/],
    ["I've got one brother and two sisters", /^The user has one brother$/],
    ['My dog is called Rex', /^The user has a dog named Rex$/],
    ["my cat's name is Miso, she's 12", /^The user has a cat named Miso$/],
    ["My son is called Jake and he's 7", /^The user has a son named Jake$/],
    ["we've got a lab called Bonnie", /^The user has a lab named Bonnie$/],
    ['so vegan now, I guess', /^The user is vegan now$/],
  ])('%s', (say, fact) => {
    expect(texts(say)).toEqual(some(fact));
  });

  it.each([
    ['I have one of those too', /one/],
    ['I want one', /one/],
    ['my boss is called Sandra and she is awful', /Sandra/],
  ])('keeps nothing of a pronoun or someone else: %s', (say, fact) => {
    expect(texts(say)).toEqual(none(fact));
  });

  it('one fact for "called" and "named"', () => {
    expect(texts("we've got a lab called Bonnie").filter((t) => /Bonnie/.test(t))).toHaveLength(1);
  });
});
