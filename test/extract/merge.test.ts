import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.js';
import type { Attribute } from '../../src/model/index.js';
import { clusterAverageLinkage, combinedConfidence, mergeAttributes, mergeProfiles, mergeWithVectors, predicateText } from '../../src/stages/extract/merge.js';
import { seededRandom } from '../../src/util/random.js';

/** Hand-built vectors by text; counts what it is asked to embed. */
class CountingEmbedder implements Embedder {
  readonly id = 'fake-counting';
  readonly dim: number;
  calls = 0;
  texts: string[] = [];
  constructor(private readonly table: Record<string, number[]>) {
    this.dim = Object.values(table)[0]!.length;
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    this.texts.push(...texts);
    return texts.map((t) => {
      const v = this.table[t];
      if (!v) throw new Error(`no vector for "${t}"`);
      return Float32Array.from(v);
    });
  }
}

const at = (deg: number): number[] => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
function attr(text: string, confidence: number, conv = text, turn = 0): Attribute {
  return { text, confidence, evidence: [{ conversationId: conv, turnIndex: turn }], members: [] };
}

describe('clusterAverageLinkage', () => {
  it('uses average linkage, not single linkage (hand-computed)', () => {
    // 0, 50 and 105 degrees: d(0,50) = 1 - cos 50 = 0.357; d(50,105) = 1 - cos 55 = 0.426; d(0,105) = 1 - cos 105 = 1.259.
    // After {0,50} merges, d({0,50}, 105) = (1.259 + 0.426) / 2 = 0.842: at 0.7 it stays apart, though single
    // linkage (0.426) would join it.
    const v = [at(0), at(50), at(105)];
    expect(clusterAverageLinkage(v, 0.7)).toEqual([[0, 1], [2]]);
    expect(clusterAverageLinkage(v, 0.84)).toEqual([[0, 1], [2]]);
    expect(clusterAverageLinkage(v, 0.85)).toEqual([[0, 1, 2]]);
    expect(clusterAverageLinkage(v, 0.3)).toEqual([[0], [1], [2]]);
  });

  it('does not merge at exactly the threshold (sklearn distance_threshold semantics)', () => {
    // 90 degrees apart: distance exactly 1
    expect(clusterAverageLinkage([[1, 0], [0, 1]], 1)).toEqual([[0], [1]]);
    expect(clusterAverageLinkage([[1, 0], [0, 1]], 1.0001)).toEqual([[0, 1]]);
    expect(clusterAverageLinkage([], 0.7)).toEqual([]);
  });
});

describe('combinedConfidence', () => {
  it('is noisy-OR over distinct evidence, counting repeats of the same turns once', () => {
    expect(combinedConfidence([attr('a', 0.5, 'c1'), attr('b', 0.5, 'c2')])).toBeCloseTo(0.75, 12);
    expect(combinedConfidence([attr('a', 0.5, 'c1'), attr('b', 0.6, 'c1')])).toBeCloseTo(0.6, 12);
    expect(combinedConfidence([attr('a', 0.3, 'c1'), attr('b', 0.3, 'c2'), attr('c', 0.3, 'c3')])).toBeCloseTo(1 - 0.7 ** 3, 12);
    expect(combinedConfidence([{ evidence: [] }, { evidence: [] }])).toBeCloseTo(0.75, 12); // missing -> 0.5 each
  });
});

