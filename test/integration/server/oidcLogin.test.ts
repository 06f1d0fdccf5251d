/**
 * Console login by single sign-on against a real OpenID Provider (oidc-provider) on 127.0.0.1: the whole code flow
 * over HTTP, redirects followed by hand, the provider's login (and consent) forms submitted; a tampered state, a
 * wrong nonce, a replayed callback, a callback in another browser and an identity Pasang does not know are refused.
 */
import { startHarness, type Harness } from '../../support/serverHarness';
import { startOidcProvider, type TestOidcProvider } from '../../support/oidcProvider';
import { CookieJar, finishSso, loginAtProvider, startSso, type Hop } from '../../support/oidcCodeFlow';
import { call } from '../../support/consoleSession';
import { createLogger } from '../../../src/shared/logger';
import { OIDC_CALLBACK_PATH, SSO_ERROR_PARAM } from '../../../src/shared/loginMethods';
import { OIDC_FLOW_COOKIE } from '../../../src/server/http/oidcFlowCookie';
import { SESSION_COOKIE } from '../../../src/server/http/sessionCookie';

const CLIENT_SECRET = 'rahasia-klien-pasang-untuk-uji-0123456789';

let provider: TestOidcProvider;
let h: Harness;
const logLines: string[] = [];
const ids: { siti?: string; budi?: string } = {};

beforeAll(async () => {
  provider = await startOidcProvider({
    'siti.sso': { email: 'Siti.Aminah@bps.go.id', email_verified: true, name: 'Siti Aminah' },
    'budi.sso': { email: 'budi@bps.go.id', email_verified: false },
    'tamu.sso': { email: 'tamu@elsewhere.example', email_verified: true },
  });
  h = await startHarness({
    people: { passwordHash: { N: 1024 } },
    oidc: { issuer: provider.issuer, clientId: 'pasang', clientSecret: CLIENT_SECRET, label: 'Masuk dengan SSO BPS' },
    logger: createLogger('server', { level: 'warn', write: (l) => logLines.push(l) }),
  });
  await provider.register([{ client_id: 'pasang', client_secret: CLIENT_SECRET, redirect_uris: [`${h.server.url}${OIDC_CALLBACK_PATH}`] }]);
  ids.siti = (await h.server.people.createUser({ username: 'siti', displayName: 'Siti Aminah', roles: ['technician'], email: 'siti.aminah@bps.go.id' })).id;
  ids.budi = (await h.server.people.createUser({ username: 'budi', displayName: 'Budi', roles: ['employee'], email: 'budi@bps.go.id' })).id;
});

afterAll(async () => {
  await h?.close();
  await provider?.stop();
});

