// ESLint for the whole repo. Its main job is the layering of CONVENTIONS.md "Where code lives": every folder of src
// names a runtime, and `pasang/import-zones` fails the lint when a file imports across it (as VS Code's
// `code-layering` does: "Bad layering. You are not allowed to access …"). Change the table below together with the
// table in CONVENTIONS.md; a new dependency gets a zone when it is added.
'use strict';

const path = require('node:path');
const { isBuiltin } = require('node:module');
const { defineConfig } = require('eslint/config');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

const ROOT = __dirname;

/**
 * Libraries the server may use (kysely and its drivers, the socket server, schema validation, work-order PDF and QR,
 * the OpenID Connect relying party).
 */
const SERVER_PACKAGES = ['kysely', 'better-sqlite3', 'pg', 'ws', '@sinclair/typebox', 'ajv', 'ajv-formats', 'pdfkit', 'qrcode', 'openid-client'];
/** Server libraries that are a transport (a socket server, an HTTP client): the server's domain stays free of them. */
const SERVER_TRANSPORT_PACKAGES = ['ws', 'openid-client'];
/** Node builtins that are a transport: the server's domain stays free of them. */
const TRANSPORT_BUILTINS = ['http', 'https', 'http2', 'net', 'tls', 'dgram'];
/** Packages that need Node, Electron or a database: never in browser code. */
const NON_BROWSER_PACKAGES = [
  'electron',
  'electron-store',
  'electron-updater',
  'conf',
  'systeminformation',
  'node-machine-id',
  'ws',
  'better-sqlite3',
  'pg',
  'kysely',
];

/**
 * The zones, most specific first: a file belongs to the first whose `match` fits its path (from the repo root).
 * - `internal`: folders (or files, without extension) of this repo the zone may import; `internalDeny` carves out.
 * - `builtins`: Node builtins allowed (true), forbidden (false), or allowed except a list (`{ except }`).
 * - `packages`: an allowlist of package names, or `{ except }` for a denylist (browser code: any browser library).
 * - `named`: packages that may be imported only by these named (value) imports; type-only imports are free.
 */
const ZONES = [
  {
    name: 'src/main/electron/preload',
    match: /^src\/main\/electron\/preload[^/]*\.ts$/,
    internal: ['src/shared'],
    builtins: false,
    packages: ['electron'],
    named: { electron: ['contextBridge', 'ipcRenderer'] },
  },
  {
    name: 'src/main/electron',
    match: 'src/main/electron',
    internal: ['src/main/electron', 'src/main/core', 'src/shared'],
    builtins: false,
    // electron-updater: the app's self-update, behind one adapter (agentUpdater.ts).
    packages: ['electron', 'electron-store', 'electron-updater'],
  },
  {
    name: 'src/main/core',
    match: 'src/main/core',
    internal: ['src/main/core', 'src/shared'],
    builtins: true,
    // js-yaml: the agent-update feed it reads (update/parseUpdateFeed.ts).
    packages: ['systeminformation', 'node-machine-id', 'ws', 'conf', 'js-yaml'],
  },
  {
    name: 'src/main/service',
    match: 'src/main/service',
    internal: ['src/main/service', 'src/main/core', 'src/shared'],
    builtins: true,
    packages: [],
  },
  {
    name: 'src/renderer',
    match: 'src/renderer',
    internal: ['src/renderer', 'src/shared'],
    builtins: false,
    packages: { except: NON_BROWSER_PACKAGES },
  },
  {
    name: 'src/server/domain',
    match: 'src/server/domain',
    internal: ['src/server', 'src/shared'],
    // The transports, and what wires them (the CLI and the composition root).
    internalDeny: ['src/server/http', 'src/server/ws', 'src/server/cli', 'src/server/main'],
    builtins: { except: TRANSPORT_BUILTINS },
    packages: SERVER_PACKAGES.filter((name) => !SERVER_TRANSPORT_PACKAGES.includes(name)),
  },
  {
    name: 'src/server',
    match: 'src/server',
    internal: ['src/server', 'src/shared'],
    builtins: true,
    // js-yaml: the agent-update feed it writes (http/updateFeed.ts).
    packages: [...SERVER_PACKAGES, 'js-yaml'],
  },
  {
    name: 'src/shared',
    match: 'src/shared',
    internal: ['src/shared'],
    builtins: false,
    packages: ['@sinclair/typebox', 'ajv', 'ajv-formats'],
  },
];

