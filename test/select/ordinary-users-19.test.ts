import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../src/stages/select/domains.js';
import { selectAttributes } from '../../src/stages/select/select-attributes.js';

const domain = (name: string) => DOMAINS.find((d) => d.name === name)!;

/** Selector cues found with heldout-users-19.jsonl (ordinary users, a few facts each), tried on self-written requests and facts that are not in it. */
describe('default selector cues (set 19: ordinary users, a few facts each)', () => {
  it('reads more sales as the user\'s business, and a small shop the user has as their work', () => {
    for (const r of ['how can I boost sales before easter?', 'tips to sell more at the market', 'why are my sales down this month?']) expect(domain('work').request.keywords.test(r), r).toBe(true);
    expect(domain('work').request.keywords.test('where are the january sales this year?')).toBe(false);
    for (const a of ['The user has a small bakery in Leeds', 'The user has a little flower stall', 'The user has a family business']) expect(domain('work').attribute.keywords.test(a), a).toBe(true);
    expect(domain('work').attribute.keywords.test('The user has a favourite coffee shop')).toBe(false);
  });

  it('reads a website and front or back end as code, on both sides', () => {
    for (const r of ['my web app is slow on phones', 'how do I speed up my website?', 'should I learn React or Vue?', 'how do I index a postgres table?']) expect(domain('code').request.keywords.test(r), r).toBe(true);
    for (const a of ['The user is a frontend dev', 'The user is a back-end engineer at a bank', 'The user is a full-stack developer', 'The user works as a web dev']) expect(domain('code').attribute.keywords.test(a), a).toBe(true);
    expect(domain('code').request.keywords.test('the back end of the garden is overgrown')).toBe(false);
  });

  it('does not take "daily" or "weekly" as a shared topic', async () => {
    const attributes = ['The user walks the dog daily', 'The user is a maths student at Exeter'];
    const r = await selectAttributes({ prompt: 'make me a daily revision timetable', attributes });
    expect(r.attributes).not.toContain('The user walks the dog daily');
  });

  it('reads years of nursing as a job, not nursing a baby or a cold', () => {
    for (const a of ['The user has been nursing for 20 years', 'The user has worked in nursing since 2010', 'The user has been nursing 8 yrs']) expect(domain('work').attribute.keywords.test(a), a).toBe(true);
    for (const a of ['The user has been nursing a cold', 'The user is nursing her newborn', 'The user has been nursing a grudge']) expect(domain('work').attribute.keywords.test(a), a).toBe(false);
  });

  it('does not take a number as a shared topic', async () => {
    const attributes = ['The user has been a postman for 30 years', 'The user lives in Hull'];
    const r = await selectAttributes({ prompt: 'is 30 minutes of yoga a day enough?', attributes });
    expect(r.attributes).not.toContain('The user has been a postman for 30 years');
  });
});
