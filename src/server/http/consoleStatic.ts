/**
 * Serves the technician console (the bundle scripts/buildRenderer.js writes to dist/renderer/console): `/` and every
 * other page path get index.html (the console routes by hash, so a reload or a pasted link lands on the app), the
 * bundle and its assets are served from that one folder with their content types, revalidated by ETag, and under the
 * console's strict CSP. API paths are never answered here: an unknown /api/… stays a JSON 404 from the caller.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ConsoleStaticOptions {
  /** The built console. @default <repo>/dist/renderer/console (the same from src/ under Jest and from dist/) */
  dir?: string;
}

/** script-src 'self' only: the bundle is one file, no inline script, no eval; the pages talk to this origin only. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function defaultConsoleDir(): string {
  // src/server/http or dist/server/http: three levels up is the repository either way.
  return path.join(__dirname, '..', '..', '..', 'dist', 'renderer', 'console');
}

/**
 * The handler: true when it answered, false for what it leaves to the caller (API paths, methods other than GET and
 * HEAD), which then answers 404 as JSON.
 */
export function consoleStatic(options: ConsoleStaticOptions = {}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const dir = path.resolve(options.dir ?? defaultConsoleDir());
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const raw = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
    // Any spelling of the API's prefix (/API/…, /Api/…) stays the API's: never a page that would answer 200.
    const lower = raw.toLowerCase();
    if (lower === '/api' || lower.startsWith('/api/') || lower.startsWith('/api%')) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return plain(res, 400, 'bad path');
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return plain(res, 400, 'bad path');
    // Files are the top-level bundle (app.js, its map, *.css, an icon) and everything under /assets/; any other path is
    // a page of the app.
    const isFile = decoded.startsWith('/assets/') || /^\/[^/]+\.[A-Za-z0-9]+$/.test(decoded);
    const indexFile = path.join(dir, 'index.html');
    if (!isFile) {
      if (!fs.existsSync(indexFile)) return notBuilt(res);
      return serveFile(req, res, indexFile);
    }
    const file = path.resolve(dir, `.${decoded}`);
    // Never outside the console's folder, whatever the path spells.
    if (!file.startsWith(dir + path.sep)) return plain(res, 404, 'not found');
    if (!fs.existsSync(indexFile)) return notBuilt(res);
    return serveFile(req, res, file);
  };
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return plain(res, 404, 'not found');
  }
  if (!stat.isFile()) return plain(res, 404, 'not found');
  const type = TYPES[path.extname(file).toLowerCase()];
  if (!type) return plain(res, 404, 'not found');
  // Size and mtime change with every build: cheap to compute, and no-cache makes the browser ask each time.
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const headers = {
    'content-type': type,
    'cache-control': 'no-cache',
    etag,
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': stat.size });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}

function plain(res: ServerResponse, status: number, text: string): boolean {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
  return true;
}

function notBuilt(res: ServerResponse): boolean {
  const html =
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Pasang</title></head><body>' +
    '<h1>Konsol belum dibangun</h1><p>Jalankan <code>npm run build</code> di server, lalu muat ulang halaman ini.</p>' +
    '<h1 lang="en">The console is not built</h1><p lang="en">Run <code>npm run build</code> on the server, then reload this page.</p>' +
    '</body></html>';
  res.writeHead(503, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'retry-after': '60',
  });
  res.end(html);
  return true;
}
