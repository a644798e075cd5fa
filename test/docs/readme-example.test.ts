import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The packed-tarball test (replication tier) runs examples/library/quickstart.mjs with plain node; this fast check
// catches a README edit that leaves the file behind before that slow tier does.
describe("the README's library example", () => {
  it('is examples/library/quickstart.mjs, word for word', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const example = fs.readFileSync(path.join(root, 'examples', 'library', 'quickstart.mjs'), 'utf8');
    expect(readme).toContain(example.trim());
  });
});
