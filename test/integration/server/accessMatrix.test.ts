/**
 * Every route of the running server × every kind of caller: who is let through and who gets 401/403. The expected
 * access is written out here, not read from the routes' own declarations, so a route whose declaration is wrong —
 * or a new route without a row here — fails this test. "Let through" means any answer but 401/403 (bodies are often
 * invalid on purpose: only the access decision is under test); ownership checks (a person's own account, a Ketua
 * Tim's own team) are tested by rows that give a valid body and a target the caller does not own.
 */
import http from 'node:http';
import { startHarness, type Harness } from '../../support/serverHarness';
import { createPerson } from '../../support/consoleSession';

const CALLERS = [
  'anonymous',
  'employee',
  'team_lead',
  'technician',
  'admin',
  'token_admin',
  'token_employee',
  'agent',
] as const;
type Caller = (typeof CALLERS)[number];

// Shorthands for the expected table.
const PUBLIC: readonly Caller[] = CALLERS;
const PEOPLE: readonly Caller[] = ['employee', 'team_lead', 'technician', 'admin', 'token_admin', 'token_employee'];
const ADMIN: readonly Caller[] = ['admin', 'token_admin'];
const STAFF: readonly Caller[] = ['technician', 'admin', 'token_admin'];
const LEADS: readonly Caller[] = ['team_lead', 'admin', 'token_admin'];
const SESSIONS: readonly Caller[] = ['employee', 'team_lead', 'technician', 'admin'];

interface Row {
  /** Who is let through (anything but 401/403). */
  allowed: readonly Caller[];
  /** Path parameters; `:id` defaults to an id that exists nowhere. */
  params?: Record<string, string | ((f: Fixture) => string)>;
  /** The JSON body sent (default `{}` for POST/PUT/PATCH): a valid one where the handler decides ownership. */
  body?: unknown | ((f: Fixture) => unknown);
  query?: string;
  /** The route hides what the caller may not see behind a 404 (tickets): here 404 counts as refused. */
  hidesAs404?: boolean;
}

interface Fixture {
  /** A person in no team, owned by nobody but themselves. */
  targetUserId: string;
  teamId: string;
  agentId: string;
  /** An installer in the repository that no job names. */
  artifactSha256: string;
  /** A ticket of the target person (of another team than the matrix's Ketua Tim). */
  ticketId: string;
}

/**
 * The expected access of every route, "METHOD /path" as declared. Adding a route means adding its row here, with who
 * the SOP and SECURITY.md say may call it.
 */
