/** PeopleService, SessionService and ConsoleLogin against the real store, on SQLite and (when configured) PostgreSQL. */
import { ErrorCodes } from '../../../src/shared/errors';
import { EnrollmentService } from '../../../src/server/domain/enrollment';
import { PeopleService } from '../../../src/server/domain/peopleService';
import { SessionService } from '../../../src/server/domain/sessionService';
import { ConsoleLogin } from '../../../src/server/domain/consoleLogin';
import { ApiTokenService } from '../../../src/server/domain/apiTokens';
import { totpCode } from '../../../src/server/domain/totp';
import { testDatabases } from '../../support/databases';

const NIP = '199001012015031001';
const NIP2 = '198502142010122002';
const FAST = { N: 1024 };

describe.each(testDatabases())('people on $name', (database) => {
  let db: Awaited<ReturnType<typeof database.open>>;
  let now: number;
  const clock = { now: () => now };
  let people: PeopleService;

  // One database per run (migrating one per test took most of this file's time); each test starts from empty tables.
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => {
    await db.dispose();
  });
  beforeEach(async () => {
    now = Date.parse('2026-12-01T08:00:00Z');
    for (const table of [
      'user_os_accounts',
      'sessions',
      'user_totp',
      'user_roles',
      'api_tokens',
      'users',
      'teams',
      'agents',
      'enroll_tokens',
    ] as const) {
      await db.db.deleteFrom(table).execute();
    }
    people = new PeopleService({ db: db.db, clock, passwordHash: FAST });
  });

  async function agent(hostname: string): Promise<string> {
    const enrollment = new EnrollmentService(db.db, clock);
    const { token } = await enrollment.createToken();
    return (await enrollment.enroll({ token, machineId: `m-${hostname}`, hostname })).agentId;
  }

  describe('PeopleService users', () => {
    it('creates a person with several roles, a NIP as printed, and a qualification', async () => {
      const u = await people.createUser({
        username: 'Teknisi.Satu',
        displayName: ' Teknisi Satu ',
        nip: '19900101 201503 1 001',
        roles: ['technician', 'employee'],
        qualification: 'computing_degree',
      });
      expect(u).toMatchObject({
        username: 'teknisi.satu',
        displayName: 'Teknisi Satu',
        nip: NIP,
        roles: ['technician', 'employee'],
        qualification: 'computing_degree',
        disabled: false,
        hasPassword: false,
      });
      expect(await people.isQualifiedTechnician(u.id)).toBe(true);
      expect(await people.person(u.id)).toEqual({
        id: u.id,
        username: 'teknisi.satu',
        displayName: 'Teknisi Satu',
        nip: NIP,
        teamId: null,
        roles: ['technician', 'employee'],
        qualification: 'computing_degree',
        disabled: false,
      });
    });

    it.each([
      ['17 digits', '19900101201503100', 'exactly 18 digits'],
      ['a 30 February birth date', '199002302015031001', 'date of birth'],
      ['appointment month 13', '199001012015131001', 'month of appointment'],
      ['sex digit 3', '199001012015033001', 'digit 15'],
    ])('refuses a NIP with %s, saying why in both languages', async (_what, nip, why) => {
      const err = await people
        .createUser({ username: 'x1', displayName: 'X', nip, roles: ['employee'] })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: ErrorCodes.NIP_INVALID,
        message: expect.stringContaining(why),
        details: { reason: { id: expect.any(String), en: expect.stringContaining(why) } },
      });
      expect((await people.listUsers({ limit: 10, offset: 0 })).total).toBe(0);
    });

    it('refuses a taken username or NIP with CONFLICT and writes nothing', async () => {
      await people.createUser({ username: 'budi', displayName: 'Budi', nip: NIP, roles: ['employee'] });
      await expect(
        people.createUser({ username: 'BUDI', displayName: 'B2', roles: ['employee'] }),
      ).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
      await expect(
        people.createUser({ username: 'budi2', displayName: 'B2', nip: NIP, roles: ['employee'] }),
      ).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
      expect((await people.listUsers({ limit: 10, offset: 0 })).total).toBe(1);
    });

    it.each([
      [{ roles: [] }, 'at least one role'],
      [{ roles: ['root'] }, 'unknown role'],
      [{ qualification: 'phd' }, 'unknown qualification'],
      [{ password: 'short' }, 'at least 10'],
      [{ teamId: 'no-such-team' }, 'no team'],
      [{ email: 'not-an-address' }, 'e-mail'],
      [{ username: '-dash' }, 'username'],
    ])('refuses %j', async (extra, why) => {
      const input = { username: 'siti', displayName: 'Siti', roles: ['employee'], ...extra } as Parameters<
        PeopleService['createUser']
      >[0];
      await expect(people.createUser(input)).rejects.toMatchObject({
        code: ErrorCodes.BAD_REQUEST,
        message: expect.stringContaining(why),
      });
    });

    it('lists with search, role and team filters, paged', async () => {
      const team = await people.teams.create({ name: 'Tim IPDS' });
      for (let i = 0; i < 5; i++)
        await people.createUser({
          username: `pegawai${i}`,
          displayName: `Pegawai ${i}`,
          roles: ['employee'],
          ...(i < 2 ? { teamId: team.id } : {}),
        });
      await people.createUser({ username: 'tek', displayName: 'Teknisi 50%_', roles: ['technician'] });
      expect((await people.listUsers({ limit: 2, offset: 0 })).items.map((u) => u.username)).toEqual([
        'pegawai0',
        'pegawai1',
      ]);
      expect((await people.listUsers({ limit: 2, offset: 4 })).items.map((u) => u.username)).toEqual([
        'pegawai4',
        'tek',
      ]);
      expect(
        (await people.listUsers({ limit: 10, offset: 0, role: 'technician' })).items.map((u) => u.username),
      ).toEqual(['tek']);
      expect((await people.listUsers({ limit: 10, offset: 0, teamIds: [team.id] })).total).toBe(2);
      expect(
        (await people.listUsers({ limit: 10, offset: 0, search: 'PEGAWAI 3' })).items.map((u) => u.username),
      ).toEqual(['pegawai3']);
      expect((await people.listUsers({ limit: 10, offset: 0, search: '50%_' })).items.map((u) => u.username)).toEqual([
        'tek',
      ]);
      expect((await people.listUsers({ limit: 10, offset: 0, search: '5_%' })).total).toBe(0);
    });

    it('updates roles, team and qualification, and disabling ends the sessions', async () => {
      const u = await people.createUser({
        username: 'andi',
        displayName: 'Andi',
        roles: ['employee'],
        password: 'andi-password-1',
      });
      const sessions = new SessionService({ db: db.db, clock });
      const s = await sessions.create(u.id, '127.0.0.1');
      const team = await people.teams.create({ name: 'Tim Distribusi' });
      const changed = await people.updateUser(u.id, {
        roles: ['technician', 'employee'],
        qualification: 'junior_technical_support',
        teamId: team.id,
        nip: NIP2,
      });
      expect(changed).toMatchObject({
        roles: ['technician', 'employee'],
        qualification: 'junior_technical_support',
        teamId: team.id,
        nip: NIP2,
      });
      expect(await sessions.authenticate(s.token)).not.toBeNull();
      const disabled = await people.updateUser(u.id, { disabled: true });
      expect(disabled.disabled).toBe(true);
      expect(await sessions.authenticate(s.token)).toBeNull();
      expect(await people.activeRoles(u.id)).toBeNull();
      expect(await people.isQualifiedTechnician(u.id)).toBe(false);
      expect((await people.updateUser(u.id, { disabled: false })).disabled).toBe(false);
    });

    it('replaces the record on PUT, clearing what is left out', async () => {
      const u = await people.createUser({
        username: 'rina',
        displayName: 'Rina',
        nip: NIP,
        email: 'rina@bps.go.id',
        roles: ['employee'],
      });
      const r = await people.replaceUser(u.id, { displayName: 'Rina W', roles: ['employee'] });
      expect(r).toMatchObject({ displayName: 'Rina W', nip: null, email: null, username: 'rina' });
    });

    it('will not drop the team_lead role of a sitting Ketua Tim, nor disable them', async () => {
      const lead = await people.createUser({
        username: 'ketua',
        displayName: 'Ketua',
        roles: ['team_lead', 'employee'],
      });
      await people.teams.create({ name: 'Tim Neraca', leadUserId: lead.id });
      await expect(people.updateUser(lead.id, { roles: ['employee'] })).rejects.toMatchObject({
        code: ErrorCodes.CONFLICT,
        message: expect.stringContaining('Tim Neraca'),
      });
      await expect(people.updateUser(lead.id, { disabled: true })).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
      expect((await people.user(lead.id))!.roles).toEqual(['team_lead', 'employee']);
    });

    it('sets a password and ends every other session of that person', async () => {
      const u = await people.createUser({
        username: 'dewi',
        displayName: 'Dewi',
        roles: ['employee'],
        password: 'first-password',
      });
      const sessions = new SessionService({ db: db.db, clock });
      const keep = await sessions.create(u.id, null);
      const other = await sessions.create(u.id, null);
      await people.setPassword(u.id, 'second-password', keep.id);
      expect(await sessions.authenticate(keep.token)).not.toBeNull();
      expect(await sessions.authenticate(other.token)).toBeNull();
      await expect(people.setPassword('nobody', 'whatever-password')).rejects.toMatchObject({
        code: ErrorCodes.NOT_FOUND,
      });
    });
  });

  describe('TeamService', () => {
    it('gives a team its Ketua Tim only if they hold team_lead', async () => {
      const emp = await people.createUser({ username: 'emp', displayName: 'Emp', roles: ['employee'] });
      await expect(people.teams.create({ name: 'Tim A', leadUserId: emp.id })).rejects.toMatchObject({
        code: ErrorCodes.BAD_REQUEST,
        message: expect.stringContaining('team_lead'),
      });
      const lead = await people.createUser({ username: 'lead', displayName: 'Lead', roles: ['team_lead'] });
      const team = await people.teams.create({ name: 'Tim A', leadUserId: lead.id });
      expect(await people.teamLead(team.id)).toMatchObject({ id: lead.id, roles: ['team_lead'] });
      expect(await people.teams.idsLedBy(lead.id)).toEqual([team.id]);
      await expect(people.teams.create({ name: 'Tim A' })).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
      expect((await people.teams.update(team.id, { leadUserId: null })).leadUserId).toBeNull();
      expect(await people.teamLead(team.id)).toBeNull();
    });

    it('deletes only an empty team', async () => {
      const team = await people.teams.create({ name: 'Tim B' });
      const u = await people.createUser({ username: 'member', displayName: 'M', roles: ['employee'], teamId: team.id });
      expect((await people.teams.get(team.id))!.memberCount).toBe(1);
      await expect(people.teams.delete(team.id)).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
      await people.updateUser(u.id, { teamId: null });
      await people.teams.delete(team.id);
      expect(await people.teams.get(team.id)).toBeNull();
    });
  });

  describe('OS accounts', () => {
    it('records a claim by NIP unconfirmed, returns it again for the same claim, and confirms it', async () => {
      const pc = await agent('pc-1');
      const u = await people.createUser({ username: 'claimer', displayName: 'C', nip: NIP, roles: ['employee'] });
      const claim = await people.claimOsAccount(pc, 'claimer', '19900101 201503 1 001');
      expect(claim).toEqual({
        person: expect.objectContaining({ id: u.id }),
        confirmed: false,
        linkId: expect.any(String),
      });
      expect(await people.claimOsAccount(pc, 'claimer', NIP)).toEqual(claim);
      expect(await people.byOsAccount(pc, 'claimer')).toEqual(claim);
      expect((await people.osAccounts.list({ pending: true })).map((l) => l.id)).toEqual([claim!.linkId]);
      await people.confirmOsAccount(claim!.linkId, 'lead-id');
      expect(await people.byOsAccount(pc, 'claimer')).toEqual({ ...claim, confirmed: true });
      expect((await people.osAccounts.get(claim!.linkId))!.confirmedBy).toBe('lead-id');
      await expect(people.confirmOsAccount('no-such-link', 'x')).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
    });

    it('answers null for an unknown NIP and NIP_INVALID for a malformed one', async () => {
      const pc = await agent('pc-2');
      expect(await people.claimOsAccount(pc, 'someone', NIP2)).toBeNull();
      await expect(people.claimOsAccount(pc, 'someone', '123')).rejects.toMatchObject({ code: ErrorCodes.NIP_INVALID });
    });

    it("prefers the PC's own link to one for any PC, and a confirmed link to a claim", async () => {
      const pc1 = await agent('pc-a');
      const pc2 = await agent('pc-b');
      const roaming = await people.createUser({ username: 'roaming', displayName: 'R', roles: ['employee'] });
      const local = await people.createUser({ username: 'local', displayName: 'L', nip: NIP, roles: ['employee'] });
      await people.osAccounts.link({ userId: roaming.id, osUser: 'shared', by: 'admin' });
      expect((await people.byOsAccount(pc1, 'shared'))!.person.id).toBe(roaming.id);
      const claim = await people.claimOsAccount(pc1, 'shared', NIP);
      expect((await people.byOsAccount(pc1, 'shared'))!.person.id).toBe(local.id);
      expect((await people.byOsAccount(pc2, 'shared'))!.person.id).toBe(roaming.id);
      await people.osAccounts.delete(claim!.linkId);
      expect((await people.byOsAccount(pc1, 'shared'))!.person.id).toBe(roaming.id);
      expect(await people.byOsAccount(pc1, 'nobody')).toBeNull();
    });

    it('refuses an admin link to an unknown person or PC, and a duplicate', async () => {
      const u = await people.createUser({ username: 'linked', displayName: 'L', roles: ['employee'] });
      await expect(people.osAccounts.link({ userId: 'nope', osUser: 'x', by: 'a' })).rejects.toMatchObject({
        code: ErrorCodes.BAD_REQUEST,
      });
      await expect(
        people.osAccounts.link({ userId: u.id, osUser: 'x', agentId: 'nope', by: 'a' }),
      ).rejects.toMatchObject({ code: ErrorCodes.BAD_REQUEST });
      const link = await people.osAccounts.link({ userId: u.id, osUser: 'x', by: 'a' });
      expect(link).toMatchObject({ confirmed: true, agentId: null, username: 'linked' });
      await expect(people.osAccounts.link({ userId: u.id, osUser: 'x', by: 'a' })).rejects.toMatchObject({
        code: ErrorCodes.CONFLICT,
      });
    });
  });

  describe('SessionService', () => {
    it('ends a session after 12 h idle and after 7 days whatever its use', async () => {
      const u = await people.createUser({ username: 'sesi', displayName: 'S', roles: ['employee'] });
      const sessions = new SessionService({ db: db.db, clock });
      const idle = await sessions.create(u.id, null);
      now += 12 * 3_600_000 - 1;
      expect(await sessions.authenticate(idle.token)).not.toBeNull();
      now += 12 * 3_600_000;
      expect(await sessions.authenticate(idle.token)).toBeNull();
      const busy = await sessions.create(u.id, null);
      for (let h = 0; h < 7 * 24; h += 6) {
        now += 6 * 3_600_000;
        const ok = await sessions.authenticate(busy.token);
        if (h + 6 < 7 * 24) expect(ok).not.toBeNull();
        else expect(ok).toBeNull();
      }
    });

    it('stores only the hash of the cookie value', async () => {
      const u = await people.createUser({ username: 'hash', displayName: 'H', roles: ['employee'] });
      const s = await new SessionService({ db: db.db, clock }).create(u.id, null);
      const rows = await db.db.selectFrom('sessions').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(s.token);
      expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('ConsoleLogin', () => {
    let login: ConsoleLogin;
    let sessions: SessionService;
    beforeEach(async () => {
      sessions = new SessionService({ db: db.db, clock });
      login = new ConsoleLogin({ db: db.db, people, sessions, clock, passwordHash: FAST });
      await people.createUser({
        username: 'admin1',
        displayName: 'Admin',
        roles: ['admin'],
        password: 'admin-password-1',
      });
    });

    it('opens a session for the right password', async () => {
      const r = await login.login({ username: 'ADMIN1', password: 'admin-password-1', ip: '127.0.0.1' });
      expect(r.user.username).toBe('admin1');
      expect((await sessions.authenticate(r.session.token))!.userId).toBe(r.user.id);
    });

    it('fails alike for an unknown user, a wrong password, a disabled account and one without a password', async () => {
      const nopw = await people.createUser({ username: 'nopw', displayName: 'N', roles: ['employee'] });
      const off = await people.createUser({
        username: 'off',
        displayName: 'O',
        roles: ['employee'],
        password: 'off-password-1',
      });
      await people.updateUser(off.id, { disabled: true });
      for (const [username, password] of [
        ['ghost', 'x'],
        ['admin1', 'wrong-password'],
        ['off', 'off-password-1'],
        [nopw.username, ''],
      ]) {
        await expect(login.login({ username: username!, password: password!, ip: null })).rejects.toMatchObject({
          code: ErrorCodes.INVALID_CREDENTIALS,
          message: 'wrong username or password',
        });
      }
    });

    it('locks a username out after five failures, even for the right password, until the lock ends', async () => {
      for (let i = 0; i < 5; i++)
        await expect(login.login({ username: 'admin1', password: 'nope', ip: null })).rejects.toMatchObject({
          code: ErrorCodes.INVALID_CREDENTIALS,
        });
      await expect(login.login({ username: 'admin1', password: 'admin-password-1', ip: null })).rejects.toMatchObject({
        code: ErrorCodes.RATE_LIMITED,
        details: { retryAfterSec: 1 },
      });
      now += 1000;
      await expect(login.login({ username: 'admin1', password: 'admin-password-1', ip: null })).resolves.toBeDefined();
    });

    it('requires the TOTP code once enrolled and confirmed, and takes each code once', async () => {
      const u = (await people.userByUsername('admin1'))!;
      const { secret } = await login.enrollTotp(u.id);
      await expect(login.login({ username: 'admin1', password: 'admin-password-1', ip: null })).resolves.toBeDefined();
      await expect(login.confirmTotp(u.id, '000000')).rejects.toMatchObject({ code: ErrorCodes.TOTP_INVALID });
      await login.confirmTotp(u.id, totpCode(secret, now));
      await expect(login.login({ username: 'admin1', password: 'admin-password-1', ip: null })).rejects.toMatchObject({
        code: ErrorCodes.TOTP_REQUIRED,
      });
      // The code used to confirm is spent; the next step's is not.
      await expect(
        login.login({ username: 'admin1', password: 'admin-password-1', totp: totpCode(secret, now), ip: null }),
      ).rejects.toMatchObject({ code: ErrorCodes.TOTP_INVALID });
      now += 30_000;
      const code = totpCode(secret, now);
      await expect(
        login.login({ username: 'admin1', password: 'admin-password-1', totp: code, ip: null }),
      ).resolves.toBeDefined();
      await expect(
        login.login({ username: 'admin1', password: 'admin-password-1', totp: code, ip: null }),
      ).rejects.toMatchObject({ code: ErrorCodes.TOTP_INVALID });
      await expect(login.enrollTotp(u.id)).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
      await expect(login.disableTotp(u.id, '000000')).rejects.toMatchObject({ code: ErrorCodes.TOTP_INVALID });
      await login.disableTotp(u.id);
      await expect(login.login({ username: 'admin1', password: 'admin-password-1', ip: null })).resolves.toBeDefined();
    });

    it('takes about as long for an unknown username as for a wrong password (a scrypt verification each)', async () => {
      // At the real cost (2^14), where the difference would show; different usernames so no lock-out interferes.
      const real = new ConsoleLogin({ db: db.db, people, sessions, clock });
      const timed = await people.createUser({ username: 'timed', displayName: 'T', roles: ['employee'] });
      await new PeopleService({ db: db.db, clock }).setPassword(timed.id, 'timed-password-1');
      const time = async (username: string) => {
        const started = process.hrtime.bigint();
        await real.login({ username, password: 'wrong-password', ip: null }).catch(() => undefined);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      await time('warm-up');
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 3; i++) {
        unknown.push(await time(`ghost-${i}`));
        wrong.push(await time('timed'));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
      // Loose bounds: the machine is shared; a missing verification would be a factor of ~100, not 3.
      expect(median(unknown) / median(wrong)).toBeGreaterThan(1 / 3);
      expect(median(unknown) / median(wrong)).toBeLessThan(3);
    });
  });

  describe('API tokens acting for a person', () => {
    it("carry the person's current roles and stop when the person is disabled", async () => {
      const tokens = new ApiTokenService(db.db, clock);
      const u = await people.createUser({ username: 'scripter', displayName: 'S', roles: ['technician'] });
      const { token } = await tokens.create('employee', 'script', u.id);
      expect(await tokens.authenticate(token)).toEqual({
        kind: 'user',
        id: u.id,
        roles: ['technician'],
        via: 'api-token',
      });
      await people.updateUser(u.id, { roles: ['technician', 'admin'] });
      expect(await tokens.authenticate(token)).toMatchObject({
        roles: expect.arrayContaining(['technician', 'admin']),
      });
      await people.updateUser(u.id, { disabled: true });
      expect(await tokens.authenticate(token)).toBeNull();
      await expect(tokens.create('employee', 'x', 'no-such-user')).rejects.toMatchObject({
        code: ErrorCodes.BAD_REQUEST,
      });
    });
  });
});
