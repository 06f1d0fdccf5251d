/** Console login, sessions, CSRF, throttling, TOTP and the people API against a real server, on each store. */
import { ErrorCodes } from '../../../src/shared/errors';
import { totpCode } from '../../../src/server/domain/totp';
import { startHarness, type Harness } from '../../support/serverHarness';
import { asSession, call, createPerson, login, type Session } from '../../support/consoleSession';
import { serverDatabases } from '../../support/serverDatabases';

const PASSWORD = 'rahasia-yang-panjang';
const NIP = '199001012015031001';

describe.each(serverDatabases())('console access on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;
  let now: number;
  let admin: Session;

  beforeAll(async () => {
    now = Date.parse('2026-12-01T08:00:00Z');
    const created = await database.create();
    dispose = created.dispose;
    h = await startHarness({
      clock: { now: () => now },
      people: { passwordHash: { N: 1024 } },
      ...(created.db ? { db: created.db } : {}),
    });
    await createPerson(h, { username: 'admin', roles: ['admin'], password: PASSWORD });
    admin = await login(h.server.url, 'admin', PASSWORD);
  });
  afterAll(async () => {
    await h.close();
    await dispose();
  });

  describe('POST /api/v1/auth/login', () => {
    it('sets a __Host- cookie that is Secure, HttpOnly, SameSite=Strict, Path=/ and has no Domain', async () => {
      const s = await login(h.server.url, 'admin', PASSWORD);
      const cookie = s.reply.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^__Host-pasang_session=[A-Za-z0-9_-]{43};/);
      const attrs = cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['path=/', 'secure', 'httponly', 'samesite=strict']));
      expect(attrs.some((a) => a.startsWith('domain'))).toBe(false);
      expect(s.reply.json).toMatchObject({
        user: { username: 'admin', roles: ['admin'] },
        csrfToken: expect.any(String),
        expiresAt: expect.any(String),
      });
    });

    it('gives a new session at each login', async () => {
      const a = await login(h.server.url, 'admin', PASSWORD);
      const b = await login(h.server.url, 'admin', PASSWORD);
      expect(a.cookie).not.toBe(b.cookie);
      expect(a.csrfToken).not.toBe(b.csrfToken);
    });

    it('answers an unknown user exactly as a wrong password', async () => {
      const unknown = await call(h.server.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'nobody-at-all', password: 'whatever-it-is' },
      });
      const wrong = await call(h.server.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'admin', password: 'whatever-it-is' },
      });
      expect(unknown.status).toBe(401);
      expect(unknown.json).toEqual(wrong.json);
      expect(unknown.json.error.code).toBe(ErrorCodes.INVALID_CREDENTIALS);
      expect(unknown.headers.get('set-cookie')).toBeNull();
    });

    it('locks a username out with 429 and Retry-After after five failures', async () => {
      const targetId = await createPerson(h, { username: 'target', roles: ['employee'], password: PASSWORD });
      for (let i = 0; i < 5; i++) {
        expect(
          (
            await call(h.server.url, 'POST', '/api/v1/auth/login', {
              body: { username: 'target', password: 'guess-number-' + i },
            })
          ).status,
        ).toBe(401);
      }
      const locked = await call(h.server.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'target', password: PASSWORD },
      });
      expect(locked.status).toBe(429);
      expect(locked.json.error.code).toBe(ErrorCodes.RATE_LIMITED);
      expect(locked.headers.get('retry-after')).toBe('1');
      const lockouts = await h.api('GET', '/api/v1/audit?action=auth.lockout');
      expect(lockouts.json.items).toEqual([
        expect.objectContaining({ target: `user:${targetId}`, source: '127.0.0.1' }),
      ]);
      now += 1000;
      await login(h.server.url, 'target', PASSWORD);
    });

    it('refuses a malformed body with 400', async () => {
      expect((await call(h.server.url, 'POST', '/api/v1/auth/login', { body: { username: 'admin' } })).status).toBe(
        400,
      );
      expect(
        (
          await call(h.server.url, 'POST', '/api/v1/auth/login', {
            body: { username: 'admin', password: PASSWORD, totp: '12' },
          })
        ).status,
      ).toBe(400);
    });
  });

  describe('sessions', () => {
    it('work for API calls as the person, with all their roles', async () => {
      await createPerson(h, { username: 'tech', roles: ['technician', 'employee'], password: PASSWORD });
      const s = await login(h.server.url, 'tech', PASSWORD);
      const api = asSession(h.server.url, s);
      const me = await api('GET', '/api/v1/auth/me');
      expect(me.json).toMatchObject({
        user: { username: 'tech' },
        principal: { kind: 'user', roles: ['technician', 'employee'], via: 'session' },
        csrfToken: s.csrfToken,
      });
      expect((await api('GET', '/api/v1/agents')).status).toBe(200);
      expect(
        (await api('POST', '/api/v1/users', { username: 'x', displayName: 'x', roles: ['employee'] })).status,
      ).toBe(403);
    });

    it('end on the server at logout: the old cookie is refused', async () => {
      const s = await login(h.server.url, 'admin', PASSWORD);
      const api = asSession(h.server.url, s);
      const out = await api('POST', '/api/v1/auth/logout');
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/^__Host-pasang_session=;.*Max-Age=0/);
      expect((await api('GET', '/api/v1/auth/me')).status).toBe(401);
    });

    it('end after 12 hours without use', async () => {
      const s = await login(h.server.url, 'admin', PASSWORD);
      now += 12 * 3_600_000;
      expect((await asSession(h.server.url, s)('GET', '/api/v1/auth/me')).status).toBe(401);
      admin = await login(h.server.url, 'admin', PASSWORD);
    });

    it('are not accepted from a cookie value never issued', async () => {
      expect(
        (await call(h.server.url, 'GET', '/api/v1/auth/me', { cookie: `__Host-pasang_session=${'A'.repeat(43)}` }))
          .status,
      ).toBe(401);
    });
  });

  describe('CSRF', () => {
    it.each([
      ['missing', undefined],
      ['wrong', 'not-the-token'],
    ])('refuses a change made by cookie with the token %s: 403 CSRF_INVALID, nothing changed', async (_what, csrf) => {
      const r = await call(h.server.url, 'POST', '/api/v1/teams', {
        cookie: admin.cookie,
        ...(csrf ? { csrf } : {}),
        body: { name: 'Tim CSRF' },
      });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe(ErrorCodes.CSRF_INVALID);
      expect((await h.api('GET', '/api/v1/teams')).json.items.map((t: { name: string }) => t.name)).not.toContain(
        'Tim CSRF',
      );
    });

    it("refuses another session's token", async () => {
      const other = await login(h.server.url, 'admin', PASSWORD);
      const r = await call(h.server.url, 'DELETE', '/api/v1/teams/none', {
        cookie: admin.cookie,
        csrf: other.csrfToken,
      });
      expect(r.status).toBe(403);
    });

    it('lets reads by cookie and changes by bearer token go without it', async () => {
      expect((await call(h.server.url, 'GET', '/api/v1/teams', { cookie: admin.cookie })).status).toBe(200);
      expect((await h.api('POST', '/api/v1/teams', { name: 'Tim Bearer' })).status).toBe(201);
      expect((await asSession(h.server.url, admin)('POST', '/api/v1/teams', { name: 'Tim Cookie' })).status).toBe(201);
    });
  });

  describe('TOTP', () => {
    it('is required at login once enrolled and confirmed', async () => {
      await createPerson(h, { username: 'mfa', roles: ['technician'], password: PASSWORD });
      const s = await login(h.server.url, 'mfa', PASSWORD);
      const api = asSession(h.server.url, s);
      expect((await api('POST', '/api/v1/auth/totp/enroll', { password: 'not-the-password' })).json.error.code).toBe(
        ErrorCodes.INVALID_CREDENTIALS,
      );
      const enrolled = await api('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD });
      expect(enrolled.status).toBe(200);
      expect(enrolled.json.uri).toMatch(/^otpauth:\/\/totp\/Pasang:mfa\?secret=/);
      expect((await api('POST', '/api/v1/auth/totp/confirm', { code: '000000' })).json.error.code).toBe(
        ErrorCodes.TOTP_INVALID,
      );
      expect(
        (await api('POST', '/api/v1/auth/totp/confirm', { code: totpCode(enrolled.json.secret, now) })).status,
      ).toBe(200);
      const without = await call(h.server.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'mfa', password: PASSWORD },
      });
      expect(without.status).toBe(401);
      expect(without.json.error.code).toBe(ErrorCodes.TOTP_REQUIRED);
      now += 30_000;
      const withCode = await login(h.server.url, 'mfa', PASSWORD, totpCode(enrolled.json.secret, now));
      expect(withCode.reply.json.user.totpEnabled).toBe(true);
      // A session cannot swap the active secret for its own.
      expect(
        (await asSession(h.server.url, withCode)('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD })).status,
      ).toBe(409);
      // An admin turns it off for a lost phone.
      const mfaId = withCode.userId;
      expect((await asSession(h.server.url, admin)('DELETE', `/api/v1/users/${mfaId}/totp`)).status).toBe(200);
      await login(h.server.url, 'mfa', PASSWORD);
    });

    it('is for persons, not stand-alone API tokens', async () => {
      expect((await h.api('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD })).status).toBe(403);
      expect((await h.api('GET', '/api/v1/auth/me')).json).toMatchObject({
        user: null,
        principal: { kind: 'api-token', roles: ['admin'] },
      });
    });
  });

  describe('/api/v1/users', () => {
    it('creates a person and refuses a bad NIP with 400 and the reason', async () => {
      const api = asSession(h.server.url, admin);
      const bad = await api('POST', '/api/v1/users', {
        username: 'pegawai.a',
        displayName: 'Pegawai A',
        nip: '199013012015031001',
        roles: ['employee'],
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({
        code: ErrorCodes.NIP_INVALID,
        details: {
          reason: { id: expect.stringContaining('tanggal lahir'), en: expect.stringContaining('date of birth') },
        },
      });
      const ok = await api('POST', '/api/v1/users', {
        username: 'pegawai.a',
        displayName: 'Pegawai A',
        nip: NIP,
        roles: ['employee'],
      });
      expect(ok.status).toBe(201);
      expect(ok.json).toMatchObject({
        username: 'pegawai.a',
        nip: NIP,
        roles: ['employee'],
        hasPassword: false,
        totpEnabled: false,
      });
      expect(ok.json).not.toHaveProperty('passwordHash');
      expect(
        (await api('POST', '/api/v1/users', { username: 'pegawai.a', displayName: 'Again', roles: ['employee'] }))
          .status,
      ).toBe(409);
      expect((await api('POST', '/api/v1/users', { username: 'p', displayName: 'P', roles: ['root'] })).status).toBe(
        400,
      );
      expect(
        (await api('POST', '/api/v1/users', { username: 'pp', displayName: 'P', roles: ['employee'], isAdmin: true }))
          .status,
      ).toBe(400);
    });

    it('updates by PATCH and PUT, disables by DELETE, and answers 404 for no such person', async () => {
      const api = asSession(h.server.url, admin);
      const u = (
        await api('POST', '/api/v1/users', {
          username: 'crud',
          displayName: 'Crud',
          roles: ['employee'],
          password: PASSWORD,
        })
      ).json;
      const s = await login(h.server.url, 'crud', PASSWORD);
      const patched = await api('PATCH', `/api/v1/users/${u.id}`, {
        roles: ['technician', 'employee'],
        qualification: 'junior_technical_support',
      });
      expect(patched.json).toMatchObject({
        roles: ['technician', 'employee'],
        qualification: 'junior_technical_support',
      });
      expect((await asSession(h.server.url, s)('GET', '/api/v1/auth/me')).json.principal.roles).toEqual([
        'technician',
        'employee',
      ]);
      const put = await api('PUT', `/api/v1/users/${u.id}`, { displayName: 'Crud Baru', roles: ['employee'] });
      expect(put.json).toMatchObject({ displayName: 'Crud Baru', roles: ['employee'], qualification: null });
      expect((await api('PATCH', `/api/v1/users/${u.id}`, {})).status).toBe(400);
      expect((await api('DELETE', `/api/v1/users/${u.id}`)).json.disabled).toBe(true);
      expect((await asSession(h.server.url, s)('GET', '/api/v1/auth/me')).status).toBe(401);
      expect(
        (await call(h.server.url, 'POST', '/api/v1/auth/login', { body: { username: 'crud', password: PASSWORD } }))
          .status,
      ).toBe(401);
      expect((await api('GET', '/api/v1/users/no-such-user')).status).toBe(404);
      expect((await api('GET', '/api/v1/users?includeDisabled=true&search=crud')).json.items).toHaveLength(1);
      expect((await api('GET', '/api/v1/users?search=crud')).json.items).toHaveLength(0);
      expect((await api('GET', '/api/v1/users?limit=0')).status).toBe(400);
    });

    it('lets a person read only themselves, and change their own password with the current one', async () => {
      const id = await createPerson(h, { username: 'self', roles: ['employee'], password: PASSWORD });
      const s = await login(h.server.url, 'self', PASSWORD);
      const api = asSession(h.server.url, s);
      expect((await api('GET', `/api/v1/users/${id}`)).status).toBe(200);
      expect((await api('GET', `/api/v1/users/${admin.userId}`)).status).toBe(403);
      expect((await api('GET', '/api/v1/users/no-such-user')).status).toBe(403);
      expect(
        (await api('PUT', `/api/v1/users/${id}/password`, { password: 'kata-sandi-baru-1' })).json.error.code,
      ).toBe(ErrorCodes.INVALID_CREDENTIALS);
      expect(
        (
          await api('PUT', `/api/v1/users/${id}/password`, {
            password: 'kata-sandi-baru-1',
            oldPassword: 'wrong-one-here',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await api('PUT', `/api/v1/users/${admin.userId}/password`, {
            password: 'kata-sandi-baru-1',
            oldPassword: PASSWORD,
          })
        ).status,
      ).toBe(403);
      const other = await login(h.server.url, 'self', PASSWORD);
      expect(
        (await api('PUT', `/api/v1/users/${id}/password`, { password: 'kata-sandi-baru-1', oldPassword: PASSWORD }))
          .status,
      ).toBe(200);
      expect((await api('GET', '/api/v1/auth/me')).status).toBe(200);
      expect((await asSession(h.server.url, other)('GET', '/api/v1/auth/me')).status).toBe(401);
      await login(h.server.url, 'self', 'kata-sandi-baru-1');
      expect(
        (await asSession(h.server.url, admin)('PUT', `/api/v1/users/${id}/password`, { password: 'set-by-the-admin' }))
          .status,
      ).toBe(200);
      await login(h.server.url, 'self', 'set-by-the-admin');
    });
  });

  describe('Ketua Tim', () => {
    let lead: Session;
    let teamId: string;
    let otherTeamId: string;
    let memberId: string;
    let outsiderId: string;

    beforeAll(async () => {
      const api = asSession(h.server.url, admin);
      const leadId = await createPerson(h, {
        username: 'ketua.tim',
        roles: ['team_lead', 'employee'],
        password: PASSWORD,
      });
      teamId = (await api('POST', '/api/v1/teams', { name: 'Tim Statistik Sosial', leadUserId: leadId })).json.id;
      otherTeamId = (await api('POST', '/api/v1/teams', { name: 'Tim Lain' })).json.id;
      memberId = await createPerson(h, { username: 'anggota', roles: ['employee'], teamId, nip: '198502142010122002' });
      outsiderId = await createPerson(h, {
        username: 'orang.lain',
        roles: ['employee'],
        teamId: otherTeamId,
        nip: '197712312005011003',
      });
      lead = await login(h.server.url, 'ketua.tim', PASSWORD);
    });

    it('lists the members of their own team, and no other', async () => {
      const api = asSession(h.server.url, lead);
      expect((await api('GET', '/api/v1/users')).json.items.map((u: { username: string }) => u.username)).toEqual([
        'anggota',
      ]);
      expect((await api('GET', `/api/v1/users?teamId=${otherTeamId}`)).status).toBe(403);
      expect((await api('GET', `/api/v1/users/${memberId}`)).status).toBe(200);
      expect((await api('GET', `/api/v1/users/${outsiderId}`)).status).toBe(403);
    });

    it("confirms a claim by a member of their team, and may not confirm another team's", async () => {
      const pc = await h.enroll();
      const mine = await h.server.people.claimOsAccount(pc.agentId, 'anggota', '198502142010122002');
      const theirs = await h.server.people.claimOsAccount(pc.agentId, 'orang', '197712312005011003');
      const api = asSession(h.server.url, lead);
      const pending = await api('GET', '/api/v1/os-accounts?pending=true');
      expect(pending.json.items.map((l: { id: string }) => l.id)).toEqual([mine!.linkId]);
      expect((await api('POST', `/api/v1/os-accounts/${theirs!.linkId}/confirm`)).status).toBe(403);
      const confirmed = await api('POST', `/api/v1/os-accounts/${mine!.linkId}/confirm`);
      expect(confirmed.status).toBe(200);
      expect(confirmed.json).toMatchObject({
        confirmed: true,
        confirmedBy: lead.userId,
        osUser: 'anggota',
        agentId: pc.agentId,
      });
      expect((await h.server.people.byOsAccount(pc.agentId, 'anggota'))!.confirmed).toBe(true);
      // Refusing: the lead may delete a pending claim of their team, not a confirmed link; the admin may.
      expect((await api('DELETE', `/api/v1/os-accounts/${mine!.linkId}`)).status).toBe(403);
      expect((await asSession(h.server.url, admin)('DELETE', `/api/v1/os-accounts/${theirs!.linkId}`)).status).toBe(
        200,
      );
      expect((await asSession(h.server.url, admin)('GET', '/api/v1/os-accounts?pending=maybe')).status).toBe(400);
    });

    it('lets an admin link an OS account directly, confirmed at once', async () => {
      const r = await asSession(h.server.url, admin)('POST', '/api/v1/os-accounts', {
        userId: memberId,
        osUser: 'ANGGOTA-LAPTOP',
      });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ confirmed: true, agentId: null, username: 'anggota' });
      expect(
        (await asSession(h.server.url, admin)('POST', '/api/v1/os-accounts', { userId: 'ghost', osUser: 'x' })).status,
      ).toBe(400);
    });
  });

  describe('teams', () => {
    it('are read by everyone and managed by admins; a non-empty team is not deleted', async () => {
      const api = asSession(h.server.url, admin);
      const t = (await api('POST', '/api/v1/teams', { name: 'Tim Sementara' })).json;
      expect((await api('PATCH', `/api/v1/teams/${t.id}`, { name: 'Tim Tetap' })).json.name).toBe('Tim Tetap');
      expect((await api('POST', '/api/v1/teams', { name: 'Tim Tetap' })).status).toBe(409);
      const emp = await h.server.apiTokens.create('employee');
      expect((await h.api('GET', `/api/v1/teams/${t.id}`, undefined, emp.token)).status).toBe(200);
      expect((await h.api('PATCH', `/api/v1/teams/${t.id}`, { name: 'x' }, emp.token)).status).toBe(403);
      await createPerson(h, { username: 'anggota.tetap', roles: ['employee'], teamId: t.id });
      expect((await api('DELETE', `/api/v1/teams/${t.id}`)).status).toBe(409);
      expect((await api('GET', '/api/v1/teams/nope')).status).toBe(404);
    });
  });

  describe('audit', () => {
    it('records changes to people with who made them and from where, and successful logins, never a password', async () => {
      const api = asSession(h.server.url, admin);
      const u = (
        await api('POST', '/api/v1/users', {
          username: 'diaudit',
          displayName: 'Diaudit',
          roles: ['employee'],
          password: PASSWORD,
        })
      ).json;
      await api('PATCH', `/api/v1/users/${u.id}`, { roles: ['employee', 'technician'] });
      await api('PUT', `/api/v1/users/${u.id}/password`, { password: 'another-password-1' });
      await login(h.server.url, 'diaudit', 'another-password-1');
      const log = await h.api('GET', `/api/v1/audit?target=user:${u.id}`);
      expect(log.status).toBe(200);
      const entries = log.json.items as {
        action: string;
        actorKind: string;
        actorId: string;
        source: string;
        data: unknown;
      }[];
      expect(entries.map((e) => e.action).sort()).toEqual([
        'auth.login',
        'user.create',
        'user.password_set',
        'user.update',
      ]);
      expect(entries.find((e) => e.action === 'user.create')).toMatchObject({
        actorKind: 'user',
        actorId: admin.userId,
        source: '127.0.0.1',
      });
      expect(JSON.stringify(entries)).not.toContain('another-password-1');
      expect((await h.api('GET', '/api/v1/audit/verify')).json).toMatchObject({ ok: true });
    });
  });

  describe('security headers', () => {
    it('are on every answer: nosniff, a CSP without framing, and no HSTS over plain http', async () => {
      const r = await call(h.server.url, 'GET', '/api/v1/auth/me');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('strict-transport-security')).toBeNull();
    });
  });
});
