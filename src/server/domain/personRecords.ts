/**
 * Reading people from the store: user rows with their roles become `UserRecord`s (a `Person` plus what only the
 * people API shows). Shared by PeopleService, TeamService and OsAccountService.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { normalizeNip } from '../../shared/people/nip';
import { isQualification } from '../../shared/people/qualifications';
import { isRole, Roles, type Role } from '../../shared/roles';
import type { Database } from '../store/schema';
import type { UsersTable } from '../store/peopleTables';
import type { Person } from './peopleDirectory';
import type { AuditEntryInput, AuditRecorder } from './auditLog';

export type Db = Kysely<Database> | Transaction<Database>;

export interface UserRecord extends Person {
  email: string | null;
  hasPassword: boolean;
  totpEnabled: boolean;
  /** Whether a single-sign-on identity is linked to the person (oidc_links; an admin may remove the link). */
  ssoLinked: boolean;
  createdAt: number;
  updatedAt: number;
}

type UserRow = Selectable<UsersTable>;

/** Roles in the catalogue's order, whatever order the rows come in. */
function sortRoles(roles: Iterable<string>): Role[] {
  const set = new Set(roles);
  return Roles.filter((r) => set.has(r) && isRole(r));
}

export function toRecord(row: UserRow, roles: Iterable<string>, ssoLinked: boolean): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    nip: row.nip,
    teamId: row.team_id,
    roles: sortRoles(roles),
    qualification: isQualification(row.qualification) ? row.qualification : null,
    disabled: row.disabled_at !== null,
    email: row.email,
    hasPassword: row.password_hash !== null,
    totpEnabled: row.totp_secret !== null,
    ssoLinked,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The records of these user rows, their roles read in one query and their SSO links in another. */
export async function withRoles(db: Db, rows: readonly UserRow[]): Promise<UserRecord[]> {
  if (rows.length === 0) return [];
  const roleRows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byUser = new Map<string, string[]>();
  for (const r of roleRows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.role]);
  const linked = new Set(
    (await db.selectFrom('oidc_links').select('user_id').where('user_id', 'in', rows.map((r) => r.id)).execute()).map((r) => r.user_id),
  );
  return rows.map((row) => toRecord(row, byUser.get(row.id) ?? [], linked.has(row.id)));
}

export async function loadUser(db: Db, id: string): Promise<UserRecord | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await withRoles(db, [row]))[0] ?? null) : null;
}

/** Only the Person fields (what the PeopleDirectory interface promises), without the API's extras. */
export function toPerson(r: UserRecord): Person {
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    nip: r.nip,
    teamId: r.teamId,
    roles: r.roles,
    qualification: r.qualification,
    disabled: r.disabled,
  };
}

/** Who made a change to people, for the audit log: the principal and address (routes), or the CLI's OS user. */
export type AuditActor = Pick<AuditEntryInput, 'actorKind' | 'actorId' | 'source'>;

const SYSTEM: AuditActor = { actorKind: 'system', actorId: null, source: 'system' };

/** Appends to the audit log inside the change's own transaction, so the change and its entry commit together. */
export async function recordChange(
  audit: AuditRecorder | undefined,
  trx: Db,
  by: AuditActor | undefined,
  action: string,
  target: string,
  data?: unknown,
): Promise<void> {
  if (!audit) return;
  await audit.append(
    { ...(by ?? SYSTEM), action, target, ...(data !== undefined ? { data } : {}) },
    trx as Kysely<Database>,
  );
}

export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The NIP in its 18-digit form, or NIP_INVALID with the reason in both languages (details.reason). */
export function checkNip(input: string): string {
  const r = normalizeNip(input);
  if (!r.ok)
    throw new PasangError(ErrorCodes.NIP_INVALID, `invalid NIP: ${r.reason.en}`, { details: { reason: r.reason } });
  return r.nip;
}
