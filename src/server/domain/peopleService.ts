/**
 * People: user accounts with their roles (several per person), NIP, team, technician qualification and password, and
 * the PeopleDirectory the ticket workflow asks about people. Teams and OS-account links are their own services
 * (`teams`, `osAccounts`); every change is one transaction, validated whole before anything is written.
 */
import { sql, type Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import type { CreateUserRequest, ReplaceUserRequest, UpdateUserRequest } from '../../shared/peopleApi';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import type { OsAccountLink, PeopleDirectory, Person } from './peopleDirectory';
import { hashPassword, type PasswordHashOptions } from './passwordHash';
import {
  bad,
  checkDisplayName,
  checkEmail,
  checkPasswordRules,
  checkQualification,
  checkRoles,
  normalizeUsername,
  USERNAME,
} from './personInput';
import {
  checkNip,
  isUniqueViolation,
  loadUser,
  recordChange,
  toPerson,
  withRoles,
  type AuditActor,
  type Db,
  type UserRecord,
} from './personRecords';
import type { AuditRecorder } from './auditLog';
import { OsAccountService } from './osAccountService';
import { OsAccountDecisions } from './osAccountDecisions';
import { TeamService } from './teamService';
import { newId } from './secrets';

export interface PeopleServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** scrypt cost of new password hashes. @default passwordHash.ts's defaults */
  passwordHash?: PasswordHashOptions;
  /** Where changes to people, teams and OS accounts are recorded (in the change's transaction). @default none */
  audit?: AuditRecorder;
}

export interface UserListQuery {
  /** Matched against username, display name and NIP (case-insensitive substring). */
  search?: string;
  role?: Role;
  /** Only members of these teams (a Ketua Tim's view). */
  teamIds?: readonly string[];
  includeDisabled?: boolean;
  limit: number;
  offset: number;
}

/** What a login needs to know of an account; never leaves the domain. */
export interface LoginCredentials {
  id: string;
  passwordHash: string | null;
  totpSecret: string | null;
  disabled: boolean;
}

export class PeopleService implements PeopleDirectory {
  readonly teams: TeamService;
  readonly osAccounts: OsAccountService;
  /** Who decides on OS-account links, for the console's routes and the tray alike. */
  readonly osAccountDecisions: OsAccountDecisions;
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly hashOptions: PasswordHashOptions;
  private readonly audit: AuditRecorder | undefined;

  constructor(options: PeopleServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.hashOptions = options.passwordHash ?? {};
    this.audit = options.audit;
    const shared = { db: options.db, clock: options.clock, ...(options.audit ? { audit: options.audit } : {}) };
    this.teams = new TeamService(shared);
    this.osAccounts = new OsAccountService(shared);
    this.osAccountDecisions = new OsAccountDecisions(this.osAccounts);
  }

  // ── PeopleDirectory ──

  async person(userId: string): Promise<Person | null> {
    const r = await loadUser(this.db, userId);
    return r ? toPerson(r) : null;
  }

  byOsAccount(agentId: string, osUser: string): Promise<OsAccountLink | null> {
    return this.osAccounts.byOsAccount(agentId, osUser);
  }

  claimOsAccount(agentId: string, osUser: string, nip: string): Promise<OsAccountLink | null> {
    return this.osAccounts.claim(agentId, osUser, nip);
  }

  confirmOsAccount(linkId: string, confirmedBy: string, by?: AuditActor): Promise<void> {
    return this.osAccounts.confirm(linkId, confirmedBy, by);
  }

  teamLead(teamId: string): Promise<Person | null> {
    return this.teams.lead(teamId);
  }

  async isQualifiedTechnician(userId: string): Promise<boolean> {
    const r = await loadUser(this.db, userId);
    return !!r && !r.disabled && r.roles.includes('technician') && r.qualification !== null;
  }

  // ── accounts ──

  user(id: string): Promise<UserRecord | null> {
    return loadUser(this.db, id);
  }

