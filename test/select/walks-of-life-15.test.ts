import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../src/stages/select/domains.js';
import { requestKind } from '../../src/stages/select/request-kind.js';
import { selectAttributes } from '../../src/stages/select/select-attributes.js';

const domain = (name: string) => DOMAINS.find((d) => d.name === name)!;

/** Selector cues found with heldout-users-15.jsonl (walks of life), tried on self-written requests and facts that are not in it. */
describe('default selector cues (set 15: students, trades, farms, carers, gig work, babies)', () => {
  it('reads a word in its other sense as no topic: Java coffee, bass fishing, a pet python', async () => {
    const dev = ['The user writes backend services in Java.', 'The user has two cats.'];
    expect((await selectAttributes({ prompt: 'is java roast stronger than a french roast?', attributes: dev })).attributes).toEqual([]);
    expect((await selectAttributes({ prompt: 'why does my Java build fail with a missing class?', attributes: dev })).attributes).toContain('The user writes backend services in Java.');
    const bassist = ['The user plays bass in a covers band.', 'The user works as a postman.'];
    expect((await selectAttributes({ prompt: 'what bait do sea bass go for off a pier?', attributes: bassist })).attributes).not.toContain('The user plays bass in a covers band.');
  });

  it('reads farming, caring and the farming year by keyword, and not their look-alikes', () => {
    for (const r of ['when should we start calving the heifers?', 'how much silage per cow over winter?', 'best grass seed for a sheep paddock?']) expect(domain('farm').request.keywords.test(r), r).toBe(true);
    for (const a of ['The user runs a beef farm in Cumbria', 'The user keeps about 400 ewes', 'The user has a smallholding with goats']) expect(domain('farm').attribute.keywords.test(a), a).toBe(true);
    expect(domain('farm').attribute.keywords.test('The user is lactose intolerant and avoids dairy')).toBe(false);
    for (const r of ['how do I find respite care for a weekend?', 'are grab rails worth fitting in the bathroom?', "I'm completely burnt out, what can I do?"]) expect(domain('care').request.keywords.test(r), r).toBe(true);
    for (const a of ['The user is the main carer for their wife', 'The user looks after their elderly dad', 'The user cares for their disabled son']) expect(domain('care').attribute.keywords.test(a), a).toBe(true);
    expect(domain('care').attribute.keywords.test('The user looks after the accounts at work')).toBe(false);
  });

  it('reads trades, gig work and shop owners as jobs, and a shop\'s bookings and staff as work', () => {
    for (const a of ['The user is a tiler', 'The user drives for Lyft at weekends', 'The user owns a small florist shop', 'The user is a self-employed joiner', 'The user is an HGV driver']) expect(domain('work').attribute.keywords.test(a), a).toBe(true);
    expect(domain('work').attribute.keywords.test('The user drives an old Corsa')).toBe(false);
    for (const r of ['how do I cut no-shows on bookings?', 'should I take on an apprentice?', 'a customer wants a refund, what do I say?']) expect(domain('work').request.keywords.test(r), r).toBe(true);
  });

  it('reads babies, fuel, study stages, gaming kit and playing positions by keyword', () => {
    for (const r of ['is it normal for a newborn to feed every hour?', 'when do babies drop to two naps?', 'best pram for bumpy paths?']) expect(domain('family').request.keywords.test(r), r).toBe(true);
    expect(domain('family').attribute.keywords.test('The user looks after their mum')).toBe(true);
    for (const r of ['how can I get better mpg on the motorway?', 'petrol or diesel for lots of short trips?']) expect(domain('transport').request.keywords.test(r), r).toBe(true);
    for (const a of ['The user is doing A-levels in biology and chemistry', 'The user is doing a PhD in linguistics']) expect(domain('study').attribute.keywords.test(a), a).toBe(true);
    expect(domain('games').request.keywords.test('is a 4070 a good graphics card for 1440p?')).toBe(true);
    for (const a of ['The user is a semi-pro striker', 'The user does powerlifting']) expect(domain('health').attribute.keywords.test(a), a).toBe(true);
  });

  it('reads "near us" and a request ending in "here" as local, and not a plea for help', () => {
    for (const r of ['where do people usually buy a used car here?', 'any good swimming pools near us?']) expect(domain('place').request.keywords.test(r), r).toBe(true);
    expect(domain('place').request.keywords.test("I'm stuck, can you help me here?")).toBe(false);
  });

  it('takes who composed a piece and the distance between two named places as look-ups', () => {
    expect(requestKind('who composed the Four Seasons?')).toBe('factual');
    expect(requestKind('how many miles from Leeds to York?')).toBe('factual');
    expect(requestKind('how far is it from Lyon to Nice?')).toBe('factual');
    expect(requestKind('how far should I run on my long run this week?')).toBe('open');
  });

  it('takes the carer for a break, not the job', async () => {
    const attributes = ['The user cares for their husband, who has Parkinson\'s.', 'The user works part-time as a cashier.', 'The user lives in Swindon.'];
    const r = await selectAttributes({ prompt: 'how do I get a bit of respite without feeling awful about it?', attributes });
    expect(r.attributes).toContain("The user cares for their husband, who has Parkinson's.");
    expect(r.attributes).not.toContain('The user works part-time as a cashier.');
  });
});
