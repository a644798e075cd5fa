import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { none, some, texts } from '../support/extract.js';

const sensitiveOf = (text: string): string[] => {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text }] };
  return new OfflineExtractor().extractSync(c).map((a) => `${a.text} [${(a.reason ?? '').match(/sensitive \(([^)]+)\)/)?.[1] ?? '-'}]`);
};

/** Rules found with heldout-users-19.jsonl (ordinary users saying a few facts in everyday wording), tried on self-written sentences that are not in it. */
describe('everyday self-descriptions (set 19)', () => {
  it('a role typed without "I" keeps where the user does it ("at a ...", "for the ...")', () => {
    expect(texts('sous chef at a busy hotel in york, how do I cost a menu?')).toEqual(some(/^The user is a sous chef at a busy hotel in York$/));
    expect(texts('firefighter for the county, 10 yrs in. tips for shoulder pain?')).toEqual(some(/^The user is a firefighter for the county$/));
    expect(texts('doctor at the clinic told me to rest my ankle')).toEqual(none(/doctor/));
    expect(texts('teacher at the school said my son is behind')).toEqual(none(/teacher/));
  });

  it('a role with two words before it and no article ("I am freelance graphic designer")', () => {
    expect(texts('I am senior software engineer at a bank in Pune')).toEqual(some(/^The user is a senior software engineer at a bank in Pune$/));
    expect(texts('i am independent wedding photographer')).toEqual(some(/^The user is an? independent wedding photographer$/));
    expect(texts('I am so tired developer lol')).toEqual(none(/developer/));
    expect(texts('I am hiring freelance graphic designer')).toEqual(none(/designer/));
  });

  it('"from X but working as / living in Y": the present after an origin, typed without "I"', () => {
    expect(texts("I'm from Lagos but working as a midwife in Leeds")).toEqual(some(/^The user is a midwife in Leeds$/));
    expect(texts('originally from Perth but living in Hobart now, any walks?')).toEqual(some(/^The user lives in Hobart$/));
    expect(texts("I'm from Ohio but working as a nurse tonight is tough")).toEqual(none(/working as a nurse tonight/));
  });

  it('a band played in and a business run, typed without "I"', () => {
    expect(texts('play drums in a covers band, need a practice plan')).toEqual(some(/^The user plays drums in a covers band$/));
    expect(texts('run a tiny bakery in Hove, how do I price wedding cakes')).toEqual(some(/^The user runs a tiny bakery in Hove$/));
    expect(texts('run a report in the company system for me')).toEqual(none(/runs a report/));
    expect(texts('run a bath for the kids then what')).toEqual(none(/runs/));
  });

  it('Jain, Parsi and Zoroastrian are faiths, flagged as religion', () => {
    expect(sensitiveOf('we are Jain so no root vegetables at home')).toEqual(some(/^The user is Jain \[religion\]$/));
    expect(sensitiveOf("I'm Parsi, what should I cook for Navroz?")).toEqual(some(/^The user is Parsi \[religion\]$/));
  });

  it('a diagnosis after "got told" or "was told" is the user\'s own', () => {
    expect(sensitiveOf("got told i'm epileptic last year")).toEqual(some(/^The user is epileptic \[health\]$/));
    expect(texts("i was told i'm a good cook")).toEqual(none(/good cook/));
    expect(texts("my mate got told he's diabetic")).toEqual(none(/diabetic/));
  });

  it('a degree under way after "doing", with its usual spelling; a course or someone else\'s degree is not', () => {
    expect(texts("I'm doing my PGCE at Bath Spa")).toEqual(some(/^The user is studying for a PGCE$/));
    expect(texts('doing an MSc in economics part-time, any tips for essays?')).toEqual(some(/^The user is studying for an MSc$/));
    expect(texts("I'm doing a cooking course")).toEqual(none(/studying/));
    expect(texts('my friend is doing her MBA')).toEqual(none(/studying/));
  });

  it('twins counted like other children, and a twin sibling stays a sibling', () => {
    expect(texts('our twin girls start school on monday')).toEqual(some(/^The user has twin daughters$/));
    expect(texts('my twin brother lives in Leeds')).toEqual(none(/twin (?:sons|daughters)/));
  });

  it('a home "we\'re in" with its size and town', () => {
    expect(texts("we're in a three-bedroom semi in Derby, how do we cut heating bills")).toEqual(some(/^The user lives in a three-bedroom semi in Derby$/));
    expect(texts("I'm in a 1-bed in Walthamstow")).toEqual(some(/^The user lives in a 1-bed in Walthamstow$/));
    expect(texts("we're in a meeting in London till 5")).toEqual(none(/lives in/));
    expect(texts("I'm in a hotel in Rome tonight")).toEqual(none(/lives in/));
  });

  it('a school year in Indian English ("class 12", "12th std")', () => {
    expect(texts("i'm in class 10, how do I revise chemistry?")).toEqual(some(/^The user is in class 10$/));
    expect(texts("I'm in 11th std")).toEqual(some(/^The user is in 11th std$/));
    expect(texts("I'm in class with my friend")).toEqual(none(/class/));
  });

  it('a pastime after "I\'m 64 and"', () => {
    expect(texts("I'm 64 and volunteer at a food bank")).toEqual(some(/^The user volunteers at a food bank$/));
    expect(texts("i'm 58 and paint watercolours most mornings")).toEqual(some(/paints watercolours/));
  });

  it('trade nicknames and "eng" as roles, after "g\'day" too', () => {
    expect(texts("g'day, tradie here, how do I chase an unpaid invoice?")).toEqual(some(/^The user is a tradie$/));
    expect(texts('brickie in Leeds, how do I quote for a garden wall')).toEqual(some(/^The user is a brickie in Leeds$/));
    expect(texts('senior eng at a fintech, how do I mentor juniors?')).toEqual(some(/^The user is a senior eng at a fintech$/));
    expect(texts('eng, what does this word mean?')).toEqual(none(/eng/));
  });

  it('"me and the missus are ..." is a "we", and a saving goal ends at a comma and a new verb', () => {
    expect(texts('me and the hubby have two cats and a tortoise')).toEqual(some(/^The user has two cats$/));
    expect(texts('me and the lads are off to Ibiza')).toEqual(none(/Ibiza/));
    expect(texts("I'm saving for a van, got about 8k so far")).toEqual(some(/^The user is saving for a van$/));
  });

  it('a degree after "I\'m from X but now doing", not a degree that is the subject of "is"', () => {
    expect(texts("I'm from Ipoh but now doing my PhD in Glasgow")).toEqual(some(/^The user is studying for a PhD$/));
    expect(texts("I'm exhausted but doing a masters is worth it")).toEqual(none(/studying/));
    expect(texts('my cousin is from Ipoh but doing an MBA')).toEqual(none(/studying/));
  });
});
