// The trained selector reproduces the scores, decisions and trained models recorded before its fast path
// (test/select/trained-reference.ts made the fixture; the texts are self-made, the embedder the fake one).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelFile } from '../../src/learn/model-file.js';
import type { SelectionPair } from '../../src/stages/select/selector.js';
import { TrainedSelector } from '../../src/stages/select/trained/selector.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { REFERENCE_CASES, referenceCalls, referenceFile, scoreReference, trainReference, type Reference } from './trained-reference.js';

const ref = JSON.parse(fs.readFileSync(referenceFile, 'utf8')) as Reference;
const calls = referenceCalls();

/** Every number in a nested value, in key order. */
const leaves = (v: unknown): number[] =>
  typeof v === 'number' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(leaves) : [];

/** Largest absolute difference between the numbers of two equally shaped values (NaN when the shapes differ). */
function maxDiff(a: unknown, b: unknown): number {
  const x = leaves(a);
  const y = leaves(b);
  if (x.length !== y.length) return NaN;
  return x.reduce((m, v, i) => Math.max(m, v === y[i] ? 0 : Math.abs(v - y[i]!)), 0);
}

const fitted = (m: ModelFile): unknown[] => [m.weights, m.threshold, m.calibration, m.pca.components, m.standardisation.mean, m.standardisation.std];

describe('trained selector against the recorded reference', () => {
  it('the fixture covers every case and every call', () => {
    expect(ref.cases.map((c) => c.name)).toEqual(REFERENCE_CASES.map((c) => c.name));
    for (const c of ref.cases) expect(c.scores.map((s) => s.length)).toEqual(calls.map((p) => p.length));
  });

  for (const [i, c] of REFERENCE_CASES.entries()) {
    const rec = ref.cases[i]!;
    it(`${c.name}: same decisions and scores (1e-9) on every call`, async () => {
      const now = await scoreReference(rec.model, calls);
      expect(now.relevant).toEqual(rec.relevant);
      expect(maxDiff(now.scores, rec.scores)).toBeLessThan(1e-9);
      // the decisions are not all one way, so the comparison can fail
      expect(new Set(rec.relevant.flat()).size).toBe(2);
    });

    it(`${c.name}: training gives the same model and cross-validated figures`, async () => {
      const model = await trainReference(c);
      expect(model.candidate).toBe(rec.model.candidate);
      expect(model.cv.chosen).toEqual(rec.cv.chosen);
      expect(maxDiff(fitted(model), fitted(rec.model))).toBeLessThan(1e-9);
      const figures = (m: ModelFile): number[] => [m.cv.f1, m.cv.f1Ci.low, m.cv.f1Ci.high, m.cv.precision, m.cv.recall, m.cv.selectionRate];
      expect(maxDiff(figures(model), figures(rec.model))).toBeLessThan(1e-9);
    });
  }
});

describe('trained selector kept between calls', () => {
  it('an edited profile is featurised again: the reused selector agrees with a fresh one', async () => {
    const model = ref.cases[0]!.model;
    const kept = new TrainedSelector(model, { embedder: bowEmbedder, seen: 'keep' });
    const pairs = calls[0]!;
    const profile = structuredClone(pairs[0]!.profile!);
    const on = (p: typeof profile): SelectionPair[] => pairs.map((x) => ({ ...x, profile: p }));
    const before = await kept.score(on(profile));
    // edit in place (same object): a confidence, then a new attribute
    profile.attributes[0]!.confidence = 0.01;
    profile.attributes.push({ text: 'The user repairs old guitars', evidence: [], members: [] });
    const after = await kept.score(on(profile));
    const fresh = await new TrainedSelector(model, { embedder: bowEmbedder, seen: 'keep' }).score(on(profile));
    expect(after).toEqual(fresh);
    expect(maxDiff(after, before)).toBeGreaterThan(1e-6);
  });
});
