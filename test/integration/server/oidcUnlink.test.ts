/**
 * An admin removes a person's single-sign-on link (DELETE /api/v1/users/:id/oidc-link) when their account at the
 * identity provider was made again: against a real OpenID Provider on 127.0.0.1, the recreated account (a new `sub`,
 * the same verified e-mail) is refused while the old link stands, a technician may not remove it, and after the admin
 * removes it — audited in the same transaction, a refused entry removing nothing — the next SSO login links again.
 */
import { startHarness, type Harness } from '../../support/serverHarness';
import { startOidcProvider, type TestOidcProvider } from '../../support/oidcProvider';
import { CookieJar, finishSso, loginAtProvider, startSso } from '../../support/oidcCodeFlow';
import { installAuditRefusal, type AuditRefusal } from '../../support/auditRefusal';
import { call } from '../../support/consoleSession';
import { OIDC_CALLBACK_PATH, SSO_ERROR_PARAM } from '../../../src/shared/loginMethods';
import { oidcLinkPath } from '../../../src/shared/oidcLinkApi';
import { SESSION_COOKIE } from '../../../src/server/http/sessionCookie';

const CLIENT_SECRET = 'rahasia-klien-pasang-untuk-uji-0123456789';

let provider: TestOidcProvider;
let h: Harness;
let refusal: AuditRefusal;
let sitiId: string;
let technicianToken: string;

beforeAll(async () => {
  provider = await startOidcProvider({
    'siti.lama': { email: 'siti.aminah@bps.go.id', email_verified: true, name: 'Siti Aminah' },
    // Her account made again at the provider: a new subject, the same verified e-mail.
    'siti.baru': { email: 'Siti.Aminah@bps.go.id', email_verified: true, name: 'Siti Aminah' },
  });
  h = await startHarness({ people: { passwordHash: { N: 1024 } }, oidc: { issuer: provider.issuer, clientId: 'pasang', clientSecret: CLIENT_SECRET } });
  await provider.register([{ client_id: 'pasang', client_secret: CLIENT_SECRET, redirect_uris: [`${h.server.url}${OIDC_CALLBACK_PATH}`] }]);
  sitiId = (await h.server.people.createUser({ username: 'siti', displayName: 'Siti Aminah', roles: ['technician'], email: 'siti.aminah@bps.go.id' })).id;
  const tono = await h.server.people.createUser({ username: 'tono', displayName: 'Tono', roles: ['technician'] });
  technicianToken = (await h.server.apiTokens.create('technician', 'tono', tono.id)).token;
  refusal = await installAuditRefusal(h.server.database.db, h.server.database.dialect);
});
afterEach(async () => {
  await refusal.allowAll();
});
afterAll(async () => {
  await h?.close();
  await provider?.stop();
});

/** Logs in at the provider as `login`; where the callback sent the browser and who the session is, if any. */
async function ssoAs(login: string): Promise<{ location: string; userId: string | null }> {
  const jar = new CookieJar();
  const r = await finishSso(await loginAtProvider(await startSso(h.server.url, jar), login), jar);
  const cookie = jar.get(SESSION_COOKIE);
  const me = cookie ? await call(h.server.url, 'GET', '/api/v1/auth/me', { cookie: `${SESSION_COOKIE}=${cookie}` }) : null;
  return { location: r.location!, userId: me?.status === 200 ? me.json.user.id : null };
}

const linkOf = async (userId: string) =>
  h.server.database.db.selectFrom('oidc_links').select(['subject', 'email']).where('user_id', '=', userId).execute();

describe("removing a person's SSO link", () => {
  it('is refused for a recreated identity while the old link stands', async () => {
    expect((await ssoAs('siti.lama')).userId).toBe(sitiId);
    expect((await h.api('GET', `/api/v1/users/${sitiId}`)).json.ssoLinked).toBe(true);
    const again = await ssoAs('siti.baru');
    expect(again.userId).toBeNull();
    expect(new URL(again.location).searchParams.get(SSO_ERROR_PARAM)).toBe('OIDC_IDENTITY_UNKNOWN');
  });

  it('is refused to a technician (403) and to an admin for a person without a link or no person (404)', async () => {
    expect((await h.api('DELETE', oidcLinkPath(sitiId), undefined, technicianToken)).status).toBe(403);
    const tono = await h.server.people.userByUsername('tono');
    const none = await h.api('DELETE', oidcLinkPath(tono!.id));
    expect([none.status, none.json.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await h.api('DELETE', oidcLinkPath('no-such-person'))).status).toBe(404);
    expect(await linkOf(sitiId)).toEqual([{ subject: 'siti.lama', email: 'siti.aminah@bps.go.id' }]);
  });

  it('removes nothing when its audit entry cannot be written', async () => {
    await refusal.refuse('auth.oidc_unlink');
    expect((await h.api('DELETE', oidcLinkPath(sitiId))).status).toBe(500);
    expect(await linkOf(sitiId)).toHaveLength(1);
  });

  it('lets an admin remove it, audited; the next SSO login links the recreated identity again by e-mail', async () => {
    const r = await h.api('DELETE', oidcLinkPath(sitiId));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ssoLinked: false, removed: [{ issuer: provider.issuer, subject: 'siti.lama', email: 'siti.aminah@bps.go.id' }] });
    expect((await h.api('GET', `/api/v1/users/${sitiId}`)).json.ssoLinked).toBe(false);
    const audit = await h.api('GET', `/api/v1/audit?target=user:${sitiId}&action=auth.oidc_unlink`);
    expect(audit.json.items).toEqual([
      expect.objectContaining({ action: 'auth.oidc_unlink', actorKind: 'api-token', data: { links: [{ issuer: provider.issuer, subject: 'siti.lama', email: 'siti.aminah@bps.go.id' }] } }),
    ]);

    expect((await ssoAs('siti.baru')).userId).toBe(sitiId);
    expect(await linkOf(sitiId)).toEqual([{ subject: 'siti.baru', email: 'Siti.Aminah@bps.go.id' }]);
    expect((await h.api('GET', `/api/v1/users/${sitiId}`)).json.ssoLinked).toBe(true);
    // The old identity is nobody's now.
    expect((await ssoAs('siti.lama')).userId).toBeNull();
  });
});
