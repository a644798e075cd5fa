import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { transferredJob, relation } from '../../src/memory/merge.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';
import { requestKind } from '../../src/stages/select/request-kind.js';

const ex = new OfflineExtractor();
function texts(say: string): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: say }] };
  return ex.extractSync(c).map((a) => a.text);
}
const none = (re: RegExp) => expect.not.arrayContaining([expect.stringMatching(re)]);
const some = (re: RegExp) => expect.arrayContaining([expect.stringMatching(re)]);

/** Rules found with heldout-users-12.jsonl (long, loose messages), tried on self-written sentences that are not in it. */
describe('long and loose messages (set 12)', () => {
  it('splits a dictated run-on where a new subject starts, not inside a clause', () => {
    expect(texts('so we moved out to bath in the spring because of the schools and honestly it was a good call we have got two cats called salt and pepper')).toEqual(some(/has two cats/));
    expect(texts('the best thing i have ever done is learn to swim')).toEqual(none(/^The user has ever/));
  });

  it('reads a document asked for and then the user speaking, but not a story or a letter written as someone else', () => {
    expect(texts("could you write a cover letter for me, I've been a plumber for 12 years and want to move into site management")).toEqual(some(/has been a plumber for 12 years/));
    expect(texts("write a toast for our silver wedding, my husband and I married in 1999 and still go salsa dancing on Fridays")).toEqual(some(/married since 1999/));
    expect(texts('write a story for my niece, I am a dragon who lives in a cave in Wales')).toEqual(none(/dragon|wales/i));
    expect(texts("write a cover letter as if I were a chef, I've cooked for 10 years")).toEqual(none(/cooked|chef/i));
    expect(texts("write a cover letter for my cousin, she's a vet in Truro")).toEqual(none(/vet|truro/i));
  });

  it('drops a verb after "and" from a role list, so no junk role is made', () => {
    expect(texts("I'm a bus driver and want to retrain as a plumber")).toEqual(none(/is a want/));
    expect(texts('I am a nurse, 4 long days a week')).toEqual(none(/is a 4 long days/));
  });

  it('reads weekly pastimes, daily habits and shifts said as "I do nights"', () => {
    expect(texts('we still go line dancing every Friday at the legion')).toContain('The user goes line dancing every Friday');
    expect(texts('I do the school run every morning before work')).toContain('The user does the school run every morning');
    expect(texts('I do it every day')).toEqual(none(/does it/));
    expect(texts('i do lates at the care home so mornings are free')).toEqual(some(/works lates at the care home/));
    expect(texts('if I go swimming every Sunday will I lose weight')).toEqual(none(/goes swimming/));
    expect(texts('should I go swimming every day?')).toEqual(none(/goes swimming/));
    expect(texts('go running every morning, it clears your head')).toEqual(none(/goes running/));
    expect(texts("do you think I'm broke?")).toEqual(none(/broke/));
  });

  it('reads days worked, a home bought or rented, a trip and a native place', () => {
    expect(texts('I work 2 days a week at Tesco and the rest I volunteer')).toContain('The user works 2 days a week at Tesco');
    expect(texts("they've cut me down to 3 days at Asda")).toContain('The user works 3 days a week at Asda');
    expect(texts('we finally bought our first flat in leith last spring')).toEqual(expect.arrayContaining(['The user lives in Leith', 'The user owns their home']));
    expect(texts('my sister bought a house in Derby')).toEqual(none(/Derby|owns/));
    expect(texts("I'm renting a tiny studio in Bristol with my boyfriend and a cat")).toEqual(expect.arrayContaining(['The user lives in a tiny studio in Bristol', 'The user has a cat']));
    expect(texts("I'm off to Krakow next month with work")).toContain('The user is going to Krakow next month');
    expect(texts('my native place is Goa, now settled in Mumbai')).toContain('The user is from Goa');
  });

  it('reads leave with a baby, a course started, a university subject and a marriage year', () => {
    expect(texts("I'm on paternity leave with a 2 week old")).toEqual(expect.arrayContaining(['The user is on paternity leave', 'The user has a 2-week-old baby']));
    expect(texts("just started my plumbing apprenticeship, it's hard")).toContain('The user is studying for a plumbing apprenticeship');
    expect(texts('im in first year at leeds uni doing history')).toContain('The user studies history at Leeds University');
    expect(texts('my wife and I got married in 2008')).toContain('The user has been married since 2008');
    expect(texts('my parents married in 1970')).toEqual(none(/married since/));
  });

  it('reads a count or an age put right, and the merge lets the new count end the old', () => {
    expect(texts("sorry it's 4 grandkids not 3")).toContain('The user has 4 grandkids');
    expect(texts("I'm 54 not 45, typo")).toContain('The user is 54 years old');
    expect(relation('The user has 2 children', 'The user has three kids')).toBe('supersedes');
    expect(relation('The user has 2 grandchildren', 'The user has three kids')).toBe('other');
    expect(relation('The user works 4 days a week at Lidl', 'The user works 3 days a week at Lidl')).toBe('supersedes');
  });

  it('keeps the role when the user is transferred to another place', () => {
    expect(texts('got transferred to the Norwich office in March')).toContain('The user transferred to the Norwich office');
    expect(texts('my wife got transferred to the Norwich office')).toEqual(none(/transferred/));
    expect(transferredJob('The user transferred to the Norwich office', ['The user likes tea', 'The user is an accountant in Ipswich'])).toBe('The user is an accountant in Norwich');
    expect(transferredJob('The user transferred to the Norwich office', ['The user lives in Ipswich'])).toBeNull();
  });

  it('reads money said tight, what the user is writing, remote work after a role, a wish after years of work, and who a document is for', () => {
    expect(texts("honestly I'm proper skint this month")).toContain('The user is skint (short of money)');
    expect(texts("I'm broke up about it")).toEqual(none(/short of money/));
    expect(texts("I'm writing my first novel, it's a thriller")).toContain('The user is writing their first novel');
    expect(texts("I'm a UX designer at a bank, mostly remote")).toContain('The user works mostly remote');
    expect(texts("I've been a chef for 15 years and want to open a cafe")).toContain('The user wants to open a cafe');
    expect(texts('could you write a speech for my grandma, she turns 90 on Friday')).toContain('The user has a grandma');
    expect(texts('write a story for my friend about a dragon')).toEqual(none(/friend|dragon/));
    expect(texts("let's role play, write a letter to my wife as a pirate")).toEqual(none(/wife/));
  });

  it('reads a British "I\'ve" of having, but not of today\'s business', () => {
    expect(texts("I've three cats and a tortoise")).toEqual(some(/has three cats/));
    expect(texts("I've a meeting at 3 so be quick")).toEqual(none(/has a meeting/));
    expect(texts("I've a feeling it'll rain")).toEqual(none(/feeling/));
  });

  it('reads a role opening a self-introduction list', () => {
    expect(texts("I'm a plumber in Hull, live in Cottingham, and love fishing")).toEqual(expect.arrayContaining(['The user lives in Cottingham']));
  });
});

