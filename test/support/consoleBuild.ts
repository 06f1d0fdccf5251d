/**
 * The console bundle for e2e suites, built by esbuild into a temp folder of this test process (as
 * scripts/buildRenderer.js builds it into dist/renderer/console) — so suites running in parallel never serve a bundle
 * another one is rewriting, and a suite always tests the sources as they are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');
let built: Promise<string> | null = null;

export function buildConsole(): Promise<string> {
  built ??= (async () => {
    const src = path.join(ROOT, 'src', 'renderer');
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-console-build-'));
    await build({
      entryPoints: [path.join(src, 'console', 'main.tsx')],
      outfile: path.join(dest, 'app.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'silent',
      tsconfig: path.join(src, 'tsconfig.json'),
    });
    for (const f of fs.readdirSync(path.join(src, 'console'))) {
      if (/\.(html|css|png|svg|ico)$/.test(f)) fs.copyFileSync(path.join(src, 'console', f), path.join(dest, f));
    }
    fs.cpSync(path.join(src, 'ui', 'assets'), path.join(dest, 'assets'), { recursive: true });
    process.once('exit', () => fs.rmSync(dest, { recursive: true, force: true }));
    return dest;
  })();
  return built;
}

export interface PageEntry {
  path: string;
  roles: string[];
  inNav: boolean;
}

/**
 * The console's page registry as data (path, roles, in the navigation or not), read from the sources themselves:
 * bundled for Node by esbuild (Jest cannot load Preact's ESM-only build), so role tests follow every page added to
 * pages/registry.ts without listing them again.
 */
export async function loadPageRegistry(): Promise<PageEntry[]> {
  const dir = path.join(ROOT, 'src', 'renderer', 'console', 'pages');
  const r = await build({
    stdin: {
      contents: "import { pages } from './registry'; module.exports = pages.map((p) => ({ path: p.path, roles: [...p.roles], inNav: p.inNav !== false }));",
      resolveDir: dir,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
    tsconfig: path.join(ROOT, 'src', 'renderer', 'tsconfig.json'),
  });
  const mod = { exports: [] as PageEntry[] };
  new Function('module', 'exports', r.outputFiles[0]!.text)(mod, mod.exports);
  return mod.exports;
}
