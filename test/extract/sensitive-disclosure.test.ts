import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { sensitiveClause, sensitiveDisclosures } from '../../src/stages/extract/sensitive-disclosure.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';

const ex = new OfflineExtractor();
function attributes(say: string): { text: string; sensitive?: string }[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: say }] };
  return ex.extractSync(c).map((a) => ({ text: a.text, sensitive: sensitiveCategory(a.text) }));
}

// Self-written sentences: everyday frames of a sensitive self-disclosure, each kept and filed under its category
const DISCLOSED: [string, RegExp, string][] = [
  ['I was diagnosed with bipolar II a couple of years ago so my sleep schedule matters a lot', /has bipolar II$/, 'health'],
  ['been on antidepressants since march', /is on antidepressants/, 'health'],
  ['Living with MS makes long walks hard for me.', /has multiple sclerosis/, 'health'],
  ["I had a miscarriage last month and I'm struggling to focus at work", /had a miscarriage/, 'health'],
  ['As someone with OCD, I find messy desks really stressful', /has OCD/, 'health'],
  ["I've had an eating disorder in the past so please don't give me calorie counts", /had an eating disorder/, 'health'],
  ['my psoriasis flares up every winter', /has psoriasis/, 'health'],
  ["I'm going through chemo right now so I get tired fast", /going through chemo/, 'health'],
  ["Recently found out I'm prediabetic", /is prediabetic/, 'health'],
  ['I had a heart attack two years ago', /had a heart attack/, 'health'],
  ['I converted to Islam last year', /converted to Islam/, 'religion'],
  ['We\'re Sikh and my son wears a turban to school', /is Sikh/, 'religion'],
  ["I'm half Korean, half Mexican", /half Korean, half Mexican/, 'ethnicity'],
  ['I did 18 months in prison for fraud', /served 18 months in prison/, 'criminal_record'],
  ["I'm on probation until next year", /on probation/, 'criminal_record'],
  ["im undocumented so I can't get a driving licence here", /is undocumented/, 'immigration_status'],
  ['my partner and I are polyamorous', /is polyamorous/, 'sex_life'],
];

// ... and frames that look alike but state nothing sensitive about the user
const NOT_DISCLOSED = [
  'My mom was diagnosed with MS last year, how can I support her?',
  'Someone with OCD told me this trick, is it legit?',
  "I'm scared I have cancer, I found a lump",
  'I think I might have ADHD, how do I get assessed?',
  'I have MS Teams open all day at work',
  "I'm doing my MS in computer science at Purdue",
  'I had a stroke of luck at the casino',
  "I'm on probation at my new job until March",
  'I have a record player and love vinyl',
  'I manage diabetes patients at a clinic',
  'My son has autism and starts school next week',
  "my wife's anxiety has been bad lately",
  'I had a breakdown on the M6 and the AA took ages',
  'Our neighbours are Sikh and invited us to a wedding',
  'She converted to Islam before they married',
  'my brother did time in prison and is struggling to find work',
];

describe('sensitive self-disclosures in everyday frames', () => {
  it.each(DISCLOSED)('%s', (say, text, category) => {
    const hit = attributes(say).filter((a) => text.test(a.text));
    expect(hit.length, JSON.stringify(attributes(say))).toBeGreaterThan(0);
    for (const a of hit) expect(a.sensitive).toBe(category);
  });

  it.each(NOT_DISCLOSED)('states nothing sensitive about the user: %s', (say) => {
    expect(attributes(say).filter((a) => a.sensitive)).toEqual([]);
  });

  it('reads a condition only right after its verb, so a negation or another owner gives nothing', () => {
    expect(sensitiveDisclosures("I don't have epilepsy")).toEqual([]);
    expect(sensitiveDisclosures("my son's ADHD is getting harder to manage")).toEqual([]);
    expect(sensitiveDisclosures('I have ADHD')).toEqual([{ text: 'The user has ADHD', kind: 'health', at: 0 }]);
  });
});

// The catch-all: a sensitive term in the user's own clause that no frame knows
const SAID: [string, RegExp, string][] = [
  ["I've been dealing with panic attacks since uni", /panic attacks/, 'health'],
  ['my doctor put me on blood pressure meds last week', /^The user takes blood pressure meds/, 'health'],
  ["I'm 6 months sober and want alcohol-free party ideas", /^The user is 6 months sober$/, 'health'],
  ['Currently in remission from lymphoma', /remission from lymphoma/, 'health'],
  ["i'm on the spectrum so I like clear step-by-step instructions", /on the spectrum/, 'health'],
  ["I'm partially deaf in my left ear", /^The user is partially deaf in their left ear$/, 'health'],
  ["im orthodox jewish so shabbat is off limits for work stuff", /orthodox jewish$/i, 'religion'],
  ["I'm mixed race and my hair is curly", /^The user is mixed race$/, 'ethnicity'],
  ['I got out of prison in March and need a CV that explains the gap', /^The user got out of prison in March$/, 'criminal_record'],
  ["my asylum claim was refused and I'm appealing", /^The user's asylum claim was refused$/, 'immigration_status'],
];

const NOT_SAID = [
  'Remind me how visas work for Japan, I\'m going on holiday there',
  'Help me plan a church wedding for my cousin',
  'can you make me a playlist for my sober october challenge',
  "I'm voting in the local election for the first time, how does it work?",
  'I need a gift for my sister who just got diagnosed with lupus',
  "I'm organising a charity run for a cancer charity",
  "I'm a pharmacist so I get asked about antidepressants constantly",
  'me and my ex used to argue about politics all the time',
];

describe('a sensitive term in the user\'s own clause', () => {
  it.each(SAID)('%s', (say, text, category) => {
    const hit = attributes(say).filter((a) => text.test(a.text));
    expect(hit.length, JSON.stringify(attributes(say))).toBeGreaterThan(0);
    for (const a of hit) expect(a.sensitive).toBe(category);
  });

  it.each(NOT_SAID)('keeps nothing sensitive: %s', (say) => {
    expect(attributes(say).filter((a) => a.sensitive)).toEqual([]);
  });

  it('needs the user within six words of the term, with no one else between', () => {
    expect(sensitiveClause('my son has autism')).toBeNull();
    expect(sensitiveClause('I know a guy with epilepsy')).toBeNull();
    expect(sensitiveClause("I don't drink since the sober thing ended")).toBeNull();
    expect(sensitiveClause("I'm finally sober")?.text).toBe('The user is finally sober');
  });
});
