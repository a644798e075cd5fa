#!/usr/bin/env node
// The CLI, from the JavaScript `npm run build` wrote to dist/ (in this process, so signals reach it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('attune: dist/ is missing: run `npm run build` in the attune folder (npm install runs it too)');
  process.exit(1);
}
await import(main.href);
