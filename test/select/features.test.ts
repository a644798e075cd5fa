import { describe, expect, it } from 'vitest';
import { availableSystems, computePairRows, defaultFeatureSpec, featureNames, fitFeaturizer, keyPhrase, PHRASE_SCALARS, promptSentences, scalarNames, type FeatureSpec } from '../../src/stages/select/trained/features.js';
import type { SelectionPair } from '../../src/stages/select/selector.js';
import type { Prediction, Profile } from '../../src/model/index.js';

import { bowEmbedder } from '../support/fake-embedder.js';

const bow = bowEmbedder;

const profile: Profile = {
  userId: 'u1',
  attributes: [
    { text: 'The user plays the guitar.', confidence: 0.9, evidence: [], members: [{ text: 'plays guitar' }, { text: 'guitarist' }] },
    { text: 'The user may possibly be a student.', evidence: [], members: [] },
    { text: 'The user prefers concise answers.', confidence: 0.6, evidence: [], members: [] },
  ],
};
const prompt = { promptId: 'p1', promptText: 'How do I tune a guitar?' };
const pairs: SelectionPair[] = profile.attributes.map((a) => ({ userId: 'u1', ...prompt, attribute: a.text, profile }));

describe('computePairRows (offline)', () => {
  const spec = defaultFeatureSpec('offline', bow);

  it('one named scalar per name, with the documented values', async () => {
    const rows = await computePairRows(pairs, spec, { embedder: bow });
    const names = scalarNames(spec);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.scalars.length).toBe(names.length);
    const get = (i: number, n: string): number => rows[i]!.scalars[names.indexOf(n)]!;
    // guitar is shared: "how do i tune a guitar" vs "the user plays the guitar" -> tokens {tune, guitar} vs {user, play, guitar}
    expect(get(0, 'shared')).toBe(1);
    expect(get(0, 'jaccard')).toBeCloseTo(1 / 4, 12);
    expect(get(0, 'bm25')).toBeGreaterThan(0);
    expect(get(1, 'shared')).toBe(0);
    expect(get(0, 'profile_rank')).toBe(0); // most similar in the profile
    expect(get(0, 'profile_gap')).toBe(0);
    expect(get(0, 'members')).toBeCloseTo(Math.log(3), 12);
    expect(get(0, 'confidence')).toBeCloseTo(0.9, 12);
    expect(get(1, 'confidence_missing')).toBe(1);
    expect(get(1, 'hedges')).toBe(2); // may, possibly
    expect(get(2, 'attr_style')).toBe(1);
    expect(get(0, 'how_to')).toBe(1);
    expect(get(0, 'profile_size')).toBeCloseTo(Math.log(4), 12);
  });

  it('refuses a different embedder than the spec names', async () => {
    const other = { ...bow, id: 'other' };
    await expect(computePairRows(pairs, spec, { embedder: other })).rejects.toThrow(/embedder "test-bow-64".*"other"/);
  });

  it('the featurizer is fitted on the rows it is given only', async () => {
    const rows = await computePairRows(pairs, { ...spec, pcaDims: 2 }, { embedder: bow });
    const f = fitFeaturizer({ ...spec, pcaDims: 2 }, rows.slice(0, 2));
    // PCA mean = mean of the distinct vectors of the two training rows (one prompt, two attributes)
    const vecs = [rows[0]!.prompt, rows[0]!.attribute, rows[1]!.attribute];
    expect(f.state.pca.mean[5]).toBeCloseTo((vecs[0]![5]! + vecs[1]![5]! + vecs[2]![5]!) / 3, 6);
    const x = f.transform(rows);
    expect(x[0]!.length).toBe(featureNames({ ...spec, pcaDims: 2 }).length);
    // standardised on the training rows: their column means are 0
    const col = scalarNames(spec).indexOf('cos');
    expect(x[0]![col]! + x[1]![col]!).toBeCloseTo(0, 9);
  });
});