describe('mergeAttributes on hand-built embeddings', () => {
  // Three known clusters: diet near 0 degrees, pets near 90, place at 180 (far from both).
  const table: Record<string, number[]> = {
    'is vegetarian': at(0),
    'does not eat meat': at(10),
    'follows a plant-based diet': at(20),
    'has a dog': at(90),
    'has a puppy': at(95),
    'lives in Lisbon': at(180),
    'lives near Porto': at(182),
  };
  const raw: Attribute[] = [
    attr('The user is vegetarian', 0.9, 'c1'),
    attr('The user does not eat meat', 0.7, 'c2'),
    attr('The user follows a plant-based diet', 0.6, 'c3'),
    attr('The user has a dog', 0.65, 'c1', 3),
    attr('The user has a puppy', 0.65, 'c4'),
    attr('The user lives in Lisbon', 0.3, 'c5'),
  ];

  it('finds the known clusters, keeps members, picks the member nearest the centroid', async () => {
    const emb = new CountingEmbedder(table);
    const merged = (await mergeAttributes({ attributes: raw, embedder: emb })).attributes;
    expect(merged.map((a) => a.text)).toEqual(['The user does not eat meat', 'The user has a dog']);
    const diet = merged[0]!;
    // centroid of 0, 10, 20 degrees points at 10 degrees: "does not eat meat"
    expect(diet.members.map((m) => m.text)).toEqual(['The user is vegetarian', 'The user does not eat meat', 'The user follows a plant-based diet']);
    expect(diet.members.map((m) => m.confidence)).toEqual([0.9, 0.7, 0.6]);
    expect(diet.confidence).toBeCloseTo(1 - 0.1 * 0.3 * 0.4, 3);
    expect(diet.evidence.map((e) => e.conversationId)).toEqual(['c1', 'c2', 'c3']);
    // the embedder sees the texts without the shared subject, each once, in one call
    expect(emb.calls).toBe(1);
    expect(emb.texts.sort()).toEqual(raw.map((a) => predicateText(a.text)).sort());
  });

  it('drops clusters under the minimum confidence, after merging', async () => {
    const emb = new CountingEmbedder(table);
    // lone 0.3 "Lisbon" is dropped at 0.4; two independent 0.3 place mentions (0.51) would survive
    expect(((await mergeAttributes({ attributes: raw, embedder: emb })).attributes).some((a) => /Lisbon/.test(a.text))).toBe(false);
    const two = [attr('The user lives in Lisbon', 0.3, 'c5'), attr('The user lives near Porto', 0.3, 'c6')];
    const kept = (await mergeAttributes({ attributes: two, embedder: emb })).attributes;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.confidence).toBeCloseTo(0.51, 3);
    // the same two from one turn are one piece of evidence: 0.3, dropped
    const sameTurn = [attr('The user lives in Lisbon', 0.3, 'c5'), attr('The user lives near Porto', 0.3, 'c5')];
    expect((await mergeAttributes({ attributes: sameTurn, embedder: emb })).attributes).toEqual([]);
    expect((await mergeAttributes({ attributes: sameTurn, embedder: emb, minConfidence: 0.2 })).attributes).toHaveLength(1);
    expect((await mergeAttributes({ attributes: raw, embedder: emb, minConfidence: 0 })).attributes).toHaveLength(3);
  });

  it('honours the threshold and the representative choice', async () => {
    const emb = new CountingEmbedder(table);
    // at 0.01 nothing merges (closest pair: 2 degrees apart, distance 0.0006 -> only Lisbon/Porto would)
    const tight = (await mergeAttributes({ attributes: raw, embedder: emb, threshold: 0.0001, minConfidence: 0 })).attributes;
    expect(tight).toHaveLength(6);
    const byConf = (await mergeAttributes({ attributes: raw, embedder: emb, representative: 'confidence' })).attributes;
    expect(byConf[0]!.text).toBe('The user is vegetarian');
  });

  it('merges every user in one embedding call', async () => {
    const emb = new CountingEmbedder(table);
    const profiles = await mergeProfiles(new Map([['u1', raw], ['u2', raw.slice(0, 2)], ['u3', []]]), emb);
    expect(emb.calls).toBe(1);
    expect(profiles.map((p) => [p.userId, p.attributes.length])).toEqual([['u1', 2], ['u2', 1], ['u3', 0]]);
  });

  it('rejects mismatched inputs', () => {
    expect(() => mergeWithVectors(raw, [])).toThrow(/6 attributes but 0 vectors/);
  });
});

describe('merge at scale', () => {
  // bounded work, no clock: the time of the full 1,000-user size is `npm run bench -- extract`
  it('merges 100 users x 60 raw attributes (512-d) back into their 20 planted topics each', () => {
    // 20 topics per user, 3 noisy mentions each; noise drawn from a seeded pool to keep set-up cheap
    const rnd = seededRandom(7);
    const pool = Float32Array.from({ length: 1 << 16 }, () => rnd() - 0.5);
    const users: { attrs: Attribute[]; vecs: Float32Array[] }[] = [];
    for (let u = 0; u < 100; u++) {
      const centers = Array.from({ length: 20 }, (_, c) => pool.slice(((u * 20 + c) * 512) & 0xffff, (((u * 20 + c) * 512) & 0xffff) + 512));
      const attrs: Attribute[] = [];
      const vecs: Float32Array[] = [];
      for (let i = 0; i < 60; i++) {
        const off = (u * 7919 + i * 104729) & 0xffff;
        vecs.push(Float32Array.from(centers[i % 20]!, (x, k) => x + pool[(off + k) & 0xffff]! * 0.5));
        attrs.push(attr(`The user a${i}`, 0.3 + rnd() * 0.6, `c${i}`));
      }
      users.push({ attrs, vecs });
    }
    let clusters = 0;
    // the paper's threshold: these noisy mentions sit about 0.2 apart, beyond the USE-lite default
    for (const { attrs, vecs } of users) clusters += mergeWithVectors(attrs, vecs, { threshold: 0.7, minConfidence: 0 }).length;
    expect(clusters).toBe(2_000); // the 20 planted topics per user, recovered
  });
});
