import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { build as esbuildBuild } from 'esbuild';

/**
 * The studio's browser code (studio/*.ts). The built package reads the bundle `npm run build` wrote to
 * dist/studio; running from source (tsx, vitest) bundles it in memory with esbuild, a dev dependency.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const builtDir = path.join(here, '..', 'studio');
const sourceDir = path.join(here, '..', '..', 'studio');

export const UI_ASSET_NAMES = ['studio.js', 'admin.js', 'studio.css'] as const;
export type UiAssets = Record<(typeof UI_ASSET_NAMES)[number], string>;

let cached: Promise<UiAssets> | undefined;

export function uiAssets(): Promise<UiAssets> {
  cached ??= load().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function load(): Promise<UiAssets> {
  if (fs.existsSync(path.join(builtDir, 'studio.js'))) {
    const read = (name: string) => fs.readFileSync(path.join(builtDir, name), 'utf8');
    return { 'studio.js': read('studio.js'), 'admin.js': read('admin.js'), 'studio.css': read('studio.css') };
  }
  return bundleStudio();
}

/** Bundles studio/*.ts with esbuild (build time and source runs only). */
export async function bundleStudio(): Promise<UiAssets> {
  const esbuild = 'esbuild';
  const { build } = (await import(esbuild)) as { build: typeof esbuildBuild };
  const result = await build({
    entryPoints: { studio: path.join(sourceDir, 'annotate.ts'), admin: path.join(sourceDir, 'admin.ts') },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    outdir: '/out',
    logLevel: 'silent',
  });
  const file = (name: string) => {
    const f = result.outputFiles.find((o) => path.basename(o.path) === name);
    if (!f) throw new Error(`esbuild produced no ${name}`);
    return f.text;
  };
  // A computed specifier keeps tsc from pulling studio/ (outside src/) into the build.
  const styleModule = path.join(sourceDir, 'style.ts');
  const { STUDIO_CSS } = (await import(styleModule)) as { STUDIO_CSS: string };
  return { 'studio.js': file('studio.js'), 'admin.js': file('admin.js'), 'studio.css': STUDIO_CSS };
}

/** The one HTML page of each app; everything else is built by its script with textContent only. */
export function htmlShell(title: string, script: 'studio.js' | 'admin.js'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/assets/studio.css">
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Loading…</p></main>
<script type="module" src="/assets/${script}"></script>
</body>
</html>
`;
}

/** Nothing runs but our own bundled script; no inline code, no framing, no foreign requests. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