const EXPECTED: Record<string, Row> = {
  // ── foundation: enrollment, agents ──
  'POST /api/v1/enroll': { allowed: PUBLIC },
  'POST /api/v1/enroll-tokens': { allowed: ADMIN },
  'GET /api/v1/enroll-tokens': { allowed: ADMIN },
  'DELETE /api/v1/enroll-tokens/:id': { allowed: ADMIN },
  'POST /api/v1/enroll-tokens/:id/revoke': { allowed: ADMIN },
  'GET /api/v1/agents': { allowed: STAFF },
  'GET /api/v1/agents/:id': { allowed: STAFF },
  'GET /api/v1/agents/:id/inventory': { allowed: STAFF },
  'GET /api/v1/agents/:id/inventory/history': { allowed: STAFF },
  'GET /api/v1/agents/:id/metrics': { allowed: STAFF },
  'GET /api/v1/agents/:id/live': { allowed: STAFF },
  'POST /api/v1/agents/:id/inventory/refresh': { allowed: STAFF },
  'POST /api/v1/agents/:id/revoke': { allowed: ADMIN },
  // ── catalog and repository ──
  'GET /api/v1/catalog': { allowed: [...PEOPLE, 'agent'] },
  'POST /api/v1/catalog': { allowed: ADMIN },
  'GET /api/v1/catalog/seats': { allowed: STAFF, query: '?ids=none' },
  'GET /api/v1/catalog/:id': { allowed: STAFF },
  'PUT /api/v1/catalog/:id': { allowed: ADMIN },
  'DELETE /api/v1/catalog/:id': { allowed: ADMIN },
  'GET /api/v1/catalog/:id/check': { allowed: STAFF },
  'POST /api/v1/repository/artifacts': { allowed: ADMIN, query: '?fileName=x.deb' },
  'GET /api/v1/repository/artifacts': { allowed: STAFF },
  // An agent only for an installer one of its jobs needs: this one is in the repository but no job's.
  'GET /api/v1/repository/artifacts/:sha256': { allowed: STAFF, params: { sha256: (f) => f.artifactSha256 } },
  'GET /api/v1/repository/uploads': { allowed: STAFF },
  // The agent app's updates: public, the feed's signature protects them (README "Agent updates"; updateRoutes.ts).
  'GET /updates/:platform/:fileName': { allowed: PUBLIC, params: { platform: 'win', fileName: 'latest.yml' } },
  // ── jobs ──
  'POST /api/v1/jobs': { allowed: STAFF },
  'GET /api/v1/jobs': { allowed: STAFF },
  'GET /api/v1/jobs/:id': { allowed: STAFF },
  'POST /api/v1/jobs/:id/cancel': { allowed: STAFF },
  'POST /api/v1/jobs/preview': { allowed: STAFF },
  'GET /api/v1/jobs/events': { allowed: STAFF },
  'GET /api/v1/jobs/requests': { allowed: STAFF },
  'GET /api/v1/jobs/requests/:id': { allowed: STAFF },
  // A role API token is no person: it may not be the second person of a two-person push (SECURITY.md 12).
  'POST /api/v1/jobs/requests/:id/approve': { allowed: ['technician', 'admin'] },
  'POST /api/v1/jobs/requests/:id/reject': { allowed: STAFF },
  // ── console login ──
  'POST /api/v1/auth/login': { allowed: PUBLIC },
  'POST /api/v1/auth/logout': { allowed: PEOPLE },
  'GET /api/v1/auth/me': { allowed: PEOPLE },
  // Single sign-on: the login page's methods, and the browser's way to the identity provider and back (the flow is
  // checked against the browser's own cookie, not a role; here OIDC is not configured, so both answer 404).
  'GET /api/v1/auth/methods': { allowed: PUBLIC },
  'GET /api/v1/auth/oidc/start': { allowed: PUBLIC },
  'GET /api/v1/auth/oidc/callback': { allowed: PUBLIC },
  // TOTP is for persons: a stand-alone token is none (a well-formed body, so the handler decides; the password is wrong).
  'POST /api/v1/auth/totp/enroll': { allowed: SESSIONS, body: { password: 'not-anyones-password' } },
  'POST /api/v1/auth/totp/confirm': { allowed: PEOPLE },
  'POST /api/v1/auth/totp/disable': { allowed: PEOPLE },
  // ── people ──
  'GET /api/v1/users': { allowed: LEADS },
  'POST /api/v1/users': { allowed: ADMIN },
  // Someone else's account: admins only (a person reads their own, a Ketua Tim their team's: auth.test.ts).
  'GET /api/v1/users/:id': { allowed: ADMIN, params: { id: (f) => f.targetUserId } },
  'PATCH /api/v1/users/:id': { allowed: ADMIN, params: { id: (f) => f.targetUserId } },
  'PUT /api/v1/users/:id': { allowed: ADMIN, params: { id: (f) => f.targetUserId } },
  'DELETE /api/v1/users/:id': { allowed: ADMIN, params: { id: (f) => f.targetUserId } },
  'PUT /api/v1/users/:id/password': {
    allowed: ADMIN,
    params: { id: (f) => f.targetUserId },
    body: { password: 'a-new-password-here', oldPassword: 'not-their-password' },
  },
  'DELETE /api/v1/users/:id/totp': { allowed: ADMIN, params: { id: (f) => f.targetUserId } },
  'DELETE /api/v1/users/:id/oidc-link': { allowed: ADMIN, params: { id: (f) => f.targetUserId } },
  'GET /api/v1/teams': { allowed: PEOPLE },
  'POST /api/v1/teams': { allowed: ADMIN },
  'GET /api/v1/teams/:id': { allowed: PEOPLE, params: { id: (f) => f.teamId } },
  'PATCH /api/v1/teams/:id': { allowed: ADMIN, params: { id: (f) => f.teamId } },
  'DELETE /api/v1/teams/:id': { allowed: ADMIN },
  'GET /api/v1/os-accounts': { allowed: LEADS },
  'POST /api/v1/os-accounts': { allowed: ADMIN },
  // A link that is not of the Ketua Tim's team (it does not exist): admins only.
  'DELETE /api/v1/os-accounts/:id': { allowed: ADMIN },
  'POST /api/v1/os-accounts/:id/confirm': { allowed: ADMIN },
  // ── audit ──
  'GET /api/v1/audit': { allowed: ADMIN },
  'GET /api/v1/audit/verify': { allowed: ADMIN },
  // ── the SOP workflow ──
  'GET /api/v1/sop': { allowed: PEOPLE },
  'POST /api/v1/tickets': { allowed: PEOPLE },
  'GET /api/v1/tickets': { allowed: PEOPLE },
  'GET /api/v1/approvals': { allowed: ['team_lead'] },
  // Everyone a person; the stream then carries only the tickets each may see (ticketEventsForLeads.test.ts).
  'GET /api/v1/tickets/events': { allowed: PEOPLE },
  // Someone else's ticket, of another team: staff only; the others get the 404 of a ticket they may not see.
  'GET /api/v1/tickets/:id': { allowed: STAFF, params: { id: (f) => f.ticketId }, hidesAs404: true },
  'POST /api/v1/tickets/:id/actions': { allowed: PEOPLE },
  'GET /api/v1/tickets/:id/work-order.pdf': { allowed: STAFF, params: { id: (f) => f.ticketId }, hidesAs404: true },
  'GET /api/v1/work-orders/:ticketId': { allowed: STAFF },
  'GET /api/v1/work-orders/:ticketId/pdf': { allowed: STAFF },
  'GET /verify/work-orders/:code': { allowed: PUBLIC },
  'GET /verify/work-orders/:code/pdf': { allowed: PUBLIC },
  'POST /verify/work-orders/:code/check': { allowed: PUBLIC },
  'GET /api/v1/verify/work-orders/:code': { allowed: PUBLIC },
  'POST /api/v1/verify/work-orders/:code/check': { allowed: PUBLIC },
  'POST /api/v1/attachments': { allowed: [...PEOPLE, 'agent'] },
  'GET /api/v1/attachments/:id': { allowed: STAFF },
  // ── reports ──
  'GET /api/v1/reports/steps': { allowed: STAFF },
  'GET /api/v1/reports/breaches': { allowed: STAFF },
};

