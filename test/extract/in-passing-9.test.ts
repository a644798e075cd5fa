import { describe, expect, it } from 'vitest';
import { texts, none } from '../support/extract.js';
import { relation } from '../../src/memory/merge.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';

/** Rules found with heldout-users-9.jsonl, tried on self-written sentences that are not in it. */
describe('facts said inside requests (set 9)', () => {
  it('reads a condition said as an adjective, as sensitive, and not a hedged, negated or third-party one', () => {
    expect(texts("I'm dyslexic so long emails take me ages, can you summarise this?")).toContain('The user is dyslexic');
    expect(texts("I'm epileptic, are strobe lights at gigs a risk?")).toContain('The user is epileptic');
    expect(sensitiveCategory('The user is dyslexic')).toBe('health');
    expect(sensitiveCategory('The user is neurodivergent')).toBe('health');
    expect(texts('I wonder if I might be autistic')).toEqual(none(/autistic/));
    expect(texts('my daughter is dyslexic, how can I help with her reading?')).toEqual(none(/dyslexic/));
  });

  it('does not read a role-play written as two words', () => {
    expect(texts("let's role play: you're my landlord and I'm a tenant who owes three months of rent")).toEqual([]);
    expect(texts("I'm a drama teacher and I love role play with my classes")).toContain('The user is a drama teacher');
  });

  it('reads the role said after the employer in a new job, and a junior role is a job the new one replaces', () => {
    expect(texts('got a job at the council last month as a planning officer')).toContain('The user works as a planning officer at the council');
    expect(texts('I got a job at the pub as well as my course')).toEqual(none(/works as well/));
    expect(relation('The user works as team lead at Deliveroo', 'The user is a junior dev at Deliveroo')).toBe('supersedes');
  });

  it('reads an event signed up for and a job applied for, not a friend\'s or a what-if', () => {
    expect(texts('just signed up for a half marathon in Cardiff, eek')).toContain('The user is signed up for a half marathon in Cardiff');
    expect(texts("I'm applying for teaching assistant jobs")).toContain('The user is applying for teaching assistant jobs');
    expect(texts('my brother signed up for a triathlon')).toEqual(none(/signed up/));
    expect(texts('if I signed up for a marathon would I even finish?')).toEqual(none(/signed up/));
  });

  it('reads a verbless skill level or nationality, and a level after a list item', () => {
    expect(texts('complete novice with watercolours, which brushes do I need?')).toContain('The user is a complete novice with watercolours');
    // two facts since set 10: the home stays usable when the sensitive gate withholds a nationality read as descent
    expect(texts('Kiwi living in Edinburgh, how do I register with a GP?')).toEqual(expect.arrayContaining(['The user is Kiwi', 'The user lives in Edinburgh']));
    expect(texts('People living in London pay more for everything')).toEqual([]);
    expect(texts("I'm learning Italian, beginner, and piano, grade 4")).toEqual(['The user is learning Italian (beginner)', 'The user is learning piano (grade 4)']);
  });

  it('reads a shift with its workplace, an age typed as "im", and caring verbs', () => {
    expect(texts('I work weekends at a garden centre, any tips for a bad back from lifting?')).toContain('The user works weekends at a garden centre');
    expect(texts('im 17 and need a cheap first car')).toContain('The user is 17 years old');
    expect(texts('I look after my grandad three days a week')).toContain('The user looks after their grandad three days a week');
    expect(texts('I coach a girls football team on Sundays')).toContain('The user coaches a girls football team on Sundays');
  });

  it('reads an answer-style wish said politely, not one for a text at hand', () => {
    expect(texts('numbered lists please, I lose track otherwise')).toContain('The user prefers answers in numbered lists');
    expect(texts('keep it brief if possible')).toContain('The user prefers brief answers');
    expect(texts('if my boss asks, keep it brief')).toEqual(none(/prefers/));
    expect(texts('format this as bullet points if you can')).toEqual(none(/prefers/));
  });

  it('ends a list where a clause with its own subject or a past verb starts', () => {
    expect(texts('I play drums in a jazz trio and we rehearse on Mondays')).toEqual(['The user plays drums in a jazz trio']);
    expect(texts('I love hiking, went up Snowdon last month')).toEqual(['The user loves hiking']);
    expect(texts('I speak Welsh and Irish')).toEqual(['The user speaks Welsh', 'The user speaks Irish']);
  });

  it('reads a qualified role with its place, a taste for an activity and children counted without a subject', () => {
    expect(texts('freelance translator in Porto, how do I invoice a UK client?')).toContain('The user is a freelance translator in Porto');
    expect(texts('hate swimming, what else is easy on the knees?')).toContain('The user hates swimming');
    expect(texts('got three kids under 10, any cheap days out?')).toEqual(expect.arrayContaining([expect.stringMatching(/^The user has three kids/)]));
    expect(texts('love this, thanks')).toEqual([]);
    expect(texts('love being told what to do lol')).toEqual([]);
  });

  it("reads a role at someone's wedding as the user's role, not the wedding as theirs", () => {
    expect(texts("I'm best man at my cousin's wedding in June, help with the speech")).toContain("The user is the best man at their cousin's wedding");
    expect(texts('my brother is the best man')).toEqual(none(/best man/));
    expect(texts("if I'm a bridesmaid do I pay for my dress?")).toEqual(none(/bridesmaid/));
  });

  it("reads a school or university year, and a gamer's main, not a child's year or 'main' as an adjective", () => {
    expect(texts("im in year 12 and revising for mocks, any tips?")).toContain('The user is in year 12');
    expect(texts("I'm in my third year of university and need a dissertation topic")).toContain('The user is in their third year of university');
    expect(texts('my daughter is in year 3, what books suit her?')).toEqual(none(/year 3/));
    expect(texts("I'm in year two of a five-year plan")).toEqual(none(/year two/));
    expect(texts('I main Lucio in Overwatch')).toContain('The user mains Lucio in Overwatch');
    expect(texts('the main thing I care about is price')).toEqual(none(/mains/));
  });

  it('reads a language by how the user judges their own level, not someone else\'s', () => {
    expect(texts('my Italian is still pretty patchy after two years')).toContain('The user speaks Italian (patchy)');
    expect(texts('my Japanese is honestly embarrassing, how do I practise speaking?')).toContain('The user speaks Japanese (embarrassing)');
    expect(texts("my husband's Greek is awful")).toEqual(none(/speaks Greek/));
  });
});
