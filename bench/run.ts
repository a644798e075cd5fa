// `npm run bench [name ...] [--json]`: prints figures; asserts nothing. Each benchmark says what it measured and on what.
// With names, runs only those benchmarks (e.g. `npm run bench -- embed`). With --json, stdout carries one JSON line
// per benchmark (`{"bench":"latency",...}`, the figures of its tables) and the human-readable text goes to stderr.
import os from 'node:os';
import { benchSelect } from './select.js';
import { benchEmbed } from './embed.js';
import { benchStudio } from './studio.js';
import { benchSelectLatency } from './selectlatency.js';
import { benchCli } from './cli.js';
import type { BenchResult } from './shared.js';

const benches: Record<string, () => Promise<BenchResult>> = {
  select: benchSelect,
  embed: benchEmbed,
  // USE-lite against the static embedder distilled from it: speed single and batched
  embedders: async () => (await import('./embedders.js')).benchEmbedders(),
  studio: benchStudio,
  latency: benchSelectLatency,
  extract: async () => (await import('./extract.js')).benchExtract(),
  memory: async () => (await import('./memory.js')).benchMemory(),
  // the cached select path in process: embedder set-ups side by side, and its SQL's share
  hot: async () => (await import('./hot.js')).benchHot(),
  serve: async () => (await import('./serve.js')).benchServe(),
  // the workers part of serve alone
  workers: async () => (await import('./serve.js')).benchServeWorkers(),
  cli: benchCli,
};

const args = process.argv.slice(2);
const json = args.includes('--json');
const wanted = args.filter((a) => a !== '--json');
const unknown = wanted.filter((w) => !(w in benches));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

const print = console.log.bind(console);
// The benchmarks print their tables with console.log; with --json those go to stderr so stdout is data only.
if (json) console.log = console.error.bind(console);

console.log(`attune bench: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}\n`);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`## ${name}`);
  const result = await run();
  if (json) print(JSON.stringify(result));
  console.log('');
}
