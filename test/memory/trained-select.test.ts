import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { CachedEmbedder, SqliteVectorCache } from '../../src/embed/cache.js';
import { UseLiteEmbedder } from '../../src/embed/use-lite.js';
import { labelledPairs, labelRounds } from '../../src/stages/select/pairs.js';
import { makeSelector } from '../../src/eval/selectors.js';
import { writeModelFile } from '../../src/learn/model-file.js';
import { createAttune, SENSITIVE_CATEGORIES } from '../../src/memory/index.js';
import type { Dataset } from '../../src/model/index.js';
import { sensitiveCategory } from '../../src/stages/extract/offline.js';
import { trainSelector } from '../../src/stages/select/trained/train.js';
import { MemoryRepository, openStore } from '../../src/store/index.js';
import { hasShared, projectRoot, sharedPath } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { REPLICATION } from '../support/tier.js';

describe.skipIf(!hasShared('recenter-pilot'))('a trained selector file through attune.select = attune eval select --selector model:FILE', REPLICATION, () => {
  const dir = tempDir('attune-mem-trained-');

  it('makes the same decision on every held-out recenter-pilot pair', { timeout: 600_000 }, async () => {
    const raw = loadDataset(sharedPath('recenter-pilot'));
    // The memory stores a confidence for every attribute; give the same profiles to both sides.
    const ds: Dataset = { ...raw, profiles: raw.profiles.map((p) => ({ ...p, attributes: p.attributes.map((a) => ({ ...a, confidence: a.confidence ?? 0.5 })) })) };
    const round = labelRounds(ds)[0]!.round;
    const prompts = [...new Set(labelledPairs(ds, round).pairs.map((p) => p.promptId))].sort();
    const trainPrompts = new Set(prompts.filter((_, i) => i % 3 !== 0));
    const embedder = new CachedEmbedder(new UseLiteEmbedder(), new SqliteVectorCache(path.join(projectRoot, '.attune', 'embeddings.sqlite')));

    // A small model trained on two thirds of the prompts (fast settings; the figures are not the point).
    const train: Dataset = { ...ds, labels: ds.labels.filter((l) => l.round !== round || trainPrompts.has(l.promptId)) };
    const { model } = await trainSelector(train, { features: 'offline', round, outerFolds: 2, innerFolds: 2, iterations: 10, l2Grid: [0.1], embedder });
    const file = path.join(dir, 'model.json');
    writeModelFile(file, model!);

    // The eval path (what `attune eval select --selector model:FILE` runs) on the held-out prompts.
    const held = labelledPairs(ds, round).pairs.filter((p) => !trainPrompts.has(p.promptId));
    const evalSel = await makeSelector(`model:${file}`, ds, { embedder, round });
    const evalDecisions = await evalSel.select(held);
    expect(evalDecisions.some((d) => d.missing)).toBe(false);

    // The memory path: the same profiles in the store, decided one (user, prompt) at a time by attune.select.
    const storeFile = path.join(dir, 'memory.sqlite');
    const store = await openStore(storeFile);
    const repo = new MemoryRepository(store);
    const users = new Set(held.map((p) => p.userId));
    for (const p of ds.profiles.filter((x) => users.has(x.userId))) {
      const scope = { tenantId: 'default', userId: p.userId };
      await repo.transaction(async (r) => {
        for (const a of p.attributes) {
          const cat = sensitiveCategory(a.text);
          await r.insertAttribute(scope, {
            text: a.text, confidence: a.confidence!, members: a.members, evidence: a.evidence,
            ...(a.reason !== undefined ? { reason: a.reason } : {}), ...(cat ? { sensitive: cat } : {}),
          });
        }
      });
    }
    await store.close();
    const attune = createAttune({ store: storeFile, embedder, selector: file, minConfidence: 0, maxSelected: Infinity, sensitive: { allow: [...SENSITIVE_CATEGORIES] } });
    const byQuery = new Map<string, Map<string, boolean>>();
    for (const p of held) {
      const k = `${p.userId}\u0000${p.promptId}`;
      if (byQuery.has(k)) continue;
      const sel = await attune.select({ userId: p.userId, prompt: p.promptText });
      byQuery.set(k, new Map(sel.scores.map((s) => [s.text, s.selected])));
    }
    await attune.close();
    const memoryDecisions = held.map((p) => byQuery.get(`${p.userId}\u0000${p.promptId}`)!.get(p.attribute));
    expect(memoryDecisions.every((d) => d !== undefined)).toBe(true);
    expect(held.length).toBeGreaterThan(500);
    const disagree = held.filter((_, i) => memoryDecisions[i] !== evalDecisions[i]!.relevant);
    expect(disagree).toEqual([]);
    // Not a constant: the model selects some pairs and not others.
    const yes = evalDecisions.filter((d) => d.relevant).length;
    expect(yes).toBeGreaterThan(0);
    expect(yes).toBeLessThan(held.length);
  });
});
