// Embedding throughput with a cold cache, a warm in-memory cache and a warm on-disk cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UseLiteEmbedder } from '../src/embed/use-lite.js';
import { CachedEmbedder, SqliteVectorCache } from '../src/embed/cache.js';
import { fmt, renderTable } from '../src/report/table.js';
import type { BenchResult } from './shared.js';

export async function benchEmbed(): Promise<BenchResult> {
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
    return {
      bench: 'embed', texts: texts.length,
      sentencesPerSec: { cold: Math.round(cold), warmMemory: Math.round(warmMem), warmDisk: Math.round(warmDisk) },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

