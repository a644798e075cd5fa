/**
 * A one-shot command that runs no model does not load the AI SDK, and one on SQLite does not load the Postgres
 * driver: the static imports reachable from `attune memory ...` are walked (`import type` and dynamic `import()`
 * excluded, as at run time) and must not reach those packages. A static `import { resolveLlm }` anywhere on the
 * path fails this test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.js';

const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)([^'";]*?)\s*from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm;

/** The packages and source files reachable from `entry` through value imports, with the first importer of each. */
function reachable(entry: string): Map<string, string> {
  const seen = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const clause = m[1] ?? '';
      // `import { type A, type B } from` brings no value
      const names = /^\{([^}]*)\}$/.exec(clause.trim());
      if (names && names[1]!.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue;
      const spec = (m[2] ?? m[3])!;
      let target: string;
      if (spec.startsWith('.')) {
        const base = path.resolve(path.dirname(file), spec).replace(/\.js$/, '');
        target = fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
      } else {
        target = `package:${spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]}`;
      }
      if (seen.has(target)) continue;
      seen.set(target, file);
      if (!target.startsWith('package:')) queue.push(target);
    }
  }
  return seen;
}

function chain(seen: Map<string, string>, target: string): string {
  const out = [target];
  for (let f = seen.get(target); f; f = seen.get(f)) out.push(path.relative(projectRoot, f));
  return out.join(' <- ');
}

describe('one-shot commands load only what they run', () => {
  it('attune memory (remember, profile, select, forget) loads no AI SDK, no tfjs and no Postgres driver until asked', () => {
    const seen = reachable(path.join(projectRoot, 'src', 'cli', 'memory.ts'));
    expect(seen.has('package:better-sqlite3')).toBe(true); // the walk does reach the store
    for (const heavy of ['package:ai', 'package:@ai-sdk/openai-compatible', 'package:@ai-sdk/anthropic', 'package:pg', 'package:@energetic-ai/core', 'package:@energetic-ai/embeddings']) {
      expect(seen.has(heavy), seen.has(heavy) ? chain(seen, heavy) : heavy).toBe(false);
    }
  });
});
