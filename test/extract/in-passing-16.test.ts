import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { none, some, texts } from '../support/extract.js';

const answered = (question: string, reply: string): string[] => {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: 'dinner ideas?' }, { index: 1, role: 'assistant', text: question }, { index: 2, role: 'user', text: reply }] };
  return new OfflineExtractor().extractSync(c).map((a) => a.text);
};
const said = (...users: string[]): string[] => {
  const c: Conversation = { id: 'c', userId: 'u', turns: users.flatMap((text, i) => [{ index: 2 * i, role: 'user' as const, text }, { index: 2 * i + 1, role: 'assistant' as const, text: 'Sure.' }]) };
  return new OfflineExtractor().extractSync(c).map((a) => a.text);
};

/** Rules found with heldout-users-16.jsonl (ordinary people, a general assistant), tried on self-written sentences that are not in it. */
describe('second clauses, unmarked questions, mock assent, renting, learning an instrument (set 16)', () => {
  it('a second clause after "and" or a comma is not a second object of the first verb', () => {
    expect(texts('I live in Walthamstow and seriously the commute is a nightmare')).toEqual(some(/^The user lives in Walthamstow$/));
    expect(texts('I live in Walthamstow and seriously the commute is a nightmare')).toEqual(none(/lives in (?:seriously|the commute)/));
    expect(texts('I keep bees in the garden and volunteer at the hospice')).toEqual(none(/keeps volunteer/));
    expect(texts('i play fortnite, stuck in bronze forever')).toEqual(none(/stuck/));
    expect(texts('I have a dog, two cats and a rabbit')).toEqual(some(/^The user has a rabbit$/));
  });

  it('a "so no ..." after the object ends it', () => {
    expect(texts('I wear a hijab so no hats and caps in the suggestions')).toEqual(['The user wears a hijab']);
    expect(texts('I have a small flat so no big dogs and cats please')).toEqual(['The user has a small flat']);
  });

  it('a question typed without its mark says nothing about the user', () => {
    expect(texts('what should I wear to a summer wedding')).toEqual([]);
    expect(texts('how do I bake sourdough')).toEqual([]);
    expect(texts('I bake sourdough every weekend')).toEqual(some(/^The user bakes sourdough/));
  });

  it('a mock "oh yeah" with an upside-down face is not a fact', () => {
    expect(texts("oh sure, I'm a world-class chef, that's why I burnt the toast 🙃")).toEqual(none(/chef/));
    expect(texts("I'm a chef in Leith")).toEqual(some(/chef/));
  });

  it('a moved clause after "we did it," is the user\'s move, and someone else\'s is not', () => {
    expect(texts('so we finally did it, relocated to Hobart in March')).toEqual(some(/^The user lives in Hobart$/));
    expect(texts('my aunt did it, moved to Malaga')).toEqual(none(/Malaga/));
  });

  it('a question after the comma is no part of the object', () => {
    expect(texts("I'm a welder in Hull, do you know any good gloves")).toEqual(some(/^The user is a welder in Hull$/));
    expect(texts("I'm a welder in Hull, any tips for neck strain")).toEqual(some(/^The user is a welder in Hull$/));
  });

  it('renting in a place is living there', () => {
    expect(texts("I'm renting in Salford at the moment")).toEqual(some(/^The user lives in Salford/));
    expect(texts('my brother is renting in Leeds')).toEqual(none(/Leeds/));
  });

  it('learning an instrument or a craft typed lowercase', () => {
    expect(texts("I'm learning the violin at 40")).toEqual(some(/^The user is learning the violin/));
    expect(texts('also learning crochet atm')).toEqual(some(/^The user is learning crochet$/));
    expect(texts('my daughter is learning cello')).toEqual(none(/learning/));
    expect(texts("I'm learning a lot")).toEqual(none(/learning/));
  });

  it('a spelling wish is a style', () => {
    expect(texts('could you always use American spelling please')).toEqual(some(/^The user prefers American spelling$/));
    expect(texts('what is the difference between British and American spelling')).toEqual(none(/prefers/));
  });

  it('a greeting before a verbless diet is a lead', () => {
    expect(texts('hiya, pescatarian here, fish is fine')).toEqual(some(/^The user is pescatarian$/));
    expect(texts('hiya, my flatmate is pescatarian')).toEqual(none(/The user is pescatarian/));
  });

  it('a role with a qualifier and no article, and no "i am" inside the role', () => {
    expect(texts('I am trainee accountant in Kochi')).toEqual(some(/^The user is a trainee accountant in Kochi$/));
    expect(texts('I am teacher in Lagos')).toEqual(['The user is a teacher in Lagos']);
  });

  it('work said after a comma is its own clause', () => {
    expect(texts('I live in Salford, work at a call centre')).toEqual(some(/^The user works at a call centre$/));
    expect(texts('I live in Salford, work at a call centre')).toEqual(some(/^The user lives in Salford$/));
  });

  it('a sport started again is the sport, without what follows', () => {
    expect(texts('started swimming again, 3 lengths and I am dead')).toEqual(['The user swims']);
    expect(texts('my mum started swimming again')).toEqual(none(/swims/));
  });

  it('"pure veg" is vegetarian, and a pure veg restaurant is not the user', () => {
    expect(texts('we are pure veg, so paneer is fine')).toEqual(some(/^The user is vegetarian$/));
    expect(texts('any pure veg restaurants near Andheri station')).toEqual(none(/vegetarian/));
  });

  it('a role-play ends at "game over" or "real question", and not at a game over inside the story', () => {
    expect(said("let's play, you're the dragon and I'm a knight with a magic sword", 'I live in the castle tower', 'ok game over lol. I work as a paralegal')).toEqual(['The user works as a paralegal']);
    expect(said("let's play, you're the dragon and I'm a knight", 'game over for you, beast! I live in the castle tower')).toEqual([]);
    expect(said("let's play, you're the alien and I'm the captain", 'real question: is it normal that I get migraines every week')).toEqual(some(/migraine/));
  });

  it('an answer to a question with no "you" in it ("anything I should know about?", "any allergies?")', () => {
    expect(answered('Happy to help! Any dietary needs I should know about?', 'dairy free pls')).toEqual(['The user eats dairy free']);
    expect(answered('Any allergies?', 'sesame')).toEqual(['The user is allergic to sesame']);
    expect(answered('Any particular cuisine?', 'thai')).toEqual([]);
  });

  it('a state listed after a role takes no article', () => {
    expect(texts("I'm a joiner, self-employed, mostly loft conversions")).toEqual(some(/^The user is self-employed$/));
    expect(texts("I'm a joiner, self-employed, mostly loft conversions")).toEqual(none(/is a self/));
    expect(texts("I'm a baker and a keen cyclist")).toEqual(some(/^The user is a keen cyclist$/));
  });
});
