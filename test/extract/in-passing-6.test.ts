import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { contradicts } from '../../src/memory/merge.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { requestKind } from '../../src/stages/select/request-kind.js';

const ex = new OfflineExtractor();
function texts(say: string): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: say }] };
  return ex.extractSync(c).map((a) => a.text);
}
const none = (re: RegExp) => expect.not.arrayContaining([expect.stringMatching(re)]);

/** Rules found with heldout-users-6.jsonl, tried on self-written sentences that are not in it. */
describe('changes and disclosures (set 6)', () => {
  it('reads being off a food or drink, and the merge ends what the family covers', () => {
    expect(texts("I'm off gluten these days, my gut is happier")).toContain('The user avoids gluten');
    expect(texts("I'm off to the shops")).toEqual(none(/avoids/));
    expect(contradicts('The user avoids dairy', 'The user puts cheese on everything')).toBe(true);
    expect(contradicts('The user avoids dairy', 'The user is allergic to milk')).toBe(false);
  });

  it('reads a switch, and the merge ends what was said of the old one', () => {
    expect(texts('I switched from Windows to Linux over the holidays')).toContain('The user switched from Windows to Linux');
    expect(contradicts('The user switched from Windows to Linux', 'The user uses Windows at home')).toBe(true);
    expect(contradicts('The user switched from Windows to Linux', 'The user plays chess')).toBe(false);
  });

  it('reads a return to a habit, and a job started with its role', () => {
    expect(texts('I went back to drinking coffee after a month')).toContain('The user is drinking coffee again');
    expect(texts('I joined Monzo as a data analyst last week')).toContain('The user works as a data analyst at Monzo');
    expect(texts('finished my degree and started as a junior architect at a small studio')).toEqual(expect.arrayContaining([expect.stringMatching(/works as a junior architect at a small studio$/)]));
    expect(texts('now I do sales for a wine importer')).toContain('The user works in sales at a wine importer');
  });

  it('reads a city taken on and a home returned to', () => {
    expect(texts("we're Lisbon locals now")).toContain('The user lives in Lisbon');
    expect(texts('I lived in Seoul for years until moving back to Vancouver')).toContain('The user lives in Vancouver');
  });

  it('ends a relation the user says has ended, instead of keeping it', () => {
    expect(texts('not with my boyfriend anymore, we broke up at Easter')).toEqual(none(/^The user has a boyfriend/));
    expect(texts('I broke up with my boyfriend at Easter')).toContain('The user is no longer with their boyfriend');
    expect(texts('my old dog Rex died in the spring')).toContain("The user's dog died");
    expect(texts('my old dog Rex died in the spring')).toEqual(none(/has a dog/));
    expect(contradicts("The user's dog died", 'The user has a dog named Rex')).toBe(true);
    expect(texts('the injury ended my climbing days')).toContain('The user has stopped climbing');
    expect(contradicts('The user has stopped running', 'The user is training for a half-marathon')).toBe(true);
  });

  it('reads sensitive facts in unusual frames, and not hedged or reported ones', () => {
    expect(texts('came out to my boss as gay last year and it went fine')).toContain('The user is gay');
    expect(texts('I voted Labour last time')).toContain('The user voted Labour');
    expect(texts('Lent starts Wednesday and I will be fasting')).toContain('The user observes Lent');
    expect(texts('my sister will be fasting for Ramadan')).toEqual(none(/observes/));
    expect(texts('any tips for remembering my ADHD meds?')).toContain('The user has ADHD');
    expect(texts("everyone assumes I'm Hindu because of my surname")).toEqual(none(/hindu/i));
  });

  it('reads nothing from sarcasm, a what-if led by "say", or a one-off request for others', () => {
    expect(texts("oh yeah I'm a rocket scientist lol")).toEqual([]);
    expect(texts('I adore Monday meetings /s')).toEqual([]);
    expect(texts("Say I'm a freelancer, how is tax handled?")).toEqual(none(/freelancer/));
    expect(texts("I need a menu for 20 guests for my brother's engagement party")).toEqual(none(/menu|guests|party/));
  });

  it('takes a unit inside another as a look-up', () => {
    expect(requestKind('How many millilitres are in a cup?')).not.toBe('open');
  });
});