function toPosix(p) {
  return p.split(path.sep).join('/');
}

function isUnder(rel, folder) {
  return rel === folder || rel.startsWith(`${folder}/`);
}

function zoneOf(filename) {
  const rel = toPosix(path.relative(ROOT, filename));
  return ZONES.find((zone) => (typeof zone.match === 'string' ? isUnder(rel, zone.match) : zone.match.test(rel)));
}

/** 'ajv/dist/2020' → 'ajv'; '@sinclair/typebox/value' → '@sinclair/typebox'. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** 'node:fs/promises' → 'fs'. */
function builtinName(spec) {
  return spec.replace(/^node:/, '').split('/')[0];
}

function describeAllowed(zone) {
  const parts = [...zone.internal];
  if (zone.builtins === true) parts.push('Node builtins');
  else if (zone.builtins && zone.builtins.except) parts.push(`Node builtins except ${zone.builtins.except.join(', ')}`);
  if (Array.isArray(zone.packages)) parts.push(...zone.packages);
  else parts.push(`packages except ${zone.packages.except.join(', ')}`);
  return parts.join(', ');
}

/** Why `spec` (imported from `filename`) is outside `zone`, or undefined when it is allowed. */
function violation(zone, filename, spec) {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const target = toPosix(path.relative(ROOT, path.resolve(path.dirname(filename), spec))).replace(
      /\.(?:[cm]?[jt]s|json)$/,
      '',
    );
    const denied = (zone.internalDeny ?? []).find((folder) => isUnder(target, folder));
    if (denied) return `${denied} is off limits to it`;
    if (zone.internal.some((folder) => isUnder(target, folder))) return undefined;
    return target.startsWith('..') ? 'a path outside the repo' : `${target} is outside its zone`;
  }
  if (isBuiltin(spec)) {
    if (zone.builtins === true) return undefined;
    if (zone.builtins && !zone.builtins.except.includes(builtinName(spec))) return undefined;
    return zone.builtins ? 'a Node transport module' : 'a Node builtin';
  }
  const name = packageName(spec);
  const allowed = Array.isArray(zone.packages) ? zone.packages.includes(name) : !zone.packages.except.includes(name);
  return allowed ? undefined : `package ${name} is not in its zone`;
}

const importZonesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import zones of CONVENTIONS.md "Where code lives"' },
    schema: [],
    messages: {
      badLayering: "Bad layering: {{zone}} may not import '{{spec}}' ({{reason}}). Allowed: {{allowed}}.",
      badNamed:
        "Bad layering: {{zone}} may import only {{names}} from '{{spec}}' (not {{what}}). Allowed: {{allowed}}.",
    },
  },
  create(context) {
    const zone = zoneOf(context.filename);
    if (!zone) return {};
    const allowed = describeAllowed(zone);

    /** `specifiers` is undefined for forms that cannot name what they take (require, import(), export *). */
    function check(node, spec, specifiers) {
      if (typeof spec !== 'string') return;
      const reason = violation(zone, context.filename, spec);
      if (reason) {
        context.report({ node, messageId: 'badLayering', data: { zone: zone.name, spec, reason, allowed } });
        return;
      }
      const names = zone.named && zone.named[packageName(spec)];
      if (!names) return;
      const report = (what) =>
        context.report({
          node,
          messageId: 'badNamed',
          data: { zone: zone.name, spec, names: names.join(', '), what, allowed },
        });
      if (!specifiers) return report('the whole module');
      if (node.importKind === 'type' || node.exportKind === 'type') return;
      if (specifiers.length === 0) return report('a side-effect import');
      for (const s of specifiers) {
        if (s.importKind === 'type' || s.exportKind === 'type') continue;
        if (s.type === 'ImportSpecifier' || s.type === 'ExportSpecifier') {
          const imported = s.type === 'ImportSpecifier' ? s.imported : s.local;
          const name = imported.type === 'Identifier' ? imported.name : imported.value;
          if (!names.includes(name)) report(name);
        } else {
          report('the whole module');
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value, node.specifiers),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.specifiers),
      ExportAllDeclaration: (node) => check(node, node.source.value, undefined),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, undefined),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node, node.moduleReference.expression.value, undefined),
      TSImportType: (node) => {
        // typescript-eslint 8 has `source`; `argument` (a TSLiteralType around it) is its deprecated older form.
        const arg = 'source' in node ? node.source : node.argument;
        const literal = arg && arg.type === 'TSLiteralType' ? arg.literal : arg;
        if (literal && literal.type === 'Literal') check(node, literal.value, []);
      },
      'CallExpression[callee.type="Identifier"][callee.name="require"]': (node) => {
        const [arg] = node.arguments;
        if (arg && arg.type === 'Literal') check(node, arg.value, undefined);
      },
    };
  },
};