describe('sarcasm and sensitive facts in everyday words (set 12)', () => {
  it('drops mock enthusiasm (a shouted word after a mock assent, an eye-roll next to praise), keeps plain enthusiasm', () => {
    expect(texts('oh yeah I just LOVE doing the ironing')).toEqual(none(/ironing/));
    expect(texts("yeah I'm SUCH a great driver, reversed into a bollard")).toEqual(none(/driver/));
    expect(texts('I love commuting in the rain 🙄')).toEqual(none(/commuting/));
    expect(texts('yeah I LOVE baking, do it every weekend')).toEqual(some(/loves baking/));
  });

  it('files pregnancy, sick leave, diabetes type, a fast, a vote, worship and a visa arrival as sensitive', () => {
    const sensitive = (say: string, cat: string) => expect(texts(say).some((t) => sensitiveCategory(t) === cat)).toBe(true);
    sensitive('22 weeks along and the heartburn is brutal', 'health');
    sensitive("we're expecting our first in August", 'health');
    sensitive("I'm off sick with depression at the moment", 'health');
    sensitive('type 1 here, what should I pack for hiking', 'health');
    sensitive("off crisps for Lent, send help", 'religion');
    sensitive('voted Green every time since 2010', 'politics');
    sensitive('we go to mandir every Sunday morning', 'religion');
    sensitive('I moved here on a skilled worker visa in 2022', 'immigration_status');
    expect(texts('3 weeks with our first and we are loving it')).toEqual(none(/pregnant/));
    expect(texts("we're expecting rain all weekend")).toEqual(none(/expecting/));
    expect(texts('my brother voted Reform')).toEqual(none(/voted/));
    expect(texts('my colleague is off sick with stress')).toEqual(none(/off sick/));
    expect(texts('my friend came over on a student visa')).toEqual(none(/visa/));
    expect(texts("I'm a nurse on a stroke ward").some((t) => sensitiveCategory(t) === 'health')).toBe(false);
  });

  it('reads "me and my X" as a we (keeping the X), a same-sex relationship said through a service sought, and fertility treatment sought', () => {
    expect(texts('me and my husband are both teachers in Hull')).toEqual(expect.arrayContaining(['The user has a husband', expect.stringMatching(/teacher/)]));
    expect(texts('me and my mate are going to Prague in March')).toEqual(none(/Prague/));
    const said = texts('me and my girlfriend want a wedding venue that is welcoming to same-sex couples in Devon');
    expect(said).toContain('The user is in a same-sex relationship with their girlfriend');
    expect(said).toEqual(none(/^The user has a girlfriend/));
    expect(said.filter((t) => /same-sex/.test(t)).every((t) => sensitiveCategory(t) === 'sexual_orientation')).toBe(true);
    expect(texts("we're a same-sex couple looking at flats").some((t) => sensitiveCategory(t) === 'sexual_orientation')).toBe(true);
    expect(texts('my brother and his husband want a venue good with same-sex couples')).toEqual(none(/same-sex/));
    expect(texts('we are debating same-sex marriage in politics class')).toEqual(none(/same-sex/));
    expect(texts("we've been advised to try IVF after three years").some((t) => sensitiveCategory(t) === 'health')).toBe(true);
    expect(texts("I'm looking into IVF costs for my cousin")).toEqual(none(/fertility/));
    expect(texts("I'm looking for a fertility clinic near Leeds").every((t) => !/clinic/.test(t) || sensitiveCategory(t) === 'health')).toBe(true);
  });

  it('reads a unit conversion with two unit words as arithmetic', () => {
    expect(requestKind('convert 5 degrees Celsius to Fahrenheit')).toBe('arithmetic');
    expect(requestKind('convert 3 fluid ounces to millilitres')).toBe('arithmetic');
  });
});
