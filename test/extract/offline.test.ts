import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor, extractFromText, thirdSingular, toThirdPerson } from '../../src/stages/extract/offline.js';

// Every conversation and sentence below is self-written and illustrative: not data from any user.

function conv(...userTurns: string[]): Conversation {
  return {
    id: 'c1',
    userId: 'u1',
    turns: userTurns.flatMap((text, i) => [
      { index: 2 * i, role: 'user' as const, text },
      { index: 2 * i + 1, role: 'assistant' as const, text: 'I love horror films and I am a vegan.' },
    ]),
  };
}

const texts = (s: string) => extractFromText(s).findings.map((f) => f.text);

describe('offline extractor: self-disclosure patterns (illustrative sentences)', () => {
  it.each([
    ["I'm a nurse and I work nights.", 'The user is a nurse'],
    ['I work as a data analyst at a bank.', 'The user works as a data analyst at a bank'],
    ["I've been learning Spanish for two years.", 'The user has been learning Spanish for two years'],
    ['I live in Lisbon with my wife.', 'The user lives in Lisbon with their wife'],
    ["I'm allergic to peanuts.", 'The user is allergic to peanuts'],
    ["I don't eat pork.", 'The user does not eat pork'],
    ["I'm vegetarian.", 'The user is vegetarian'],
    ['I love hiking in the mountains.', 'The user loves hiking in the mountains'],
    ['I prefer short answers.', 'The user prefers short answers'],
    ['I hate cilantro.', 'The user hates cilantro'],
    ['I avoid caffeine after noon.', 'The user avoids caffeine after noon'],
    ['I usually cook dinner for my family.', 'The user usually cooks dinner for their family'],
    ['I have two cats.', 'The user has two cats'],
    ['My favorite band is Radiohead.', "The user's favorite band is Radiohead"],
    ['Knitting is my passion.', "The user's passion is knitting"],
    ["I'm 34 years old.", 'The user is 34 years old'],
    ['As a teacher, I grade a lot of essays.', 'The user is a teacher'],
    ['i dont like spicy food', 'The user does not like spicy food'],
  ])('%s -> %s', (sentence, expected) => {
    expect(texts(sentence)).toContain(expected);
  });

  it('turns family and pet mentions into possession statements', () => {
    expect(texts('My husband and my two daughters love pizza.')).toEqual(expect.arrayContaining(['The user has a husband', 'The user has two daughters']));
    expect(texts('I walk my dog every morning.')).toContain('The user has a dog');
  });

  it('keeps one request as a request, with a low confidence and a reason saying so', async () => {
    const [a] = await new OfflineExtractor().extract(conv('I want to learn French before my trip.'));
    expect(a!.text).toBe('The user wants to learn French before their trip');
    expect(a!.confidence).toBeLessThan(0.5);
    expect(a!.reason).toMatch(/one request/);
  });

  it('handles negation', () => {
    expect(texts("I don't like horror movies.")).toEqual(['The user does not like horror movies']);
    expect(texts("I'm not a big fan of jazz.")).toEqual(['The user is not a big fan of jazz']);
    expect(texts('I never drink coffee.')).toEqual(['The user never drinks coffee']);
    expect(texts("I don't have a car.")).toEqual(['The user does not have a car']);
    expect(texts("I'm not vegetarian.")).toEqual(['The user is not vegetarian']);
  });

  it('keeps hedges in the text and lowers the confidence', () => {
    const [plain] = extractFromText("I'm vegetarian.").findings;
    const [hedged] = extractFromText("I think I'm vegetarian.").findings;
    expect(hedged!.text).toBe('The user thinks they are vegetarian');
    expect(hedged!.hedged).toBe(true);
    expect(hedged!.confidence).toBeLessThan(plain!.confidence);
    expect(extractFromText('I kind of like jazz.').findings[0]).toMatchObject({ text: 'The user kind of likes jazz', hedged: true });
  });

  it('drops objects that point into the conversation (not standalone)', () => {
    expect(texts('I like it a lot.')).toEqual([]);
    expect(texts('I love your suggestion.')).toEqual([]);
    expect(texts('I like the first one.')).toEqual([]);
  });
});