const pasangPlugin = { meta: { name: 'pasang' }, rules: { 'import-zones': importZonesRule } };

/** Globals that mean Node (or the DOM): the shared zone is pure TypeScript. */
const NOT_IN_SHARED = [
  ...['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
    name,
    message: 'src/shared is pure TypeScript: no Node globals (pass what you need in from the caller).',
  })),
  ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'self'].map((name) => ({
    name,
    message: 'src/shared is pure TypeScript: no DOM globals.',
  })),
];

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
/** Files in tsconfig.json: type-aware rules run on these. */
const TYPED_FILES = ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts'];
const TEST_FILES = ['test/**/*.ts', '**/*.test.ts'];

module.exports = defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'data/', 'release/', 'coverage/'] },

  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module', globals: { ...globals.node } } },

  { files: TS_FILES, extends: [tseslint.configs.recommended] },
  {
    files: TS_FILES,
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  // Typed linting: the project service reuses tsconfig.json, and the whole repo lints in seconds.
  {
    files: TYPED_FILES,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },

  // The layering.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { pasang: pasangPlugin },
    rules: { 'pasang/import-zones': 'error' },
  },
  { files: ['src/main/**/*.ts', 'src/server/**/*.ts'], languageOptions: { globals: { ...globals.node } } },
  { files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'], languageOptions: { globals: { ...globals.browser } } },
  {
    // No browser (nor Node) globals declared here, and the common ones named so they are reported.
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...NOT_IN_SHARED] },
  },
  {
    // One logger per module, injected (CONVENTIONS.md 11).
    files: ['src/main/core/**/*.ts', 'src/shared/**/*.ts', 'src/server/domain/**/*.ts'],
    rules: { 'no-console': 'error' },
  },

  {
    files: TEST_FILES,
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      // Tests read untyped JSON off real sockets and processes; typing every reply would only restate the schemas.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[object.name=/^(describe|it|test)$/][property.name="only"]',
          message: 'No .only in committed tests: a focused test hides the rest of the suite.',
        },
        {
          // A skip gated on a condition (`posix ? describe : describe.skip`) says why and shows as skipped there.
          selector:
            'MemberExpression[object.name=/^(describe|it|test)$/][property.name="skip"]:not(ConditionalExpression > MemberExpression.consequent, ConditionalExpression > MemberExpression.alternate)',
          message: 'No .skip in committed tests (only as a condition: `posix ? it : it.skip`): a skipped test hides.',
        },
        {
          selector: 'CallExpression[callee.name=/^(fdescribe|fit|xdescribe|xit|xtest)$/]',
          message: 'No focused (f*) or skipped (x*) tests in committed code.',
        },
      ],
    },
  },
);

module.exports.ZONES = ZONES;
