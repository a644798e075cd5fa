import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeRewardRows,
  crossValidateReward,
  parseRewardModel,
  promptGroup,
  readRewardModel,
  RewardModel,
  rewardItems,
  textStructure,
  trainRewardModel,
  writeRewardModel,
  type RawRewardRow,
  type RewardItem,
} from '../../src/stages/respond/reward/index.js';
import { MentionDetector } from '../../src/stages/respond/mention.js';
import { spearman } from '../../src/metrics/correlation.js';
import { seededRandom } from '../../src/util/random.js';
import { tempDir } from '../support/tmp.js';
import { HashEmbedder, syntheticRewardData } from './reward-fixture.js';

const tmp = tempDir('attune-reward-');

describe('textStructure', () => {
  it('counts words, headings, bullets and numbered lines', () => {
    const s = textStructure('# Plan\n\nIntro text here.\n\n- one\n- two\n1. first\n2) second\n**Notes**\nEnd.');
    expect(s).toMatchObject({ headings: 2, bullets: 2, numbered: 2, paragraphs: 3 });
    expect(s.words).toBe(15);
  });
});

describe('reward model on synthetic data with a known signal (self-written, no people)', () => {
  const data = syntheticRewardData(36, 1);
  const texts = new Map(data.prompts.map((p) => [p.id, p.text]));
  const embedder = new HashEmbedder();

  it('beats a shuffled-label baseline under CV grouped by prompt, with no prompt on both sides of a fold', async () => {
    const { items } = rewardItems(data.pairs, data.ratings, texts);
    expect(items).toHaveLength(72);
    const rows = await computeRewardRows(items, { embedder, detector: new MentionDetector() });
    const cv = crossValidateReward(rows, items, { folds: 5, seed: 3, iterations: 200 });
    const r = cv.report;
    expect(r.leakedPrompts).toBe(0);
    expect(r.folds).toBe(5);
    expect(r.prompts).toBe(36);
    for (const f of cv.folds) expect(f.test.filter((g) => f.train.includes(g))).toEqual([]);
    // Every prompt is tested exactly once.
    expect(cv.folds.flatMap((f) => f.test).sort()).toEqual([...new Set(items.map((it) => promptGroup(it.promptText)))].sort());
    expect(r.spearman.estimate!).toBeGreaterThan(0.5);
    expect(r.spearman.low!).toBeGreaterThan(0.2);
    expect(r.shuffledSpearman).not.toBeNull();
    expect(r.spearman.estimate!).toBeGreaterThan(r.shuffledSpearman! + 0.3);
    expect(Math.abs(r.shuffledSpearman!)).toBeLessThan(0.35);
    // The out-of-fold scores follow the planted use level.
    const lv = items.map((it) => data.level.get(it.key)!);
    expect(spearman(cv.oof, lv)).toBeGreaterThan(0.5);
  });

  it('CV grouped by prompt does not leak: per-prompt random labels are not learnable, while a by-row split learns them', () => {
    // 16 prompts x 4 items; each prompt's rows share a prompt-specific direction (one-hot in the response
    // difference) and a random label of their own. Only a model that saw a sibling item can know the label.
    const rand = seededRandom(9);
    const items: RewardItem[] = [];
    const rows: RawRewardRow[] = [];
    for (let p = 0; p < 16; p++) {
      const label = 1 + Math.floor(rand() * 5);
      for (let j = 0; j < 4; j++) {
        items.push({ key: `${p}:${j}`, pairId: `g:u_${p}`, promptId: String(p), generator: 'g', attribute: `a${j}`, promptText: `prompt ${p}`, generic: '', personalized: '', pairAttributes: [], human: [label] });
        const diff = new Float64Array(16).map(() => (rand() - 0.5) * 0.05);
        diff[p] = 1;
        rows.push({ scalars: Array.from({ length: 17 }, () => rand() - 0.5), diff });
      }
    }
    const o = { folds: 4, seed: 5, iterations: 100, shuffledBaseline: false, pcaDims: 15, l2Grid: [0.001] };
    const grouped = crossValidateReward(rows, items, o);
    // The same rows, but each item its own "prompt": a split by row.
    const leaky = crossValidateReward(rows, items.map((it, i) => ({ ...it, promptText: `${it.promptText} #${i}` })), o);
    expect(grouped.report.leakedPrompts).toBe(0);
    expect(leaky.report.spearman.estimate!).toBeGreaterThan(0.8);
    expect(Math.abs(grouped.report.spearman.estimate!)).toBeLessThan(0.4);
  });

  it('writes a versioned model file that reloads and scores like the fitted model; a bad file names its field', async () => {
    const r = await trainRewardModel(data.pairs, data.ratings, texts, { embedder, mention: 'lexical', folds: 4, iterations: 100, dataset: 'synthetic', provenance: 'illustrative' });
    const file = path.join(tmp, 'reward.json');
    writeRewardModel(file, r.model);
    const m = readRewardModel(file);
    expect(m.format).toBe('attune-reward-model');
    expect(m.version).toBe(1);
    expect(m.loss).toBe('ordinal-frank-hall');
    expect(m.featureNames).toHaveLength(m.standardisation.mean.length);
    expect(m.cv?.leakedPrompts).toBe(0);
    expect(m.trainedOn).toMatchObject({ dataset: 'synthetic', items: 72, ratings: 216, provenance: 'illustrative' });
    const model = new RewardModel(m, embedder);
    const scores = await model.score(r.items);
    expect(scores.every((s) => s >= 1 && s <= 5)).toBe(true);
    // Fitted on all items, its in-sample scores follow the human means.
    expect(spearman(scores, r.items.map((it) => it.human.reduce((a, b) => a + b, 0) / it.human.length))).toBeGreaterThan(0.6);

    const bad = JSON.parse(fs.readFileSync(file, 'utf8')) as { thresholds: { coef?: number[] }[] };
    bad.thresholds.find((t) => t.coef)!.coef!.pop();
    expect(() => parseRewardModel(bad, 'x.json')).toThrow(/x\.json: field "thresholds\.\d\.coef"/);
    expect(() => parseRewardModel({ format: 'attune-select-model' }, 'y.json')).toThrow(/y\.json: field "format"/);
    expect(() => new RewardModel(m, { id: 'other', dim: 64, embed: async () => [] })).toThrow(/embedder/);
  });
});
