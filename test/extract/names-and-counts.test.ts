import { describe, expect, it } from 'vitest';
import { none, some, texts } from '../support/extract.js';

// Self-written: children and pets counted and named in the words people use, each with a guard that must not fire
describe('names, children and pets, counted and named', () => {
  it.each([
    ['we have one kid, she just started school', /^The user has one kid$/],
    ["I've got one brother and two sisters", /^The user has one brother$/],
    ['My dog is called Rex', /^The user has a dog named Rex$/],
    ["my cat's name is Miso, she's 12", /^The user has a cat named Miso$/],
    ["My son is called Jake and he's 7", /^The user has a son named Jake$/],
    ["we've got a lab called Bonnie", /^The user has a lab named Bonnie$/],
    ['so vegan now, I guess', /^The user is vegan now$/],
    ["I've got two boys (6 and 9)", /^The user has two boys aged 6 and 9$/],
    ["my husband just got a job in Nottingham so we're moving to Nottingham in January", /^The user is moving to Nottingham/],
    ["we're vegetarian as a family", /^The user is vegetarian$/],
    ['live in Cardiff with my girlfriend and our cat Pixel', /^The user lives in Cardiff/],
    ['also we broke up, so it\'s just me and Pixel now', /^The user is no longer with their partner$/],
    ['nurse on a cardiac ward, 12 hr shifts, mostly nights atm.', /^The user is a nurse on a cardiac ward$/],
    ["hiya! so I'm Priya, 34, I teach year 5 in Leicester", /^The user is 34 years old$/],
    ["hiya! so I'm Priya, 34, I teach year 5 in Leicester", /^The user's name is Priya$/],
    ['Tom here, 52, retired postman', /^The user is 52 years old$/],
    ["my name's Kwame btw", /^The user's name is Kwame$/],
    ["I'm British, 35, living in Spain", /^The user is British$/],
    ["I'm not a fan of long answers, just give me the main points please", /^The user is not a fan of long answers$/],
  ])('%s', (say, fact) => {
    expect(texts(say)).toEqual(some(fact));
  });

  it.each([
    ['I have one of those too', /one/],
    ['I want one', /one/],
    ['my boss is called Sandra and she is awful', /Sandra/],
    ["I'm Catholic, 40, married", /name is/],
    ['her name is Luna', /Luna/],
    ['live in fear of my boss lol', /fear/],
    ['My name is on the list', /name/],
    ["I'm not a fan of long answers, just give me the main points please", /give/],
    ['I love hiking, just tell me the best routes', /tell/],
  ])('keeps nothing of a pronoun or someone else: %s', (say, fact) => {
    expect(texts(say)).toEqual(none(fact));
  });

  it('one fact for "called" and "named"', () => {
    expect(texts("we've got a lab called Bonnie").filter((t) => /Bonnie/.test(t))).toHaveLength(1);
  });
});
