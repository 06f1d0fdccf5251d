/**
 * Console login by single sign-on (OpenID Connect), when configured: which login methods there are (for the login
 * page), the start (a redirect to the identity provider, the flow kept in this browser's cookie) and the callback (the
 * code redeemed, the ID token checked, the identity mapped to a person, a session cookie as a password login gives).
 * The callback answers by redirecting the browser to the console: signed in, or with `?sso_error=CODE` for the login
 * page to explain in the person's language. An admin removes a person's link (DELETE /api/v1/users/:id/oidc-link).
 */
import type { ServerResponse } from 'node:http';
import { ErrorCodes, PasangError, type ErrorCode } from '../../shared/errors';
import { LoginMethodsResponseSchema, OIDC_CALLBACK_PATH, OIDC_START_PATH, SSO_ERROR_PARAM, type LoginMethodsResponse } from '../../shared/loginMethods';
import type { Logger } from '../../shared/logger';
import { OidcUnlinkResponseSchema, type OidcUnlinkResponse } from '../../shared/oidcLinkApi';
import type { OidcLogin } from '../domain/oidcLogin';
import type { SessionService } from '../domain/sessionService';
import type { OidcRelyingParty } from '../oidc/oidcRelyingParty';
import { auditBy, requestSource } from './auditContext';
import { clearedOidcFlowCookie, oidcFlowCookie, oidcFlowOf } from './oidcFlowCookie';
import { httpError, type RouteDefinition } from './router';
import { sessionCookie } from './sessionCookie';

export interface OidcRoutesOptions {
  /** Null: single sign-on is not configured (the start and callback answer 404, the login page shows no button). */
  relyingParty: OidcRelyingParty | null;
  login: OidcLogin;
  sessions: SessionService;
  /** The console's address, where the callback sends the browser (the public URL + '/'). */
  consoleUrl(): string;
  logger: Logger;
}

export function oidcRoutes(o: OidcRoutesOptions): RouteDefinition[] {
  const rp = o.relyingParty;
  const notConfigured = () => httpError(404, ErrorCodes.NOT_FOUND, 'single sign-on (OIDC) is not configured on this server');

  /** Back to the console with the reason (the flow cookie cleared: a failed flow is not tried again). */
  function refuse(res: ServerResponse, err: unknown): null {
    const code: ErrorCode = err instanceof PasangError ? err.code : ErrorCodes.INTERNAL;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof PasangError) o.logger.warn('single sign-on refused', { code, message });
    else o.logger.error('single sign-on failed', { err: err instanceof Error ? err.stack : message });
    const url = new URL(o.consoleUrl());
    url.searchParams.set(SSO_ERROR_PARAM, code);
    redirect(res, url.href, [clearedOidcFlowCookie()]);
    return null;
  }

  return [
    {
      method: 'GET',
      path: '/api/v1/auth/methods',
      access: 'public',
      summary: 'How to log in to the console: the password always, single sign-on (its button label) when configured',
      response: LoginMethodsResponseSchema,
      handler: async () => {
        const body: LoginMethodsResponse = { password: true, oidc: rp ? { label: rp.label, startPath: OIDC_START_PATH } : null };
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      path: OIDC_START_PATH,
      access: 'public',
      summary: 'Single sign-on: redirects the browser to the identity provider (authorization code flow, PKCE, state, nonce)',
      redirects: [
        { status: 302, description: "to the identity provider's authorization endpoint (the flow kept in the __Host-pasang_oidc cookie)" },
        { status: 303, description: 'back to the console with ?sso_error=CODE when the provider cannot be reached' },
      ],
      errorStatuses: [404],
      handler: async ({ res }) => {
        if (!rp) return notConfigured();
        try {
          const { authorizationUrl, flow } = await rp.begin();
          redirect(res, authorizationUrl, [oidcFlowCookie(flow)], 302);
        } catch (err) {
          refuse(res, err);
        }
        return null;
      },
    },
    {
      method: 'GET',
      path: OIDC_CALLBACK_PATH,
      access: 'public',
      summary:
        'Single sign-on: the identity provider sends the browser back here; signs the mapped person in and redirects to the console',
      redirects: [{ status: 303, description: 'to the console: signed in (the session cookie set), or with ?sso_error=CODE when refused' }],
      errorStatuses: [404],
      handler: async ({ req, res, query }) => {
        if (!rp) return notConfigured();
        try {
          const flow = oidcFlowOf(req);
          // This browser's own flow only: a callback URL made elsewhere (login CSRF) or replayed after use is refused.
          if (!flow || query.get('state') !== flow.state) {
            throw new PasangError(ErrorCodes.OIDC_LOGIN_FAILED, "single sign-on: the callback's state is not this browser's login (expired, used, or tampered with)");
          }
          const identity = await rp.complete(query, flow);
          const { session } = await o.login.login(identity, requestSource(req));
          redirect(res, o.consoleUrl(), [sessionCookie(session.token, o.sessions.absoluteMs / 1000), clearedOidcFlowCookie()]);
        } catch (err) {
          refuse(res, err);
        }
        return null;
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/:id/oidc-link',
      access: ['admin'],
      summary:
        "Remove a person's single-sign-on link (their identity-provider account was made again): the next SSO login links again by verified e-mail; audited with the removal",
      response: OidcUnlinkResponseSchema,
      // Whether or not SSO is configured now: an admin may clear links a former provider left.
      handler: async (ctx) => {
        const body: OidcUnlinkResponse = { ssoLinked: false, removed: await o.login.unlink(ctx.params.id!, auditBy(ctx)) };
        return { status: 200, body };
      },
    },
  ];
}

function redirect(res: ServerResponse, location: string, cookies: string[], status = 303): void {
  res.writeHead(status, { location, 'set-cookie': cookies, 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}
