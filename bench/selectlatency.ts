// Stage 2 latency: one prompt against a 100-attribute profile, with the embeddings already cached, for the
// trained LLM-free selector and the mem0-style selector side by side (interleaved, same prompts, same run);
// then the time `attune train select` takes on recenter-pilot (offline and offline+llm) when it is present.
// The profile and the 200 prompts are self-made (illustrative texts, not data); the model that scores them is
// trained on recenter-pilot when present, else on the invented demo set (examples/demo).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CachedEmbedder, SqliteVectorCache } from '../src/embed/cache.js';
import { UseLiteEmbedder } from '../src/embed/use-lite.js';
import { loadDataset } from '../src/data/index.js';
import type { Profile } from '../src/model/index.js';
import { fmt, renderTable } from '../src/report/table.js';
import { Mem0Selector } from '../src/stages/select/mem0.js';
import type { SelectionPair, Selector } from '../src/stages/select/selector.js';
import { TrainedSelector } from '../src/stages/select/trained/selector.js';
import { trainSelector, type TrainSelectorResult } from '../src/stages/select/trained/train.js';
import type { FeatureSet } from '../src/stages/select/trained/features.js';
import { attributeTexts } from './attributes.js';
import { quantile as pct, sharedData, type BenchResult } from './shared.js';

const pilot = path.join(sharedData, 'recenter-pilot');
const demo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'demo');
const PROMPTS = 200;
const WARMUP = 10;

/** 100 distinct attributes, "The user ..." as stage 1 phrases them. */
export function makeProfile(userId = 'bench-user', n = 100): Profile {
  const texts = attributeTexts(n);
  const attributes = Array.from({ length: n }, (_, i) => ({
    text: texts[i]!,
    confidence: 0.5 + ((i * 37) % 50) / 100,
    evidence: [],
    members: [],
  }));
  return { userId, attributes };
}

