import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The studio's browser code (studio/*.ts), bundled in memory with esbuild once per process. */

const studioDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'studio');

export interface UiAssets {
  'studio.js': string;
  'admin.js': string;
  'studio.css': string;
}

let cached: Promise<UiAssets> | undefined;

export function uiAssets(): Promise<UiAssets> {
  cached ??= bundle().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function bundle(): Promise<UiAssets> {
  const result = await build({
    entryPoints: { studio: path.join(studioDir, 'annotate.ts'), admin: path.join(studioDir, 'admin.ts') },
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
  const { STUDIO_CSS } = await import('../../studio/style.js');
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
