import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { extractFromText } from '../../src/stages/extract/findings.js';
import { relation } from '../../src/memory/merge.js';

const ex = new OfflineExtractor();
function texts(say: string): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: say }] };
  return ex.extractSync(c).map((a) => a.text);
}

/** Facts said in passing (self-written sentences, none from heldout-users-3.jsonl). */
describe('facts said in passing', () => {
  it('reads "no more X for me" as a change, and not "no more questions for me"', () => {
    expect(texts('ok no more sugar for me, my dentist was furious')).toContain('The user no longer eats sugar');
    expect(texts('no more night buses for me')).toContain('The user no longer has night buses');
    expect(texts('no more questions for me, thanks')).toEqual([]);
    expect(texts('no more Netflix for me until exams are over')).toEqual([]);
    expect(relation('The user no longer drinks coffee', 'The user drinks three coffees a day')).toBe('supersedes');
  });

  it('gives the user what a couple both are, but not where they are going', () => {
    expect(texts('my husband and I are both nurses so our shifts clash')).toContain('The user is a nurse');
    expect(texts('my partner and I are vegan')).toContain('The user is vegan');
    expect(texts('my wife and I are going to Oslo')).not.toContain('The user is a going to Oslo');
  });

  it('reads "being X, I ..." for a role or a known state, not for a manner of speaking', () => {
    expect(texts('Being a paramedic, I sleep at odd hours.')).toContain('The user is a paramedic');
    expect(texts('being coeliac I check every label')).toContain('The user is coeliac');
    expect(texts('Being honest I never liked opera')).not.toContain('The user is honest');
    expect(texts('being a bit of a nerd I love maths').some((t) => /is a bit/.test(t))).toBe(false);
  });

  it('marks a bad joint as health and keeps it when said about oneself', () => {
    const f = extractFromText('my lower back has been stiff all winter, any stretches?').findings;
    expect(f.find((x) => x.text === 'The user has a stiff lower back')?.sensitive).toBe('health');
    expect(extractFromText('if my knee was better I would run').findings).toEqual([]);
  });

  it('keeps who lives with the user in one attribute, and cuts a second clause', () => {
    expect(texts('I live in Ghent with my brother and a grumpy tortoise')).toContain('The user lives in Ghent with their brother and a grumpy tortoise');
    expect(texts('I live in Ghent with my brother and work in Brussels')).toContain('The user lives in Ghent with their brother');
  });

  it('keeps what the work is after a comma when it says so', () => {
    expect(texts('I work at an agency, mainly print layouts in InDesign.')).toContain('The user works at an agency, mainly print layouts in InDesign');
    expect(texts('I work at a school, and I love it')).toContain('The user works at a school');
  });

  it("reads learner's English roles with no article", () => {
    expect(texts('I am accountant in small company since five years')).toContain('The user is an accountant in small company');
    expect(texts('I am working like cook in restaurant')).toContain('The user is a cook in restaurant');
    expect(texts('I am tech savvy')).toEqual([]);
  });

  it('ends a hypothetical or reported frame at a contrast', () => {
    expect(texts("If I won the lottery I'd quit, but honestly I love my job as a nurse")).toContain('The user loves their job as a nurse');
    expect(texts("My friend is a chef, but I'm a nurse")).toEqual(['The user is a nurse']);
    expect(texts("if I were rich, but I'm not, I'd buy a boat")).toEqual([]);
  });

  it('ends an object at a contrast', () => {
    expect(texts('I live in Bristol, not Bath')).toEqual(['The user lives in Bristol']);
  });

  it('reads a home named in passing, not one sold or kept for holidays', () => {
    expect(texts("I'm painting my apartment in Quito this weekend")).toContain('The user lives in Quito');
    expect(texts('we are selling our house in Quito')).not.toContain('The user lives in Quito');
    expect(texts('my holiday flat in Nice needs a new boiler')).not.toContain('The user lives in Nice');
  });

  it('splits a household from its pets, and drops to-do lists as possessions', () => {
    const t = texts("we're a household of three plus a collie, so a big car please");
    expect(t).toContain("The user's household is three people");
    expect(t).toContain('The user has a collie');
    expect(texts("I've got a list of errands to run today")).toEqual([]);
    expect(texts("we're a family of three and a half lol").some((t) => /half/.test(t))).toBe(false);
  });

  it('holds one meat-free diet at a time, and other diets alongside', () => {
    expect(relation('The user is pescatarian', 'The user is vegan')).toBe('supersedes');
    expect(relation('The user is vegetarian now', 'The user is vegan')).toBe('supersedes');
    expect(relation('The user is vegan', 'The user is gluten-free')).toBe('other');
  });
});
