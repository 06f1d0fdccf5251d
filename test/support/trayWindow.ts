/**
 * The tray's windows in real Chromium, wired as the Electron shell wires them but without Electron (which cannot run
 * here): the bundle (dist/renderer/agent) is served the way the shell's `pasang://app/` protocol serves it — the same
 * resolveAppAsset and the same headers (CSP included) — from a tiny HTTP server on 127.0.0.1; every IPC call of the
 * page goes through the real handler table (src/main/electron/ipcHandlers.ts) with a fake IpcMainInvokeEvent whose
 * sender frame is the calling frame, its URL mapped to the `pasang://app` origin it has in the shell; events the table
 * sends to the window's webContents are pushed into the page with page.evaluate.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildSync } from 'esbuild';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { APP_ORIGIN, appResponseHeaders, resolveAppAsset } from '../../src/main/electron/appProtocol';
import { createIpcHandlerTable, type IpcHandlerTable, type IpcSenderContents, type IpcSenderFrame } from '../../src/main/electron/ipcHandlers';
import type { AgentApi } from '../../src/shared/agentApi';
import { silentLogger, type Logger } from '../../src/shared/logger';
import type { TrayPage } from '../../src/shared/trayPages';

const ROOT = path.join(__dirname, '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');

export interface BundleServer {
  /** http://127.0.0.1:PORT — stands for pasang://app */
  origin: string;
  close(): Promise<void>;
}

/** Builds the pages if they are not built (or older than their sources) — `npm run build` does the same. */
export function ensureRendererBuilt(): void {
  const out = path.join(RENDERER_DIR, 'agent', 'app.js');
  const srcDir = path.join(ROOT, 'src', 'renderer');
  const newest = newestMtime(srcDir);
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'buildRenderer.js')], { stdio: 'pipe' });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Serves dist/renderer/agent as the shell's protocol handler does: only what resolveAppAsset names, with its headers.
 * The bundle is copied first, so another suite rebuilding dist/renderer meanwhile cannot pull files from under a page.
 */
export async function serveRendererBundle(source = RENDERER_DIR): Promise<BundleServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-tray-bundle-'));
  fs.cpSync(path.join(source, 'agent'), path.join(dir, 'agent'), { recursive: true });
  const server = http.createServer((req, res) => {
    const asset = resolveAppAsset(`${APP_ORIGIN}${(req.url ?? '/').split('?')[0]}`);
    const file = asset ? path.join(dir, ...asset.relativePath.split('/')) : null;
    if (!asset || !file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, appResponseHeaders(asset.mimeType));
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

let bridgeScript: string | null = null;
function bridgeInitScript(): string {
  bridgeScript ??= buildSync({
    entryPoints: [path.join(__dirname, 'trayBridgeEntry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return bridgeScript;
}

export interface TrayWindow {
  page: Page;
  context: BrowserContext;
  table: IpcHandlerTable;
  /** Every IPC channel the page invoked, in order (to prove a page-side check made no call). */
  invoked: string[];
  /** Opens a page of the window (as the tray menu does), optionally in a language. */
  open(page: TrayPage, options?: { lang?: 'id' | 'en'; params?: string[] }): Promise<void>;
  close(): Promise<void>;
}

export interface OpenTrayWindowOptions {
  browser: Browser;
  bundle: BundleServer;
  /** The AgentApi the shell's handler table is built over (in-process: createAgentApi(agent, { osUser })). */
  api: AgentApi;
  logger?: Logger;
  /** @default 1366×768, the office screen */
  viewport?: { width: number; height: number };
}

let nextContentsId = 1;

export async function openTrayWindow(options: OpenTrayWindowOptions): Promise<TrayWindow> {
  const { browser, bundle } = options;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 768 }, acceptDownloads: true, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  const table = createIpcHandlerTable({ api: options.api, logger: options.logger ?? silentLogger });
  const invoked: string[] = [];
  const destroyed = new Set<() => void>();
  // The window's webContents, as the handler table sees it: events are pushed into the page.
  const sender: IpcSenderContents = {
    id: nextContentsId++,
    isDestroyed: () => page.isClosed(),
    send(channel, payload) {
      void page.evaluate(([c, p]) => (globalThis as unknown as { __pasangIpcEmit(c: string, p: unknown): void }).__pasangIpcEmit(c, p), [channel, payload] as const).catch(() => undefined);
    },
    once(_event, listener) {
      destroyed.add(listener);
      return sender;
    },
  };
  page.once('close', () => {
    for (const l of destroyed) l();
  });
  const senderFrame = (frame: Frame): IpcSenderFrame => {
    const parent = frame.parentFrame();
    return { url: asAppUrl(frame.url(), bundle.origin), parent: parent ? senderFrame(parent) : null };
  };
  await page.exposeBinding('__pasangInvoke', async (source, channel: string, args: unknown[]) => {
    invoked.push(channel);
    const handler = table.handlers[channel];
    if (!handler) return { ok: false, code: 'UNKNOWN_OPERATION', message: `no channel ${channel}` };
    return handler({ senderFrame: senderFrame(source.frame), sender }, ...(Array.isArray(args) ? args : []));
  });
  await page.addInitScript({ content: bridgeInitScript() });

  return {
    page,
    context,
    table,
    invoked,
    async open(name, o = {}) {
      const hash = `#/${[name, ...(o.params ?? [])].join('/')}${o.lang ? `?lang=${o.lang}` : ''}`;
      const target = `${bundle.origin}/agent/index.html${hash}`;
      if (page.url() === target) {
        // The same page again: as the shell's loadURL, a fresh load.
        await page.reload();
      } else if (page.url().startsWith(`${bundle.origin}/agent/index.html`)) {
        // One document, pages by fragment: as the shell's loadURL of the same document with another fragment.
        await page.evaluate((h) => {
          (globalThis as unknown as { location: { hash: string } }).location.hash = h;
        }, hash);
      } else {
        await page.goto(target);
      }
      await page.locator('main h1').first().waitFor();
    },
    async close() {
      table.dispose();
      await context.close();
    },
  };
}

/** The URL the frame has in the shell: our bundle's origin becomes `pasang://app`; any other origin stays as it is. */
export function asAppUrl(url: string, origin: string): string {
  return url === origin || url.startsWith(`${origin}/`) ? APP_ORIGIN + url.slice(origin.length) : url;
}
