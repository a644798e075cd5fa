/**
 * The LLM extractor keeps a sensitive attribute only when a cited turn is the user's own first-person
 * statement of that trait (the offline extractor's reading), not when the turn merely mentions the category.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { emptyEvidenceCheck, validateExtracted } from '../../src/stages/extract/llm-extractor.js';

const conv = (text: string): Conversation => ({ id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text }, { index: 1, role: 'assistant', text: 'Sure.' }] });

function kept(attribute: string, turn: string): boolean {
  const check = emptyEvidenceCheck();
  const a = validateExtracted({ text: attribute, reason: 'the user said so', confidence: 0.9, evidenceTurns: [0] }, conv(turn), 'llm:test', check);
  expect(check.droppedSensitive).toBe(a ? 0 : 1);
  return a !== undefined;
}

describe('sensitive-trait gate of the LLM extractor', () => {
  it.each([
    ['The user has diabetes.', 'Write a story about my friend who has diabetes.'],
    ['The user is Muslim.', 'My mother is a devout Muslim.'],
    ['The user is gay.', 'Can you write an essay about the history of gay rights?'],
    ['The user is Christian.', 'I am not religious at all.'],
    ['The user is Christian.', 'I am not a Christian.'],
    ['The user is gay.', 'I think I might be gay?'],
  ])('drops %j cited to %j', (attribute, turn) => {
    expect(kept(attribute, turn)).toBe(false);
  });

  it.each([
    ['The user is Muslim.', "I'm a devout Muslim, so please suggest halal recipes."],
    ['The user is diabetic.', "I'm diabetic and need low-sugar desserts."],
    ['The user is gay.', 'I am gay and planning my wedding.'],
    ['The user is not a Christian.', 'I am not a Christian.'],
  ])('keeps %j cited to %j', (attribute, turn) => {
    expect(kept(attribute, turn)).toBe(true);
  });

  it('keeps attributes outside the sensitive categories without the check', () => {
    expect(kept('The user likes jazz.', 'Write a story about my friend who likes jazz.')).toBe(true);
  });
});
