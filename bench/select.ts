// Stage 2: time to load the recenter-pilot set and score each selector over all its labelled pairs.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDataset } from '../src/data/index.js';
import { evaluateSelector } from '../src/eval/select.js';
import { makeSelector } from '../src/eval/selectors.js';
import { renderTable } from '../src/report/table.js';
import { sharedData, type BenchResult } from './shared.js';

const pilot = path.join(sharedData, 'recenter-pilot');

export async function benchSelect(): Promise<BenchResult> {
  if (!fs.existsSync(pilot)) {
    console.log(`[skip] stage-2 scoring: ${pilot} is absent`);
    return { bench: 'select', skipped: `${pilot} is absent`, steps: [] };
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
  console.log('(embedding-based rows include embedding every distinct text; the per-user embedding cache makes reruns warm)\n');
  return { bench: 'select', steps: rows.map((r) => ({ step: r[0], ms: Math.round(r[1] as number), pairs: r[2] === '-' ? null : r[2], f1: r[3] === '-' ? null : r[3] })) };
}

