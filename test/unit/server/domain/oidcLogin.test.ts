/**
 * OidcLogin maps an identity the provider vouched for to a Pasang person — by its link, or once by a verified e-mail —
 * and opens the same session a password login does. On SQLite, and on PostgreSQL when PASANG_TEST_PG_URL is set.
 */
import { testDatabases } from '../../../support/databases';
import type { OpenedDatabase } from '../../../../src/server/store/openDatabase';
import { AuditLog } from '../../../../src/server/domain/auditLog';
import { PeopleService } from '../../../../src/server/domain/peopleService';
import { SessionService } from '../../../../src/server/domain/sessionService';
import { OidcLogin, type OidcIdentity } from '../../../../src/server/domain/oidcLogin';
import { ErrorCodes } from '../../../../src/shared/errors';

const ISSUER = 'https://sso.bps.example/realms/bengkulu';

function identity(subject: string, email: string | null, emailVerified = true, issuer = ISSUER): OidcIdentity {
  return { issuer, subject, email, emailVerified };
}

describe.each(testDatabases())('OidcLogin on $name', (kind) => {
  let store: OpenedDatabase & { dispose(): Promise<void> };
  let people: PeopleService;
  let sessions: SessionService;
  let audit: AuditLog;
  let login: OidcLogin;
  let now = Date.UTC(2026, 0, 5, 2, 0);
  const clock = { now: () => now };

  beforeEach(async () => {
    store = await kind.open();
    audit = new AuditLog({ db: store.db, dialect: store.dialect, clock });
    people = new PeopleService({ db: store.db, clock, audit, passwordHash: { N: 1024 } });
    sessions = new SessionService({ db: store.db, clock });
    login = new OidcLogin({ db: store.db, people, sessions, clock, audit });
  });
  afterEach(async () => {
    await store.dispose();
  });

  async function person(username: string, email: string | null, roles: ('technician' | 'admin' | 'employee')[] = ['technician']) {
    return people.createUser({ username, displayName: username, roles, ...(email ? { email } : {}) });
  }

  async function refusal(p: Promise<unknown>): Promise<string> {
    const err = await p.then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code).toBe(ErrorCodes.OIDC_IDENTITY_UNKNOWN);
    return err!.message!;
  }

  it('links a first login by the verified e-mail (any case) and opens a session the session service accepts', async () => {
    const siti = await person('siti', 'siti.aminah@bps.go.id');
    const r = await login.login(identity('sub-siti', 'Siti.Aminah@BPS.go.id'), '10.0.0.7');
    expect(r.user.id).toBe(siti.id);
    expect(r.linked).toBe(true);
    expect(await sessions.authenticate(r.session.token)).toMatchObject({ userId: siti.id });
    const links = await store.db.selectFrom('oidc_links').selectAll().execute();
    expect(links).toEqual([expect.objectContaining({ issuer: ISSUER, subject: 'sub-siti', user_id: siti.id, email: 'Siti.Aminah@BPS.go.id' })]);
    const entries = (await audit.list({ limit: 10 })).items.map((e) => [e.action, e.actorId, e.source, e.data]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['auth.oidc_link', siti.id, '10.0.0.7', { issuer: ISSUER, subject: 'sub-siti', email: 'Siti.Aminah@BPS.go.id' }],
        ['auth.login', siti.id, '10.0.0.7', { method: 'oidc', issuer: ISSUER }],
      ]),
    );
  });

  it('logs a linked identity in by its link, whatever its e-mail says now', async () => {
    const siti = await person('siti', 'siti@bps.go.id');
    await login.login(identity('sub-siti', 'siti@bps.go.id'), null);
    await people.updateUser(siti.id, { email: 'siti.baru@bps.go.id' });
    now += 60_000;
    const again = await login.login(identity('sub-siti', 'someone.else@bps.go.id', false), null);
    expect(again.user.id).toBe(siti.id);
    expect(again.linked).toBe(false);
    const link = await store.db.selectFrom('oidc_links').select(['last_login_at']).executeTakeFirstOrThrow();
    expect(Number(link.last_login_at)).toBe(now);
    // A new session at each login, never the old one.
    expect((await store.db.selectFrom('sessions').select('id_hash').execute()).length).toBe(2);
  });

  it('refuses an identity no person has the e-mail of, and creates nobody', async () => {
    await person('siti', 'siti@bps.go.id');
    const before = (await people.listUsers({ limit: 100, offset: 0, includeDisabled: true })).total;
    expect(await refusal(login.login(identity('sub-x', 'stranger@elsewhere.example'), null))).toMatch(/no enabled person/);
    expect((await people.listUsers({ limit: 100, offset: 0, includeDisabled: true })).total).toBe(before);
    expect(await store.db.selectFrom('oidc_links').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('does not link by an e-mail the provider has not verified, nor without an e-mail', async () => {
    await person('budi', 'budi@bps.go.id');
    expect(await refusal(login.login(identity('sub-budi', 'budi@bps.go.id', false), null))).toMatch(/not verified/);
    expect(await refusal(login.login(identity('sub-budi', null), null))).toMatch(/no e-mail/);
    expect(await store.db.selectFrom('oidc_links').selectAll().execute()).toEqual([]);
  });

  it('does not guess between two people who share an e-mail', async () => {
    await person('ani', 'tim.ipds@bps.go.id');
    await person('eko', 'tim.ipds@bps.go.id');
    expect(await refusal(login.login(identity('sub-tim', 'tim.ipds@bps.go.id'), null))).toMatch(/more than one/);
  });

  it('refuses a disabled person, linked or not', async () => {
    const siti = await person('siti', 'siti@bps.go.id');
    const dewi = await person('dewi', 'dewi@bps.go.id');
    await login.login(identity('sub-siti', 'siti@bps.go.id'), null);
    await people.updateUser(siti.id, { disabled: true });
    await people.updateUser(dewi.id, { disabled: true });
    expect(await refusal(login.login(identity('sub-siti', 'siti@bps.go.id'), null))).toMatch(/disabled/);
    expect(await refusal(login.login(identity('sub-dewi', 'dewi@bps.go.id'), null))).toMatch(/no enabled person/);
  });

  it('does not give a linked person a second identity of the same provider by e-mail', async () => {
    const siti = await person('siti', 'siti@bps.go.id');
    await login.login(identity('sub-siti', 'siti@bps.go.id'), null);
    expect(await refusal(login.login(identity('sub-impostor', 'siti@bps.go.id'), null))).toMatch(/linked to another identity/);
    // Another provider (issuer) is another namespace of subjects: it may link the same person once.
    const other = await login.login(identity('sub-siti', 'siti@bps.go.id', true, 'https://other-idp.example'), null);
    expect(other.user.id).toBe(siti.id);
  });

  it('keeps the roles Pasang gave: an SSO login is no way to become admin', async () => {
    await person('eko', 'eko@bps.go.id', ['employee']);
    const r = await login.login(identity('sub-eko', 'eko@bps.go.id'), null);
    expect(r.user.roles).toEqual(['employee']);
    expect(await people.activeRoles(r.user.id)).toEqual(['employee']);
  });
});
