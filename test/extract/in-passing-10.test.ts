import { afterAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { relation } from '../../src/memory/merge.js';
import { none, some, texts } from '../support/extract.js';
import { chat, sqliteAttune } from '../memory/support.js';
import { tempDir } from '../support/tmp.js';
import { defaultEmbedder } from '../../src/embed/default.js';

/** Rules found with heldout-users-10.jsonl (longer, messier conversations), tried on self-written sentences that are not in it. */
describe('forms of address and other people\'s documents (set 10)', () => {
  it('a bare role the user addresses the assistant by is not the user\'s role', () => {
    expect(texts('Doctor, is it normal for a mole to itch?')).toEqual(none(/doctor/i));
    expect(texts('ok lawyer, my landlord kept my whole deposit. what now?')).toEqual(none(/lawyer/i));
    expect(texts('Teacher, I still don\'t get long division')).toEqual(none(/teacher/i));
    expect(texts('so mechanic, my brakes squeal when it rains')).toEqual(none(/mechanic/i));
    // a self-introduction stays one: "here", a place, or a qualifier
    expect(texts('plumber here, what van racking do people rate?')).toEqual(some(/^The user is a plumber$/));
    expect(texts('Nurse in Bristol, looking for a night-shift friendly gym')).toEqual(some(/^The user is a nurse in Bristol$/));
  });

  it('someone else\'s CV, bio or statement named before it is pasted is not read as the user\'s', () => {
    expect(texts('can you improve his cover letter?\nSenior Accountant, PwC Leeds. I have ten years in audit and I speak Urdu')).toEqual(none(/accountant|audit|urdu/i));
    expect(texts("my flatmate's personal statement needs a look: I am a keen rower and I volunteer at a hospice")).toEqual(none(/rower|hospice/i));
    expect(texts('I coach netball. Her CV is below: I am a physio in Hull')).toEqual(some(/coaches netball/i));
    expect(texts('I coach netball. Her CV is below: I am a physio in Hull')).toEqual(none(/physio/i));
  });
});

describe('documents the user writes about themself (set 10)', () => {
  it('reads the text of the user\'s own bio, intro or email after the colon', () => {
    expect(texts('can you write my bio for my website: I\'m a wedding photographer based in Bath')).toEqual(some(/wedding photographer/));
    expect(texts('draft an email to my manager: I work from home on Fridays and I\'m a carer for my dad')).toEqual(some(/works? from home/i));
    expect(texts('write a quick intro for me for the running club newsletter: I\'m a retired vet and I live in Ripon')).toEqual(some(/retired vet/));
  });

  it('still reads nothing of a story, of a document for someone else, or of one written in another\'s voice', () => {
    expect(texts('write a story for me: I\'m a dragon who lives in Paris')).toEqual(none(/dragon|paris/i));
    expect(texts('write a bio for my sister: I\'m a midwife in Derby')).toEqual(none(/midwife|derby/i));
    expect(texts('write an email as my boss: I\'m the CEO of a shipping firm')).toEqual(none(/ceo/i));
    expect(texts('write a cover letter for my roommate: I\'m a chemist with 5 years at Pfizer')).toEqual(none(/chemist|pfizer/i));
  });
});

describe('lists of roles and job changes (set 10)', () => {
  it('keeps each role of a list that repeats its article, and drops a span of time as an item', () => {
    expect(texts("I'm a vet, a climber and a mum of three")).toEqual(expect.arrayContaining(['The user is a vet', 'The user is a climber', 'The user is a mum of three']));
    expect(texts("I'm a baker in Truro, 20 years in the trade, and a keen surfer")).toEqual(none(/years in the trade/));
  });

  it('reads a move to an employer named by its kind, with or without an article on the role', () => {
    expect(texts('quit Amazon and joined a fintech in Lisbon as lead designer')).toEqual(some(/^The user works as lead designer at a fintech in Lisbon$/));
    expect(texts("I'm now with a small agency as a copywriter")).toEqual(some(/^The user works as a copywriter at a small agency$/));
    expect(texts('started at a local school as head of science')).toEqual(some(/head of science at a local school/));
    expect(texts("I'm at the clinic as a patient on Monday")).toEqual(none(/works as/));
    expect(texts('I joined a book club as its treasurer')).toEqual(none(/works as/));
  });

  it('a PM or a head of department is a job: a new job supersedes it', () => {
    expect(relation('The user works as head of design at a startup', 'The user is a PM at Meta')).toBe('supersedes');
    expect(relation('The user is a founder of a bakery', 'The user is a PM at Meta')).toBe('supersedes');
  });
});

describe('two jobs said in one turn (set 10)', () => {
  // USE-lite, not the bag-of-words test embedder: remember's sensitive gate reads meaning, which word counts do not carry
  const { attune } = sqliteAttune(tempDir('attune-two-jobs-'), 'two-jobs', { embedder: defaultEmbedder() });
  afterAll(() => attune.close());

  it('keeps both, while a job said later still replaces them', async () => {
    await attune.remember({ userId: 'j', messages: chat("I'm a paramedic and a part-time driving instructor, how do I split my tax?") });
    let live = (await attune.profile({ userId: 'j' })).attributes.filter((a) => a.status === 'active').map((a) => a.text);
    expect(live).toEqual(expect.arrayContaining(['The user is a paramedic', 'The user is a part-time driving instructor']));
    await attune.remember({ userId: 'j', messages: chat("I'm a firefighter now, started last month.") });
    live = (await attune.profile({ userId: 'j' })).attributes.filter((a) => a.status === 'active').map((a) => a.text);
    expect(live).toEqual(some(/firefighter/));
  });
});

describe('facts in passing inside longer messages (set 10)', () => {
  it('reads a life event typed without "I" after a comma', () => {
    expect(texts("I'm from Kerala, moved to Dubai in 2020 for work")).toEqual(some(/^The user lives in Dubai/));
    expect(texts("I'm a welder, got married last spring")).toEqual(some(/married/));
    expect(texts("my brother's from Leeds, moved to York last year")).toEqual(none(/York/));
  });

  it('reads the hours or shift worked, with the workplace', () => {
    expect(texts('I work 6-2 at the bakery most weeks')).toEqual(some(/^The user works 6-2 at the bakery$/));
    expect(texts('I work earlies at a care home')).toEqual(some(/^The user works earlies at a care home$/));
    expect(texts('I work 10am to 6pm in a bookshop')).toEqual(some(/^The user works 10am to 6pm in a bookshop$/));
  });

  it('reads a switch of shift or hours, and the merge lets it end the old shift', () => {
    expect(texts("since I moved onto lates I never see my kids")).toEqual(some(/^The user works lates$/));
    expect(texts("I've gone part-time to look after my dad")).toEqual(some(/^The user works part-time$/));
    expect(texts('I went to days out at the coast')).toEqual(none(/works days/));
    expect(relation('The user works nights', 'The user works days at the depot')).toBe('supersedes');
    expect(relation('The user works part-time', 'The user works nights')).toBe('supersedes');
    expect(relation('The user works nights', 'The user works as a nurse')).toBe('other');
  });

  it('takes an allergy\'s object from the question before it', () => {
    expect(texts("does satay sauce have peanuts? I'm allergic")).toEqual(some(/^The user is allergic to peanuts$/));
    expect(texts("is it ok to eat crab if you're allergic to shellfish? asking cos I am")).toEqual(some(/^The user is allergic to shellfish$/));
    expect(texts("is there sesame in hummus? my son is allergic")).toEqual(none(/user is allergic/));
    expect(texts("does brioche have eggs? I'm not allergic, just vegan-curious")).toEqual(none(/allergic/));
    expect(texts("can dogs eat cheese? asking because I am getting a puppy")).toEqual(none(/allergic/));
  });

  it('reads a place stayed in for a span as home, not a stay of weeks', () => {
    expect(texts("born in Accra but I've been in Manchester about 8 years")).toEqual(some(/^The user lives in Manchester$/));
    expect(texts("I've been in Hospital for 2 weeks")).toEqual(none(/lives in/));
  });

  it('reads a nationality said of oneself, not a taste or a job', () => {
    expect(texts("I'm Welsh so rugby is basically a religion here")).toEqual(some(/^The user is Welsh$/));
    expect(texts('im portuguese and my partner is dutch')).toEqual(some(/^The user is Portuguese$/));
    expect(texts("I'm English teacher in Madrid")).toEqual(none(/^The user is English$/));
    expect(texts("I'm Italian food obsessed")).toEqual(none(/^The user is Italian$/));
    expect(texts('as a canadian living in seoul, how do I vote by mail?')).toEqual(expect.arrayContaining(['The user is Canadian', 'The user lives in Seoul']));
    expect(texts('as a carer living in Hull, what help can I get?')).toEqual(some(/^The user is a carer living in Hull$/));
  });
});

describe('a role-play the user ends (set 10)', () => {
  const read = (...turns: string[]): string[] => {
    const c: Conversation = { id: 'c', userId: 'u', turns: turns.map((text, index) => ({ index, role: index % 2 ? 'assistant' : 'user', text })) };
    return new OfflineExtractor().extractSync(c).map((a) => a.text);
  };

  it('reads the user again after they stop it, and nothing of the role-play before', () => {
    const out = read("let's roleplay: you're a landlord and I'm a tenant who owns three cats", 'Welcome, what can I do for you?', "ok that's enough, thanks. for real though I'm a barista in Leeds");
    expect(out).toEqual(some(/barista/));
    expect(out).toEqual(none(/cats/));
  });

  it('keeps skipping in-character turns', () => {
    expect(read("let's role-play: you're a shopkeeper and I'm a knight", 'Welcome, traveller!', 'I have a sword and I live in a castle')).toEqual([]);
  });
});

describe('answers and passing facts in longer conversations (set 10, third step)', () => {
  const read = (...turns: string[]): string[] => {
    const c: Conversation = { id: 'c', userId: 'u', turns: turns.map((text, index) => ({ index, role: index % 2 ? 'assistant' : 'user', text })) };
    return new OfflineExtractor().extractSync(c).map((a) => a.text);
  };

  it('reads children\'s ages given as a bare answer, only about the user\'s own children', () => {
    expect(read('any ideas for a rainy day with the kids?', 'Sure! How old are they?', '3 and 8')).toEqual(some(/^The user has two kids aged 3 and 8$/));
    expect(read('need a holiday idea', 'How old are your children?', 'they are 5, 9 and 12, all girls')).toEqual(some(/^The user has three girls aged 5, 9 and 12$/));
    expect(read('my neighbour asked me to babysit her two', 'How old are they?', '2 and 4')).toEqual(none(/aged/));
  });

  it('drops an assent opening an answer, and words an amount as the budget asked for', () => {
    expect(read('looking for a used car', 'What is your budget, and do you need a big boot?', 'around 6000, and yes a big boot for the dogs')).toEqual(expect.arrayContaining(['The user has a budget of around 6000']));
    expect(read('looking for a used car', 'What is your budget, and do you need a big boot?', 'around 6000, and yes a big boot for the dogs')).toEqual(none(/\byes\b/));
  });

  it('reads a first job or role held now, not one in the past', () => {
    expect(texts('first proper job as a junior accountant and the spreadsheets are huge')).toEqual(some(/works as a junior accountant/));
    expect(texts('my first job as a waiter was a nightmare')).toEqual(none(/waiter/));
  });

  it('reads the commute and a family role coming, never someone else\'s', () => {
    expect(texts('my commute is about an hour by train so I read a lot')).toEqual(some(/^The user commutes by train$/));
    expect(texts('her commute is by tram')).toEqual(none(/commutes/));
    expect(texts("so excited, I'm going to be an uncle in March")).toEqual(some(/^The user is going to be an uncle$/));
    expect(texts('my best friend is going to be a mum')).toEqual(none(/going to be/));
  });

  it('splits a nationality from the place lived in', () => {
    expect(texts('as a kiwi living in London, can I still vote at home?')).toEqual(expect.arrayContaining(['The user lives in London']));
    expect(texts('Brit based in Lisbon, where do I buy proper tea?')).toEqual(some(/^The user lives in Lisbon$/));
  });
});

describe('a course and a weekly routine said in passing (set 10, fourth step)', () => {
  it('reads a course the user moved or came for, not someone else\'s', () => {
    expect(texts("I'm from Ghana, came to Glasgow in January for my PhD")).toEqual(some(/^The user is studying for a phd$/));
    expect(texts('my cousin moved to Leeds for her degree')).toEqual(none(/studying/));
    expect(texts("if I go back for my masters I'll need a loan")).toEqual(none(/studying/));
  });

  it('reads a weekly activity with its days', () => {
    expect(texts("I've pilates mon and weds mornings so I can't do early meetings")).toEqual(some(/^The user has pilates on mon and weds mornings$/));
    expect(texts('I have band practice every Thursday')).toEqual(some(/^The user has band practice every Thursday$/));
    expect(texts('she has netball on Fridays')).toEqual(none(/netball/));
  });
});

describe('a usual pastime and a landlord (set 10, fifth step)', () => {
  it('reads what the user is usually out doing, not a manner of speaking or someone else\'s', () => {
    expect(texts("most Sundays I'm usually out fell running with the club")).toEqual(some(/^The user usually goes fell running$/));
    expect(texts("I'm always running late for work")).toEqual(none(/goes running/));
    expect(texts("my wife says I'm always cycling")).toEqual(none(/cycling/));
  });

  it('a landlord named in passing says the user rents, and the landlord\'s own facts stay theirs', () => {
    expect(texts('my landlord still has not fixed the damp')).toEqual(some(/^The user has a landlord$/));
    expect(texts('my landlord has a bad back')).toEqual(none(/back/));
  });
});

describe('a workplace said after the role (set 10, sixth step)', () => {
  it('joins "at a small agency" to the role before it, and drops a rough span as an item', () => {
    expect(texts("I'm a sous chef, nearly two years now, at a hotel in Bath")).toEqual(expect.arrayContaining([expect.stringMatching(/^The user is a sous chef/)]));
    expect(texts("I'm a sous chef, about a year in, at the Ritz")).toEqual(some(/^The user is a sous chef at the Ritz$/));
    expect(texts("I'm a welder, about a year in")).toEqual(none(/about a year/));
    expect(texts('I love sushi, at a good place')).toEqual(none(/sushi at/));
  });
});
