// `npm run bench`: prints figures; asserts nothing. Each benchmark says what it measured and on what.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/data/index.js';
import { evaluateSelector } from '../src/eval/select.js';
import { makeSelector } from '../src/eval/selectors.js';
import { UseLiteEmbedder } from '../src/embed/use-lite.js';
import { CachedEmbedder, SqliteVectorCache } from '../src/embed/cache.js';
import { fmt, renderTable } from '../src/report/table.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.ATTUNE_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data');
const pilot = path.join(shared, 'recenter-pilot');

console.log(`attune bench: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}\n`);

async function benchSelect(): Promise<void> {
  if (!fs.existsSync(pilot)) {
    console.log(`[skip] stage-2 scoring: ${pilot} is absent`);
    return;
  }
  let t = performance.now();
  const ds = loadDataset(pilot);
  const loadMs = performance.now() - t;
  const rows: (string | number)[][] = [['load recenter-pilot (all files)', loadMs, '-', '-']];
  for (const spec of ['votes:gpt-5.4', 'votes:google_gemma-4-31b-it', 'bm25', 'embedding', 'mem0']) {
    t = performance.now();
    const sel = await makeSelector(spec, ds);
    const r = await evaluateSelector(ds, sel);
    rows.push([`score ${spec} (${r.protocol}, 3 x 1000 bootstrap)`, performance.now() - t, r.n, r.f1]);
  }
  console.log(renderTable(['step', 'ms', 'pairs', 'F1'], rows.map((r) => [r[0]!, Math.round(r[1] as number), r[2]!, r[3]!])));
  console.log('(embedding-based rows include embedding every distinct text; the cache lives in .attune/ and makes reruns warm)\n');
}

async function benchEmbed(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-'));
  try {
    const texts = Array.from({ length: 400 }, (_, i) => `The user mentioned interest number ${i} in ${['cooking', 'hiking', 'chess', 'jazz', 'python'][i % 5]} during conversation ${i * 7}.`);
    const inner = new UseLiteEmbedder();
    await inner.embed(['warm up the model']);
    const cache = new SqliteVectorCache(path.join(dir, 'cache.sqlite'));
    const emb = new CachedEmbedder(inner, cache);
    let t = performance.now();
    await emb.embed(texts);
    const cold = texts.length / ((performance.now() - t) / 1000);
    t = performance.now();
    await emb.embed(texts);
    const warmMem = texts.length / ((performance.now() - t) / 1000);
    const fresh = new CachedEmbedder(inner, new SqliteVectorCache(path.join(dir, 'cache.sqlite')));
    t = performance.now();
    await fresh.embed(texts);
    const warmDisk = texts.length / ((performance.now() - t) / 1000);
    console.log(renderTable(['embedding (USE-lite, 512-d)', 'sentences/s'], [
      ['cold cache (model runs)', fmt(cold, 0)],
      ['warm cache, in memory', fmt(warmMem, 0)],
      ['warm cache, from disk (new process view)', fmt(warmDisk, 0)],
    ]));
    cache.close?.();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await benchSelect();
await benchEmbed();
