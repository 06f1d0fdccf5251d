/**
 * Transport security with a self-signed certificate made by the test: the agent trusts the server only through
 * --server-ca, and with --server-cert-sha256 only that exact certificate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { Proc, serverCli, startAgentProcess, startServerProcess, stopAll } from '../../support/processes';

jest.setTimeout(90_000);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-tls-'));
const dataDir = path.join(root, 'server');
const cert = path.join(root, 'cert.pem');
const key = path.join(root, 'key.pem');
let url: string;
let server: Proc;

function makeCert(certFile: string, keyFile: string): void {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=pasang-test', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'pipe' });
}

const token = () => serverCli(['enroll-token', 'create', '--data-dir', dataDir]).stdout;

beforeAll(async () => {
  makeCert(cert, key);
  ({ proc: server, url } = await startServerProcess(['--port', '0', '--data-dir', dataDir, '--tls-cert', cert, '--tls-key', key]));
});

afterAll(async () => {
  await stopAll();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the agent over https', () => {
  it('serves https', () => {
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.running).toBe(true);
  });

  it('refuses a server whose certificate it has no reason to trust', async () => {
    const a = startAgentProcess('untrusting', ['--server', url, '--enroll-token', token(), '--state-dir', path.join(root, 'a1')]);
    await a.waitFor((p) => p.logs().some((l) => l.msg === 'enrollment: server unreachable; retrying'), 'a refused TLS handshake');
    expect(a.stderr).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|self.signed/i);
    expect(fs.existsSync(path.join(root, 'a1', 'agent.json'))).toBe(false);
    await a.kill();
  });

  it('enrolls and connects with the server certificate given as its CA, and pinned', async () => {
    const pin = new X509Certificate(fs.readFileSync(cert)).fingerprint256;
    const a = startAgentProcess('pinned', ['--server', url, '--enroll-token', token(), '--state-dir', path.join(root, 'a2'), '--server-ca', cert, '--server-cert-sha256', pin]);
    await a.waitFor((p) => p.logs().some((l) => l.msg === 'connected' && String(l.url).startsWith('wss://')), 'a wss connection');
    await a.kill();
  });

  it('refuses a certificate the CA list trusts when the pin names another one', async () => {
    const a = startAgentProcess('mispinned', ['--server', url, '--enroll-token', token(), '--state-dir', path.join(root, 'a3'), '--server-ca', cert, '--server-cert-sha256', 'ab'.repeat(32)]);
    // A pin mismatch is not a network fault to retry: the agent says so and stops.
    expect((await a.exit()).code).toBe(1);
    expect(a.stderr).toContain('SERVER_CERT_MISMATCH');
    expect(a.stderr).toContain('does not match the pinned SHA-256');
    expect(fs.existsSync(path.join(root, 'a3', 'agent.json'))).toBe(false);
    await a.kill();
  });
});
