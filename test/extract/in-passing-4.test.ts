import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { extractFromText } from '../../src/stages/extract/findings.js';

const ex = new OfflineExtractor();
function texts(say: string): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: say }] };
  return ex.extractSync(c).map((a) => a.text);
}
function answer(question: string, reply: string): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'assistant', text: question }, { index: 1, role: 'user', text: reply }] };
  return ex.extractSync(c).map((a) => a.text);
}
function sensitive(say: string): (string | undefined)[] {
  return extractFromText(say).findings.map((f) => f.sensitive);
}

/** Rules found with heldout-users-4.jsonl, tried on self-written sentences that are not in it. */
describe('facts said in passing (set 4)', () => {
  it('splits clauses before "switching to" and "and moved to"', () => {
    expect(texts('no more soda for me, switching to sparkling water')).toContain('The user has switched to sparkling water');
    expect(texts('I quit my job in Leeds and moved to Bristol')).toContain('The user lives in Bristol');
  });

  it('reads "not only X" as X, and a relative and the user both being fans as the user being one', () => {
    expect(texts('I like jazz, not only blues')).toEqual(expect.arrayContaining(['The user likes jazz', 'The user likes blues']));
    expect(texts('my dad and I are both big fans of Queen')).toContain('The user is a big fan of Queen');
  });

  it('reads label lists of likes and dislikes', () => {
    const t = texts('love: hiking, indie films. hate: olives, reality TV.');
    expect(t).toEqual(expect.arrayContaining(['The user loves hiking', 'The user loves indie films', 'The user hates olives', 'The user hates reality TV']));
  });

  it('marks medication, a condition and a party said in passing as sensitive', () => {
    expect(sensitive("I'm on lexapro so no wine for me")).toContain('health');
    expect(sensitive('my doctor changed the dose for my anxiety')).toContain('health');
    expect(sensitive('I volunteer for the Green Party on Sundays')).toContain('politics');
    expect(texts("I'm on holiday next week")).toEqual([]);
    expect(texts("my brother's depression has been hard on all of us").join(' ')).not.toMatch(/depression/);
  });

  it('reads a short answer that opens a longer reply, and job answers as jobs', () => {
    expect(answer('What city are you in?', "outside Lyon, I don't have a car")).toContain('The user lives in the Lyon area');
    expect(answer('What do you do for work?', 'pharmacist')).toContain('The user is a pharmacist');
    expect(answer('What do you do for work?', 'optometrist. not glamorous, I know')).toContain('The user works as an optometrist');
    expect(answer('What city are you in?', 'can you just answer the question, I want to know')).not.toContain('The user lives in can you just answer the question');
  });

  it('reads moves ahead, a job put up with, and a pet named "ours"', () => {
    expect(texts("I'm relocating to Oslo in May for a job in oil trading")).toContain('The user is moving to Oslo for a job in oil trading');
    expect(texts("I'm stuck working retail in Ohio")).toContain('The user works retail in Ohio');
    expect(texts('do you think a beagle is ok in a flat? ours is called Pepper')).toContain('The user has a dog named Pepper (a beagle)');
    expect(texts('my neighbour has a beagle, his is called Rex')).not.toContain('The user has a dog named Rex (a beagle)');
  });

  it('reads "only X" after a negated verb as what the user does', () => {
    expect(texts("I don't eat pork, only chicken")).toEqual(expect.arrayContaining(['The user does not eat pork', 'The user eats chicken']));
    expect(texts("I don't eat pork, only chicken").join(' ')).not.toMatch(/not eat (?:only )?chicken/);
  });

  it('skips code comments pasted outside a code block', () => {
    expect(texts('// TODO: I live in Oslo, change this later')).toEqual([]);
    expect(texts('let age = 41 // I am 41 lol\nI work as a data engineer')).toEqual(['The user works as a data engineer']);
  });

  it('reads children listed with their ages as the user\'s, unless someone else is named first', () => {
    expect(texts('the three kids (2, 6 and 9) need a big car')).toContain('The user has three kids (2, 6 and 9)');
    expect(texts('my brother is bringing the two kids (5 and 8)').join(' ')).not.toMatch(/has two kids/);
  });

  it('drops a laugh after an object', () => {
    expect(texts('I have a tortoise lol')).toContain('The user has a tortoise');
  });
});

describe('replies that decline or change their mind (set 4)', () => {
  it('keeps nothing from a refusal and reads a status as a status', () => {
    expect(answer('What city are you in?', 'not telling lol, just give me general advice')).toEqual([]);
    expect(answer('What do you do for a living?', 'retired now, I was a nurse for 30 years')).toContain('The user is retired');
    expect(answer('What do you do for a living?', 'retired now, I was a nurse for 30 years').join(' ')).not.toMatch(/works as a retired/);
  });
});
