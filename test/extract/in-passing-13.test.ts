import { describe, expect, it } from 'vitest';
import { defaultEmbedder } from '../../src/embed/default.js';
import { sensitiveByMeaning } from '../../src/stages/extract/sensitive-meaning.js';
import { none, some, texts } from '../support/extract.js';

/** Rules found with heldout-users-13.jsonl (people at work and at home), tried on self-written sentences that are not in it. */
describe('hobbies done, diets gone, jobs moved for, and law as work (set 13)', () => {
  it('an activity done, or a class of it, is a hobby', () => {
    expect(texts('I do a bit of crochet when the kids are in bed')).toEqual(some(/^The user does crochet$/));
    expect(texts('I do an evening life drawing class in town')).toEqual(some(/^The user does life drawing classes$/));
    expect(texts('I do carpentry at weekends')).toEqual(some(/^The user does carpentry$/));
    // what is done that is no activity stays out
    expect(texts('I do a lot of overtime at the moment')).toEqual(none(/overtime/i));
    expect(texts('I do a class on Mondays')).toEqual(none(/class/i));
  });

  it("'I've gone' or 'I've become' a diet is the diet", () => {
    expect(texts("I've gone pescatarian since the new year")).toEqual(some(/^The user is pescatarian$/));
    expect(texts('I have become vegetarian, mostly for the planet')).toEqual(some(/^The user is vegetarian$/));
    expect(texts('my brother has gone vegan')).toEqual(none(/vegan/i));
  });

  it('a job moved for is the job, and not a partner\'s job, a better job or a daydream', () => {
    expect(texts('I moved to Exeter for a porter job at the hospital')).toEqual(some(/^The user works as a porter at the hospital$/));
    expect(texts('I relocated for a job as a sous chef')).toEqual(some(/^The user works as a sous chef$/));
    expect(texts('I moved to Hull for a nursing job')).toEqual(some(/^The user has a nursing job$/));
    expect(texts('we moved here for my wife\'s job')).toEqual(none(/works as|job/i));
    expect(texts('I moved for a better job last year')).toEqual(none(/works as|better/i));
    expect(texts('if I moved to Oslo for a teaching job I would learn Norwegian')).toEqual(none(/works as|teaching/i));
  });

  it('law as a job is not a criminal record, and a record still is', async () => {
    const got = await sensitiveByMeaning(['The user is a solicitor in Cork', 'The user is a property lawyer', 'The user was arrested last year', 'The user served time in prison'], { embedder: defaultEmbedder() });
    expect(got[0]).toBeUndefined();
    expect(got[1]).toBeUndefined();
    expect(got[2]).toBe('criminal_record');
    expect(got[3]).toBe('criminal_record');
  });
});

describe('a job held for years is the job slot (set 13)', () => {
  it('a new job supersedes "has been a X for N years", and a hobby does not', async () => {
    const { relation } = await import('../../src/memory/merge.js');
    expect(relation('The user works as a junior developer at a bank', 'The user has been a waiter for six years')).toBe('supersedes');
    expect(relation('The user is a site manager', 'The user has been an electrician since 2015')).toBe('supersedes');
    expect(relation('The user plays the drums', 'The user has been a nurse for ten years')).toBe('other');
  });
});

describe('pay and budgets said plainly (set 13)', () => {
  it('what the user earns is kept with its period, and other makes are not pay', () => {
    expect(texts('I earn around 27k, working in retail')).toEqual(some(/^The user earns around 27k$/));
    expect(texts('I make $22 an hour at the warehouse')).toEqual(some(/^The user earns \$22 an hour$/));
    expect(texts('I make 12 cupcakes a batch')).toEqual(none(/earns/i));
    expect(texts('my wife earns 40k')).toEqual(none(/earns/i));
    expect(texts("if I earned 80k I'd buy a house")).toEqual(none(/earns/i));
  });

  it('a budget after another clause, or as a bare amount, is kept', () => {
    expect(texts('my bike got nicked, budget for a replacement is about 300 quid')).toEqual(some(/budget for a replacement is about 300 quid/));
    expect(texts('my budget is €900')).toEqual(some(/^The user's budget is €900$/));
    expect(texts("my brother's budget is £150")).toEqual(none(/budget/i));
  });
});
