import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { joinBulletLists, restoreSubject } from '../../src/stages/extract/informal.js';
import { relation } from '../../src/memory/merge.js';

const ex = new OfflineExtractor();
function texts(say: string, asked?: string): string[] {
  const turns = asked
    ? [{ index: 0, role: 'assistant' as const, text: asked }, { index: 1, role: 'user' as const, text: say }]
    : [{ index: 0, role: 'user' as const, text: say }];
  const c: Conversation = { id: 'c', userId: 'u', turns };
  return ex.extractSync(c).map((a) => a.text);
}

describe('informal self-disclosure', () => {
  it('puts a dropped subject back only before verbs about the speaker', () => {
    expect(restoreSubject('Update: relocated to Utrecht for work')).toBe('Update: I relocated to Utrecht for work');
    expect(restoreSubject('been dealing with back pain for years')).toBe("I've been dealing with back pain for years");
    expect(restoreSubject('Living in Rotterdam these days')).toBe("I'm living in Rotterdam these days");
    expect(restoreSubject('Send me the recipe')).toBe('Send me the recipe');
    expect(restoreSubject('I moved to Oslo')).toBe('I moved to Oslo');
  });

  it('joins a bulleted list under a heading into one sentence', () => {
    expect(joinBulletLists("Things I'm into:\n- woodworking\n- board games\n- trail running")).toBe("Things I'm into: woodworking, board games and trail running.");
    expect(joinBulletLists('Steps:\n- open the lid')).toBe('Steps:\n- open the lid');
  });

  it.each([
    ["I used to live in Madrid but now I'm in Barcelona", /^The user lives in Barcelona$/],
    ['We just adopted a greyhound!! her name is Luna', /^The user has a greyhound$/],
    ['My job is nursing, mostly on the pediatric ward.', /^The user works in nursing$/],
    ['My budget for a new laptop is about $1,200, mostly for photo editing.', /^The user's budget for a new laptop is about \$1,200$/],
    ['Got hired as a bus driver for the city', /^The user works as a bus driver/],
    ['turning 50 next month, feeling old lol', /^The user is turning 50$/],
    ['vegan since 2019', /^The user is vegan$/],
    ['im a chef and also has a food truck on weekends', /^The user has a food truck/],
    ["so I'm 29 and I teach yoga and the rest of the week I work as a barista which is fine", /^The user works as a barista$/],
    ["I'm a dentist from Cork with three kids and a beagle.", /^The user has a beagle$/],
    ['hiya! vet tech here, based in Glasgow', /^The user is a vet tech$/],
    ['can u stop writing such long answers, 2-3 sentences max pls', /^The user prefers short answers$/],
    ['Respond in Spanish from now on please', /^The user prefers answers in Spanish$/],
    ['The divorce went through last week.', /^The user is divorced$/],
    ["Things I'm into:\n- woodworking\n- board games", /^The user is into board games$/],
  ])('%s', (say, want) => {
    expect(texts(say).some((t) => want.test(t)), JSON.stringify(texts(say))).toBe(true);
  });

  it('reads a terse answer with a diet and a "no" item', () => {
    expect(texts('Vegetarian, and no mushrooms.', 'Any dietary restrictions I should know about?')).toEqual(['The user is vegetarian', 'The user wants no mushrooms']);
    expect(texts("honestly mostly 90s hip hop, some lo-fi when I'm working", 'What kind of music are you into?')).toEqual(['The user prefers 90s hip hop', 'The user prefers lo-fi']);
  });

  it('keeps the guards: visits, fields, wishes, forms of address, other people and tasks yield nothing of the kind', () => {
    expect(texts("I'm in London for a conference this week")).toEqual([]);
    expect(texts("I'm in IT")).not.toContainEqual(expect.stringMatching(/lives in/));
    expect(texts("I'd love to run a marathon someday")).toEqual([]);
    expect(texts('Nurse, please help me with this')).toEqual([]);
    expect(texts('My sister just adopted a kitten')).toEqual(['The user has a sister']);
    expect(texts('Write a story where I adopted a dragon and moved to Mars')).toEqual([]);
    expect(texts('If I got hired as a pilot I would move to Dubai')).toEqual([]);
    expect(texts('Vegan recipes for a party please')).toEqual([]);
    expect(texts('I like vegetables and have some in the fridge too')).toEqual(['The user likes vegetables']);
  });
});

describe("merge's one-value slots", () => {
  it('retiring ends a job, a new job ends driving for a company, divorce ends a spouse', () => {
    expect(relation('The user is retired', 'The user teaches 5th grade math')).toBe('supersedes');
    expect(relation('The user works as a bus driver', 'The user drives for Uber full time')).toBe('supersedes');
    expect(relation('The user is divorced', 'The user has a husband')).toBe('supersedes');
    expect(relation('The user teaches yoga part time', 'The user works as a barista')).toBe('other');
  });
});
