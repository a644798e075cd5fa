/**
 * Rules from the lead's hand review of merged main (self-written sentences, none from a held-out set): a "so" that
 * starts the asking part of a question, household members' diets kept and other relatives' not, and parents alone
 * not made into facts.
 */
import { describe, expect, it } from 'vitest';
import { texts, none, some } from '../support/extract.js';

describe('lead review', () => {
  it('reads the statement before a "so" that starts the question', () => {
    expect(texts('We have twin toddlers so any ideas for a rainy afternoon?')).toEqual(some(/twin toddlers|twins/));
    expect(texts("I'm lactose intolerant so what can I order at a pizza place?")).toEqual(some(/lactose intolerant/));
    // guards: no statement before the "so", or someone else's
    expect(texts("I'm so bored what should I watch?")).toEqual([]);
    expect(texts('my flatmate is gluten free so what can I bake for her?')).toEqual(none(/gluten/));
  });

  it("keeps a partner's or child's diet as theirs, and no other relative's", () => {
    expect(texts('my wife is vegetarian so dinner ideas that work for both of us?')).toEqual(some(/^The user's wife is vegetarian/));
    expect(texts('my wife is vegetarian so dinner ideas that work for both of us?')).toEqual(none(/^The user is vegetarian/));
    expect(texts('my brother is vegan, what cake can I make for his birthday?')).toEqual(none(/vegan/));
    expect(texts('my dad is obsessed with fishing')).toEqual(none(/fishing/));
  });

  it('does not make "has a mom" out of a parent mentioned in passing, but keeps a described one', () => {
    expect(texts('my mum keeps asking when I will visit')).toEqual(none(/has an? (?:mum|mom)/));
    expect(texts('I moved back in with my parents last year')).toEqual(none(/has parents/));
    expect(texts('I take my two kids to football on Saturdays')).toEqual(some(/two kids/));
  });

  it('reads what a couple both are as the user\'s, a plural role in the singular', () => {
    expect(texts('My girlfriend and I are both paramedics in Leeds.')).toEqual(some(/^The user is a paramedic in Leeds/));
    expect(texts("We're both architects.")).toEqual(some(/^The user is an architect/));
    expect(texts('We are all exhausted after the move.')).toEqual(none(/exhausted/));
  });

  it('reads "As a <doer>, ..." before a question, and not "as a result" or a childhood', () => {
    expect(texts('As a left-handed drummer, what kit should I buy?')).toEqual(some(/^The user is a left-handed drummer/));
    expect(texts('As a homeowner, do I need to tell my insurer about solar panels?')).toEqual(some(/^The user is a homeowner/));
    expect(texts('As a result, which plan is cheaper?')).toEqual([]);
    expect(texts('As a kid, what sport did you like?')).toEqual(none(/kid/));
  });

  it('reads a move told as the time since, and learning being tried', () => {
    expect(texts("Since moving to Lisbon I've been surfing every weekend")).toEqual(some(/^The user lives in Lisbon$/));
    expect(texts('Ever since we moved to Cork, money has been tight')).toEqual(some(/^The user lives in Cork$/));
    expect(texts('Since I moved to Oslo I take the tram everywhere')).toEqual(none(/Oslo (?:they|I)/));
    expect(texts('Since my brother moved to Rome he seems happier')).toEqual(none(/Rome/));
    expect(texts("I've been trying to learn Portuguese for my partner's family")).toEqual(some(/^The user is learning Portuguese/));
    expect(texts("I'm trying to learn how to bake bread")).toEqual(none(/learning how/));
  });

  it('reads "mostly nights" after a role as when, not as a second role', () => {
    expect(texts("I'm a paramedic in Hull, mostly nights")).toEqual(some(/^The user is a paramedic in Hull/));
    expect(texts("I'm a barista, usually weekends")).toEqual(none(/is a (?:usually )?weekends/));
  });
});
