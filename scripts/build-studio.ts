/** Bundles the studio's browser code (studio/*.ts) into dist/studio at build time, so the package needs no esbuild. */
import fs from 'node:fs';
import path from 'node:path';
import { bundleStudio } from '../src/server/ui.js';

const out = path.resolve(import.meta.dirname, '..', 'dist', 'studio');
fs.mkdirSync(out, { recursive: true });
const assets = await bundleStudio();
for (const [name, text] of Object.entries(assets)) fs.writeFileSync(path.join(out, name), text);
console.log(`studio assets -> ${path.relative(process.cwd(), out)} (${Object.keys(assets).join(', ')})`);
