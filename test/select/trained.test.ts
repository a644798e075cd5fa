import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDataset, type Dataset, type Profile } from '../../src/model/index.js';
import { TrainedSelector } from '../../src/stages/select/trained/selector.js';
import { trainSelector } from '../../src/stages/select/trained/train.js';
import { dataHash, parseModelFile, readModelFile, writeModelFile } from '../../src/learn/model-file.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { evaluateSelector } from '../../src/eval/select.js';
import { labelledPairs } from '../../src/stages/select/pairs.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { loadDataset } from '../../src/data/index.js';
import { EmbeddingSelector } from '../../src/stages/select/embedding.js';
import { crossValidatedSelect } from '../../src/stages/select/threshold.js';
import { bowEmbedder } from '../support/fake-embedder.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { REPLICATION } from '../support/tier.js';

const bow = bowEmbedder;

const TOPICS = ['guitar', 'cooking', 'python', 'travel', 'garden', 'chess', 'running', 'painting'];

/** Users with one attribute per topic; a pair is relevant iff the prompt is about the attribute's topic. */
function synthetic(promptIds: number[], name = 'synthetic'): Dataset {
  const ds = emptyDataset(name, 'test', 'synthetic');
  const users = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
  for (const u of users) {
    const profile: Profile = { userId: u, attributes: TOPICS.map((t, i) => ({ text: `The user ${u} likes ${t} number ${i}.`, confidence: 0.5 + i / 20, evidence: [], members: [] })) };
    ds.profiles.push(profile);
  }
  for (const p of promptIds) {
    const topic = TOPICS[p % TOPICS.length]!;
    ds.prompts.push({ id: `p${p}`, text: `Question ${p}: tips about ${topic} for a beginner, variant ${p}?` });
    for (const u of [users[p % 6]!, users[(p + 1) % 6]!, users[(p + 3) % 6]!]) {
      for (const a of ds.profiles.find((x) => x.userId === u)!.attributes) {
        ds.labels.push({ userId: u, promptId: `p${p}`, attribute: a.text, relevant: a.text.includes(` ${topic} `), round: 'r1' });
      }
    }
  }
  return ds;
}

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'attune-trained-'));

