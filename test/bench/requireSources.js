'use strict';
/**
 * Loads TypeScript sources for a benchmark without a build: esbuild bundles the given `export … from './src/…'` lines
 * (paths from the checkout's root) into one CommonJS file, node_modules staying external, which is required and then
 * removed (what was required stays loaded).
 */
const fs = require('node:fs');
const path = require('node:path');
const { buildSync } = require('esbuild');

const ROOT = path.join(__dirname, '..', '..');

function requireSources(name, exportLines) {
  // Inside the checkout, so that node_modules resolve from it.
  const file = path.join(ROOT, 'test-artifacts', 'bench', `${name}-entry-${process.pid}.js`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  buildSync({
    stdin: { contents: exportLines, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile: file,
    logLevel: 'silent',
  });
  try {
    return require(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

module.exports = { requireSources };
