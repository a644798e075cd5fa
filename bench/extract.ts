// Stage 1: LLM extraction throughput against the local test server (100 ms a call) at concurrency 1, 8 and 32,
// as a share of the ideal (concurrency / 0.1 s calls per second), and the merge step for 1,000 users x 60 raw
// attributes on precomputed random unit vectors (no embedding model). The merge test in
// test/extract/merge.test.ts times the same size inline (planted topics); this one uses plain random vectors.
import { performance } from 'node:perf_hooks';
import { createLlmClient } from '../src/llm/client.js';
import { loadLlmConfig } from '../src/llm/config.js';
import { startTestLlmServer } from '../src/llm/testing/server.js';
import { seededRandom } from '../src/util/random.js';
import type { Attribute, Conversation } from '../src/model/index.js';
import { renderTable } from '../src/report/table.js';
import { extractProfilesConcurrently, LlmExtractor } from '../src/stages/extract/llm-extractor.js';
import { mergeWithVectors } from '../src/stages/extract/merge.js';
import type { BenchResult } from './shared.js';

const LATENCY_MS = 100;
const CONVERSATIONS = 64;

async function throughput(): Promise<Record<string, number>[]> {
  const server = await startTestLlmServer({
    latencyMs: LATENCY_MS,
    script: () => ({ json: { attributes: [{ text: 'The user has a balcony garden.', reason: 'says so', confidence: 0.8, evidenceTurns: [0] }] } }),
  });
  try {
    const convs: Conversation[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
      id: `c${i}`, userId: `u${i % 16}`,
      turns: [{ index: 0, role: 'user', text: `I grow ${i} tomato plants on my balcony.` }, { index: 1, role: 'assistant', text: 'Nice.' }],
    }));
    const rows: (string | number)[][] = [];
    const figures: Record<string, number>[] = [];
    for (const concurrency of [1, 8, 32]) {
      server.reset();
      const llm = createLlmClient({
        model: 'local/bench', config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }), cache: false, limits: { concurrency },
      });
      const t = performance.now();
      await extractProfilesConcurrently(new LlmExtractor(llm), convs, { concurrency });
      const s = (performance.now() - t) / 1000;
      const rate = server.calls / s;
      const ideal = concurrency / (LATENCY_MS / 1000);
      figures.push({ concurrency, calls: server.calls, seconds: s, callsPerSec: rate, idealCallsPerSec: ideal, shareOfIdeal: rate / ideal, maxInFlight: server.maxInFlight });
      rows.push([concurrency, server.calls, s.toFixed(2), rate.toFixed(1), ideal.toFixed(0), `${((rate / ideal) * 100).toFixed(0)}%`, server.maxInFlight]);
    }
    console.log(renderTable(['concurrency', 'calls', 's', 'calls/s', 'ideal calls/s', 'share of ideal', 'max in flight'], rows));
    console.log(`(${CONVERSATIONS} conversations, one structured-output call each, over real HTTP to the local test server at ${LATENCY_MS} ms a call; no cache)\n`);
    return figures;
  } finally {
    await server.close();
  }
}

function merge(): Record<string, number> {
  const users = 1000;
  const perUser = 60;
  const dim = 512;
  const rnd = seededRandom(11);
  const data: { attrs: Attribute[]; vecs: Float32Array[] }[] = [];
  for (let u = 0; u < users; u++) {
    const attrs: Attribute[] = [];
    const vecs: Float32Array[] = [];
    for (let i = 0; i < perUser; i++) {
      const v = Float32Array.from({ length: dim }, () => rnd() - 0.5);
      let n = 0;
      for (const x of v) n += x * x;
      const inv = 1 / Math.sqrt(n);
      for (let k = 0; k < dim; k++) v[k]! *= inv;
      vecs.push(v);
      attrs.push({ text: `The user a${i}`, confidence: 0.3 + rnd() * 0.6, evidence: [{ conversationId: `c${i}`, turnIndex: 0 }], members: [] });
    }
    data.push({ attrs, vecs });
  }
  const t = performance.now();
  let clusters = 0;
  for (const { attrs, vecs } of data) clusters += mergeWithVectors(attrs, vecs, { minConfidence: 0 }).length;
  const s = (performance.now() - t) / 1000;
  console.log(renderTable(['step', 'users', 'raw attributes', 'clusters', 's', 'ms/user'], [['merge (threshold 0.7, 512-d random unit vectors)', users, users * perUser, clusters, s.toFixed(2), ((s * 1000) / users).toFixed(2)]]));
  return { users, rawAttributes: users * perUser, clusters, seconds: s, msPerUser: (s * 1000) / users };
}

export async function benchExtract(): Promise<BenchResult> {
  const throughputs = await throughput();
  return { bench: 'extract', throughput: throughputs, merge: merge() };
}