describe('offline extractor: task-context and hypothetical guards (illustrative)', () => {
  it('does not read fiction, role-play or writing requests as facts about the user', () => {
    expect(texts('Write a story where I am a pirate who loves rum.')).toEqual([]);
    expect(texts('Write a cover letter for me: I have 5 years of marketing experience and I am a team player.')).toEqual([]);
    expect(texts('Pretend you are my grandmother. I have a cat named Tom.')).toEqual([]);
    expect(texts('Translate this into French: I live in Berlin and I love cheese.')).toEqual([]);
    expect(texts('He said: "I am a doctor and I live in Rome."')).toEqual([]);
  });

  it('keeps what the user says before the task instruction', () => {
    expect(texts("I'm a recruiter. Write a job ad where I am the hiring manager.")).toEqual(['The user is a recruiter']);
  });

  it('skips the rest of a conversation once the user starts a role-play', async () => {
    const out = await new OfflineExtractor().extract(conv("I'm a chemistry teacher.", "Let's play a game: you are a dragon and I am a knight.", 'I have a sword and I live in a castle.'));
    expect(out.map((a) => a.text)).toEqual(['The user is a chemistry teacher']);
  });

  it('skips hypotheticals, reported speech and questions', () => {
    expect(texts('If I were a vegetarian, what would I eat?')).toEqual([]);
    expect(texts('Imagine I am a millionaire.')).toEqual([]);
    expect(texts('My boss says I am too slow.')).toEqual([]);
    expect(texts('Am I allergic to cats?')).toEqual([]);
    expect(texts('Should I eat meat if I am anemic?')).toEqual([]);
    expect(texts("Since I'm vegetarian, what can I cook tonight?")).toEqual(['The user is vegetarian']);
  });

  it('reads only the user, never the assistant', async () => {
    const out = await new OfflineExtractor().extract(conv('Hello there.'));
    expect(out).toEqual([]);
  });
});

describe('offline extractor: sensitive traits (illustrative)', () => {
  it('keeps a sensitive trait only when stated outright, and says so', async () => {
    const [a] = await new OfflineExtractor().extract(conv("I'm diabetic, so I watch my sugar."));
    expect(a!.text).toBe('The user is diabetic');
    expect(a!.reason).toMatch(/sensitive \(health\): stated outright/);
  });

  it('drops hedged, hinted or requested sensitive content', () => {
    expect(texts('I think I might be depressed.')).toEqual([]);
    expect(texts('I want to learn more about Islam.')).toEqual([]);
    expect(texts("I'm looking for a church near me.")).toEqual([]);
    expect(texts('I kind of support the Republicans.')).toEqual([]);
  });

  it("drops all sensitive traits with sensitive: 'never'", () => {
    expect(extractFromText("I'm gay and I live in Berlin.", { sensitive: 'never' }).findings.map((f) => f.text)).toEqual(['The user lives in Berlin']);
    expect(extractFromText("I'm gay and I live in Berlin.").findings.map((f) => f.text)).toEqual(['The user is gay', 'The user lives in Berlin']);
  });
});

describe('offline extractor: attributes', () => {
  it('names the evidence turn, quotes it in the reason, and merges repeats within a conversation', async () => {
    const out = await new OfflineExtractor().extract(conv('Hi!', "I'm allergic to peanuts.", "As I said, I'm allergic to peanuts."));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      text: 'The user is allergic to peanuts',
      confidence: 0.9,
      evidence: [{ conversationId: 'c1', turnIndex: 2 }, { conversationId: 'c1', turnIndex: 4 }],
      source: 'offline-patterns@1',
    });
    expect(out[0]!.reason).toBe('The user said in turn 2: "I\'m allergic to peanuts."');
  });

  it('conjugates and shifts person', () => {
    expect(thirdSingular('watch')).toBe('watches');
    expect(thirdSingular('study')).toBe('studies');
    expect(thirdSingular('listen to')).toBe('listens to');
    expect(thirdSingular('have')).toBe('has');
    expect(toThirdPerson('my kids and me')).toBe('their kids and them');
  });
});
