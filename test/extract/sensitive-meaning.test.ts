/**
 * The sensitive classifier by meaning, scored on held-out paraphrases (test/extract/sensitive-heldout.ts) that
 * are not among its examples, and on ordinary attributes (its false-positive rate).
 */
import { describe, expect, it } from 'vitest';
import { defaultEmbedder } from '../../src/embed/default.js';
import { sensitiveCategory } from '../../src/stages/extract/sensitive.js';
import { sensitiveByMeaning } from '../../src/stages/extract/sensitive-meaning.js';
import { SENSITIVE_EXAMPLES, ORDINARY_EXAMPLES } from '../../src/stages/extract/sensitive-examples.js';
import { HELD_OUT, ORDINARY_HELD_OUT } from './sensitive-heldout.js';

describe('sensitive categories by meaning', () => {
  it('the held-out lists share no text with the examples', () => {
    const seen = new Set([...Object.values(SENSITIVE_EXAMPLES).flat(), ...ORDINARY_EXAMPLES].map((t) => t.toLowerCase()));
    for (const t of [...HELD_OUT.map(([x]) => x), ...ORDINARY_HELD_OUT]) expect(seen.has(t.toLowerCase())).toBe(false);
  });

  it('flags held-out paraphrases the keyword list misses, with few false positives on ordinary attributes', async () => {
    const embedder = defaultEmbedder();
    const got = await sensitiveByMeaning(HELD_OUT.map(([t]) => t), { embedder });
    const flagged = got.filter(Boolean).length / HELD_OUT.length;
    const right = got.filter((c, i) => c === HELD_OUT[i]![1]).length / HELD_OUT.length;
    const keyword = HELD_OUT.filter(([t]) => sensitiveCategory(t)).length / HELD_OUT.length;
    const ord = await sensitiveByMeaning(ORDINARY_HELD_OUT, { embedder });
    const fp = ord.filter(Boolean).length / ORDINARY_HELD_OUT.length;
    console.log(`held-out: flagged ${flagged.toFixed(3)}, right category ${right.toFixed(3)} (keywords alone flag ${keyword.toFixed(3)}); false positives on ordinary ${fp.toFixed(3)}`);
    HELD_OUT.forEach(([t, c], i) => got[i] !== c && console.log(`  miss: ${t} (${c}) -> ${got[i] ?? 'none'}`));
    ORDINARY_HELD_OUT.forEach((t, i) => ord[i] && console.log(`  false positive: ${t} -> ${ord[i]}`));
    expect(flagged).toBeGreaterThan(keyword);
    expect(flagged).toBeGreaterThanOrEqual(0.75);
    expect(fp).toBeLessThanOrEqual(0.15);
  });
});