describe('trainSelector and TrainedSelector on synthetic data', async () => {
  const ds = synthetic([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const res = await trainSelector(ds, { embedder: bow, outerFolds: 3, innerFolds: 2, l2Grid: [0.1], iterations: 100, seed: 1 });
  const model = res.model!;

  it('learns the topic rule on held-out prompts and records what it was trained on', () => {
    expect(res.cv.f1).toBeGreaterThan(0.8);
    expect(res.cv.group).toBe('prompt');
    expect(res.cv.folds).toBe(3);
    expect(model.trainedOn.prompts).toHaveLength(12);
    expect(model.trainedOn.users).toHaveLength(6);
    expect(model.featureNames).toHaveLength(model.standardisation.mean.length);
    const { pairs, labels } = labelledPairs(ds);
    expect(model.trainedOn.dataHash).toBe(dataHash(pairs.map((p, i) => ({ ...p, relevant: labels[i]! }))));
  });

  it('round-trips through a model file and scores unseen prompts identically', async () => {
    const file = path.join(tmp(), 'm.json');
    writeModelFile(file, model);
    const loaded = TrainedSelector.load(file, { embedder: bow });
    const direct = new TrainedSelector(model, { embedder: bow });
    const fresh = labelledPairs(synthetic([20, 21, 22, 23], 'fresh'));
    const a = await loaded.select(fresh.pairs);
    const b = await direct.select(fresh.pairs);
    expect(a).toEqual(b);
    const correct = a.filter((s, i) => s.relevant === fresh.labels[i]).length;
    expect(correct / a.length).toBeGreaterThan(0.9);
    expect(a.every((s) => s.score! >= 0 && s.score! <= 1 && s.relevant === s.score! >= model.threshold)).toBe(true);
  });

  it('the data hash ignores order and changes with a label', () => {
    const rows = [{ userId: 'a', promptId: 'p', attribute: 'x', relevant: true }, { userId: 'b', promptId: 'p', attribute: 'y', relevant: false }];
    expect(dataHash(rows)).toBe(dataHash([...rows].reverse()));
    expect(dataHash(rows)).not.toBe(dataHash([{ ...rows[0]!, relevant: false }, rows[1]!]));
  });

  it('a corrupted file fails with the file and the field', () => {
    const dir = tmp();
    const bad = (mutate: (m: Record<string, unknown>) => void): string => {
      const m = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
      mutate(m);
      const f = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(f, JSON.stringify(m));
      return f;
    };
    const f1 = bad((m) => ((m.weights as Record<string, unknown>).coef = 'oops'));
    expect(() => readModelFile(f1)).toThrow(new RegExp(`${path.basename(f1)}: field "weights.coef"`));
    const f2 = bad((m) => ((m.weights as { coef: number[] }).coef.pop()));
    expect(() => readModelFile(f2)).toThrow(/field "weights.coef": expected \d+ coefficients/);
    const f3 = bad((m) => ((m.trainedOn as Record<string, unknown>).dataHash = 'xyz'));
    expect(() => readModelFile(f3)).toThrow(/field "trainedOn.dataHash"/);
    const f4 = bad((m) => (m.format = 'something-else'));
    expect(() => readModelFile(f4)).toThrow(/field "format": expected "attune-select-model"/);
    const f5 = path.join(dir, 'truncated.json');
    fs.writeFileSync(f5, JSON.stringify(model).slice(0, 100));
    expect(() => readModelFile(f5)).toThrow(/truncated\.json: not JSON/);
    expect(() => parseModelFile({ ...model, version: 2 }, 'x.json')).toThrow(/x\.json: field "version"/);
  });

  it('leaves out pairs whose prompt it was trained on, and refuses when nothing else remains', async () => {
    const sel = new TrainedSelector(model, { embedder: bow, name: 'model:m.json' });
    const seen = labelledPairs(ds).pairs;
    await expect(sel.select(seen)).rejects.toThrow(/model:m\.json was trained on this data: all \d+ pairs have a prompt from its training set.*attune train select.*F1 \d\.\d{3}/);
    const mixed = [...seen.slice(0, 5), ...labelledPairs(synthetic([30], 'x')).pairs.slice(0, 3)];
    let told: [number, number] | undefined;
    const sel2 = new TrainedSelector(model, { embedder: bow, onExclude: (e, t) => (told = [e, t]) });
    const out = await sel2.select(mixed);
    expect(out.slice(0, 5).every((o) => o.missing)).toBe(true);
    expect(out.slice(5).every((o) => !o.missing && o.score !== undefined)).toBe(true);
    expect(told).toEqual([5, 8]);
    const keep = new TrainedSelector(model, { embedder: bow, seen: 'keep' });
    expect((await keep.select(seen)).every((o) => !o.missing)).toBe(true);
  });

  it('eval select scores model:<file> without refitting, on unseen prompts only', async () => {
    const file = path.join(tmp(), 'm.json');
    writeModelFile(file, model);
    const other = synthetic([0, 1, 40, 41, 42], 'other'); // p0 and p1 were trained on
    const sel = await makeSelector(`model:${file}`, other, { embedder: bow });
    expect('fit' in sel).toBe(false);
    const r = await evaluateSelector(other, sel, { iterations: 50 });
    expect(r.labelled).toBe(5 * 3 * 8);
    expect(r.n).toBe(3 * 3 * 8);
    expect(r.protocol).toBe('trained model, no refit');
    await expect(evaluateSelector(ds, await makeSelector(`model:${file}`, ds, { embedder: bow }))).rejects.toThrow(/was trained on this data/);
  });

  it('reports each outer fold: its pairs add up, and its rate ratio is its system YES rate over its human YES rate', () => {
    const folds = res.cv.perFold!;
    expect(folds).toHaveLength(3);
    expect(folds.reduce((a, f) => a + f.n, 0)).toBe(res.cv.n);
    expect(folds.reduce((a, f) => a + f.groups, 0)).toBe(12);
    for (const f of folds) {
      const rows = res.nested.folds.flatMap((x, i) => (x === f.fold ? [i] : []));
      const sel = rows.filter((i) => res.nested.predictions[i]).length / rows.length;
      const hum = rows.filter((i) => res.labels[i]).length / rows.length;
      expect(f.selectionRate).toBeCloseTo(sel, 12);
      expect(f.humanRate).toBeCloseTo(hum, 12);
      expect(f.rateRatio).toBeCloseTo(sel / hum, 12);
    }
  });

  it('the expected-count cut decides per user and prompt, in CV and from the model file', async () => {
    const r = await trainSelector(ds, { embedder: bow, cut: 'expected-count', phrase: true, outerFolds: 3, innerFolds: 2, l2Grid: [0.1], iterations: 50, seed: 1 });
    expect(r.model!.cut?.kind).toBe('expected-count');
    expect(r.model!.features.phrase).toBe(true);
    expect(r.cv.f1).toBeGreaterThan(0.8);
    const file = path.join(tmp(), 'ec.json');
    writeModelFile(file, r.model!);
    const sel = TrainedSelector.load(file, { embedder: bow });
    const fresh = labelledPairs(synthetic([60, 61, 62], 'fresh'));
    const out = await sel.select(fresh.pairs);
    const scale = r.model!.cut!.kind === 'expected-count' ? r.model!.cut!.scale : NaN;
    // per query: exactly round(scale x sum of scores) selected, and they are its best-scored pairs
    const byQuery = new Map<string, number[]>();
    fresh.pairs.forEach((p, i) => byQuery.set(`${p.userId}|${p.promptId}`, [...(byQuery.get(`${p.userId}|${p.promptId}`) ?? []), i]));
    for (const rows of byQuery.values()) {
      const sum = rows.reduce((a, i) => a + out[i]!.score!, 0);
      const kept = rows.filter((i) => out[i]!.relevant);
      expect(kept.length).toBe(Math.min(rows.length, Math.round(scale * sum)));
      const minKept = Math.min(...kept.map((i) => out[i]!.score!));
      expect(rows.filter((i) => !out[i]!.relevant).every((i) => out[i]!.score! <= minKept)).toBe(true);
    }
    expect(out.filter((s, i) => s.relevant === fresh.labels[i]).length / out.length).toBeGreaterThan(0.9);
  });

  it('a user-grouped model leaves out seen users instead', async () => {
    const r = await trainSelector(ds, { embedder: bow, group: 'user', outerFolds: 3, innerFolds: 2, l2Grid: [0.1], iterations: 50 });
    expect(r.cv.group).toBe('user');
    const sel = new TrainedSelector(r.model!, { embedder: bow });
    const fresh = labelledPairs(synthetic([50], 'fresh')).pairs; // new prompt, known users
    await expect(sel.select(fresh)).rejects.toThrow(/all \d+ pairs have a user from its training set/);
  });
});

describe.skipIf(!hasShared('recenter-pilot'))('trained selector on recenter-pilot (nested CV by prompt)', REPLICATION, () => {
  it('LLM-free: beats the embedding baseline computed here, selection rate near the human rate', async () => {
    const ds = loadDataset(sharedPath('recenter-pilot'));
    const embedder = defaultEmbedder();
    const { pairs, labels } = labelledPairs(ds, 'task5');
    const emb = await new EmbeddingSelector(embedder).score(pairs);
    const baseline = crossValidatedSelect(emb, labels, pairs.map((p) => p.promptId), 5, 42).metrics.f1;
    expect(baseline).toBeGreaterThan(0.3);

    const r = await trainSelector(ds, { embedder, round: 'task5', cvOnly: true, outerFolds: 5, innerFolds: 3, l2Grid: [0.1, 0.03], iterations: 200 });
    expect(r.cv.n).toBe(2967);
    expect(r.cv.f1).toBeGreaterThan(baseline);
    expect(r.cv.rateRatio).toBeGreaterThan(0.5);
    expect(r.cv.rateRatio).toBeLessThan(1.5);
    expect(r.cv.f1Ci.low).toBeLessThan(r.cv.f1);
    expect(r.cv.f1Ci.high).toBeGreaterThan(r.cv.f1);
    console.log(`recenter-pilot nested CV: trained F1 ${r.cv.f1.toFixed(3)} (rate x${r.cv.rateRatio.toFixed(2)}) vs embedding ${baseline.toFixed(3)}, ${r.seconds.toFixed(1)} s`);
  });
});
