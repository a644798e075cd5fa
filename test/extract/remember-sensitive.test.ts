/**
 * Stated in other words than the keyword list, sensitive traits are marked sensitive when remembered (issue 21
 * item 7): lupus, AA meetings, a Jehovah's Witness, a criminal record. Self-written conversations.
 */
import { describe, expect, it } from 'vitest';
import { createAttune } from '../../src/memory/attune.js';

describe('remember marks sensitive traits by meaning', () => {
  it.each([
    ['I have lupus, so I need recipes that are easy on my joints.', 'The user has lupus', 'health'],
    ["I go to AA meetings on Tuesdays.", 'The user goes to AA meetings on Tuesdays', 'health'],
    ["I'm a Jehovah's Witness.", "The user is a Jehovah's Witness", 'religion'],
    ['I have a criminal record from my twenties.', 'The user has a criminal record from their twenties', 'criminal_record'],
  ])('%j', async (said, text, category) => {
    const attune = createAttune({ store: ':memory:' });
    try {
      await attune.remember({ userId: 'u', messages: [{ role: 'user', content: said }] });
      const p = await attune.profile({ userId: 'u' });
      const a = p.attributes.find((x) => x.text === text);
      expect(a, JSON.stringify(p.attributes.map((x) => x.text))).toBeDefined();
      expect(a!.sensitive).toBe(category);
    } finally {
      await attune.close();
    }
  });
});
