import path from 'node:path';
import { ESLint, type Linter } from 'eslint';

const ROOT = path.resolve(__dirname, '../../..');

/** Only the rules under test; the snippets are virtual files, so the type-aware parser setup is switched off. */
const RULES = new Set(['pasang/import-zones', 'no-restricted-globals', 'no-console', 'no-restricted-syntax']);

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    // ESLint loads a config file with a dynamic import(), which Jest's VM refuses: hand it the same config.
    overrideConfigFile: true,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS config, as ESLint would load it
    baseConfig: require(path.join(ROOT, 'eslint.config.js')) as Linter.Config[],
    overrideConfig: [{ languageOptions: { parserOptions: { projectService: false } } }],
    ruleFilter: ({ ruleId }) => RULES.has(ruleId),
  });
});

async function lint(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${file} did not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

type Row = [zone: string, file: string, code: string, verdict: 'allowed' | 'bad layering'];

// prettier-ignore
const rows: Row[] = [
  // src/shared: itself and the schema libraries only.
  ['src/shared', 'src/shared/x.ts', "import { ErrorCodes } from './errors';", 'allowed'],
  ['src/shared', 'src/shared/protocol/x.ts', "import { Type } from '@sinclair/typebox';", 'allowed'],
  ['src/shared', 'src/shared/x.ts', "import Ajv from 'ajv'; import addFormats from 'ajv-formats';", 'allowed'],
  ['src/shared', 'src/shared/x.ts', "import { Ajv2020 } from 'ajv/dist/2020';", 'allowed'],
  ['src/shared', 'src/shared/x.ts', "import fs from 'node:fs';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "import crypto from 'crypto';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "import { join } from 'path';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "import { app } from 'electron';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "import { WebSocket } from 'ws';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "import type { Logger } from '../main/core/logger';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "export * from '../server/version';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "const fs = require('fs');", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "export async function f() { return import('node:os'); }", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "let h: import('node:http').Server;", 'bad layering'],
  // src/main/core: shared, Node, and its own libraries; never Electron, databases, or the other parts.
  ['src/main/core', 'src/main/core/x.ts', "import fs from 'node:fs'; import os from 'os';", 'allowed'],
  ['src/main/core', 'src/main/core/a/x.ts', "import { PasangError } from '../../../shared/errors';", 'allowed'],
  ['src/main/core', 'src/main/core/a/x.ts', "import type { AgentStore } from '../store/agentStore';", 'allowed'],
  ['src/main/core', 'src/main/core/x.ts', "import si from 'systeminformation'; import { machineIdSync } from 'node-machine-id';", 'allowed'],
  ['src/main/core', 'src/main/core/x.ts', "import { WebSocket } from 'ws'; import Conf from 'conf';", 'allowed'],
  ['src/main/core', 'src/main/core/x.ts', "import { app } from 'electron';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import Store from 'electron-store';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import Database from 'better-sqlite3';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import { Pool } from 'pg';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import { Kysely } from 'kysely';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import { SERVER_VERSION } from '../../server/version';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import { a } from '../../renderer/agent/a';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import { tray } from '../electron/tray';", 'bad layering'],
  ['src/main/core', 'src/main/core/x.ts', "import { run } from '../service/agentService';", 'bad layering'],
  // src/main/service: core, shared, Node.
  ['src/main/service', 'src/main/service/x.ts', "import net from 'node:net'; import { createAgent } from '../core/agent';", 'allowed'],
  ['src/main/service', 'src/main/service/x.ts', "import { ErrorCodes } from '../../shared/errors';", 'allowed'],
  ['src/main/service', 'src/main/service/x.ts', "import { app } from 'electron';", 'bad layering'],
  ['src/main/service', 'src/main/service/x.ts', "import { tray } from '../electron/tray';", 'bad layering'],
  ['src/main/service', 'src/main/service/x.ts', "import si from 'systeminformation';", 'bad layering'],
  // src/main/electron: core, shared, Electron, electron-store.
  ['src/main/electron', 'src/main/electron/x.ts', "import { app, Tray } from 'electron'; import Store from 'electron-store';", 'allowed'],
  ['src/main/electron', 'src/main/electron/x.ts', "import { createConfStore } from '../core/store/confStore';", 'allowed'],
  ['src/main/electron', 'src/main/electron/x.ts', "import { autoUpdater } from 'electron-updater';", 'allowed'],
  ['src/main/core', 'src/main/core/x.ts', "import { load } from 'js-yaml';", 'allowed'],
  ['src/main/core', 'src/main/core/x.ts', "import { autoUpdater } from 'electron-updater';", 'bad layering'],
  ['src/shared', 'src/shared/x.ts', "import { load } from 'js-yaml';", 'bad layering'],
  ['src/server', 'src/server/http/x.ts', "import { dump } from 'js-yaml';", 'allowed'],
  ['src/renderer', 'src/renderer/agent/x.ts', "import { autoUpdater } from 'electron-updater';", 'bad layering'],
  ['src/main/electron', 'src/main/electron/x.ts', "import { ErrorCodes } from '../../shared/errors';", 'allowed'],
  ['src/main/electron', 'src/main/electron/x.ts', "import { run } from '../service/agentService';", 'bad layering'],
  ['src/main/electron', 'src/main/electron/x.ts', "import { SERVER_VERSION } from '../../server/version';", 'bad layering'],
  ['src/main/electron', 'src/main/electron/x.ts', "import Database from 'better-sqlite3';", 'bad layering'],
  // The preload: contextBridge and ipcRenderer from electron, and shared.
  ['src/main/electron/preload', 'src/main/electron/preload.ts', "import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';", 'allowed'],
  ['src/main/electron/preload', 'src/main/electron/preloadAgent.ts', "import { AgentChannels } from '../../shared/api';", 'allowed'],
  ['src/main/electron/preload', 'src/main/electron/preload.ts', "import { shell } from 'electron';", 'bad layering'],
  ['src/main/electron/preload', 'src/main/electron/preload.ts', "import * as electron from 'electron';", 'bad layering'],
  ['src/main/electron/preload', 'src/main/electron/preload.ts', "import fs from 'node:fs';", 'bad layering'],
  ['src/main/electron/preload', 'src/main/electron/preload.ts', "import { createConfStore } from '../core/store/confStore';", 'bad layering'],
  // src/renderer: shared and browser libraries.
  ['src/renderer', 'src/renderer/agent/x.ts', "import { ErrorCodes } from '../../shared/errors';", 'allowed'],
  ['src/renderer', 'src/renderer/agent/x.ts', "import { button } from '../ui/button';", 'allowed'],
  ['src/renderer', 'src/renderer/console/x.ts', "import { html } from 'lit';", 'allowed'],
  ['src/renderer', 'src/renderer/agent/x.ts', "import fs from 'node:fs';", 'bad layering'],
  ['src/renderer', 'src/renderer/agent/x.ts', "import { ipcRenderer } from 'electron';", 'bad layering'],
  ['src/renderer', 'src/renderer/agent/x.ts', "import { createConfStore } from '../../main/core/store/confStore';", 'bad layering'],
  ['src/renderer', 'src/renderer/console/x.ts', "import { SERVER_VERSION } from '../../server/version';", 'bad layering'],
  ['src/renderer', 'src/renderer/console/x.ts', "import { WebSocket } from 'ws';", 'bad layering'],
  // src/server: shared, Node, server libraries.
  ['src/server', 'src/server/http/x.ts', "import http from 'node:http'; import { WebSocketServer } from 'ws';", 'allowed'],
  ['src/server', 'src/server/store/x.ts', "import { Kysely } from 'kysely'; import Database from 'better-sqlite3'; import { Pool } from 'pg';", 'allowed'],
  ['src/server', 'src/server/main.ts', "import { createEnrollment } from './domain/enrollment'; import { ErrorCodes } from '../shared/errors';", 'allowed'],
  ['src/server', 'src/server/x.ts', "import { app } from 'electron';", 'bad layering'],
  ['src/server', 'src/server/x.ts', "import { createConfStore } from '../main/core/store/confStore';", 'bad layering'],
  ['src/server', 'src/server/x.ts', "import si from 'systeminformation';", 'bad layering'],
  // src/server/domain: no transport.
  ['src/server/domain', 'src/server/domain/x.ts', "import crypto from 'node:crypto'; import { Kysely } from 'kysely';", 'allowed'],
  ['src/server/domain', 'src/server/domain/x.ts', "import type { Db } from '../store/schema'; import { Clock } from './clock';", 'allowed'],
  ['src/server/domain', 'src/server/domain/x.ts', "import { WebSocket } from 'ws';", 'bad layering'],
  ['src/server/domain', 'src/server/domain/x.ts', "import http from 'node:http';", 'bad layering'],
  ['src/server/domain', 'src/server/domain/x.ts', "import https from 'https';", 'bad layering'],
  ['src/server/domain', 'src/server/domain/x.ts', "import net from 'node:net';", 'bad layering'],
  ['src/server/domain', 'src/server/domain/x.ts', "import { createRouter } from '../http/router';", 'bad layering'],
  ['src/server/domain', 'src/server/domain/x.ts', "import type { AgentHub } from '../ws/agentHub';", 'bad layering'],
  // Outside src there are no zones.
  ['(none)', 'test/unit/x.test.ts', "import { app } from 'electron'; import fs from 'node:fs';", 'allowed'],
];

describe('eslint.config.js', () => {
  describe('pasang/import-zones', () => {
    it.each(rows)('%s: %s with `%s` is %s', async (zone, file, code, verdict) => {
      const messages = (await lint(file, code)).filter((m) => m.ruleId === 'pasang/import-zones');
      if (verdict === 'allowed') {
        expect(messages).toEqual([]);
      } else {
        expect(messages).not.toEqual([]);
        for (const { message } of messages) {
          expect(message).toMatch(new RegExp(`^Bad layering: ${zone.replace(/\//g, '\\/')} may (not )?import `));
        }
      }
    });
  });

  describe('the rules beside the zones', () => {
    it.each([
      ['src/shared/x.ts', 'export const pid = process.pid;', 'no-restricted-globals'],
      ['src/shared/x.ts', 'export const b = Buffer.from("a");', 'no-restricted-globals'],
      ['src/shared/x.ts', 'export const title = document.title;', 'no-restricted-globals'],
      ['src/shared/x.ts', 'export const w = window.innerWidth;', 'no-restricted-globals'],
      ['src/shared/x.ts', 'console.log(1);', 'no-console'],
      ['src/main/core/x.ts', 'console.error(1);', 'no-console'],
      ['src/server/domain/x.ts', 'console.warn(1);', 'no-console'],
      // Snippets linted as text, to prove the rule against focused and skipped tests: not tests of this suite.
      ['test/unit/x.test.ts', "it.only('runs alone', () => {});", 'no-restricted-syntax'],
      ['test/unit/x.test.ts', "describe.skip('hidden', () => {});", 'no-restricted-syntax'],
    ])('%s: `%s` is reported by %s', async (file, code, ruleId) => {
      expect((await lint(file, code)).map((m) => m.ruleId)).toContain(ruleId);
    });

    it.each([
      ['src/main/core/x.ts', 'export const pid = process.pid;'],
      ['src/server/main.ts', 'console.log(1);'],
      [
        'test/unit/x.test.ts',
        "const posix = process.platform !== 'win32';\n(posix ? it : it.skip)('gated', () => {});",
      ],
    ])('%s: `%s` is fine', async (file, code) => {
      expect(await lint(file, code)).toEqual([]);
    });
  });
});
