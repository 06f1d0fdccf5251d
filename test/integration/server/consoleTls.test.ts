/** The console over https: HSTS is sent, and the session cookie works there as over loopback http. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { startHarness, type Harness } from '../../support/serverHarness';
import { createPerson } from '../../support/consoleSession';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-console-tls-'));
const certFile = path.join(root, 'cert.pem');
const keyFile = path.join(root, 'key.pem');
let h: Harness;

function request(
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }> {
  const url = new URL(h.server.url + urlPath);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        ca: fs.readFileSync(certFile),
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=pasang-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  h = await startHarness({ tls: { certFile, keyFile }, people: { passwordHash: { N: 1024 } } });
  await createPerson(h, { username: 'tls.admin', roles: ['admin'], password: 'tls-password-1' });
});

afterAll(async () => {
  await h.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the console over https', () => {
  it('sends Strict-Transport-Security', async () => {
    const r = await request('GET', '/api/v1/auth/me');
    expect(r.status).toBe(401);
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('logs in and uses the session with its CSRF token', async () => {
    const login = await request(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: 'tls.admin', password: 'tls-password-1' },
    );
    expect(login.status).toBe(200);
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const created = await request(
      'POST',
      '/api/v1/teams',
      { cookie, 'x-csrf-token': login.json.csrfToken },
      { name: 'Tim TLS' },
    );
    expect(created.status).toBe(201);
  });
});
