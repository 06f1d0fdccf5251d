/**
 * Enrollment tokens listed and revoked, through the API (admins only) and `pasang-server enroll-token list|revoke`, on
 * SQLite and PostgreSQL: the list never carries a token, says who made it and when a PC last used it; a revoked
 * token is refused at enrollment with a message that says so; each change commits with its audit entry.
 */
import { runServerCli } from '../../../src/server/cli/serverCli';
import { EnrollmentService } from '../../../src/server/domain/enrollment';
import { ErrorCodes } from '../../../src/shared/errors';
import { asSession, createPerson, login } from '../../support/consoleSession';
import { serverDatabases } from '../../support/serverDatabases';
import { startHarness, type Harness } from '../../support/serverHarness';

const PASSWORD = 'kata-sandi-yang-panjang';

describe.each(serverDatabases())('enrollment tokens on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;
  let storeArgs: string[];
  let admin: ReturnType<typeof asSession>;
  let adminId: string;
  let technicianToken: string;

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    h = await startHarness(created.db ? { db: created.db } : {});
    storeArgs = ['--data-dir', h.dataDir, ...(created.db ? ['--db', created.db] : [])];
    adminId = await createPerson(h, { username: 'ani', roles: ['admin'], password: PASSWORD });
    admin = asSession(h.server.url, await login(h.server.url, 'ani', PASSWORD));
    technicianToken = (await h.server.apiTokens.create('technician', 'tech')).token;
  });
  afterAll(async () => {
    await h?.close();
    await dispose?.();
  });

  async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runServerCli([...args, ...storeArgs], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }
  const enroll = (token: string, hostname = 'pc-ruang-2') =>
    h.api('POST', '/api/v1/enroll', { token, machineId: `m-${hostname}`, hostname });
  const auditOf = async (id: string) =>
    ((await h.api('GET', `/api/v1/audit?limit=50&target=enroll_token:${id}`)).json.items as { action: string; actorKind: string; actorId: string; source: string }[]).map(
      (e) => [e.action, e.actorKind, e.actorId, e.source],
    );

  it('lists a token made in the console without the token: its prefix, uses left, who made it, and its last use', async () => {
    const made = await admin('POST', '/api/v1/enroll-tokens', { uses: 3, expiresInSec: 86_400, note: 'Ruang IPDS' });
    expect(made.status).toBe(201);
    expect((await enroll(made.json.token)).status).toBe(201);
    const list = await admin('GET', '/api/v1/enroll-tokens?limit=10');
    expect(list.status).toBe(200);
    const row = list.json.items.find((t: { id: string }) => t.id === made.json.id);
    expect(row).toEqual({
      id: made.json.id,
      prefix: made.json.token.slice(0, 8),
      note: 'Ruang IPDS',
      state: 'active',
      usesAllowed: 3,
      uses: 1,
      usesLeft: 2,
      createdAt: expect.stringMatching(/Z$/),
      createdBy: { kind: 'user', id: adminId, name: 'ani' },
      expiresAt: made.json.expiresAt,
      lastUsedAt: expect.stringMatching(/Z$/),
      revokedAt: null,
      revokedBy: null,
    });
    expect(row.prefix).toMatch(/^pse_.{4}$/);
    expect(JSON.stringify(list.json)).not.toContain(made.json.token);
    expect(JSON.stringify(list.json)).not.toContain(made.json.token.slice(8, 20));
  });

  it('pages newest first on the server and filters active ones', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await h.api('POST', '/api/v1/enroll-tokens', { note: `batch ${i}` })).json.id);
    const all = await h.api('GET', '/api/v1/enroll-tokens?limit=500');
    const first = await h.api('GET', '/api/v1/enroll-tokens?limit=2&offset=0');
    const second = await h.api('GET', '/api/v1/enroll-tokens?limit=2&offset=2');
    expect(first.json).toMatchObject({ total: all.json.total, limit: 2, offset: 0 });
    expect([...first.json.items, ...second.json.items].map((t: { id: string }) => t.id)).toEqual(all.json.items.slice(0, 4).map((t: { id: string }) => t.id));
    // Made in this order, listed newest first (ties on the millisecond broken by id, the same on both stores).
    expect(all.json.items.slice(0, 4).map((t: { note: string }) => t.note).sort()).toEqual(['batch 0', 'batch 1', 'batch 2', 'batch 3']);
    await h.api('DELETE', `/api/v1/enroll-tokens/${ids[0]}`);
    const active = (await h.api('GET', '/api/v1/enroll-tokens?active=true&limit=500')).json.items.map((t: { id: string }) => t.id);
    const inactive = (await h.api('GET', '/api/v1/enroll-tokens?active=false&limit=500')).json.items.map((t: { id: string }) => t.id);
    expect(active).toEqual(expect.arrayContaining(ids.slice(1)));
    expect(active).not.toContain(ids[0]);
    expect(inactive).toContain(ids[0]);
    for (const q of ['limit=0', 'limit=501', 'offset=-1', 'active=yes']) {
      const bad = await h.api('GET', `/api/v1/enroll-tokens?${q}`);
      expect([q, bad.status, bad.json.error.code]).toEqual([q, 400, ErrorCodes.BAD_REQUEST]);
    }
  });

  it('revokes through DELETE and POST …/revoke alike, once, audited, and the revoked token is refused saying so', async () => {
    const a = await admin('POST', '/api/v1/enroll-tokens', { uses: null, expiresInSec: null });
    const b = await admin('POST', '/api/v1/enroll-tokens', { uses: 5 });
    const del = await admin('DELETE', `/api/v1/enroll-tokens/${a.json.id}`);
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ id: a.json.id, state: 'revoked', revokedAt: expect.stringMatching(/Z$/), revokedBy: { kind: 'user', id: adminId } });
    const post = await admin('POST', `/api/v1/enroll-tokens/${b.json.id}/revoke`);
    expect(post.json).toMatchObject({ id: b.json.id, state: 'revoked' });
    // Again: the same answer, nothing changed, nothing recorded twice.
    const again = await admin('DELETE', `/api/v1/enroll-tokens/${a.json.id}`);
    expect(again.json.revokedAt).toBe(del.json.revokedAt);
    expect(await auditOf(a.json.id)).toEqual([
      ['enroll_token.revoke', 'user', adminId, '127.0.0.1'],
      ['enroll_token.create', 'user', adminId, '127.0.0.1'],
    ]);
    const refused = await enroll(a.json.token);
    expect(refused.status).toBe(401);
    expect(refused.json.error).toEqual({ code: ErrorCodes.ENROLL_TOKEN_INVALID, message: expect.stringMatching(/revoked/) });
    // A token nobody made is just "not valid": nothing is said about other tokens.
    expect((await enroll('pse_no-such-token-anywhere-here')).json.error.message).toBe('this enrollment token is not valid on this server');
    expect((await admin('DELETE', '/api/v1/enroll-tokens/no-such-id')).status).toBe(404);
  });

  it('says a used-up token is used up', async () => {
    const t = await h.api('POST', '/api/v1/enroll-tokens', { uses: 1 });
    expect((await enroll(t.json.token, 'pc-a')).status).toBe(201);
    expect((await enroll(t.json.token, 'pc-b')).json.error.message).toMatch(/used 1 of 1 times/);
    expect((await h.api('GET', '/api/v1/enroll-tokens?limit=500')).json.items.find((x: { id: string }) => x.id === t.json.id)).toMatchObject({ state: 'used_up', usesLeft: 0 });
  });

  it('refuses the list and the revocation to a technician', async () => {
    const t = await h.api('POST', '/api/v1/enroll-tokens', {});
    expect((await h.api('GET', '/api/v1/enroll-tokens', undefined, technicianToken)).status).toBe(403);
    expect((await h.api('DELETE', `/api/v1/enroll-tokens/${t.json.id}`, undefined, technicianToken)).status).toBe(403);
    expect((await h.api('GET', '/api/v1/enroll-tokens?limit=500')).json.items.find((x: { id: string }) => x.id === t.json.id).state).toBe('active');
  });

  it('leaves the token unrevoked when its audit entry cannot be written (one transaction)', async () => {
    const t = await h.api('POST', '/api/v1/enroll-tokens', {});
    const failing = new EnrollmentService(h.server.database.db, { now: () => Date.now() }, {
      append: async () => {
        throw new Error('audit store unavailable');
      },
    });
    await expect(failing.revokeToken(t.json.id, { actorKind: 'system', actorId: null, source: 'system' })).rejects.toThrow('audit store unavailable');
    expect((await failing.get(t.json.id))?.state).toBe('active');
    await expect(failing.createToken({ note: 'never stored' })).rejects.toThrow('audit store unavailable');
    expect((await h.api('GET', '/api/v1/enroll-tokens?limit=500')).json.items.map((x: { note: string | null }) => x.note)).not.toContain('never stored');
  });

  describe('pasang-server enroll-token', () => {
    it('creates, lists (never the token) and revokes, each recorded as the OS user at the CLI', async () => {
      const made = await cli('enroll-token', 'create', '--uses', '2', '--note', 'Lab komputer');
      expect(made.code).toBe(0);
      const token = made.out[0]!;
      expect(token).toMatch(/^pse_/);
      const listed = await cli('enroll-token', 'list', '--active', '--limit', '500');
      expect(listed.code).toBe(0);
      expect(listed.out[0]).toMatch(/^ID +PREFIX +STATE +USES +EXPIRES +LAST USED +CREATED +CREATED BY +NOTE$/);
      const line = listed.out.find((l) => l.includes('Lab komputer'))!;
      expect(line).toContain(`${token.slice(0, 8)}…`);
      expect(line).toMatch(/ active +0\/2 /);
      expect(line).toMatch(/ cli:\S+ +Lab komputer$/);
      expect(listed.out.join('\n')).not.toContain(token.slice(8));
      expect(listed.out.at(-1)).toMatch(/^1-\d+ of \d+$/);
      const id = line.split(' ')[0]!;
      expect(await cli('enroll-token', 'revoke', id)).toEqual({ code: 0, out: [`revoked ${id}`], err: [] });
      expect((await cli('enroll-token', 'revoke', id)).out[0]).toMatch(new RegExp(`^${id} was already revoked at .+Z$`));
      expect((await enroll(token)).json.error.message).toMatch(/revoked/);
      expect((await auditOf(id)).map(([action, kind, , source]) => [action, kind, source])).toEqual([
        ['enroll_token.revoke', 'cli', 'cli'],
        ['enroll_token.create', 'cli', 'cli'],
      ]);
      const inactive = await cli('enroll-token', 'list', '--inactive', '--limit', '500');
      expect(inactive.out.find((l) => l.startsWith(id))).toMatch(/ revoked /);
    });

    it('says an unknown id and bad arguments clearly', async () => {
      expect(await cli('enroll-token', 'revoke', 'no-such-id')).toMatchObject({ code: 1, err: ['pasang-server: no enrollment token with id no-such-id'] });
      const none = await cli('enroll-token', 'revoke');
      expect(none.code).toBe(2);
      expect(none.err[0]).toMatch(/takes exactly one token id/);
      expect((await cli('enroll-token', 'list', '--limit', 'lots')).err[0]).toMatch(/--limit must be a whole number from 1 to 500, not "lots"/);
      expect((await cli('enroll-token', 'list', '--active', '--inactive')).code).toBe(2);
      expect((await cli('enroll-token', 'create', '--expires', 'soon')).err[0]).toMatch(/--expires takes a duration/);
      expect((await cli('enroll-token', 'rename')).err[0]).toMatch(/unknown command "enroll-token rename"/);
    });
  });
});
