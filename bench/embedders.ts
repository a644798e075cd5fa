// Embed speed, USE-lite against the static embedder distilled from it (src/embed/static.ts), both without a cache:
// one text per call (a prompt arriving alone) and 400 texts in one call (a profile, an eval). Also the first-call cost
// (load) and what each scores on a few self-written pairs, so a speed-up is seen beside what it gives up.
import { performance } from 'node:perf_hooks';
import { cosine, type Embedder } from '../src/embed/embedder.js';
import { StaticEmbedder } from '../src/embed/static.js';
import { UseLiteEmbedder } from '../src/embed/use-lite.js';
import { fmt, renderTable } from '../src/report/table.js';
import type { BenchResult } from './shared.js';

const TOPICS = ['cooking', 'hiking', 'chess', 'jazz', 'python', 'gardening', 'cycling', 'photography'];
const texts = Array.from({ length: 400 }, (_, i) => `I would like some help with ${TOPICS[i % TOPICS.length]} ideas for session ${i}, something new to try this week.`);
const singles = texts.slice(0, 60);

const PAIRS: [string, string, string][] = [
  ['I am vegetarian and never eat meat.', 'Suggest a dinner recipe for tonight.', 'How do I fix a flat bicycle tire?'],
  ['I am allergic to peanuts.', 'Recommend a snack I can take on a hike.', 'What is the capital of Peru?'],
  ['I live in Berlin.', 'What should I do this weekend in my city?', 'Write a haiku about the ocean.'],
  ['I play jazz piano in a small band.', 'What chords work well for a ballad?', 'How much water should a cactus get?'],
];

interface Row {
  name: string;
  loadMs: number;
  single: number;
  batched: number;
  /** Mean cosine of fact and related request, and of fact and unrelated request. */
  related: number;
  unrelated: number;
}

async function measure(name: string, e: Embedder): Promise<Row> {
  let t = performance.now();
  await e.embed(['load the model']);
  const loadMs = performance.now() - t;
  // warm the code paths (the JIT, tfjs' kernels) on a few texts first: both runs below then measure steady state
  await e.embed(texts.slice(0, 40));
  t = performance.now();
  await e.embed(texts);
  const batched = texts.length / ((performance.now() - t) / 1000);
  t = performance.now();
  for (const s of singles) await e.embed([s]);
  const single = singles.length / ((performance.now() - t) / 1000);
  let related = 0;
  let unrelated = 0;
  for (const [f, r, u] of PAIRS) {
    const [vf, vr, vu] = await e.embed([f, r, u]);
    related += cosine(vf!, vr!) / PAIRS.length;
    unrelated += cosine(vf!, vu!) / PAIRS.length;
  }
  return { name, loadMs, single, batched, related, unrelated };
}

export async function benchEmbedders(): Promise<BenchResult> {
  // USE-lite in this thread (threads: 0) and in its worker threads (the default), then the static embedder
  const rows = [
    await measure('USE-lite 512-d, in this thread', new UseLiteEmbedder({ threads: 0 })),
    await measure('USE-lite 512-d, worker threads', new UseLiteEmbedder()),
    await measure('static (distilled) 256-d', new StaticEmbedder()),
  ];
  const headers = ['embedder (no cache)', 'first call ms', 'single sentences/s', 'batched (400) sentences/s', 'cos related', 'cos unrelated'];
  console.log(renderTable(headers, rows.map((r) => [r.name, fmt(r.loadMs, 0), fmt(r.single, 0), fmt(r.batched, 0), fmt(r.related, 3), fmt(r.unrelated, 3)])));
  return {
    bench: 'embedders', texts: texts.length, singles: singles.length,
    embedders: rows.map((r) => ({ name: r.name, firstCallMs: Math.round(r.loadMs), singlePerSec: Math.round(r.single), batchedPerSec: Math.round(r.batched), cosRelated: Number(r.related.toFixed(3)), cosUnrelated: Number(r.unrelated.toFixed(3)) })),
  };
}
