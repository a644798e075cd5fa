import { describe, expect, it } from 'vitest';
import { texts, none, some } from '../support/extract.js';
import { normalizeChatTyping } from '../../src/stages/extract/chat-typing.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';
import { answerFindings } from '../../src/stages/extract/answers.js';

/** Rules found with heldout-users-7.jsonl (chat register), tried on self-written sentences that are not in it. */
describe('chat register (set 7)', () => {
  it('does not read a message pasted in single quotes, nor one handed over for a grammar check', () => {
    expect(texts("my neighbour wrote 'I just got back from Peru and my twins start school next week' what do I reply")).toEqual(none(/peru|twins/i));
    expect(texts("check the spelling pls: 'im a vegan chef living in cork with my 2 dogs'")).toEqual([]);
    expect(texts("I'm a welder and my kids' school is great")).toEqual(some(/welder/));
    // an emptied quotation still closes its frame
    expect(texts("My mum said 'you will never finish that degree', funny because I'm a physicist now")).toEqual(some(/physicist/));
  });

  it('reads chat typing: lowercase cities, bf/gf/rn/wfh, "im", and an emoji ending a thought', () => {
    expect(normalizeChatTyping('my gf and I moved to glasgow rn')).toBe('my girlfriend and I moved to Glasgow now');
    expect(normalizeChatTyping('reading a book in nice weather, a turkey sandwich')).toBe('reading a book in nice weather, a turkey sandwich');
    expect(texts('pescatarian here 🐟 whats good at a steakhouse')).toContain('The user is pescatarian');
    expect(texts('im bisexual and out to my friends')).toEqual(some(/bisexual/));
    expect(texts('wfh from bristol most weeks')).toEqual(some(/works from home/));
    expect(texts('working remotely from lisbon these days')).toContain('The user lives in Lisbon');
  });

  it('reads a bare identity before here/btw/so, kept sensitive', () => {
    expect(texts('type 2 diabetic btw, what snacks are ok')).toContain('The user is type 2 diabetic');
    expect(texts('catholic here, what should I give up for lent')).toEqual(some(/is Catholic/));
    expect(sensitiveCategory('The user is type 2 diabetic')).toBe('health');
    expect(texts('my sister is muslim so what should I cook for eid')).toEqual(none(/^The user is Muslim/));
  });

  it("reads a partner's or child's interest as theirs, not the user's", () => {
    expect(texts("my husband's super into fly fishing, any gift ideas")).toContain("The user's husband is into fly fishing");
    expect(texts('my daughter is obsessed with horses')).toContain("The user's daughter is obsessed with horses");
    expect(texts('my boss is obsessed with spreadsheets')).toEqual(none(/spreadsheets/));
  });

  it("reads the user's own injury, a new baby, the home airport", () => {
    expect(texts('sprained my ankle playing netball last week, how long till I can run')).toContain('The user has an injured ankle (sprained)');
    expect(texts('my brother broke his arm skateboarding')).toEqual(none(/injured/));
    expect(texts('if I broke my wrist would insurance pay')).toEqual(none(/injured/));
    expect(texts('we had our second baby in march and I am exhausted')).toEqual(some(/new baby/));
    expect(texts('I normally fly from Bristol')).toContain('The user usually flies from Bristol');
    expect(texts('I flew from Bristol once')).toEqual(none(/flies from/));
  });

  it('puts the subject back before tastes typed without one, not before a reaction', () => {
    expect(texts('love gardening, hate weeding lol')).toEqual(some(/loves gardening/));
    expect(texts('love this idea, thanks')).toEqual([]);
    expect(texts('hate to ask but can you check my maths')).toEqual([]);
  });

  it('reads style preferences typed in chat register, not those of others or about a text', () => {
    expect(texts('numbered lists please, I follow steps better')).toContain('The user prefers answers in numbered lists');
    expect(texts('please use easy english, I am still learning')).toContain('The user prefers simple language');
    expect(texts('skip the disclaimers and just tell me')).toContain('The user prefers direct answers without long intros');
    expect(texts('less formal pls, we are friends')).toContain('The user prefers a casual, friendly tone');
    expect(texts('my friend says use simple words')).toEqual(none(/prefers/));
    expect(texts('rewrite this paragraph in simple words')).toEqual(none(/prefers/));
  });

  it('reads a role opening a question, and a second place after "and living in"', () => {
    expect(texts('as a paramedic on nights, how do I eat well')).toContain('The user is a paramedic on nights');
    expect(texts('As a teacher would say, practice matters.')).toEqual(none(/teacher/));
    expect(texts('I am from Peru and living in Madrid since 2019')).toContain('The user lives in Madrid');
    expect(texts('learning german on an app, 50 day streak')).toEqual(none(/streak/));
  });

  it('puts the subject back before work, medication and a role doing something', () => {
    expect(texts('work as a plumber in leeds, self employed')).toEqual(some(/works as a plumber/));
    expect(texts('on antidepressants since march and sleeping badly')).toEqual(some(/takes antidepressants/));
    expect(texts('on my way home now')).toEqual([]);
    expect(texts('nurse working nights in a&e, 3rd year, exhausted')).toContain('The user is a nurse working nights in a&e');
  });

  it('reads a language used for code as used, not had', () => {
    expect(answerFindings('Which programming language do you write it in?', 'rust mostly').map((f) => f.text)).toContain('The user uses rust');
    expect(answerFindings('Do you have an air fryer?', 'yes a small one').map((f) => f.text)).toEqual(none(/uses/));
  });

  it("reads a self-introduction listed after the age, a relation's diet, 'only got', one place of origin, an activity taken up again", () => {
    const bio = texts("quick background: im 52, retired teacher, divorced, 3 grandkids, and I'm learning Welsh");
    expect(bio).toEqual(expect.arrayContaining(['The user is 52 years old', 'The user is a retired teacher', 'The user is divorced']));
    expect(texts("I'm 40, tired and bored")).toEqual(['The user is 40 years old']);
    expect(texts('my wife is vegetarian so no meat at ours')).toContain("The user's wife is vegetarian");
    expect(texts('my wife is vegetarian so no meat at ours')).toEqual(none(/^The user is vegetarian/));
    expect(texts('only got a rowing machine and a yoga mat in the flat')).toContain('The user has a rowing machine');
    expect(texts("I'm from Ghana, accountant by training")).toContain('The user is from Ghana');
    expect(texts("I'm slowly getting back into swimming")).toContain('The user is getting back into swimming');
  });
});
