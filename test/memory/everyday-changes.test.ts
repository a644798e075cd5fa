import { afterAll, describe, expect, it } from 'vitest';
import { contradicts, relation } from '../../src/memory/index.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { createAttune } from '../../src/memory/index.js';
import { none, some, texts } from '../support/extract.js';

// Self-written: changes told in everyday words, across two conversations, retire what they end
const attune = createAttune({ store: ':memory:', embedder: defaultEmbedder() });
afterAll(() => attune.close());

async function after(userId: string, first: string, then: string): Promise<string[]> {
  await attune.remember({ userId, messages: [{ role: 'user', content: first }] });
  await attune.remember({ userId, messages: [{ role: 'user', content: then }] });
  return (await attune.profile({ userId })).attributes.filter((a) => a.status === 'active').map((a) => a.text);
}

describe('everyday changes', () => {
  it('reads what ended in the words people use', () => {
    expect(texts('Gave up on Spanish, switched to Italian')).toEqual(expect.arrayContaining(['The user gave up on Spanish', 'The user switched to Italian']));
    expect(texts('Sold the Fiesta, I cycle everywhere now')).toEqual(some(/^The user no longer has their Fiesta$/));
    expect(texts('Did the half marathon on Sunday!')).toEqual(some(/^The user completed the half marathon$/));
    expect(texts("Keto didn't work for me, back to normal eating")).toEqual(some(/^The user gave up on Keto$/));
    expect(texts('I graduated from Leeds in June')).toEqual(some(/^The user graduated from Leeds$/));
  });

  it('guards: someone else, a what-if, a pronoun, a home sold', () => {
    expect(texts('my friend gave up on keto after a week')).toEqual(none(/keto/i));
    expect(texts('If I sold my car, could I still get to work?')).toEqual(none(/car/));
    expect(texts("it didn't work for me, any other ideas?")).toEqual(none(/gave up/));
    expect(texts('We sold our house and moved to Leeds')).toEqual(none(/no longer has/));
  });

  it('pairs each ending with the fact it ends', () => {
    expect(contradicts('The user gave up on Spanish', 'The user is learning Spanish')).toBe(true);
    expect(contradicts('The user no longer has their Fiesta', 'The user drives a Ford Fiesta')).toBe(true);
    expect(contradicts('The user completed the half marathon', 'The user is training for a half marathon')).toBe(true);
    expect(contradicts('The user completed the half marathon', 'The user is training for a marathon')).toBe(false);
    expect(contradicts('The user graduated from Leeds', 'The user is a student at Leeds uni')).toBe(true);
    expect(contradicts('The user graduated from Leeds', 'The user is a teacher')).toBe(false);
    expect(relation('The user has been seeing someone for three months', 'The user is single')).toBe('supersedes');
  });

  it('retires the old fact across conversations', async () => {
    expect(await after('a', 'I drive a Ford Fiesta', 'Sold the Fiesta, I cycle everywhere now')).toEqual(none(/drives/));
    expect(await after('b', "I'm training for a half marathon", 'Did the half marathon on Sunday!')).toEqual(none(/training/));
    expect(await after('c', "I'm a student at Leeds uni", 'I graduated in June and started as a graduate accountant')).toEqual(none(/student/));
    expect(await after('d', "I'm doing keto", "Keto didn't work for me, back to normal eating")).toEqual(none(/doing keto|follows a keto/));
    expect(await after('e', "I'm single", "I've been seeing someone for three months now")).toEqual(none(/single/));
    expect(await after('i', 'we have one kid', 'we have two kids now')).toEqual(none(/one kid/));
    expect(await after('k', 'I have two kids', 'I have two children')).toEqual(some(/two kids/));
    expect(await after('j', "I'm learning Spanish", 'Gave up on Spanish, switched to Italian')).toEqual(some(/Italian/));
  });

  it('a denial of a sensitive trait is kept only when it retires a claim', async () => {
    expect(await after('f', "I don't have ADHD, I'm just disorganised", "I'm not pregnant, just bloated lol")).toEqual(none(/ADHD|pregnant/));
    expect(await after('g', "I'm not gay, my flatmate is", "I don't have any allergies")).toEqual(some(/does not have any allergies/));
    const corrected = await after('h', 'I was diagnosed with ADHD last year', "turns out I don't have ADHD, they changed the diagnosis");
    expect(corrected).toEqual(none(/^The user has ADHD/));
  });

  it('a job that ended retires the job held; a move back home and a break-up retire the old home and partner', async () => {
    expect(await after('m', "I'm a paralegal in Leeds", 'I got made redundant last month, gutted')).toEqual(none(/paralegal/));
    expect(await after('n', 'I work as a barista at a cafe in Brighton', 'I quit the cafe! training to be a plumber now')).toEqual(none(/barista/));
    const moved = await after('o', 'I live in Bristol with my partner', "ok so big news, we split up and I've moved back to my parents' in Swindon");
    expect(moved).toEqual(some(/lives in Swindon/));
    expect(moved).toEqual(none(/Bristol|has a partner/));
  });
});
