/**
 * Who is calling, for the Router: `Authorization: Bearer` first (an enrolled PC's `<agentId>:<secret>`, or an API
 * token), else the console's session cookie. A state change (POST, PUT, PATCH, DELETE) made with the cookie must carry
 * the session's CSRF token in `x-csrf-token`, or it is refused with CSRF_INVALID (403): SameSite=Strict already keeps
 * other sites' requests from carrying the cookie, the token makes that not the only defence. A bearer token needs no
 * CSRF token: a browser never adds it to a request by itself.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import type { Principal } from '../domain/apiTokens';
import type { SessionService } from '../domain/sessionService';
import { sessionTokenOf } from './sessionCookie';

export interface RequestAuthenticatorOptions {
  agents: { authenticate(agentId: string, secret: string): Promise<{ ok: true; agentId: string } | { ok: false }> };
  apiTokens: { authenticate(token: string): Promise<Principal | null> };
  sessions: SessionService;
  /** A person's current roles, null when unknown or disabled. */
  activeRoles(userId: string): Promise<Role[] | null>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfTokenMatches(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createRequestAuthenticator(
  o: RequestAuthenticatorOptions,
): (req: IncomingMessage) => Promise<Principal | null> {
  return async (req) => {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      // A bearer header that does not check is a failure, never a fall back to the cookie.
      const agent = /^Bearer ([A-Za-z0-9-]{1,64}):([A-Za-z0-9_-]{1,128})$/.exec(authorization);
      if (agent) {
        const r = await o.agents.authenticate(agent[1]!, agent[2]!);
        return r.ok ? { kind: 'agent', id: r.agentId } : null;
      }
      const m = /^Bearer (\S{8,256})$/.exec(authorization);
      return m ? o.apiTokens.authenticate(m[1]!) : null;
    }
    const token = sessionTokenOf(req);
    if (!token) return null;
    const session = await o.sessions.authenticate(token);
    if (!session) return null;
    const roles = await o.activeRoles(session.userId);
    if (!roles) return null;
    if (!SAFE_METHODS.has(req.method ?? 'GET') && !csrfTokenMatches(req.headers['x-csrf-token'], session.csrfToken)) {
      throw new PasangError(
        ErrorCodes.CSRF_INVALID,
        'a change made with the session cookie needs the x-csrf-token header of that session',
      );
    }
    return { kind: 'user', id: session.userId, roles, via: 'session', sessionId: session.id };
  };
}
