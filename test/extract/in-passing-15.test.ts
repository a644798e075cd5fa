import { describe, expect, it } from 'vitest';
import { relation } from '../../src/memory/index.js';
import { styleFindings } from '../../src/stages/extract/style.js';
import { none, some, texts } from '../support/extract.js';

/** Rules found with heldout-users-15.jsonl (walks of life), tried on self-written sentences that are not in it. */
describe('a condition on the body, party membership, a long visa name, a job left, a home left (set 15)', () => {
  it('a condition placed on the user\'s own body is theirs, and not someone else\'s', () => {
    expect(texts('the eczema on my arms flares up every spring')).toEqual(some(/^The user has eczema$/));
    expect(texts('The psoriasis on my scalp is driving me mad')).toEqual(some(/^The user has psoriasis$/));
    expect(texts("the arthritis in my dad's knees is getting worse")).toEqual(none(/arthritis/i));
  });

  it('membership of a party said of oneself, and not of someone else', () => {
    expect(texts("I'm a paid-up Green Party member and I volunteer at the food bank")).toEqual(some(/^The user is a paid-up Green Party member$/));
    expect(texts("I'm the branch secretary and a Lib Dem councillor")).toEqual(some(/Lib Dem councillor$/));
    expect(texts('my uncle is a Labour party member')).toEqual(none(/member/i));
  });

  it('a visa named in several words is the visa', () => {
    expect(texts("I'm on a skilled worker sponsored visa until 2027")).toEqual(some(/^The user is on a skilled worker sponsored visa$/));
    expect(texts('my cousin is on a working holiday visa')).toEqual(none(/visa/i));
  });

  it('leaving one\'s job is said, and fills the job slot', () => {
    expect(texts("I've given my notice at the café")).toEqual(some(/^The user has given their notice$/));
    expect(texts('I got made redundant in March')).toEqual(some(/^The user was made redundant$/));
    expect(texts("I'm becoming a stay-at-home mum after the baby")).toEqual(some(/^The user is going to be a stay-at-home mum$/));
    expect(texts('my husband quit his job')).toEqual(none(/quit|job/i));
    expect(relation('The user has quit their job', 'The user works as a welder')).toBe('supersedes');
    expect(relation('The user was laid off', 'The user works in logistics for a supermarket')).toBe('supersedes');
    expect(relation('The user has handed in their notice', 'The user has a cat')).toBe('other');
  });

  it('who the user lives with after a comma is not a second place', () => {
    expect(texts('I live in Truro, just me and my dad')).toEqual(some(/^The user lives in Truro$/));
    expect(texts('I live in Truro, just me and my dad')).toEqual(none(/lives in (?:just|their dad)/));
    expect(texts('I live in Truro, the two of us and a dog')).toEqual(none(/lives in the two/));
    expect(texts('live on my own in Kendal, just the cat for company')).toEqual(some(/^The user lives in Kendal$/));
    expect(texts('live on my own in Kendal, just the cat for company')).toEqual(none(/lives in just/));
  });

  it('an allergy or a count of children typed without a subject', () => {
    expect(texts('allergic to sesame, learnt that at a wedding')).toEqual(some(/^The user is allergic to sesame$/));
    expect(texts('allergic to that sort of thing tbh')).toEqual(none(/allergic/));
    expect(texts('have three little girls, 2, 5 and 9')).toEqual(some(/^The user has three little girls/));
  });

  it('money said in passing: a budget named by what it is for, an amount with a thousands comma, a debt typed without "I"', () => {
    expect(texts('my grocery budget is like $120 a week')).toEqual(some(/^The user's grocery budget is \$120 a week$/));
    expect(texts('I have about $2,300 left on my car loan')).toEqual(some(/^The user has about \$2,300 left on their car loan$/));
    expect(texts('I have about $2,300 left on my car loan')).toEqual(none(/^The user has about \$2$/));
    expect(texts('got around €3,000 on an overdraft I want gone')).toEqual(some(/€3,000 on an overdraft/));
    expect(texts('got £5 for that')).toEqual(none(/£5/));
  });

  it('answer-style wishes in chat words: no tables, the gist, bullets before a comma', () => {
    const style = (s: string) => styleFindings(s).map((f) => f.text);
    expect(style('avoid markdown and emojis, my app shows them raw')).toEqual(expect.arrayContaining(['The user prefers answers without emojis', 'The user prefers answers without markdown']));
    expect(style('I only need the gist, not the whole history')).toContain('The user prefers short answers');
    expect(style('ok so no lectures, I just want the steps')).toContain('The user prefers short answers');
    expect(style('use bullet points, it helps me scan')).toContain('The user prefers answers in bullet points');
    expect(style('no tables in this spreadsheet summary')).toEqual([]);
    expect(style('my boss said no tables in the report')).toEqual([]);
  });

  it('"I live in X before" is a home left, "before that" still the home', () => {
    expect(texts('I live in Kraków before, now in Cork')).toEqual(none(/lives in Kraków/));
    expect(texts('I live in Cork, before that Galway')).toEqual(some(/^The user lives in Cork$/));
  });
});
