/** `serve`'s single-sign-on flags: all three or none, the issuer checked, the client secret only from a file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runServerCli } from '../../../../src/server/cli/serverCli';
import { oidcSettingsOf } from '../../../../src/server/cli/oidcServeOptions';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-oidc-cli-'));
  fs.writeFileSync(path.join(dir, 'secret'), 'rahasia-klien-pasang-0123456789\n', { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'empty'), '\n');
  fs.writeFileSync(path.join(dir, 'two-lines'), 'one\ntwo\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function serve(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await runServerCli(['serve', '--port', '0', '--data-dir', path.join(dir, 'data'), ...args], { out: () => undefined, err: (l) => err.push(l) });
  return { code, err: err.join('\n') };
}

describe('pasang-server serve --oidc-*', () => {
  it('reads the settings, the secret from its file without the newline', () => {
    expect(
      oidcSettingsOf({
        'oidc-issuer': 'https://sso.bps.example/realms/bengkulu',
        'oidc-client-id': 'pasang',
        'oidc-client-secret-file': path.join(dir, 'secret'),
        'oidc-label': ' Masuk dengan SSO BPS ',
      }),
    ).toEqual({ issuer: 'https://sso.bps.example/realms/bengkulu', clientId: 'pasang', clientSecret: 'rahasia-klien-pasang-0123456789', label: 'Masuk dengan SSO BPS' });
    expect(oidcSettingsOf({})).toBeUndefined();
  });

  it.each([
    [['--oidc-issuer', 'https://sso.bps.example'], /go together/],
    [['--oidc-label', 'SSO'], /go together/],
    [['--oidc-issuer', 'http://sso.bps.example', '--oidc-client-id', 'pasang', '--oidc-client-secret-file', 'S'], /https URL \(http only on a loopback address\)/],
    [['--oidc-issuer', 'https://sso.bps.example/?x=1', '--oidc-client-id', 'pasang', '--oidc-client-secret-file', 'S'], /without query/],
    [['--oidc-issuer', 'not a url', '--oidc-client-id', 'pasang', '--oidc-client-secret-file', 'S'], /must be an https URL/],
    [['--oidc-issuer', 'https://sso.bps.example', '--oidc-client-id', 'has space', '--oidc-client-secret-file', 'S'], /--oidc-client-id must be/],
    [['--oidc-issuer', 'https://sso.bps.example', '--oidc-client-id', 'pasang', '--oidc-client-secret-file', 'missing'], /cannot read .*missing: ENOENT/],
    [['--oidc-issuer', 'https://sso.bps.example', '--oidc-client-id', 'pasang', '--oidc-client-secret-file', 'empty'], /the client secret alone/],
    [['--oidc-issuer', 'https://sso.bps.example', '--oidc-client-id', 'pasang', '--oidc-client-secret-file', 'two-lines'], /the client secret alone/],
  ])('refuses %j with one clear line and exit 2', async (args, message) => {
    const resolved = args.map((a, i) => (args[i - 1] === '--oidc-client-secret-file' ? path.join(dir, a === 'S' ? 'secret' : a) : a));
    const r = await serve(resolved);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('has no flag that takes the secret itself (argv is readable by every local user)', async () => {
    const r = await serve(['--oidc-client-secret', 'rahasia']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown option '--oidc-client-secret'/);
  });
});
