// Prints vitest's JSON results (one file per test tier) as one plain closing line: "tests: N passed, N failed, N skipped".
// A test file that fails before any of its tests run (an import or collection error) counts as one failure.
import fs from 'node:fs';

const files = process.argv.slice(2).filter((f) => fs.existsSync(f));
let passed = 0, failed = 0, skipped = 0;
for (const file of files) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const brokenFiles = (r.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenFiles;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (files.length) console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
