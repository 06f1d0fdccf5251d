/** The console served by the server: pages, bundle and assets from one folder, under its CSP; API paths stay JSON. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { startHarness, type Harness } from '../../support/serverHarness';

const built = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-console-'));
const secretOutside = path.join(path.dirname(built), `${path.basename(built)}-secret.txt`);
let h: Harness;
let unbuilt: Harness;

beforeAll(async () => {
  fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Pasang</title><script src="/app.js"></script>');
  fs.writeFileSync(path.join(built, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(built, 'console.css'), 'body{}');
  fs.mkdirSync(path.join(built, 'assets'));
  fs.writeFileSync(path.join(built, 'assets', 'theme.css'), ':root{}');
  fs.writeFileSync(path.join(built, 'assets', 'run.sh'), 'echo');
  fs.writeFileSync(secretOutside, 'secret');
  h = await startHarness({ consoleDir: built });
  unbuilt = await startHarness({ consoleDir: path.join(built, 'missing') });
});

afterAll(async () => {
  await h.close();
  await unbuilt.close();
  fs.rmSync(built, { recursive: true, force: true });
  fs.rmSync(secretOutside, { force: true });
});

/** A request with the path exactly as written (fetch would normalise `..`). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => s.write(`GET ${rawPath} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => (data += d.toString()));
    s.on('end', () => resolve({ status: Number(data.split(' ')[1]), body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    s.on('error', reject);
  });
}

describe('the console served by the server', () => {
  it('answers / and any page path with index.html under the strict CSP', async () => {
    for (const p of ['/', '/queue', '/pcs/abc']) {
      const res = await fetch(h.server.url + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>Pasang</title>');
    }
  });

  it('serves the bundle and assets with their content types and revalidates by ETag', async () => {
    const js = await fetch(`${h.server.url}/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${h.server.url}/assets/theme.css?v=1`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const etag = js.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await fetch(`${h.server.url}/app.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for missing files and files of unknown types, never a page instead', async () => {
    expect((await fetch(`${h.server.url}/nothing.js`)).status).toBe(404);
    expect((await fetch(`${h.server.url}/assets/none.css`)).status).toBe(404);
    expect((await fetch(`${h.server.url}/assets/run.sh`)).status).toBe(404);
  });

  it('never serves a file outside its folder, however the path is spelled', async () => {
    for (const p of [`/assets/../../${path.basename(secretOutside)}`, `/assets/%2e%2e/%2e%2e/${path.basename(secretOutside)}`, '/assets/..%2f..%2fetc%2fpasswd', '/assets/%00.css']) {
      const r = await rawGet(h.server.url, p);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('secret');
    }
  });

  it('leaves API paths and other methods to the JSON 404', async () => {
    const api = await fetch(`${h.server.url}/api/v1/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect(((await api.json()) as any).error.code).toBe('NOT_FOUND');
    for (const p of ['/API/v1/agents', '/Api/v1/nope', '/api']) {
      const r = await rawGet(h.server.url, p);
      expect([400, 404]).toContain(r.status);
      expect(r.body).not.toContain('<title>Pasang</title>');
    }
    const post = await fetch(`${h.server.url}/queue`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toContain('application/json');
  });

  it('says clearly when the console was not built', async () => {
    const res = await fetch(`${unbuilt.server.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
    expect((await fetch(`${unbuilt.server.url}/healthz`)).status).toBe(200);
  });
});
