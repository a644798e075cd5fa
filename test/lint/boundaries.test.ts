import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (npm run lint)', () => {
  it('rejects a stage importing the store, eval or the CLI', async () => {
    expect(await restricted('src/stages/select/x.ts', "import { Store } from '../../store/store.js';\nexport const s = Store;\n")).toHaveLength(1);
    expect(await restricted('src/stages/respond/x.ts', "import { itemKey } from '../../eval/mention.js';\nexport const k = itemKey;\n")).toHaveLength(1);
    expect(await restricted('src/stages/extract/x.ts', "export { x } from '../../cli/common.js';\n")).toHaveLength(1);
  });

  it('rejects learn importing a stage, and model importing anything above it', async () => {
    expect(await restricted('src/learn/x.ts', "import { chooseThreshold } from '../stages/select/threshold.js';\nexport const c = chooseThreshold;\n")).toHaveLength(1);
    expect(await restricted('src/model/x.ts', "import type { Llm } from '../llm/llm.js';\nexport type L = Llm;\n")).toHaveLength(1);
  });

  it('allows imports that run down the layers or stay inside one', async () => {
    expect(await restricted('src/stages/select/x.ts', "import { chooseThreshold } from '../../learn/threshold.js';\nimport { bm25 } from './bm25.js';\nimport { m } from '../respond/mention.js';\nexport const a = [chooseThreshold, bm25, m];\n")).toEqual([]);
    expect(await restricted('src/eval/x.ts', "import { Store } from '../store/store.js';\nexport const s = Store;\n")).toEqual([]);
  });
});