/** 200 distinct prompts of the kinds people ask an assistant. */
export function makePrompts(n = PROMPTS): string[] {
  const asks = [
    'How do I fix a "module not found" error when running my Python script?', 'Write a short poem about autumn leaves.',
    'What is the capital of Australia and why was it chosen?', 'Should I take a job offer with higher pay but a longer commute?',
    'Explain how compound interest works with an example.', 'Give me a recipe for a quick weeknight dinner.',
    'What are good stretches after running?', 'Help me draft an email asking my landlord to fix the heating.',
    'Summarize the causes of the French Revolution.', 'How can I improve my sleep schedule?',
    'Recommend some books similar to Dune.', 'What is the difference between TCP and UDP?',
    'Plan a three-day itinerary for Kyoto.', 'How do I teach my puppy to stop biting?',
    'Write a cover letter for a junior data analyst role.', 'Is it worth learning Rust in 2026?',
    'What should I plant in a shady garden?', 'Explain the rules of chess castling.',
    'How do I calculate the probability of rolling two sixes?', 'Tips for a first piano recital?',
  ];
  const tails = ['', ' Keep it brief.', ' Please explain in detail.', ' I am asking for a friend.', ' Use simple words.', ' Give three options.', ' Answer in a table.', ' Assume I know the basics.', ' What would you suggest?', ' Be honest.'];
  return Array.from({ length: n }, (_, i) => `${asks[i % asks.length]}${tails[Math.floor(i / asks.length) % tails.length]}`);
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function train(dir: string, features: FeatureSet, embedder: CachedEmbedder): Promise<TrainSelectorResult> {
  return trainSelector(loadDataset(dir), { features, group: 'prompt', embedder, iterations: 200 });
}

export async function benchSelectLatency(): Promise<BenchResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-latency-'));
  const inner = new UseLiteEmbedder();
  const persistent = new CachedEmbedder(inner, new SqliteVectorCache()); // recenter-pilot's texts: warm from earlier runs
  const scratch = new SqliteVectorCache(path.join(tmp, 'vectors.sqlite'));
  const embedder = new CachedEmbedder(inner, scratch); // the self-made texts, kept out of the project's cache
  try {
    const havePilot = fs.existsSync(pilot);
    const trainRows: (string | number)[][] = [];
    let t = performance.now();
    const offline = await train(havePilot ? pilot : demo, 'offline', persistent);
    const offlineSec = (performance.now() - t) / 1000;
    if (havePilot) {
      trainRows.push(['offline (LLM-free)', offline.cv.n, offlineSec, offline.cv.f1]);
      t = performance.now();
      const llm = await train(pilot, 'offline+llm', persistent);
      trainRows.push(['offline+llm (LLM-assisted)', llm.cv.n, (performance.now() - t) / 1000, llm.cv.f1]);
    }

    const profile = makeProfile();
    const prompts = makePrompts();
    const pairsFor = (text: string, i: number): SelectionPair[] =>
      profile.attributes.map((a) => ({ userId: profile.userId, promptId: `p${i}`, attribute: a.text, promptText: text, profile }));
    const trained = new TrainedSelector(offline.model!, { embedder, seen: 'keep', name: 'trained:offline' });
    const mem0 = new Mem0Selector(embedder);
    const selectors: Selector[] = [trained, mem0];
    // Warm the cache: every prompt and attribute embedded once before timing.
    await embedder.embed([...profile.attributes.map((a) => a.text), ...prompts]);
    for (const s of selectors) for (let i = 0; i < WARMUP; i++) await s.select(pairsFor(prompts[i]!, i));
    const ms: number[][] = selectors.map(() => []);
    const yes: number[] = selectors.map(() => 0);
    for (const [i, text] of prompts.entries()) {
      // alternate which selector goes first, so neither always meets a colder CPU cache
      const order = i % 2 ? [1, 0] : [0, 1];
      for (const k of order) {
        const pairs = pairsFor(text, i);
        const t0 = performance.now();
        const out = await selectors[k]!.select(pairs);
        ms[k]!.push(performance.now() - t0);
        yes[k]! += out.filter((o) => o.relevant).length;
      }
    }
    console.log(`selection latency: one prompt x a ${profile.attributes.length}-attribute profile, embeddings cached, ${prompts.length} prompts (self-made texts; ` +
      `model trained on ${havePilot ? 'recenter-pilot' : 'the invented demo set'})`);
    const figures = selectors.map((s, k) => {
      const sorted = [...ms[k]!].sort((a, b) => a - b);
      const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
      return { name: s.name, p50Ms: r3(pct(sorted, 0.5)), p99Ms: r3(pct(sorted, 0.99)), meanMs: r3(mean), maxMs: r3(sorted[sorted.length - 1]!), selectedPer100: yes[k]! / prompts.length };
    });
    console.log(renderTable(['selector', 'p50 ms', 'p99 ms', 'mean ms', 'max ms', 'selected / 100'],
      figures.map((f) => [f.name, fmt(f.p50Ms, 2), fmt(f.p99Ms, 2), fmt(f.meanMs, 2), fmt(f.maxMs, 2), fmt(f.selectedPer100, 1)])));
    if (havePilot) {
      console.log('\ntraining time, `attune train select --group prompt` on recenter-pilot (nested 5x4-fold CV + final fit; embeddings cached):');
      console.log(renderTable(['features', 'pairs', 'seconds', 'nested CV F1'], trainRows.map((r) => [r[0]!, r[1]!, fmt(r[2] as number, 1), fmt(r[3] as number)])));
    } else {
      console.log(`[skip] training time on recenter-pilot: ${pilot} is absent (the demo model above took ${fmt(offlineSec, 1)} s)`);
    }
    return {
      bench: 'latency', attributes: profile.attributes.length, prompts: prompts.length, modelTrainedOn: havePilot ? 'recenter-pilot' : 'demo',
      selectors: figures,
      training: trainRows.map((r) => ({ features: r[0], pairs: r[1], seconds: r3(r[2] as number), nestedCvF1: r[3] })),
    };
  } finally {
    scratch.close?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
