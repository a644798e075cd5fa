import { describe, expect, it } from 'vitest';
import { extractFromText } from '../../src/stages/extract/findings.js';
import { none, some, texts } from '../support/extract.js';

// Self-written: foods held in check, readings a doctor gave, pastimes said as "I do a bit of ...", grandchildren and
// a role before the age, each with a guard that must not fire
describe('diet limits, readings, pastimes', () => {
  it.each([
    ["Doctor says my cholesterol is high so I'm meant to cut back on red meat and butter.", /^The user is cutting back on red meat and butter$/],
    ['trying to cut down on caffeine', /^The user is cutting back on caffeine$/],
    ['cutting back on booze this month', /^The user is cutting back on booze$/],
    ['I have to limit salt because of my blood pressure', /^The user is cutting back on salt$/],
    ['I do a bit of woodturning in the shed, mostly bowls.', /^The user does woodturning$/],
    ['I do some volunteering at the food bank', /^The user does volunteering/],
    ['Grandkids visit most Sundays.', /^The user has grandchildren$/],
    ['Retired engineer here, 67, live outside Galway with my wife Maureen.', /^The user is 67 years old$/],
    ['Retired engineer here, 67, live outside Galway with my wife Maureen.', /^The user is a retired engineer$/],
  ])('%s', (say, fact) => {
    expect(texts(say)).toEqual(some(fact));
  });

  it.each([
    ['my dad is cutting back on sugar', /cutting/],
    ["I'm cutting back on it", /cutting/],
    ['I do some shopping on Fridays', /shopping/],
    ['I do nothing all weekend', /nothing/],
    ['her grandkids are lovely', /grand/],
    ['Grandkids these days never call', /grand/],
    ["my friend says her cholesterol is high", /cholesterol/],
    ['what counts as high cholesterol?', /cholesterol/],
    ['my cholesterol is fine', /cholesterol/],
  ])('keeps nothing of someone else, a topic or a chore: %s', (say, fact) => {
    expect(texts(say)).toEqual(none(fact));
  });

  it('a reading the doctor gave is the user\'s own and sensitive', () => {
    for (const say of ["Doctor says my cholesterol is high", "my blood pressure's a bit high", 'the GP told me I\'m prediabetic']) {
      const f = extractFromText(say).findings.filter((x) => /cholesterol|blood pressure|prediabetic/.test(x.text));
      expect(f.map((x) => x.sensitive)).toEqual(['health']);
    }
  });
});
