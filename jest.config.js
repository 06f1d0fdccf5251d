// One Jest run for every suite: unit, integration (real server + real agents on 127.0.0.1), e2e (real Chromium).
// `conf` and its dependencies ship ESM only: they are transformed like our own sources; so do `openid-client` and
// the two libraries it is built on (the server's single sign-on).
const esmOnly = ['openid-client', 'oauth4webapi', 'jose', 'conf', 'atomically', 'debounce-fn', 'dot-prop', 'env-paths', 'json-schema-typed', 'uint8array-extras', 'mimic-function', 'stubborn-fs', 'stubborn-utils', 'when-exit', 'type-fest', 'tagged-tag', 'electron-store'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic', importSource: 'preact' } } }, module: { type: 'commonjs' } }],
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  // Requiring the real `electron` package in Node tries to download its binary: tests get a module that throws.
  moduleNameMapper: { '^electron$': '<rootDir>/test/support/electronUnavailable.ts' },
  testTimeout: 30000,
  maxWorkers: 2,
};
