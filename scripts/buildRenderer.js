#!/usr/bin/env node
/**
 * Bundles the browser pages: every src/renderer/<app>/main.tsx becomes dist/renderer/<app>/app.js (one file, no
 * eval, so a CSP of `script-src 'self'` holds), and the app's *.html and *.css are copied beside it. The console is
 * served by the server from dist/renderer/console; the tray's windows load dist/renderer/agent. The Electron preload
 * is bundled too (a sandboxed preload cannot load other files).
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const src = path.join(root, 'src', 'renderer');
const out = path.join(root, 'dist', 'renderer');

async function main() {
  const apps = fs.existsSync(src)
    ? fs.readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory() && fs.existsSync(path.join(src, d.name, 'main.tsx')))
    : [];
  for (const app of apps) {
    const dir = path.join(src, app.name);
    const dest = path.join(out, app.name);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    await esbuild.build({
      entryPoints: [path.join(dir, 'main.tsx')],
      outfile: path.join(dest, 'app.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      sourcemap: true,
      minify: process.env.NODE_ENV === 'production',
      logLevel: 'warning',
      tsconfig: path.join(src, 'tsconfig.json'),
    });
    for (const f of fs.readdirSync(dir)) {
      if (/\.(html|css|png|svg|ico)$/.test(f)) fs.copyFileSync(path.join(dir, f), path.join(dest, f));
    }
    const shared = path.join(src, 'ui', 'assets');
    if (fs.existsSync(shared)) fs.cpSync(shared, path.join(dest, 'assets'), { recursive: true });
  }
  // The Electron preload runs sandboxed, where it cannot require files of its own: it ships as one bundle beside the
  // main process (over the file tsc wrote), with only `electron` left to the runtime.
  const preload = path.join(root, 'src', 'main', 'electron', 'preload.ts');
  if (fs.existsSync(preload)) {
    await esbuild.build({
      entryPoints: [preload],
      outfile: path.join(root, 'dist', 'main', 'electron', 'preload.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: ['node20'],
      external: ['electron'],
      logLevel: 'warning',
    });
  }
  process.stdout.write(`renderer: ${apps.map((a) => a.name).join(', ') || 'no apps yet'}; preload bundled\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