/** The console URL a refused callback lands on, with its code. */
function refusedWith(r: Hop, code: string): void {
  expect(r.status).toBe(303);
  const to = new URL(r.location!);
  expect(`${to.origin}${to.pathname}`).toBe(`${h.server.url}/`);
  expect(to.searchParams.get(SSO_ERROR_PARAM)).toBe(code);
  expect(r.setCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  expect(r.setCookies).toContain(`${OIDC_FLOW_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`);
}

async function me(jar: CookieJar): Promise<{ status: number; json: any }> {
  return call(h.server.url, 'GET', '/api/v1/auth/me', { cookie: `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE) ?? ''}` });
}

describe('console login by single sign-on (OIDC)', () => {
  it('tells the login page that SSO is on, with its label', async () => {
    const r = await call(h.server.url, 'GET', '/api/v1/auth/methods');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ password: true, oidc: { label: 'Masuk dengan SSO BPS', startPath: '/api/v1/auth/oidc/start' } });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, and keeps them in the browser only', async () => {
    const jar = new CookieJar();
    const to = new URL(await startSso(h.server.url, jar));
    expect(to.origin).toBe(provider.issuer);
    const p = to.searchParams;
    expect(p.get('client_id')).toBe('pasang');
    expect(p.get('redirect_uri')).toBe(`${h.server.url}${OIDC_CALLBACK_PATH}`);
    expect(p.get('response_type')).toBe('code');
    expect(p.get('scope')).toBe('openid email profile');
    expect(p.get('code_challenge_method')).toBe('S256');
    const [, state, nonce, verifier] = jar.get(OIDC_FLOW_COOKIE)!.split('.');
    expect(p.get('state')).toBe(state);
    expect(p.get('nonce')).toBe(nonce);
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.href).not.toContain(verifier);
  });

  it('logs the person in through the whole code flow, linking the identity by its verified e-mail, with an audit entry', async () => {
    const jar = new CookieJar();
    const callback = await loginAtProvider(await startSso(h.server.url, jar), 'siti.sso');
    expect(callback.startsWith(`${h.server.url}${OIDC_CALLBACK_PATH}?`)).toBe(true);
    const r = await finishSso(callback, jar);
    expect(r.status).toBe(303);
    expect(r.location).toBe(`${h.server.url}/`);
    const session = r.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=604800$/);
    expect(jar.get(OIDC_FLOW_COOKIE)).toBeUndefined();
    const who = await me(jar);
    expect(who.status).toBe(200);
    expect(who.json.user).toMatchObject({ id: ids.siti, username: 'siti', roles: ['technician'] });
    expect(who.json.principal).toMatchObject({ kind: 'user', via: 'session' });
    expect(who.json.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const audit = await h.api('GET', `/api/v1/audit?target=user:${ids.siti}&limit=10`);
    const actions = audit.json.items.map((e: any) => [e.action, e.data]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['auth.oidc_link', { issuer: provider.issuer, subject: 'siti.sso', email: 'Siti.Aminah@bps.go.id' }],
        ['auth.login', { method: 'oidc', issuer: provider.issuer }],
      ]),
    );
    // The session is an ordinary one: logout ends it on the server.
    const out = await call(h.server.url, 'POST', '/api/v1/auth/logout', { cookie: `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE)}`, csrf: who.json.csrfToken });
    expect(out.status).toBe(200);
    expect((await me(jar)).status).toBe(401);
  });

  it('logs a linked identity in again by its link, after its e-mail changed in Pasang', async () => {
    await h.server.people.updateUser(ids.siti!, { email: 'siti.baru@bps.go.id' });
    const jar = new CookieJar();
    const r = await finishSso(await loginAtProvider(await startSso(h.server.url, jar), 'siti.sso'), jar);
    expect(r.location).toBe(`${h.server.url}/`);
    expect((await me(jar)).json.user.id).toBe(ids.siti);
  });

  it('refuses a callback whose state was tampered with', async () => {
    const jar = new CookieJar();
    const callback = new URL(await loginAtProvider(await startSso(h.server.url, jar), 'siti.sso'));
    callback.searchParams.set('state', `${callback.searchParams.get('state')!.slice(0, -2)}xx`);
    refusedWith(await finishSso(callback.href, jar), 'OIDC_LOGIN_FAILED');
  });

  it('refuses a callback finished in another browser (no flow cookie: no login CSRF)', async () => {
    const jar = new CookieJar();
    const callback = await loginAtProvider(await startSso(h.server.url, jar), 'siti.sso');
    refusedWith(await finishSso(callback, new CookieJar()), 'OIDC_LOGIN_FAILED');
  });

  it('refuses an ID token whose nonce is not the flow’s', async () => {
    const jar = new CookieJar();
    const callback = await loginAtProvider(await startSso(h.server.url, jar), 'siti.sso');
    const [v, state, , verifier] = jar.get(OIDC_FLOW_COOKIE)!.split('.');
    jar.set(OIDC_FLOW_COOKIE, [v, state, 'bm9uY2Utb2YtYW5vdGhlci1sb2dpbi1hbHRvZ2V0aGVy', verifier].join('.'));
    const before = logLines.length;
    refusedWith(await finishSso(callback, jar), 'OIDC_LOGIN_FAILED');
    const refusals = logLines.slice(before).map((l) => JSON.parse(l) as { message?: string });
    expect(refusals.map((l) => l.message).join('\n')).toMatch(/unexpected ID Token "nonce" claim value/);
  });

  it('refuses a callback replayed with its flow cookie (the code is used once)', async () => {
    const jar = new CookieJar();
    const callback = await loginAtProvider(await startSso(h.server.url, jar), 'siti.sso');
    const flow = jar.get(OIDC_FLOW_COOKIE)!;
    expect((await finishSso(callback, jar)).location).toBe(`${h.server.url}/`);
    const replay = new CookieJar();
    replay.set(OIDC_FLOW_COOKIE, flow);
    refusedWith(await finishSso(callback, replay), 'OIDC_LOGIN_FAILED');
  });

  it('refuses an identity no person has, and one whose e-mail the provider has not verified; nobody is created', async () => {
    const before = (await h.api('GET', '/api/v1/users?limit=200&includeDisabled=true')).json.total;
    for (const login of ['tamu.sso', 'budi.sso']) {
      const jar = new CookieJar();
      refusedWith(await finishSso(await loginAtProvider(await startSso(h.server.url, jar), login), jar), 'OIDC_IDENTITY_UNKNOWN');
    }
    expect((await h.api('GET', '/api/v1/users?limit=200&includeDisabled=true')).json.total).toBe(before);
    const links = await h.server.database.db.selectFrom('oidc_links').select('subject').execute();
    expect(links.map((l) => l.subject)).toEqual(['siti.sso']);
  });

  it('sends a person who cancels at the provider back to the login page with the reason', async () => {
    const jar = new CookieJar();
    const to = new URL(await startSso(h.server.url, jar));
    // The provider's answer to "cancel": the callback with error=access_denied (RFC 6749 4.1.2.1).
    const callback = `${h.server.url}${OIDC_CALLBACK_PATH}?error=access_denied&state=${to.searchParams.get('state')}&iss=${encodeURIComponent(provider.issuer)}`;
    refusedWith(await finishSso(callback, jar), 'OIDC_LOGIN_FAILED');
    expect(logLines.join('\n')).toMatch(/access_denied/);
  });
});