/** Served outside the Router (by main.ts's request listener). */
const OUTSIDE_ROUTER: { method: string; path: string; allowed: readonly Caller[] }[] = [
  { method: 'GET', path: '/healthz', allowed: PUBLIC },
  { method: 'GET', path: '/metrics', allowed: PUBLIC },
  { method: 'GET', path: '/api/v1/openapi.json', allowed: PUBLIC },
];

interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

/** A request with the path sent exactly as given (fetch would normalise `..`, `%2e` and `//` away). */
function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...headers,
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
            : {}),
        },
      },
      (res) => {
        if ((res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          // A live stream: the status is the answer; close it instead of waiting for its end.
          resolve({ status: res.statusCode!, contentType: 'text/event-stream', body: '' });
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

let h: Harness;
let fixture: Fixture;
const userIds: Partial<Record<Caller, string>> = {};
const bearer: Partial<Record<Caller, string>> = {};

async function headersFor(caller: Caller): Promise<Record<string, string>> {
  if (caller === 'anonymous') return {};
  if (bearer[caller]) return { authorization: `Bearer ${bearer[caller]}` };
  // A fresh session per request: a row may end it (logout) or change the person.
  const s = await h.server.sessions.create(userIds[caller]!, '127.0.0.1');
  return { cookie: `__Host-pasang_session=${s.token}`, 'x-csrf-token': s.csrfToken };
}

function resolvePath(path: string, row: Row): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const p = row.params?.[name];
    if (p === undefined) return 'matrix-no-such-id';
    return typeof p === 'function' ? p(fixture) : p;
  });
}

