/**
 * The /api/v1/auth routes: console login (a new session cookie at each login), logout (the session ends on the
 * server), who am I, and TOTP enrollment for one's own account.
 */
import { ErrorCodes, PasangError } from '../../shared/errors';
import {
  LoginRequestSchema,
  LoginResponseSchema,
  MeResponseSchema,
  TotpCodeRequestSchema,
  TotpEnrollRequestSchema,
  TotpEnrollResponseSchema,
  type LoginRequest,
  type TotpCodeRequest,
  type TotpEnrollRequest,
} from '../../shared/peopleApi';
import { Roles } from '../../shared/roles';
import { principalRoles, type Principal } from '../domain/apiTokens';
import type { ConsoleLogin } from '../domain/consoleLogin';
import type { PeopleService } from '../domain/peopleService';
import type { SessionService } from '../domain/sessionService';
import { auditBy, requestSource } from './auditContext';
import { guarded, userView } from './peopleViews';
import { httpError, type RouteDefinition } from './router';
import { clearedSessionCookie, sessionCookie } from './sessionCookie';

export interface AuthRoutesOptions {
  login: ConsoleLogin;
  people: PeopleService;
  sessions: SessionService;
}

/** Every person, whatever their roles. */
export const ANY_ROLE = Roles;

/** The person behind a principal; a stand-alone API token or a PC is none. */
export function personOf(principal: Principal | null): { id: string; sessionId?: string | undefined } {
  if (principal?.kind !== 'user')
    throw new PasangError(ErrorCodes.FORBIDDEN, 'only a person (a console session or their own API token) may do this');
  return { id: principal.id, sessionId: principal.sessionId };
}

export function authRoutes(o: AuthRoutesOptions): RouteDefinition[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/login',
      access: 'public',
      summary: 'Log in to the console: sets the session cookie and returns the CSRF token for changes',
      body: LoginRequestSchema,
      response: LoginResponseSchema,
      handler: guarded(async ({ body, req }) => {
        const b = body as LoginRequest;
        const { user, session } = await o.login.login({
          username: b.username,
          password: b.password,
          totp: b.totp,
          ip: requestSource(req),
        });
        return {
          status: 200,
          body: {
            user: userView(user),
            csrfToken: session.csrfToken,
            expiresAt: new Date(session.expiresAt).toISOString(),
          },
          headers: { 'set-cookie': sessionCookie(session.token, o.sessions.absoluteMs / 1000) },
        };
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/auth/logout',
      access: ANY_ROLE,
      summary: 'End this console session on the server',
      handler: guarded(async ({ principal }) => {
        if (principal?.kind !== 'user' || principal.via !== 'session' || !principal.sessionId) {
          throw new PasangError(ErrorCodes.BAD_REQUEST, 'logout ends a console session; revoke an API token instead');
        }
        await o.sessions.revoke(principal.sessionId);
        return { status: 200, body: { loggedOut: true }, headers: { 'set-cookie': clearedSessionCookie() } };
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/auth/me',
      access: ANY_ROLE,
      summary:
        "Who is calling: the person (null for a stand-alone API token), their roles, and the session's CSRF token",
      response: MeResponseSchema,
      handler: guarded(async ({ principal }) => {
        const p = principal!;
        const user = p.kind === 'user' ? await o.people.user(p.id) : null;
        const csrfToken = p.kind === 'user' && p.sessionId ? await o.sessions.csrfTokenOf(p.sessionId) : null;
        return {
          status: 200,
          body: {
            user: user ? userView(user) : null,
            principal: { kind: p.kind, roles: [...principalRoles(p)], ...(p.kind === 'user' ? { via: p.via } : {}) },
            ...(csrfToken ? { csrfToken } : {}),
          },
        };
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/auth/totp/enroll',
      access: ANY_ROLE,
      summary:
        "Start TOTP enrollment for one's own account (giving the password): a secret and its otpauth:// URI (active once confirmed)",
      body: TotpEnrollRequestSchema,
      response: TotpEnrollResponseSchema,
      handler: guarded(async ({ principal, body }) => {
        const person = personOf(principal);
        if (!(await o.login.checkPassword(person.id, (body as TotpEnrollRequest).password))) {
          // 400, not 401: the session is fine, only the password given is not (a console must not log out on it).
          return httpError(400, ErrorCodes.INVALID_CREDENTIALS, 'give your current password to enroll TOTP');
        }
        return { status: 200, body: await o.login.enrollTotp(person.id) };
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/auth/totp/confirm',
      access: ANY_ROLE,
      summary: 'Confirm TOTP enrollment with a code from the authenticator; logins need a code from then on',
      body: TotpCodeRequestSchema,
      handler: guarded(async (ctx) => {
        await o.login.confirmTotp(personOf(ctx.principal).id, (ctx.body as TotpCodeRequest).code, auditBy(ctx));
        return { status: 200, body: { totpEnabled: true } };
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/auth/totp/disable',
      access: ANY_ROLE,
      summary: "Turn TOTP off for one's own account, with a current code",
      body: TotpCodeRequestSchema,
      handler: guarded(async (ctx) => {
        await o.login.disableTotp(personOf(ctx.principal).id, (ctx.body as TotpCodeRequest).code, auditBy(ctx));
        return { status: 200, body: { totpEnabled: false } };
      }),
    },
  ];
}