describe('phrase-level matching', () => {
  it('splits a prompt into sentences without its code, and finds an attribute\'s key phrase', () => {
    expect(promptSentences('I love hiking in the Alps. How do I tune a guitar?\n```js\nconst x = 1;\n```\nThanks a lot friend!')).toEqual([
      'I love hiking in the Alps.', 'How do I tune a guitar?', 'Thanks a lot friend!',
    ]);
    expect(promptSentences('Hi?')).toEqual(['Hi?']);
    expect(keyPhrase('The user may be interested in chess.')).toBe('interested in chess');
    expect(keyPhrase('The user plays the guitar.')).toBe('plays the guitar');
    expect(keyPhrase('The user might possibly have two children.')).toBe('two children');
    expect(keyPhrase('Likes chess')).toBe('Likes chess');
  });

  it('adds the phrase scalars only to specs that ask for them; the best sentence beats the whole prompt', async () => {
    const spec = defaultFeatureSpec('offline', bow, undefined, { phrase: true });
    expect(scalarNames(spec).slice(-PHRASE_SCALARS.length)).toEqual(PHRASE_SCALARS);
    expect(scalarNames(defaultFeatureSpec('offline', bow))).not.toContain('sent_max_cos');
    const long = 'My neighbour has a loud dog and a big garden with many trees. How do I tune a guitar?';
    const ps = pairs.map((p) => ({ ...p, promptText: long }));
    const rows = await computePairRows(ps, spec, { embedder: bow });
    const names = scalarNames(spec);
    const get = (i: number, n: string): number => rows[0 + i]!.scalars[names.indexOf(n)]!;
    expect(get(0, 'sent_max_cos')).toBeGreaterThan(get(0, 'cos'));
    expect(get(0, 'sent_gain')).toBeCloseTo(get(0, 'sent_max_cos') - get(0, 'cos'), 12);
    expect(get(0, 'n_sentences')).toBeCloseTo(Math.log(3), 12);
    expect(get(0, 'key_sent_max')).toBeGreaterThan(get(0, 'key_cos'));
  });
});

describe('computePairRows (offline+llm)', () => {
  const preds: Prediction[] = [
    { ...pairs[0]!, system: 'votes:a', relevant: true, output: 'It might slightly change the examples.\nAnswer: YES' },
    { ...pairs[1]!, system: 'votes:a', relevant: false, output: 'The answer would not change; this is generic.\nAnswer: NO' },
    { ...pairs[0]!, system: 'checklist', relevant: true, score: 0.7 },
    { ...pairs[1]!, system: 'checklist', relevant: true, score: 0.4 },
  ];

  it('finds the systems that cover most pairs, and which carry scores', () => {
    expect(availableSystems(pairs, preds)).toEqual({ systems: ['checklist', 'votes:a'], scoredSystems: ['checklist'] });
    expect(availableSystems(pairs, preds, 0.9)).toEqual({ systems: [], scoredSystems: [] });
  });

  it('votes, missing flags, scores, reasoning cues and agreement', async () => {
    const spec: FeatureSpec = defaultFeatureSpec('offline+llm', bow, availableSystems(pairs, preds));
    const rows = await computePairRows(pairs, spec, { embedder: bow, predictions: preds });
    const names = scalarNames(spec);
    const get = (i: number, n: string): number => rows[i]!.scalars[names.indexOf(n)]!;
    expect(get(0, 'vote:votes:a')).toBe(1);
    expect(get(1, 'vote:votes:a')).toBe(-1);
    expect(get(2, 'vote:votes:a')).toBe(0);
    expect(get(2, 'missing:votes:a')).toBe(1);
    expect(get(0, 'score:checklist')).toBe(0.7);
    expect(get(0, 'out_hedges:votes:a')).toBe(2); // might, slightly
    expect(get(1, 'out_neg:votes:a')).toBe(2); // would not, generic
    expect(get(0, 'yes_share')).toBe(1);
    expect(get(0, 'unanimous')).toBe(1);
    expect(get(1, 'yes_share')).toBe(0.5);
    expect(get(1, 'unanimous')).toBe(0);
  });
});
