/** /api/v1/audit: the audit log for admins, newest first with filters, and the chain's verification. */
import { AuditListResponseSchema, AuditVerifyResponseSchema } from '../../shared/auditApi';
import { ErrorCodes } from '../../shared/errors';
import type { AuditEntry, AuditLog } from '../domain/auditLog';
import { httpError, type RouteDefinition } from './router';
import { intParam } from './queryParams';

export interface AuditRoutesOptions {
  audit: Pick<AuditLog, 'list' | 'verify'>;
}

const ADMIN = ['admin'] as const;
/** Filters are matched exactly; the same characters as the ids and actions the server writes. */
const FILTER = /^[A-Za-z0-9_.:@*-]{1,256}$/;

function view(e: AuditEntry) {
  return { ...e, at: new Date(e.at).toISOString() };
}

export function auditRoutes(o: AuditRoutesOptions): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/audit',
      access: ADMIN,
      summary: 'The audit log, newest first (filters: target, actorId, action — `ticket.*` for an area; paging: limit, before)',
      response: AuditListResponseSchema,
      async handler({ query }) {
        const limit = intParam(query.get('limit'), 100, 1, 500);
        const before = query.get('before') === null ? undefined : intParam(query.get('before'), 0, 1, Number.MAX_SAFE_INTEGER);
        if (limit === null || before === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-500, before an entry number');
        const filters: Record<'target' | 'actorId' | 'action', string | undefined> = { target: undefined, actorId: undefined, action: undefined };
        for (const name of ['target', 'actorId', 'action'] as const) {
          const value = query.get(name);
          if (value === null) continue;
          if (!FILTER.test(value)) return httpError(400, ErrorCodes.BAD_REQUEST, `${name} is not a valid filter`);
          filters[name] = value;
        }
        if (filters.action !== undefined && filters.action.includes('*') && !/^[a-z0-9_]+\.\*$/.test(filters.action)) {
          return httpError(400, ErrorCodes.BAD_REQUEST, 'action takes an action (agent.revoke) or an area (ticket.*)');
        }
        const r = await o.audit.list({
          limit,
          ...(before !== undefined ? { before } : {}),
          ...(filters.target !== undefined ? { target: filters.target } : {}),
          ...(filters.actorId !== undefined ? { actorId: filters.actorId } : {}),
          ...(filters.action !== undefined ? { action: filters.action } : {}),
        });
        return { status: 200, body: { items: r.items.map(view), nextBefore: r.nextBefore } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/audit/verify',
      access: ADMIN,
      summary: 'Check the whole hash chain: ok with the entry count and newest hash, or the first broken entry and why',
      response: AuditVerifyResponseSchema,
      async handler() {
        return { status: 200, body: await o.audit.verify() };
      },
    },
  ];
}
