import type { IncomingMessage } from 'node:http';
import { ErrorCodes } from '../../../../src/shared/errors';
import { createRequestAuthenticator, csrfTokenMatches } from '../../../../src/server/http/requestAuthenticator';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from '../../../../src/server/http/sessionCookie';
import type { SessionService } from '../../../../src/server/domain/sessionService';

const TOKEN = 'A'.repeat(43);

function request(method: string, headers: Record<string, string>): IncomingMessage {
  return { method, headers } as unknown as IncomingMessage;
}

/** Our own interfaces, faked: one session for user u1 with CSRF token "csrf-1". */
function authenticator(roles: string[] | null = ['technician']) {
  const sessions = {
    authenticate: async (t: string) =>
      t === TOKEN ? { id: 'sess-hash', userId: 'u1', csrfToken: 'csrf-1', expiresAt: 0 } : null,
  } as unknown as SessionService;
  return createRequestAuthenticator({
    agents: {
      authenticate: async (id, secret) =>
        id === 'agent-1' && secret === 'right' ? { ok: true, agentId: id } : { ok: false },
    },
    apiTokens: {
      authenticate: async (t) => (t === 'pst_token_value' ? { kind: 'api-token', id: 't1', role: 'admin' } : null),
    },
    sessions,
    activeRoles: async () => roles as never,
  });
}

describe('sessionCookie', () => {
  it('finds the session cookie among others', () => {
    expect(sessionTokenOf(request('GET', { cookie: `theme=dark; __Host-pasang_session=${TOKEN}; other=1` }))).toBe(
      TOKEN,
    );
    expect(sessionTokenOf(request('GET', { cookie: 'pasang_session=x; __Host-pasang_sessionx=y' }))).toBeNull();
    expect(sessionTokenOf(request('GET', {}))).toBeNull();
  });

  it('sets and clears it with every attribute', () => {
    expect(sessionCookie(TOKEN, 3600)).toBe(
      `__Host-pasang_session=${TOKEN}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600`,
    );
    expect(clearedSessionCookie()).toMatch(/Max-Age=0$/);
  });
});

describe('createRequestAuthenticator', () => {
  it('makes a session cookie a person with their current roles and the session id', async () => {
    expect(await authenticator()(request('GET', { cookie: `__Host-pasang_session=${TOKEN}` }))).toEqual({
      kind: 'user',
      id: 'u1',
      roles: ['technician'],
      via: 'session',
      sessionId: 'sess-hash',
    });
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'refuses %s by cookie without the CSRF token, or with a wrong one',
    async (method) => {
      const auth = authenticator();
      await expect(auth(request(method, { cookie: `__Host-pasang_session=${TOKEN}` }))).rejects.toMatchObject({
        code: ErrorCodes.CSRF_INVALID,
      });
      await expect(
        auth(request(method, { cookie: `__Host-pasang_session=${TOKEN}`, 'x-csrf-token': 'csrf-2' })),
      ).rejects.toMatchObject({ code: ErrorCodes.CSRF_INVALID });
      await expect(
        auth(request(method, { cookie: `__Host-pasang_session=${TOKEN}`, 'x-csrf-token': 'csrf-1' })),
      ).resolves.toMatchObject({ kind: 'user' });
    },
  );

  it('needs no CSRF token with a bearer token, and never falls back to the cookie when the bearer is wrong', async () => {
    const auth = authenticator();
    expect(await auth(request('POST', { authorization: 'Bearer pst_token_value' }))).toEqual({
      kind: 'api-token',
      id: 't1',
      role: 'admin',
    });
    expect(await auth(request('POST', { authorization: 'Bearer agent-1:right' }))).toEqual({
      kind: 'agent',
      id: 'agent-1',
    });
    expect(
      await auth(request('GET', { authorization: 'Bearer wrong-token', cookie: `__Host-pasang_session=${TOKEN}` })),
    ).toBeNull();
    expect(
      await auth(request('GET', { authorization: 'Basic abc', cookie: `__Host-pasang_session=${TOKEN}` })),
    ).toBeNull();
  });

  it('refuses the session of a disabled or deleted person', async () => {
    expect(await authenticator(null)(request('GET', { cookie: `__Host-pasang_session=${TOKEN}` }))).toBeNull();
  });

  it('compares CSRF tokens of any length without throwing', () => {
    expect(csrfTokenMatches('abc', 'abc')).toBe(true);
    expect(csrfTokenMatches('abcd', 'abc')).toBe(false);
    expect(csrfTokenMatches(undefined, 'abc')).toBe(false);
    expect(csrfTokenMatches(['abc'], 'abc')).toBe(false);
  });
});
