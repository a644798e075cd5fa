import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS module (the lint config's own table), no types
import { MAY_IMPORT } from '../../eslint.layers.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The layer rule's messages for `code` linted as if it were the file `file` (nothing is written). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'attune/layers').map((m) => m.message);
}

/** A file in `layer` and a specifier from it to `target` (both layers as MAY_IMPORT names them). */
function importFrom(layer: string, target: string): { file: string; spec: string } {
  const file = layer === '.' ? 'src/x.ts' : `src/${layer}/x.ts`;
  const spec = path.posix.relative(path.posix.dirname(file), target === '.' ? 'src/index.js' : `src/${target}/y.js`);
  return { file, spec: spec.startsWith('.') ? spec : `./${spec}` };
}

const table = MAY_IMPORT as Record<string, string[]>;
const layers = Object.keys(table);

describe('the layer rule (npm run lint)', () => {
  it('rejects every import the table does not allow, and allows every one it does', async () => {
    // One file per layer importing every other layer: each forbidden import is one error naming both layers.
    for (const from of layers) {
      const targets = layers.filter((t) => t !== from && t !== '.');
      const code = targets.map((t, i) => `import { v${i} } from '${importFrom(from, t).spec}';`).join('\n') + `\nexport const all = [${targets.map((_, i) => `v${i}`).join(', ')}];\n`;
      const errors = await layerErrors(importFrom(from, from).file, code);
      const forbidden = targets.filter((t) => !table[from]!.includes(t));
      expect(errors, from).toHaveLength(forbidden.length);
      for (const t of forbidden) expect(errors.some((m) => m.includes(`${from} may not import ${t}`)), `${from} -> ${t}`).toBe(true);
    }
  });

  it('holds the shape DESIGN.md draws', () => {
    expect(table['util']).toEqual([]);
    for (const l of layers) if (l !== 'util') expect(table[l], l).toContain('util');
    for (const adapter of ['data', 'embed', 'llm']) expect(table[adapter], adapter).not.toContain('metrics');
    expect(table['learn']).toContain('metrics');
    expect(table['learn']).not.toContain('stages/select');
    for (const l of ['eval', 'report', 'stages/select']) expect(table[l], l).not.toContain('store');
  });

  it('rejects a stage importing the store, eval or the CLI, in each form of import', async () => {
    expect(await layerErrors('src/stages/select/x.ts', "import { Store } from '../../store/store.js';\nexport const s = Store;\n")).toHaveLength(1);
    expect(await layerErrors('src/stages/select/x.ts', "import type { Store } from '../../store/store.js';\nexport type S = Store;\n")).toHaveLength(1);
    expect(await layerErrors('src/stages/respond/x.ts', "export { itemKey } from '../../eval/mention.js';\n")).toHaveLength(1);
    expect(await layerErrors('src/stages/extract/x.ts', "export * from '../../cli/common.js';\n")).toHaveLength(1);
    // a dynamic import() climbs as surely as a static one
    expect(await layerErrors('src/stages/extract/x.ts', "export const load = () => import('../../store/open.js');\n")).toEqual([
      expect.stringContaining('stages/extract may not import store'),
    ]);
    expect(await layerErrors('src/data/x.ts', "export async function f() { return (await import('../metrics/bootstrap.js')).bootstrapCi; }\n")).toHaveLength(1);
  });

  it('rejects one stage importing another, also from a stage\'s subfolder', async () => {
    expect(await layerErrors('src/stages/respond/x.ts', "import { bm25Scores } from '../select/bm25.js';\nexport const b = bm25Scores;\n")).toEqual([
      expect.stringContaining('No stage imports another'),
    ]);
    expect(await layerErrors('src/stages/select/trained/x.ts', "import { m } from '../../respond/mention.js';\nexport const a = m;\n")).toHaveLength(1);
  });

  it('rejects imports that climb from the lower floors: data or llm to metrics, eval to store, learn to a stage', async () => {
    expect(await layerErrors('src/data/x.ts', "import { spearman } from '../metrics/correlation.js';\nexport const r = spearman;\n")).toHaveLength(1);
    expect(await layerErrors('src/llm/testing/x.ts', "import { spearman } from '../../metrics/correlation.js';\nexport const r = spearman;\n")).toHaveLength(1);
    expect(await layerErrors('src/eval/x.ts', "import type { Store } from '../store/store.js';\nexport type S = Store;\n")).toHaveLength(1);
    expect(await layerErrors('src/learn/x.ts', "import { chooseThreshold } from '../stages/select/threshold.js';\nexport const c = chooseThreshold;\n")).toHaveLength(1);
    expect(await layerErrors('src/model/x.ts', "import type { Llm } from '../llm/llm.js';\nexport type L = Llm;\n")).toHaveLength(1);
  });

  it('allows imports that run down the layers or stay inside one, and names a folder it does not know', async () => {
    expect(await layerErrors('src/stages/select/x.ts', "import { chooseThreshold } from '../../learn/model-selection/threshold.js';\nimport { bm25 } from './bm25.js';\nimport { tokenize } from '../../util/tokenize.js';\nimport { f } from './trained/f.js';\nexport const a = [chooseThreshold, bm25, tokenize, f];\n")).toEqual([]);
    expect(await layerErrors('src/data/x.ts', "import { seededRandom } from '../util/random.js';\nexport const r = seededRandom;\n")).toEqual([]);
    expect(await layerErrors('src/cli/x.ts', "import { Store } from '../store/store.js';\nexport const s = Store;\n")).toEqual([]);
    expect(await layerErrors('src/nowhere/x.ts', "import { m } from '../model/index.js';\nexport const a = m;\n")).toEqual([expect.stringContaining('src/nowhere/ is not a layer')]);
  });
});
