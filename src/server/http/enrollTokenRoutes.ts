/**
 * The enrollment-token routes (admins): make one (shown once), list them (never the token: an id and its first
 * characters), revoke one. Each change and its audit entry commit together (EnrollmentService).
 */
import { CreateEnrollTokenRequestSchema, CreateEnrollTokenResponseSchema } from '../../shared/api';
import { EnrollTokenListResponseSchema, EnrollTokenViewSchema } from '../../shared/enrollTokensApi';
import { ErrorCodes } from '../../shared/errors';
import type { EnrollmentService } from '../domain/enrollment';
import { auditBy } from './auditContext';
import { httpError, type RequestContext, type RouteDefinition } from './router';
import { intParam } from './queryParams';

const ADMIN = ['admin'] as const;

export function enrollTokenRoutes(o: { enrollment: EnrollmentService }): RouteDefinition[] {
  const revoke = async (ctx: RequestContext) => {
    const r = await o.enrollment.revokeToken(ctx.params.id!, auditBy(ctx));
    return r ? { status: 200, body: r.token } : httpError(404, ErrorCodes.NOT_FOUND, 'no such enrollment token');
  };
  const revokeSummary = 'Revoke an enrollment token: no PC enrolls with it from now on (PCs enrolled with it keep working); again changes nothing';
  return [
    {
      method: 'POST',
      path: '/api/v1/enroll-tokens',
      access: ADMIN,
      summary: 'Create an enrollment token (shown once)',
      body: CreateEnrollTokenRequestSchema,
      response: CreateEnrollTokenResponseSchema,
      async handler(ctx) {
        const b = ctx.body as { uses?: number | null; expiresInSec?: number | null; note?: string };
        const t = await o.enrollment.createToken(
          {
            ...(b.uses !== undefined ? { uses: b.uses } : {}),
            ...(b.expiresInSec !== undefined ? { expiresInMs: b.expiresInSec === null ? null : b.expiresInSec * 1000 } : {}),
            ...(b.note !== undefined ? { note: b.note } : {}),
          },
          auditBy(ctx),
        );
        return { status: 201, body: { id: t.id, token: t.token, expiresAt: t.expiresAt === null ? null : new Date(t.expiresAt).toISOString() } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/enroll-tokens',
      access: ADMIN,
      summary: 'Enrollment tokens, newest first (limit, offset; active=true|false): state, uses left, expiry, who made it, last use, revocation — never the token',
      response: EnrollTokenListResponseSchema,
      async handler({ query }) {
        const limit = intParam(query.get('limit'), 50, 1, 500);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        const active = query.get('active');
        if (limit === null || offset === null || (active !== null && active !== 'true' && active !== 'false')) {
          return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-500, offset ≥ 0, active true or false');
        }
        const r = await o.enrollment.list({ limit, offset, ...(active !== null ? { active: active === 'true' } : {}) });
        return { status: 200, body: { total: r.total, limit, offset, items: r.items } };
      },
    },
    { method: 'DELETE', path: '/api/v1/enroll-tokens/:id', access: ADMIN, summary: revokeSummary, response: EnrollTokenViewSchema, handler: revoke },
    {
      method: 'POST',
      path: '/api/v1/enroll-tokens/:id/revoke',
      access: ADMIN,
      summary: `${revokeSummary} (the same as DELETE)`,
      response: EnrollTokenViewSchema,
      handler: revoke,
    },
  ];
}
