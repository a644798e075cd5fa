import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAttune } from '../support/cli.js';
import { E2E } from '../support/tier.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-cli-errors-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const attune = (...args: string[]) => runAttune(tmp, ...args);
const missing = path.join(tmp, 'nope.json');

describe('the CLI exit status comes from the error code (docs/errors.md)', E2E, () => {
  it('a missing file is bad input naming the file: exit 2, no raw ENOENT', () => {
    const r = attune('memory', 'remember', '--user', 'u1', '--file', missing, '--store', path.join(tmp, 'm.sqlite'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`attune: bad input: ${missing}`);
    expect(r.err).not.toMatch(/ENOENT/);
  });

  it('a missing data folder or file for eval is bad input too', () => {
    const r = attune('eval', 'select', '--data', missing, '--selector', 'bm25');
    expect(r.code).toBe(2);
    expect(r.err).toContain(missing);
    expect(r.err).not.toMatch(/ENOENT/);
  });

  it('a bad option value is bad input naming the flag: exit 2', () => {
    const r = attune('eval', 'cascade', '--data', missing, '--judge', 'votes:x', '--base', 'gpu');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/attune: bad input: --base: must be offline or offline\+llm, got "gpu"/);
    const folds = attune('train', 'select', '--data', missing, '--out', path.join(tmp, 'model.json'), '--features', 'everything');
    expect(folds.code).toBe(2);
    expect(folds.err).toMatch(/bad input: --features: must be offline or offline\+llm/);
  });
});
