import { describe, expect, it } from 'vitest';
import { formatMemoryDemo, type MemoryDemoResult } from '../../src/cli/demo-memory.js';
import type { MemoryAttribute } from '../../src/memory/index.js';

const attr = (id: string, text: string, status: MemoryAttribute['status'] = 'active'): MemoryAttribute => ({
  id, text, status, confidence: 0.8, confirmed: false, evidence: [{ conversationId: 'c1', turnIndex: 0, quote: 'I follow a keto diet.' }], history: [{ kind: 'created', at: '', detail: {} }],
});

function result(profile: MemoryAttribute[]): MemoryDemoResult {
  const user = { id: 'ben', name: 'Ben', conversations: [['I follow a keto diet.'], ['I stopped the keto diet.']], expectRetired: ['The user follows a keto diet'] };
  return {
    users: [{ user, profile, remembered: [{ userId: 'ben', conversationId: 'c1', alreadyRemembered: false, changes: [{ kind: 'created', attributeId: 'k', text: 'The user follows a keto diet', confidence: 0.8 }], dropped: [] }, { userId: 'ben', conversationId: 'c2', alreadyRemembered: false, changes: [], dropped: [] }] }],
    selections: [{ userId: 'ben', prompt: 'Suggest a dinner recipe.', selection: { userId: 'ben', attributes: [], scores: [{ id: 'k', text: 'The user follows a keto diet', score: 0.7, why: 'matches request topic: food', selected: true }], threshold: 0.45, selector: 'embedding', withheld: [] } }],
    answer: { userId: 'ben', prompt: 'Suggest a dinner recipe.', personalized: 'p', generic: 'g', attributes: [] },
  };
}

describe('the memory demo page', () => {
  it('marks a fact a later conversation should have retired, in the profile and where it is selected', () => {
    const out = formatMemoryDemo(result([attr('k', 'The user follows a keto diet')]));
    expect(out).toMatch(/-> remembered: nothing/);
    expect(out).toMatch(/MISSED: a later conversation says "follows a keto diet" no longer holds/);
    expect(out).toMatch(/YES 0\.70 follows a keto diet .*\(MISSED: no longer holds\)/);
  });

  it('says nothing of the kind once the fact is retired, and shows it with its history', () => {
    const retired = { ...attr('k', 'The user follows a keto diet', 'superseded'), history: [{ kind: 'created', at: '', detail: {} }, { kind: 'retired', at: '', detail: { text: 'The user no longer follows a keto diet' } }] };
    const out = formatMemoryDemo(result([retired]));
    expect(out).not.toMatch(/MISSED/);
    expect(out).toMatch(/\[retired\] follows a keto diet/);
    expect(out).toMatch(/history: learned -> retired by "no longer follows a keto diet"/);
  });
});
