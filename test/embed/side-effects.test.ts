/**
 * No global side effects: the tfjs wasm backend under USE-lite adds process-wide `uncaughtException` and
 * `unhandledRejection` listeners when it starts. After importing attune, embedding text and remembering a
 * conversation with the default embedder, the process has none, whether the model runs in worker threads or in
 * this thread. Run in a child process with plain node (and tsx for the sources): a test runner has listeners of its own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir('attune-side-effects-');
const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
const src = (p: string) => JSON.stringify(pathToFileURL(path.join(projectRoot, 'src', p)).href);

const script = `
import { createAttune } from ${src('index.ts')};
import { UseLiteEmbedder } from ${src('embed/use-lite.ts')};
const count = () => ({ uncaughtException: process.listenerCount('uncaughtException'), unhandledRejection: process.listenerCount('unhandledRejection') });
const out = { imported: count() };
const [v] = await new UseLiteEmbedder().embed(['The user keeps bees on a rooftop in Turin.']);
out.embedded = { ...count(), dim: v.length };
const attune = createAttune({ store: process.argv[2], embedCache: process.argv[3] });
const r = await attune.remember({ userId: 'u1', messages: [{ role: 'user', content: "I'm a beekeeper and I live in Turin." }] });
const s = await attune.select({ userId: 'u1', prompt: 'What should I plant on my balcony for the bees?' });
out.remembered = { ...count(), changes: r.changes.length, scores: s.scores.length };
await attune.close();
console.log(JSON.stringify(out));
`;

function run(threads: string): Record<string, Record<string, number>> {
  const file = path.join(dir, `check-${threads}.mjs`);
  fs.writeFileSync(file, script);
  const r = spawnSync(process.execPath, ['--import', tsx, file, path.join(dir, `m-${threads}.sqlite`), path.join(dir, `e-${threads}.sqlite`)], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, ATTUNE_EMBED_THREADS: threads }, timeout: 240_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, Record<string, number>>;
}

describe('no process-wide handlers', () => {
  for (const threads of ['1', '0']) {
    it(`after import, embed and remember (embedding threads: ${threads})`, () => {
      const out = run(threads);
      expect(out.embedded!.dim).toBe(512);
      expect(out.remembered!.changes).toBeGreaterThan(0);
      expect(out.remembered!.scores).toBeGreaterThan(0);
      for (const step of ['imported', 'embedded', 'remembered']) {
        expect(out[step], step).toMatchObject({ uncaughtException: 0, unhandledRejection: 0 });
      }
    });
  }
});