beforeAll(async () => {
  h = await startHarness({ people: { passwordHash: { N: 1024 } } });
  const people = h.server.people;
  userIds.employee = await createPerson(h, { username: 'm.employee', roles: ['employee'] });
  userIds.team_lead = await createPerson(h, { username: 'm.lead', roles: ['team_lead', 'employee'] });
  userIds.technician = await createPerson(h, { username: 'm.tech', roles: ['technician'] });
  await people.updateUser(userIds.technician, { qualification: 'computing_degree' });
  userIds.admin = await createPerson(h, { username: 'm.admin', roles: ['admin'] });
  const team = await people.teams.create({ name: 'Tim Matriks', leadUserId: userIds.team_lead });
  await people.updateUser(userIds.employee, { teamId: team.id });
  const otherLead = await createPerson(h, { username: 'm.lead2', roles: ['team_lead'] });
  const otherTeam = await people.teams.create({ name: 'Tim Lain', leadUserId: otherLead });
  const targetUserId = await createPerson(h, {
    username: 'm.target',
    roles: ['employee'],
    password: 'target-password-1',
    teamId: otherTeam.id,
  });
  bearer.token_admin = h.adminToken;
  bearer.token_employee = (await h.server.apiTokens.create('employee', 'matrix')).token;
  const pc = await h.enroll();
  bearer.agent = `${pc.agentId}:${pc.agentSecret}`;
  const upload = await rawRequest(
    h.server.url,
    'POST',
    '/api/v1/repository/artifacts?fileName=matrix.deb',
    { authorization: `Bearer ${h.adminToken}` },
    'matrix installer',
  );
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${upload.body}`);
  const item = await h.api('POST', '/api/v1/catalog', {
    name: 'Matriks',
    version: '1.0',
    category: 'Statistik',
    variants: [{ os: 'linux', kind: 'apt', packageId: 'matriks', detection: { kind: 'dpkg', package: 'matriks' } }],
  });
  if (item.status !== 201) throw new Error(`catalog item: ${item.status} ${JSON.stringify(item.json)}`);
  const ticket = await h.api('POST', '/api/v1/tickets', {
    itemId: item.json.id,
    agentId: pc.agentId,
    justification: 'for the access matrix, please',
    approval: { mode: 'team_lead' },
    requesterId: targetUserId,
  });
  if (ticket.status !== 201) throw new Error(`ticket: ${ticket.status} ${JSON.stringify(ticket.json)}`);
  fixture = {
    targetUserId,
    teamId: team.id,
    agentId: pc.agentId,
    artifactSha256: JSON.parse(upload.body).artifact.sha256,
    ticketId: ticket.json.id,
  };
});

afterAll(async () => {
  await h.close();
});

describe('access matrix', () => {
  it('has a row for every route the server serves, and no row for a route it does not', () => {
    const served = h.server.routes.map((r) => `${r.method} ${r.path}`);
    const missing = h.server.routes
      .filter((r) => !EXPECTED[`${r.method} ${r.path}`])
      .map((r) => `${r.method} ${r.path} (declares ${JSON.stringify(r.access)})`);
    expect(missing).toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !served.includes(k))).toEqual([]);
  });

  it('lets through exactly the callers of each route’s row, and answers the others 401 (no credential) or 403', async () => {
    const wrong: string[] = [];
    for (const route of h.server.routes) {
      const key = `${route.method} ${route.path}`;
      const row = EXPECTED[key];
      if (!row) continue; // reported by the test above
      const path = resolvePath(route.path, row) + (row.query ?? '');
      for (const caller of CALLERS) {
        const body = ['POST', 'PUT', 'PATCH'].includes(route.method)
          ? JSON.stringify(typeof row.body === 'function' ? row.body(fixture) : (row.body ?? {}))
          : undefined;
        const r = await rawRequest(h.server.url, route.method, path, await headersFor(caller), body);
        const refused = r.status === 401 || r.status === 403 || (row.hidesAs404 === true && r.status === 404);
        const shouldPass = row.allowed.includes(caller);
        if (shouldPass === refused) wrong.push(`${key} as ${caller}: ${r.status} ${r.body.slice(0, 160)}`);
        if (!shouldPass && caller === 'anonymous' && r.status !== 401)
          wrong.push(`${key} as anonymous: ${r.status}, not 401`);
        if (r.status >= 500) wrong.push(`${key} as ${caller}: ${r.status} ${r.body.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(OUTSIDE_ROUTER)('serves $method $path to anyone', async ({ method, path }) => {
    expect((await rawRequest(h.server.url, method, path, {})).status).toBe(200);
  });

  it.each([
    '/API/v1/users',
    '/api/V1/users',
    '/api/v1/Users',
    '/api/v1/%2e%2e/users',
    '/api/v1/%2E%2E/v1/users',
    '/api/v1/teams/../users',
    '/api/v1/./users',
    '//api/v1/users',
    '/api/v1//users',
    '/api/v1/users/',
    '/api/v1/users%2f',
    '/api/v1/users%2F..%2Fteams',
    '/api/v1/users%00',
    '/api/v1\\users',
    '/api/v1/users;admin',
  ])('does not reach the API by the odd spelling %s, even as an admin', async (path) => {
    for (const caller of ['anonymous', 'admin', 'token_admin'] as const) {
      const r = await rawRequest(h.server.url, 'GET', path, await headersFor(caller));
      // Refused (400, 404), or at most the console's page shell, which the console serves for any non-API page path.
      const consoleShell = r.contentType.startsWith('text/html') && !path.startsWith('/api/');
      if (!consoleShell) expect([400, 404]).toContain(r.status);
      expect(r.body).not.toContain('m.target');
    }
  });
});
