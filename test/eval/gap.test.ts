import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDataset, type Dataset } from '../../src/model/index.js';
import { loadDataset } from '../../src/data/index.js';
import { evaluateGap, prefevalRelevance, SYNTHETIC_ROUND } from '../../src/eval/gap.js';
import { evaluateSelector } from '../../src/eval/select.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { gapTable } from '../../src/report/text.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { projectRoot } from '../support/shared.js';

const TOPICS: Record<string, [string, string][]> = {
  travel: [['I prefer trains over planes.', 'How should I get from Paris to Berlin by train or plane?'], ['I avoid crowded beaches.', 'Which beaches should I visit this summer?']],
  food: [['I am vegetarian and eat no meat.', 'What should I cook for dinner tonight, meat or pasta?'], ['I dislike spicy food.', 'Recommend a spicy curry recipe.']],
  music: [['I love jazz piano.', 'Which piano albums should I listen to?'], ['I cannot stand loud concerts.', 'Should I go to a loud rock concert?']],
  pets: [['I am allergic to cats.', 'Should I adopt a cat or a dog?'], ['I live in a small flat.', 'What dog breed suits a small flat?']],
  books: [['I read only science fiction.', 'Suggest some science fiction novels.'], ['I prefer audiobooks to paper.', 'Where can I buy paper books or audiobooks?']],
};

/** A PrefEval-shaped dataset: one user per (preference, question), with the topic as category; one record repeated. */
function prefeval(): Dataset {
  const ds = emptyDataset('pe', 'prefeval', 'synthetic');
  let i = 0;
  for (const [topic, recs] of Object.entries(TOPICS)) {
    for (const [pref, q] of [...recs, ...(topic === 'travel' ? [recs[0]!] : [])]) {
      const userId = `prefeval/explicit/${topic}/${i++}`;
      ds.goldAttributes.push({ userId, text: pref, category: topic });
      ds.prompts.push({ id: userId, text: q });
    }
  }
  return ds;
}

describe('prefevalRelevance', () => {
  it("pairs each question with its planted preference (YES) and other topics' preferences (NO), once per record", () => {
    const ds = prefevalRelevance(prefeval(), { distractors: 3, seed: 1 });
    expect(ds.provenance).toBe('synthetic');
    expect(ds.prompts).toHaveLength(10); // the repeated travel record is kept once
    expect(ds.labels).toHaveLength(10 * 4);
    expect(ds.labels.every((l) => l.round === SYNTHETIC_ROUND)).toBe(true);
    const topicOf = new Map(Object.entries(TOPICS).flatMap(([t, recs]) => recs.map(([p]) => [p, t] as const)));
    for (const p of ds.prompts) {
      const mine = ds.labels.filter((l) => l.promptId === p.id);
      const yes = mine.filter((l) => l.relevant);
      expect(yes).toHaveLength(1);
      const topic = topicOf.get(yes[0]!.attribute)!;
      expect(TOPICS[topic]!.some(([pref, q]) => pref === yes[0]!.attribute && q === p.text)).toBe(true);
      for (const n of mine.filter((l) => !l.relevant)) expect(topicOf.get(n.attribute)).not.toBe(topic);
      expect(ds.profiles.find((x) => x.userId === p.id)!.attributes.map((a) => a.text).sort()).toEqual(mine.map((l) => l.attribute).sort());
    }
    expect(prefevalRelevance(prefeval(), { distractors: 3, seed: 1 }).labels).toEqual(ds.labels);
    expect(prefevalRelevance(prefeval(), { limit: 4, distractors: 2 }).prompts).toHaveLength(4);
  });

  it('refuses more distractors than other topics hold, and a dataset without preferences', () => {
    expect(() => prefevalRelevance(prefeval(), { distractors: 9 })).toThrow(/only 8 preferences of other topics .* need 9 distractors/);
    expect(() => prefevalRelevance(emptyDataset('x', 'attune', 'human'))).toThrow(/no \(preference, question\) records/);
  });
});

describe('evaluateGap', async () => {
  const human = loadDataset(path.join(projectRoot, 'examples', 'demo'));
  const rep = await evaluateGap({ synthetic: prefeval(), human, distractors: 3, folds: 3, iterations: 50, embedder: bowEmbedder });

  it('scores the same selectors on both sides; recorded votes are n/a on the synthetic side', async () => {
    expect(rep.rows.map((r) => r.selector)).toEqual(['bm25', 'embedding', 'mem0', 'votes:demo-llm']);
    expect(rep.synthetic).toMatchObject({ questions: 10, pairs: 40, yesRate: 0.25, distractors: 3 });
    const votes = rep.rows.find((r) => r.selector === 'votes:demo-llm')!;
    expect(votes.synthetic).toEqual({ notApplicable: 'recorded votes exist for the human pairs only' });
    expect(Number.isNaN(votes.f1Gap)).toBe(true);
    const direct = await evaluateSelector(human, await makeSelector('votes:demo-llm', human), { iterations: 50 });
    expect('f1' in votes.human && votes.human.f1).toBeCloseTo(direct.f1, 12);
  });

  it("fits thresholds by grouped CV on each side, as eval select does, and reports the gap", async () => {
    const bm25 = rep.rows.find((r) => r.selector === 'bm25')!;
    expect('protocol' in bm25.synthetic && bm25.synthetic.protocol).toBe('cv-3 by prompt');
    expect('protocol' in bm25.human && bm25.human.protocol).toBe('cv-3 by prompt');
    const syn = bm25.synthetic as { f1: number };
    const hum = bm25.human as { f1: number };
    expect(bm25.f1Gap).toBeCloseTo(syn.f1 - hum.f1, 12);
    const direct = await evaluateSelector(human, await makeSelector('bm25', human), { folds: 3, iterations: 50 });
    expect(hum.f1).toBeCloseTo(direct.f1, 12);
  });

  it('prints one table and an HTML report with both sides', async () => {
    const text = gapTable(rep);
    expect(text).toMatch(/votes:demo-llm\s+n\/a/);
    expect(text).toMatch(/F1 gap = synthetic F1 - human F1/);
    const html = await renderHtmlReport({ title: 'gap', dataset: 'x', selection: [], gap: rep });
    expect(html).toMatch(/how much a synthetic benchmark flatters a selector/);
    expect(html).toMatch(/<td>votes:demo-llm<\/td><td>n\/a<\/td>/);
  });

  it('stays offline', async () => {
    await expect(evaluateGap({ synthetic: prefeval(), human, selectors: ['bm25', 'llm:openai/gpt-5.4'] })).rejects.toThrow(/offline; llm:openai\/gpt-5\.4 would call an LLM/);
  });
});
