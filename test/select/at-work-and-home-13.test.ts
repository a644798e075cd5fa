import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../src/stages/select/domains.js';
import { isStylePreference, isTonePreference } from '../../src/stages/select/request-kind.js';
import { selectAttributes } from '../../src/stages/select/select-attributes.js';

const domain = (name: string) => DOMAINS.find((d) => d.name === name)!;

/** Selector cues found with heldout-users-13.jsonl (people at work and at home), tried on self-written requests and facts that are not in it. */
describe('default selector cues (set 13: what a person injects at work and at home)', () => {
  it('reads pet kit, music practice, feeding people and money facts by keyword, and not their look-alikes', () => {
    for (const r of ['which flea treatment works for a puppy?', 'best kibble for an old lab?', 'how big should the hutch be?']) expect(domain('pets').request.keywords.test(r), r).toBe(true);
    expect(domain('pets').request.keywords.test('a toy for my nephew who is 4')).toBe(false);
    for (const r of ['my E string keeps going out of tune', 'how can I rehearse without annoying the neighbours?', 'how do I rosin my bow?']) expect(domain('music').request.keywords.test(r), r).toBe(true);
    for (const a of ['The user plays the viola in a string quartet', 'The user sings tenor in a barbershop group', 'The user plays bass in a covers band']) expect(domain('music').attribute.keywords.test(a), a).toBe(true);
    expect(domain('music').attribute.keywords.test('The user types on a mechanical keyboard')).toBe(false);
    for (const r of ['what can I feed the kids after swimming?', "what's a good dish for the potluck?"]) expect(domain('food').request.keywords.test(r), r).toBe(true);
    for (const a of ['The user owes about 6k on a car loan', 'The user earns £28,000', 'The user has an overdraft of 500 pounds']) expect(domain('money').attribute.keywords.test(a), a).toBe(true);
    for (const a of ['The user runs 10k every Sunday', 'The user swims three times a week']) expect(domain('money').attribute.keywords.test(a), a).toBe(false);
    for (const r of ['my tax rebate came through, what should I do with it?', 'should I pay off my overdraft first?']) expect(domain('money').request.keywords.test(r), r).toBe(true);
  });

  it('reads families in the plural as a family request', () => {
    for (const r of ['which areas are good for families?', 'family-friendly hotels in Cornwall']) expect(domain('family').request.keywords.test(r), r).toBe(true);
    expect(domain('family').request.keywords.test('which areas are good for students?')).toBe(false);
  });

  it('reads the tools and materials of a craft as a free-time request', () => {
    for (const r of ['my glaze keeps crawling off the pot', 'which yarn is best for a baby blanket?', 'how do I sharpen my chisels?', 'my watercolours go muddy, why?']) expect(domain('free time').request.keywords.test(r), r).toBe(true);
    expect(domain('free time').request.keywords.test('my canvassing leaflets are ready')).toBe(false);
  });

  it('reads more occupations as jobs and a classroom or a busy season as work', () => {
    for (const a of ['The user is a hairdresser', 'The user is an apprentice electrician', 'The user teaches piano for a living', 'The user is a childminder']) expect(domain('work').attribute.keywords.test(a), a).toBe(true);
    for (const r of ['ideas for a lesson on fractions for year 4?', 'how do I keep my class quiet after lunch?', 'I have three deadlines on Friday, how do I cope?']) expect(domain('work').request.keywords.test(r), r).toBe(true);
    expect(domain('work').request.keywords.test('my son wants swimming lessons, what age is best?')).toBe(false);
  });

  it('reads how at home a user is with technology, and wanting the reasons, as style', () => {
    expect(isTonePreference("The user is not very confident with computers")).toBe(true);
    expect(isTonePreference("The user isn't techy")).toBe(false);
    expect(isTonePreference('The user is not tech-savvy')).toBe(true);
    expect(isTonePreference('The user is hopeless with computers')).toBe(true);
    expect(isStylePreference('The user wants to understand the reasoning behind advice')).toBe(true);
    expect(isStylePreference('The user wants to understand French films better')).toBe(false);
    for (const a of ['The user is not a fan of long answers', "The user doesn't like long explanations", 'The user likes detailed explanations']) expect(isStylePreference(a), a).toBe(true);
    expect(isStylePreference('The user is not a fan of long walks')).toBe(false);
  });

  it('does not take a pet\'s name for a topic', async () => {
    const r = await selectAttributes({ prompt: 'how do I make cinnamon toast?', attributes: ['The user has a cat called Toast.', 'The user works as a radiographer.'] });
    expect(r.attributes).toEqual([]);
    const vet = await selectAttributes({ prompt: 'my cat has stopped eating, should I worry?', attributes: ['The user has a cat called Toast.', 'The user works as a radiographer.'] });
    expect(vet.attributes).toContain('The user has a cat called Toast.');
  });

  it('keeps the job out of a food request set at work, and keeps it for work itself', async () => {
    const attributes = ['The user is an apprentice electrician in Derby.', 'The user is lactose intolerant.', 'The user plays darts on Fridays.'];
    const lunch = await selectAttributes({ prompt: 'cheap snacks I can keep in my locker at work?', attributes });
    expect(lunch.attributes).toContain('The user is lactose intolerant.');
    expect(lunch.attributes).not.toContain('The user is an apprentice electrician in Derby.');
    const boss = await selectAttributes({ prompt: 'how do I tell my boss I want more hours at work?', attributes });
    expect(boss.attributes).toContain('The user is an apprentice electrician in Derby.');
  });

  it('keeps a job in a city out of home cooking at the weekend, but keeps where the user lives for going out', async () => {
    const attributes = ['The user is a pharmacist at a chain in Derby.', 'The user is gluten-free.', 'The user has two cats.'];
    const cook = await selectAttributes({ prompt: 'a slow cooker recipe for this Saturday?', attributes });
    expect(cook.attributes).toContain('The user is gluten-free.');
    expect(cook.attributes).not.toContain('The user is a pharmacist at a chain in Derby.');
    const lives = ['The user lives in Derby.', 'The user is gluten-free.', 'The user has two cats.'];
    const out = await selectAttributes({ prompt: 'good spots for a coffee this Saturday?', attributes: lives });
    expect(out.attributes).toContain('The user lives in Derby.');
    const plans = await selectAttributes({ prompt: 'what should we do this weekend?', attributes: lives });
    expect(plans.attributes).toContain('The user lives in Derby.');
  });
});
