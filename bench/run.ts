// `npm run bench [name ...]`: prints figures; asserts nothing. Each benchmark says what it measured and on what.
// With names, runs only those benchmarks (e.g. `npm run bench -- embed`).
import os from 'node:os';
import { benchSelect } from './select.js';
import { benchEmbed } from './embed.js';
import { benchStudio } from './studio.js';
import { benchSelectLatency } from './selectlatency.js';

const benches: Record<string, () => Promise<void>> = {
  select: benchSelect,
  embed: benchEmbed,
  studio: benchStudio,
  latency: benchSelectLatency,
  extract: async () => (await import('./extract.js')).benchExtract(),
  memory: async () => (await import('./memory.js')).benchMemory(),
  serve: async () => (await import('./serve.js')).benchServe(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in benches));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

console.log(`attune bench: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}\n`);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`## ${name}`);
  await run();
  console.log('');
}
