import { describe, expect, it } from 'vitest';
import { answerFindings, extractFromText, OfflineExtractor } from '../../src/stages/extract/offline.js';

const texts = (s: string) => extractFromText(s).findings.map((f) => f.text);

describe('comma splices and diets held now', () => {
  it('a pronoun and its verb after a comma start a new clause, so the object ends at the comma', () => {
    expect(texts("And I stopped the keto diet, it wasn't for me.")).toEqual(['The user no longer follows a keto diet']);
    expect(texts('I live in Lyon, it is lovely.')).toEqual(['The user lives in Lyon']);
    expect(texts('I work as a nurse, it is hard.')).toEqual(['The user works as a nurse']);
  });

  it('"I\'m on a keto diet at the moment" and "I\'m doing keto these days" are a diet the user follows', () => {
    expect(texts("I'm on a keto diet at the moment.")).toEqual(['The user follows a keto diet']);
    expect(texts("I'm doing keto these days.")).toEqual(['The user follows a keto diet']);
    expect(texts("I'm on the train to work.")).toEqual([]);
  });
});

describe('what follows a fact is not a second fact', () => {
  it('"so" before a contracted subject ("so money\'s up and down") ends the object', () => {
    expect(texts("I'm a self-employed plumber so money's up and down")).toEqual(['The user is a self-employed plumber']);
    expect(texts("I'm a chef so it's late nights most weeks")).toEqual(['The user is a chef']);
    expect(texts('I am so tired of meal prep')).toEqual([]);
  });

  it('a rough amount after the item ("about 3 stone to go") is no second item, while counted items stay a list', () => {
    expect(texts("I'm trying to save, roughly 2k so far")).toEqual(['The user is trying to save']);
    expect(texts("I'm hoping to lose weight, about 10kg")).toEqual(['The user is hoping to lose weight']);
    expect(texts('I have a cat, 2 dogs and a rabbit')).toEqual(['The user has a cat', 'The user has 2 dogs', 'The user has a rabbit']);
  });
});

describe('what the user is doing in this chat is not who they are', () => {
  it('"so please ..." ends the object, and the fridge and the figuring-out are not remembered', () => {
    expect(texts('I have ADHD so please keep things short and structured.')).toEqual(expect.arrayContaining(['The user has ADHD']));
    expect(texts('I have ADHD so please keep things short and structured.').some((t) => /please|has structured/.test(t))).toBe(false);
    expect(texts("I'm trying to figure out what to cook, I have chicken and rice and like nothing else")).toEqual([]);
  });
});

describe("answers to the assistant's questions", () => {
  const answer = (question: string, reply: string) => answerFindings(question, reply).map((f) => f.text);
  it('a place for "where are you based?", pastimes for "what do you do for fun?"', () => {
    expect(answer('Where are you based?', 'Lisbon.')).toEqual(['The user lives in Lisbon']);
    expect(answer('What do you do for fun?', 'Mostly rock climbing and playing the cello.')).toEqual(['The user enjoys rock climbing', 'The user enjoys playing the cello']);
    expect(answer('What kind of music do you like?', 'Jazz.')).toEqual(['The user prefers Jazz']);
  });
});

describe('proper adjectives', () => {
  it('faiths keep their capital however the user typed them', () => {
    expect(texts("i'm a muslim and i fast during ramadan.")).toContain('The user is a Muslim');
    expect(texts("I'm Catholic.")).toEqual(['The user is Catholic']);
  });
});

describe('a permission after a comma, and "not a fan of"', () => {
  it('"pescatarian, fish is fine" keeps the diet and drops the rest', () => {
    expect(texts("I'm pescatarian, fish is fine but no meat.")).toContain('The user is pescatarian');
    expect(texts("I'm pescatarian, fish is fine but no meat.").some((t) => /fish is|,/.test(t))).toBe(false);
  });
  it('"not a fan of X" is a dislike, never "wants not a fan of X"', () => {
    expect(texts('Not a fan of horror movies, but my partner loves them.')).toContain('The user does not like horror movies');
    expect(texts('not big on sweets tbh').some((t) => /wants not/.test(t))).toBe(false);
  });
});

describe('"either" closing a negation is talk, like "also"', () => {
  it('"Not a fan of spicy food either" is a dislike of spicy food', () => {
    const got = new OfflineExtractor().extractSync({ id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: "I'm coeliac. Not a fan of spicy food either." }] });
    expect(got.map((a) => a.text)).toContain('The user does not like spicy food');
  });
});
