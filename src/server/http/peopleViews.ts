/**
 * What the people and auth routes answer: records turned into the API's views (times as ISO strings), and the
 * domain's errors into statuses — with `details` kept, so a refused NIP says why in Indonesian and English.
 */
import { ErrorCodes, PasangError, type ErrorCode } from '../../shared/errors';
import type { OsAccountView, TeamView, UserView } from '../../shared/peopleApi';
import type { OsAccountRecord } from '../domain/osAccountService';
import type { UserRecord } from '../domain/personRecords';
import type { TeamRecord } from '../domain/teamService';
import type { Handler, JsonReply } from './router';

const iso = (ms: number) => new Date(ms).toISOString();

export function userView(u: UserRecord): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    nip: u.nip,
    email: u.email,
    teamId: u.teamId,
    roles: [...u.roles],
    qualification: u.qualification,
    disabled: u.disabled,
    hasPassword: u.hasPassword,
    totpEnabled: u.totpEnabled,
    ssoLinked: u.ssoLinked,
    createdAt: iso(u.createdAt),
    updatedAt: iso(u.updatedAt),
  };
}

export function teamView(t: TeamRecord): TeamView {
  return { id: t.id, name: t.name, leadUserId: t.leadUserId, memberCount: t.memberCount, createdAt: iso(t.createdAt) };
}

export function osAccountView(l: OsAccountRecord): OsAccountView {
  return {
    id: l.id,
    userId: l.userId,
    username: l.username,
    displayName: l.displayName,
    agentId: l.agentId,
    osUser: l.osUser,
    confirmed: l.confirmed,
    confirmedAt: l.confirmedAt === null ? null : iso(l.confirmedAt),
    confirmedBy: l.confirmedBy,
    createdAt: iso(l.createdAt),
  };
}

const Status: Partial<Record<ErrorCode, number>> = {
  [ErrorCodes.NOT_FOUND]: 404,
  [ErrorCodes.CONFLICT]: 409,
  [ErrorCodes.FORBIDDEN]: 403,
  [ErrorCodes.UNAUTHORIZED]: 401,
  [ErrorCodes.INVALID_CREDENTIALS]: 401,
  [ErrorCodes.TOTP_REQUIRED]: 401,
  [ErrorCodes.TOTP_INVALID]: 401,
  [ErrorCodes.RATE_LIMITED]: 429,
};

export function errorReply(err: PasangError): JsonReply {
  const retryAfter = (err.details as { retryAfterSec?: number } | undefined)?.retryAfterSec;
  return {
    status: Status[err.code] ?? 400,
    body: {
      error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) },
    },
    ...(retryAfter !== undefined ? { headers: { 'retry-after': String(retryAfter) } } : {}),
  };
}

/** The handler, with the domain's PasangErrors answered by `errorReply` (others go on to the Router: a 500). */
export function guarded(handler: Handler): Handler {
  return async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (err instanceof PasangError) return errorReply(err);
      throw err;
    }
  };
}
