import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../../src/stages/select/domains.js';
import { isStylePreference, requestKind } from '../../src/stages/select/request-kind.js';

const domain = (name: string) => DOMAINS.find((d) => d.name === name)!;

/** Selector cues found with heldout-users-7.jsonl, tried on self-written requests and facts that are not in it. */
describe('default selector cues (set 7)', () => {
  it('takes a number in another form as arithmetic, not an open request', () => {
    expect(requestKind('what is 5/8 as a decimal?')).toBe('arithmetic');
    expect(requestKind("what's 0.45 as a percentage")).toBe('arithmetic');
    expect(requestKind('what should I do as a beginner?')).toBe('open');
  });

  it('reads weekend days, long weekends and home airports, plants near pets, home equipment for workouts', () => {
    expect(domain('place').request.keywords.test('any plans worth making for this sunday?')).toBe(true);
    expect(domain('travel').request.keywords.test('ideas for a long weekend in october')).toBe(true);
    expect(domain('travel').attribute.keywords.test('The user usually flies from Leeds Bradford')).toBe(true);
    expect(domain('pets').request.keywords.test('can I have lilies in the living room?')).toBe(true);
    expect(domain('health').attribute.keywords.test('The user has a kettlebell at home')).toBe(true);
  });

  it('matches a how-to on a computer or phone with the device the user has', () => {
    const device = domain('device');
    expect(device.request.keywords.test('how do I take a screenshot of one window')).toBe(true);
    expect(device.attribute.keywords.test('The user uses a MacBook Pro')).toBe(true);
    expect(device.attribute.keywords.test('The user has an android phone')).toBe(true);
    expect(device.request.keywords.test('how do I make pancakes')).toBe(false);
  });

  it('reads the chat-register style preferences as answer style', () => {
    for (const a of ['The user prefers simple language', 'The user prefers direct answers without long intros', 'The user prefers a casual, friendly tone', 'The user prefers simple explanations for a beginner']) expect(isStylePreference(a)).toBe(true);
  });
});
