/** `pasang-server user …`, `team create` and `api-token create --user`, run as the CLI runs them, on each store. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runServerCli } from '../../../src/server/cli/serverCli';
import { openDatabase, type OpenedDatabase } from '../../../src/server/store/openDatabase';
import { PeopleService } from '../../../src/server/domain/peopleService';
import { ApiTokenService } from '../../../src/server/domain/apiTokens';
import { verifyPassword } from '../../../src/server/domain/passwordHash';
import { systemClock } from '../../../src/server/domain/clock';
import { serverDatabases } from '../../support/serverDatabases';

describe.each(serverDatabases())('pasang-server user and team commands on $name', (database) => {
  let dir: string;
  let storeArgs: string[];
  let dispose: () => Promise<void>;

  // One store for the whole run (each test uses names of its own): a new PostgreSQL database per test was most of the time.
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-users-'));
    const created = await database.create();
    dispose = created.dispose;
    storeArgs = ['--data-dir', dir, ...(created.db ? ['--db', created.db] : [])];
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runServerCli([...args, ...storeArgs], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      readStdin: async () => stdin,
    });
    return { code, out, err };
  }

  async function withStore<T>(fn: (s: OpenedDatabase) => Promise<T>): Promise<T> {
    const i = storeArgs.indexOf('--db');
    const s = await openDatabase({ dataDir: dir, ...(i >= 0 ? { url: storeArgs[i + 1]! } : {}) });
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  }

  it('creates the first admin with several roles and a password from stdin, recorded in the audit log', async () => {
    const r = await cli(
      [
        'user',
        'create',
        '--username',
        'Admin.Satu',
        '--name',
        'Admin Satu',
        '--role',
        'admin,technician',
        '--qualification',
        'computing_degree',
        '--password-stdin',
      ],
      'kata-sandi-admin-1\n',
    );
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out[0]).toMatch(/^created user admin.satu \([0-9a-f-]{36}\) with roles admin, technician$/);
    await withStore(async (s) => {
      const people = new PeopleService({ db: s.db, clock: systemClock });
      const u = await people.userByUsername('admin.satu');
      expect(u).toMatchObject({ roles: ['admin', 'technician'], qualification: 'computing_degree', hasPassword: true });
      expect(await verifyPassword('kata-sandi-admin-1', (await people.credentials('admin.satu'))!.passwordHash!)).toBe(
        true,
      );
      const audit = await s.db
        .selectFrom('audit_log')
        .select(['action', 'actor_kind', 'data'])
        .where('action', '=', 'user.create')
        .where('target', '=', `user:${u!.id}`)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor_kind).toBe('cli');
      expect(JSON.stringify(audit)).not.toContain('kata-sandi');
    });
  });

  it('creates a team with its Ketua Tim and a member of it with a NIP', async () => {
    expect(
      (await cli(['user', 'create', '--username', 'ketua', '--name', 'Ketua', '--role', 'team_lead,employee'])).code,
    ).toBe(0);
    const team = await cli(['team', 'create', '--name', 'Tim IPDS', '--lead', 'ketua']);
    expect(team).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^created team Tim IPDS \(.+\) with Ketua Tim ketua$/)],
    });
    const member = await cli([
      'user',
      'create',
      '--username',
      'anggota',
      '--name',
      'Anggota',
      '--role',
      'employee',
      '--team',
      'Tim IPDS',
      '--nip',
      '19900101 201503 1 001',
    ]);
    expect(member.code).toBe(0);
    expect(member.out[0]).toContain('no password');
    await withStore(async (s) => {
      const people = new PeopleService({ db: s.db, clock: systemClock });
      const t = (await people.teams.byName('Tim IPDS'))!;
      expect((await people.teamLead(t.id))!.username).toBe('ketua');
      expect(await people.userByUsername('anggota')).toMatchObject({ teamId: t.id, nip: '199001012015031001' });
    });
  });

  it('sets a password from stdin', async () => {
    await cli(['user', 'create', '--username', 'budi', '--name', 'Budi', '--role', 'employee']);
    expect(await cli(['user', 'set-password', '--username', 'budi'], 'password-baru-budi\r\n')).toMatchObject({
      code: 0,
      out: ['password set for budi; their sessions have ended'],
    });
    await withStore(async (s) => {
      const hash = (await new PeopleService({ db: s.db, clock: systemClock }).credentials('budi'))!.passwordHash!;
      expect(await verifyPassword('password-baru-budi', hash)).toBe(true);
    });
  });

  it("makes an API token that acts with the person's roles", async () => {
    await cli(['user', 'create', '--username', 'scripter', '--name', 'Scripter', '--role', 'technician']);
    const r = await cli(['api-token', 'create', '--user', 'scripter', '--name', 'nightly']);
    expect(r.code).toBe(0);
    await withStore(async (s) => {
      const principal = await new ApiTokenService(s.db, systemClock).authenticate(r.out[0]!);
      expect(principal).toMatchObject({ kind: 'user', roles: ['technician'], via: 'api-token' });
    });
  });

  it.each([
    [['user', 'create', '--name', 'X', '--role', 'employee'], '--username is required'],
    [['user', 'create', '--username', 'x1', '--role', 'employee'], '--name is required'],
    [['user', 'create', '--username', 'x1', '--name', 'X'], '--role is required'],
    [['user', 'create', '--username', 'x1', '--name', 'X', '--role', 'admin,root'], 'unknown role "root"'],
    [
      ['user', 'create', '--username', 'x1', '--name', 'X', '--role', 'employee', '--qualification', 'phd'],
      '--qualification must be one of',
    ],
    [
      ['user', 'create', '--username', 'x1', '--name', 'X', '--role', 'employee', '--nip', '123'],
      'invalid NIP: a NIP has exactly 18 digits',
    ],
    [
      ['user', 'create', '--username', 'x1', '--name', 'X', '--role', 'employee', '--team', 'Tim Hantu'],
      'no team named "Tim Hantu"',
    ],
    [
      ['user', 'create', '--username', 'x1', '--name', 'X', '--role', 'employee', '--password', 'in-argv'],
      "Unknown option '--password'",
    ],
    [
      ['user', 'create', '--username', 'x1', '--name', 'X', '--role', 'employee', '--password-stdin'],
      'no password on stdin',
    ],
    [['user', 'set-password', '--username', 'nobody'], 'no user named "nobody"'],
    [['team', 'create'], '--name is required'],
    [['team', 'create', '--name', 'T', '--lead', 'nobody'], 'no user named "nobody"'],
    [['api-token', 'create', '--user', 'x', '--role', 'admin'], '--role and --user exclude each other'],
    [['api-token', 'create', '--user', 'nobody'], 'no user named "nobody"'],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const r = await cli(args, args.includes('set-password') ? 'some-password-1' : '');
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]!.split('\n')[0]).toContain(message);
  });

  it('exits 2 for a password too short, and 1 for a username already taken', async () => {
    expect(
      (
        await cli(
          ['user', 'create', '--username', 'pendek', '--name', 'P', '--role', 'employee', '--password-stdin'],
          'short\n',
        )
      ).err[0],
    ).toContain('at least 10 characters');
    expect((await cli(['user', 'create', '--username', 'dua', '--name', 'D', '--role', 'employee'])).code).toBe(0);
    const again = await cli(['user', 'create', '--username', 'DUA', '--name', 'D', '--role', 'employee']);
    expect(again.code).toBe(1);
    expect(again.err).toEqual(['pasang-server: the username dua is taken']);
  });

  it('refuses a Ketua Tim who does not hold team_lead', async () => {
    await cli(['user', 'create', '--username', 'biasa', '--name', 'Biasa', '--role', 'employee']);
    const r = await cli(['team', 'create', '--name', 'Tim C', '--lead', 'biasa']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toContain('holds the team_lead role');
  });
});
