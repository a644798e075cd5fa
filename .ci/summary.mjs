// Prints vitest's JSON results as one plain closing line: "tests: N passed, N failed, N skipped".
// A test file that fails before any of its tests run (an import or collection error) counts as one failure.
import fs from 'node:fs';

const file = process.argv[2] ?? '.attune/test-results.json';
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const brokenFiles = (r.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')).length;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${skipped} skipped`);
