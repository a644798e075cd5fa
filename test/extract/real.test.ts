import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import type { Dataset } from '../../src/model/index.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { extractProfiles } from '../../src/stages/extract/extractor.js';
import { rawProfiles } from '../../src/stages/extract/merge.js';
import { evaluateExtraction, extractionUnits, type ExtractEvalResult, type ExtractScore } from '../../src/eval/extract.js';
import { defaultEmbedder } from '../../src/embed/default.js';
import { sampleConversations } from '../../src/data/sample.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { REPLICATION } from '../support/tier.js';

/**
 * The offline extractor on the shared data, on a seeded sample of users per dataset (to keep the embedding work
 * small: USE-lite runs at tens of sentences a second on this machine). Bounds are sanity bounds that fail on a
 * broken extractor or matcher, not targets: the README gives the measured figures and the command behind them.
 */
const USERS = 40;
const SEED = 42;

async function run(ds: Dataset): Promise<ExtractEvalResult> {
  const convs = sampleConversations(ds, USERS, SEED);
  const raw = await extractProfiles(new OfflineExtractor(), convs);
  for (const attrs of raw.values()) {
    for (const a of attrs) {
      expect(a.text).toMatch(/^The user\b/);
      expect(a.evidence.length).toBeGreaterThan(0);
      expect(a.reason).toMatch(/^The user said in turn \d+: "/);
    }
  }
  const { units } = extractionUnits(ds, rawProfiles(raw), SEED);
  const r = await evaluateExtraction(units, { embedder: defaultEmbedder(), seed: SEED, iterations: 300 });
  for (const s of r.sources) {
    console.log(`${s.source}: n ${s.n}, P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)} (chance ${s.chanceF1.toFixed(3)}), thresholds ${JSON.stringify(s.thresholds)}`);
  }
  return r;
}

function sane(r: ExtractScore): void {
  expect(r.n).toBeGreaterThan(10);
  expect(r.precision).toBeGreaterThan(0.02);
  expect(r.precision).toBeLessThan(0.95);
  expect(r.recall).toBeGreaterThan(0.01);
  // self-disclosure patterns cannot recover most gold attributes
  expect(r.recall).toBeLessThan(0.6);
  // matching own gold must beat matching another user's gold
  expect(r.f1).toBeGreaterThan(r.chanceF1);
  expect(r.f1Ci[0]).toBeLessThanOrEqual(r.f1);
  expect(r.f1Ci[1]).toBeGreaterThanOrEqual(r.f1);
}

describe.skipIf(!hasShared('laps'))('offline extractor on LAPS (human-written, human-verified preferences)', REPLICATION, () => {
  it('train and val, each scored with the threshold picked on the other', async () => {
    const ds = loadDataset(sharedPath('laps'));
    // sample within each split so both are present
    const train = { ...ds, conversations: ds.conversations.filter((c) => c.id.includes('/train/')) };
    const val = { ...ds, conversations: ds.conversations.filter((c) => c.id.includes('/val/')) };
    const r = await run({ ...ds, conversations: [...sampleConversations(train, USERS, SEED), ...sampleConversations(val, USERS, SEED)] });
    expect(r.sources.map((s) => s.source).sort()).toEqual(['laps/train', 'laps/val']);
    for (const s of r.sources) sane(s);
    expect(r.gap.human).toBeDefined();
  });
});

describe.skipIf(!hasShared('prefeval'))('offline extractor on PrefEval (synthetic, one planted preference)', REPLICATION, () => {
  it('scores the implicit forms (the explicit form has no conversation)', async () => {
    const r = await run(loadDataset(sharedPath('prefeval')));
    expect(r.sources.every((s) => s.source.startsWith('prefeval/'))).toBe(true);
    sane(r);
  });
});

describe.skipIf(!hasShared('synthetic-persona-chat'))('offline extractor on Synthetic-Persona-Chat (synthetic personas)', REPLICATION, () => {
  it('recovers some persona sentences', async () => {
    const r = await run(loadDataset(sharedPath('synthetic-persona-chat')));
    sane(r);
    expect(r.gap.synthetic).toBeDefined();
  });
});
