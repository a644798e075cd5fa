import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { relation } from '../../src/memory/merge.js';
import { requestKind } from '../../src/stages/select/request-kind.js';
import { none, some, texts } from '../support/extract.js';

const ex = new OfflineExtractor();
/** What the offline extractor keeps from a dialogue ("a:" marks the assistant's turns). */
function dialogue(...said: string[]): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: said.map((t, index) => (t.startsWith('a:') ? { index, role: 'assistant' as const, text: t.slice(2) } : { index, role: 'user' as const, text: t })) };
  return ex.extractSync(c).map((a) => a.text);
}

/** Rules found with heldout-users-14.jsonl (facts said while asking for everyday tasks), tried on self-written sentences that are not in it. */
describe('facts said around an everyday task (set 14)', () => {
  it('reads the user again in a later sentence after a real-life document, but not after a story or a document in another voice', () => {
    expect(texts('could you draft a letter to the council about the potholes on our street. I use a wheelchair so they are dangerous for me')).toEqual(some(/^The user uses a wheelchair$/));
    expect(texts('help me write a text to my neighbour about his bins? I work nights so the noise at 7am wakes me')).toEqual(some(/^The user works nights$/));
    expect(texts('write an email to the school about the trip. for context I am a single dad')).toEqual(some(/^The user is a single dad$/));
    // a story, a document in someone else's voice, or the document's own text after its greeting
    expect(texts('write a story about a pirate. I am a pirate who lives in Cornwall')).toEqual(none(/pirate|cornwall/i));
    expect(texts('write an email from my husband to the school. I am a governor there')).toEqual(none(/governor/i));
    expect(texts('write an email as my boss. I am the head of sales in Leeds')).toEqual(none(/sales|leeds/i));
    expect(texts('write an email to my landlord. Dear Mr Jones, I am a nurse and I work nights')).toEqual(none(/nurse|nights/i));
  });

  it('a consequence after "so" is not part of the fact', () => {
    expect(texts("I've got a dodgy knee so stairs are a nightmare")).toEqual(some(/^The user has a dodgy knee$/));
    expect(texts("I'm a student so money's tight")).toEqual(some(/^The user is a student$/));
    expect(texts("I'm so excited about the trip")).toEqual(none(/^The user is$/));
  });

  it('an offer accepted, a job got by its role, and pay said as "on 28k"', () => {
    expect(texts("I've accepted an offer as a junior solicitor at a firm in Bath")).toEqual(some(/^The user works as a junior solicitor/));
    expect(texts('I finally got the head chef job at the hotel')).toEqual(some(/^The user works as a head chef$/));
    expect(texts('news: got the site manager role!')).toEqual(some(/^The user works as a site manager$/));
    expect(texts('I got the new job')).toEqual(none(/works as/));
    expect(texts('my sister got the teaching job')).toEqual(none(/works as/));
    expect(texts("I'm on about 28k at the moment")).toEqual(some(/^The user earns about 28k$/));
    expect(texts('now on £13 an hour')).toEqual(none(/earns.*13/));
    expect(texts("I'm on 50mg of sertraline")).toEqual(none(/earns/));
  });

  it('moved up or down to a place is where the user lives', () => {
    expect(texts('moved down to Exeter in the autumn')).toEqual(some(/^The user lives in Exeter$/));
    expect(texts('I moved across to Belfast for work')).toEqual(some(/^The user lives in Belfast$/));
  });

  it('one child\'s age answers "how old is he?", and only about the user\'s own child', () => {
    expect(dialogue('my daughter keeps refusing to read at bedtime', 'a:That is common. How old is she?', "she's 6")).toEqual(some(/^The user has a daughter aged 6$/));
    expect(dialogue('my neighbour keeps parking across my drive', 'a:How old is he?', '70 maybe')).toEqual(none(/aged/));
    expect(dialogue('we need a week of packed lunches for a family of 5', 'a:How old are the kids?', '4, 9 and 12')).toEqual(some(/^The user has three kids aged 4, 9 and 12$/));
  });

  it('a split and a new partner, not a therapist seen', () => {
    expect(texts('quick update: Sam and I split up in March')).toEqual(some(/^The user is no longer with their partner$/));
    expect(texts("I'm dating a woman called Nadia now")).toEqual(some(/^The user is seeing someone named Nadia$/));
    expect(texts("I've started seeing a physio for my shoulder")).toEqual(none(/seeing someone|sees/i));
  });

  it('a place of worship called ours, an asylum claim and coming out in a message are sensitive facts of the user', () => {
    expect(texts('I need a poster for our mosque\'s charity iftar')).toEqual(some(/^The user belongs to a mosque$/));
    expect(texts('any ideas for my local church fete?')).toEqual(none(/belongs/));
    expect(texts('we are booking our church wedding for June')).toEqual(none(/belongs/));
    expect(texts('my asylum interview is on Friday, what should I bring?')).toEqual(some(/^The user is seeking asylum$/));
    expect(texts('help me write a letter to my nan telling her I am bi')).toEqual(some(/^The user is bi$/));
    expect(texts('write a story where a boy tells his dad that I am gay')).toEqual(none(/gay/));
  });
});

describe('pay is one value at a time (set 14)', () => {
  it('a new salary supersedes the old one', () => {
    expect(relation('The user earns 40k', 'The user earns about 35k a year')).toBe('supersedes');
    expect(relation('The user earns 40k', 'The user is a nurse')).toBe('other');
  });
});

describe('an abbreviation spelled out is a definition (set 14)', () => {
  it('"what does X stand for?" takes no life facts', () => {
    expect(requestKind('what does GDPR stand for?')).toBe('definition');
    expect(requestKind('what does ISA stand for')).toBe('definition');
  });
});