  async userByUsername(username: string): Promise<UserRecord | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', normalizeUsername(username))
      .executeTakeFirst();
    return row ? ((await withRoles(this.db, [row]))[0] ?? null) : null;
  }

  async credentials(username: string): Promise<LoginCredentials | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'password_hash', 'totp_secret', 'disabled_at'])
      .where('username', '=', normalizeUsername(username))
      .executeTakeFirst();
    return row
      ? { id: row.id, passwordHash: row.password_hash, totpSecret: row.totp_secret, disabled: row.disabled_at !== null }
      : null;
  }

  /** Current roles of an enabled person, or null (unknown or disabled): what a session or user token acts with. */
  async activeRoles(userId: string): Promise<Role[] | null> {
    const r = await loadUser(this.db, userId);
    return r && !r.disabled ? [...r.roles] : null;
  }

  async listUsers(q: UserListQuery): Promise<{ total: number; items: UserRecord[] }> {
    if (q.teamIds && q.teamIds.length === 0) return { total: 0, items: [] };
    let base = this.db.selectFrom('users');
    if (!q.includeDisabled) base = base.where('disabled_at', 'is', null);
    if (q.teamIds) base = base.where('team_id', 'in', [...q.teamIds]);
    if (q.role)
      base = base.where('id', 'in', this.db.selectFrom('user_roles').select('user_id').where('role', '=', q.role));
    if (q.search) {
      // LIKE with the pattern characters escaped: a search for "a_b" finds "a_b", not "axb".
      const pattern = `%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // ESCAPE spelled out: SQLite has no default escape character (PostgreSQL's is the backslash).
      base = base.where(
        sql<boolean>`(lower(username) like ${pattern} escape '\\' or lower(display_name) like ${pattern} escape '\\' or nip like ${pattern} escape '\\')`,
      );
    }
    const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('username').limit(q.limit).offset(q.offset).execute();
    return { total: Number(count.n), items: await withRoles(this.db, rows) };
  }

  async createUser(input: CreateUserRequest, by?: AuditActor): Promise<UserRecord> {
    const username = normalizeUsername(input.username);
    if (!USERNAME.test(username))
      throw bad('a username has 2 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
    const displayName = checkDisplayName(input.displayName);
    const nip = input.nip === undefined ? null : checkNip(input.nip);
    const email = checkEmail(input.email);
    const roles = checkRoles(input.roles);
    const qualification = checkQualification(input.qualification);
    if (input.password !== undefined) checkPasswordRules(input.password);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password, this.hashOptions);
    const id = newId();
    const now = this.clock.now();
    await this.guardUnique(() =>
      this.db.transaction().execute(async (trx) => {
        await this.checkUnique(trx, { username, nip });
        if (input.teamId) await this.teams.mustExist(trx, input.teamId);
        await trx
          .insertInto('users')
          .values({
            id,
            username,
            display_name: displayName,
            nip,
            team_id: input.teamId ?? null,
            email,
            password_hash: passwordHash,
            qualification,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await trx
          .insertInto('user_roles')
          .values(roles.map((role) => ({ user_id: id, role })))
          .execute();
        await recordChange(this.audit, trx, by, 'user.create', `user:${id}`, {
          username,
          roles,
          teamId: input.teamId ?? null,
          consoleLogin: passwordHash !== null,
        });
      }),
    );
    return (await loadUser(this.db, id))!;
  }

  /** PATCH: the fields given change; null clears. Disabling ends the person's sessions. */
  async updateUser(id: string, patch: UpdateUserRequest, by?: AuditActor): Promise<UserRecord> {
    const displayName = patch.displayName === undefined ? undefined : checkDisplayName(patch.displayName);
    const nip = patch.nip === undefined ? undefined : patch.nip === null ? null : checkNip(patch.nip);
    const email = patch.email === undefined ? undefined : checkEmail(patch.email);
    const roles = patch.roles === undefined ? undefined : checkRoles(patch.roles);
    const qualification = patch.qualification === undefined ? undefined : checkQualification(patch.qualification);
    await this.guardUnique(() =>
      this.db.transaction().execute(async (trx) => {
        const current = await loadUser(trx, id);
        if (!current) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such user');
        if (nip) await this.checkUnique(trx, { nip, except: id });
        if (patch.teamId) await this.teams.mustExist(trx, patch.teamId);
        const losesLead = roles !== undefined && !roles.includes('team_lead') && current.roles.includes('team_lead');
        if (losesLead || patch.disabled === true) {
          const led = await this.teams.ledBy(trx, id);
          if (led.length) {
            throw new PasangError(
              ErrorCodes.CONFLICT,
              `${current.username} is the Ketua Tim of ${led.map((t) => t.name).join(', ')}: choose another Ketua Tim first`,
            );
          }
        }
        await trx
          .updateTable('users')
          .set({
            ...(displayName !== undefined ? { display_name: displayName } : {}),
            ...(nip !== undefined ? { nip } : {}),
            ...(email !== undefined ? { email } : {}),
            ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
            ...(qualification !== undefined ? { qualification } : {}),
            // Disabling twice keeps the first time; enabling clears it.
            ...(patch.disabled === false
              ? { disabled_at: null }
              : patch.disabled && !current.disabled
                ? { disabled_at: this.clock.now() }
                : {}),
            updated_at: this.clock.now(),
          })
          .where('id', '=', id)
          .execute();
        if (roles !== undefined) {
          await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
          await trx
            .insertInto('user_roles')
            .values(roles.map((role) => ({ user_id: id, role })))
            .execute();
        }
        // A disabled account keeps its history (tickets name it) but can no longer act: its sessions end now.
        if (patch.disabled === true) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        const action =
          patch.disabled === true && !current.disabled
            ? 'user.disable'
            : patch.disabled === false && current.disabled
              ? 'user.enable'
              : 'user.update';
        await recordChange(this.audit, trx, by, action, `user:${id}`, {
          username: current.username,
          changed: Object.keys(patch).sort(),
          ...(roles ? { roles } : {}),
        });
      }),
    );
    return (await loadUser(this.db, id))!;
  }

  /** PUT: the whole editable record; what is left out is cleared. */
  replaceUser(id: string, full: ReplaceUserRequest, by?: AuditActor): Promise<UserRecord> {
    return this.updateUser(
      id,
      {
        displayName: full.displayName,
        nip: full.nip ?? null,
        email: full.email ?? null,
        teamId: full.teamId ?? null,
        roles: full.roles,
        qualification: full.qualification ?? null,
        disabled: full.disabled ?? false,
      },
      by,
    );
  }

  /**
   * Sets a password (the caller has checked who may) and ends every other session of the person: whoever knew the
   * old password is logged out. `keepSessionId`: the session that made the change stays.
   */
  async setPassword(id: string, password: string, keepSessionId?: string, by?: AuditActor): Promise<void> {
    checkPasswordRules(password);
    const hash = await hashPassword(password, this.hashOptions);
    await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('users')
        .set({ password_hash: hash, updated_at: this.clock.now() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such user');
      let q = trx.deleteFrom('sessions').where('user_id', '=', id);
      if (keepSessionId) q = q.where('id_hash', '<>', keepSessionId);
      await q.execute();
      await recordChange(this.audit, trx, by, 'user.password_set', `user:${id}`);
    });
  }

  private async checkUnique(db: Db, f: { username?: string; nip?: string | null; except?: string }): Promise<void> {
    if (f.username) {
      const row = await db.selectFrom('users').select('id').where('username', '=', f.username).executeTakeFirst();
      if (row) throw new PasangError(ErrorCodes.CONFLICT, `the username ${f.username} is taken`);
    }
    if (f.nip) {
      let q = db.selectFrom('users').select('username').where('nip', '=', f.nip);
      if (f.except) q = q.where('id', '<>', f.except);
      const row = await q.executeTakeFirst();
      if (row) throw new PasangError(ErrorCodes.CONFLICT, `NIP ${f.nip} belongs to ${row.username}`);
    }
  }

  /** Two writers racing for one username or NIP: the loser's unique violation is the same CONFLICT as a checked one. */
  private async guardUnique<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err))
        throw new PasangError(ErrorCodes.CONFLICT, 'the username or NIP is taken', { cause: err });
      throw err;
    }
  }
}
