import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { contradicts, relation } from '../../src/memory/index.js';
import { sensitiveDisclosures } from '../../src/stages/extract/sensitive-disclosure.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { none, some, texts } from '../support/extract.js';

const sensitiveOf = (text: string): string[] => {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text }] };
  return new OfflineExtractor().extractSync(c).map((a) => `${a.text} [${(a.reason ?? '').match(/sensitive \(([^)]+)\)/)?.[1] ?? '-'}]`);
};

/** Rules found with heldout-users-20.jsonl (changes over time, traps, sensitive facts), tried on self-written sentences that are not in it. */
describe('changes over time and everyday sensitive facts (set 20)', () => {
  it('a baby that "arrived" is a birth, and it ends the pregnancy', () => {
    expect(texts('our son Jack has finally arrived, 8lb of trouble')).toEqual(some(/^The user had a baby boy named Jack$/));
    expect(texts('our daughter arrived home from uni today')).toEqual(none(/had a baby/));
    expect(texts('my son arrived late to school again')).toEqual(none(/had a baby/));
    expect(contradicts('The user had a baby boy named Jack', 'The user is pregnant')).toBe(true);
  });

  it('drinking again after a time sober, said without "I", retires the sobriety', () => {
    expect(sensitiveOf("ok so I've started drinking again, mostly wine")).toEqual(some(/^The user is drinking again after a time sober \[health\]$/));
    expect(texts('well, fell off the wagon at the wedding')).toEqual(some(/drinking again/));
    expect(texts('my dad is drinking again')).toEqual(none(/drinking again/));
    expect(texts('fell off the wagon with my diet')).toEqual(none(/drinking again/));
    expect(contradicts('The user is drinking again after a time sober', 'The user is 18 months sober')).toBe(true);
    expect(contradicts('The user is drinking again after a time sober', 'The user is in recovery from gambling')).toBe(false);
    expect(contradicts('The user is drinking again after a time sober', 'The user has a cat')).toBe(false);
  });

  it('a remark after "not" is no wish', () => {
    expect(texts('not a single cigarette since june')).toEqual(none(/wants not/));
    expect(texts('not happy about it tbh')).toEqual(none(/wants not/));
    expect(texts('nothing too spicy please')).toEqual(some(/^The user wants nothing too spicy/));
  });

  it('notice handed in without "I", and a degree done back at uni', () => {
    expect(texts('finally put in my notice at the council')).toEqual(some(/^The user has put in their notice$/));
    expect(texts('handed my notice in yesterday, scary')).toEqual(some(/^The user has handed in their notice$/));
    expect(texts('handed my dissertation in yesterday')).toEqual(none(/notice/));
    expect(texts("I'm back at college part time doing a diploma in plumbing")).toEqual(some(/^The user is doing a diploma in plumbing$/));
  });

  it('a right to stay granted supersedes the visa it replaces', () => {
    expect(sensitiveOf('finally got my settled status this morning!!')).toEqual(some(/^The user has settled status \[immigration status\]$/));
    expect(texts('I was granted ILR in March')).toEqual(some(/^The user has indefinite leave to remain$/));
    expect(texts('I got my exam results today')).toEqual(none(/^The user has (?:settled|indefinite)/));
    expect(texts('my husband got his ILR')).toEqual(none(/leave to remain/));
    expect(relation('The user has settled status', 'The user is on a student visa')).toBe('supersedes');
    expect(relation('The user has settled status', 'The user is a nurse')).toBe('other');
  });

  it('"we\'re expecting!" alone, a faith grown up in, worship said without "I", a conviction in everyday words', () => {
    expect(sensitiveOf("we're expecting! due in june")).toEqual(some(/expecting a baby \(a pregnancy\) \[health\]$/));
    expect(sensitiveOf("we're expecting snow tomorrow")).toEqual(none(/pregnan/));
    expect(sensitiveOf('I was brought up Sikh but rarely go now')).toEqual(some(/^The user was raised Sikh \[religion\]$/));
    expect(sensitiveOf('raised chickens as a kid')).toEqual(none(/raised/));
    expect(sensitiveDisclosures('usually go to mosque on fridays').map((d) => d.text)).toEqual(['The user goes to mosque']);
    expect(sensitiveDisclosures('I go to church weddings a lot')).toEqual([]);
    expect(sensitiveOf('I got done for shoplifting when I was 17')).toEqual(some(/^The user was convicted of shoplifting \[criminal record\]$/));
    expect(sensitiveOf('my cousin got done for drink driving')).toEqual(none(/convicted/));
    expect(sensitiveOf('I got done for speeding on the A1')).toEqual(none(/convicted/));
  });

  it('recovery says what it is from when told', () => {
    expect(sensitiveOf('8 months clean from cocaine this week')).toEqual(some(/^The user is in recovery from cocaine \[health\]$/));
    expect(sensitiveOf('18 months clean and proud')).toEqual(some(/^The user is in recovery \[health\]$/));
  });

  it('what follows a role after a comma is no second role: a start, a rota, other people', () => {
    expect(texts("I'm a welder, started in march")).toEqual(none(/is a started/));
    expect(texts("I'm a prison officer, 3 on 3 off")).toEqual(none(/is a 3 on/));
    expect(texts("I'm a midwife, everyone asks me about babies")).toEqual(none(/is a everyone/));
    expect(texts("I'm a teacher, a runner and a dad of two")).toEqual(some(/^The user is a runner$/));
    expect(texts('I love reading, people watching and baking')).toEqual(some(/people watching/));
  });

  it('an object ending on a pronoun for something said before does not stand alone', () => {
    expect(texts('I want to theme the whole wedding around it')).toEqual(none(/wants/));
    expect(texts('I want to go to Japan')).toEqual(some(/^The user wants to go to Japan$/));
    expect(texts('I drive a 2012 Corsa with 90k miles on it')).toEqual(some(/^The user drives a 2012 Corsa/));
  });

  it('what the user sells, and no "just me" item', () => {
    expect(texts('I sell vintage vinyl at car boot sales, just me and a van')).toEqual(some(/^The user sells vintage vinyl at car boot sales$/));
    expect(texts('I sell vintage vinyl at car boot sales, just me and a van')).toEqual(none(/just them/));
  });

  it('"guess who" before a life event is the user', () => {
    expect(texts('guess who got promoted to team lead!')).toEqual(some(/promot|team lead/));
    expect(texts('guess who I bumped into at Tesco')).toEqual([]);
  });

  it('pronouns asked for with "please use", not for a character', () => {
    expect(texts('please use they/them, thanks')).toEqual(some(/^The user uses they\/them pronouns$/));
    expect(texts('please use she/her for the narrator')).toEqual(none(/pronouns/));
  });

  it('a new partner named after "his name\'s", and smoke-free time', () => {
    expect(texts("I'm seeing a guy, his name is Marcus")).toEqual(some(/^The user is seeing someone named Marcus$/));
    expect(texts('6 weeks smoke-free today')).toEqual(some(/^The user no longer smokes$/));
    expect(texts('the whole station is smoke free now')).toEqual(none(/smokes/));
  });

  it('"I\'m the <role>" is the job held, and fills the job slot', () => {
    expect(texts("I'm the deputy manager at a garden centre")).toEqual(some(/^The user is the deputy manager at a garden centre$/));
    expect(texts("I'm the only nurse on nights")).toEqual(none(/is the/));
    expect(texts("I'm the designated driver tonight")).toEqual(none(/is the/));
    expect(relation('The user is the deputy manager at a garden centre', 'The user is a cashier')).toBe('supersedes');
  });

  it('"me and my partner live together in" is where the user lives', () => {
    expect(texts('me and my girlfriend live together in a flat in Hull')).toEqual(some(/^The user lives in a flat in Hull$/));
    expect(texts('we live together in Bristol')).toEqual(some(/^The user lives in Bristol$/));
    expect(texts('me and my girlfriend are going to Rome')).toEqual(none(/lives in/));
  });
});
