/**
 * Which OS user names (on which PCs) belong to which person: links an admin sets (confirmed at once), and claims made
 * at a first request from an unknown OS account (by NIP), which wait for the Ketua Tim of the person's team — or an
 * admin — to confirm or refuse them. Part of PeopleService (`people.osAccounts`).
 */
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import type { OsAccountLink } from './peopleDirectory';
import { checkNip, loadUser, recordChange, toPerson, withRoles, type AuditActor } from './personRecords';
import type { AuditRecorder } from './auditLog';
import { newId } from './secrets';

export interface OsAccountServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** @default none */
  audit?: AuditRecorder;
}

export interface OsAccountRecord {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  /** The person's team, for the Ketua Tim's view and their right to confirm. */
  teamId: string | null;
  agentId: string | null;
  osUser: string;
  confirmed: boolean;
  confirmedAt: number | null;
  confirmedBy: string | null;
  createdAt: number;
}

export interface OsAccountQuery {
  userId?: string;
  /** Only links of members of these teams. */
  teamIds?: readonly string[];
  /** true: only claims waiting for confirmation; false: only confirmed links. */
  pending?: boolean;
  limit?: number;
}

function checkOsUser(osUser: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (osUser === '' || osUser.length > 256 || /[\u0000-\u001f]/.test(osUser)) {
    throw new PasangError(ErrorCodes.BAD_REQUEST, 'an OS user name has 1 to 256 printable characters');
  }
  return osUser;
}

export class OsAccountService {
  constructor(private readonly o: OsAccountServiceOptions) {}

  /** A link for that PC first, else one for that OS user on any PC; confirmed before pending, oldest first. */
  async byOsAccount(agentId: string, osUser: string): Promise<OsAccountLink | null> {
    const rows = await this.o.db
      .selectFrom('user_os_accounts')
      .selectAll()
      .where('os_user', '=', osUser)
      .where((eb) => eb.or([eb('agent_id', '=', agentId), eb('agent_id', 'is', null)]))
      .execute();
    if (rows.length === 0) return null;
    const rank = (r: (typeof rows)[number]) => (r.agent_id === agentId ? 0 : 2) + (r.confirmed_at !== null ? 0 : 1);
    const best = [...rows].sort((a, b) => rank(a) - rank(b) || Number(a.created_at) - Number(b.created_at))[0]!;
    const person = await loadUser(this.o.db, best.user_id);
    return person ? { person: toPerson(person), confirmed: best.confirmed_at !== null, linkId: best.id } : null;
  }

  /**
   * Records an unconfirmed claim of (PC, OS user) by the person with this NIP. A claim already made (or a link already
   * set) for the same person, PC and OS user is returned as it is. Null when no enabled person has that NIP.
   */
  async claim(agentId: string, osUser: string, nip: string): Promise<OsAccountLink | null> {
    const normalized = checkNip(nip);
    checkOsUser(osUser);
    return this.o.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('users')
        .selectAll()
        .where('nip', '=', normalized)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      const person = toPerson((await withRoles(trx, [row]))[0]!);
      const existing = await trx
        .selectFrom('user_os_accounts')
        .select(['id', 'confirmed_at'])
        .where('user_id', '=', row.id)
        .where('os_user', '=', osUser)
        .where((eb) => eb.or([eb('agent_id', '=', agentId), eb('agent_id', 'is', null)]))
        .orderBy('created_at')
        .executeTakeFirst();
      if (existing) return { person, confirmed: existing.confirmed_at !== null, linkId: existing.id };
      const id = newId();
      await trx
        .insertInto('user_os_accounts')
        .values({ id, user_id: row.id, agent_id: agentId, os_user: osUser, created_at: this.o.clock.now() })
        .execute();
      await recordChange(
        this.o.audit,
        trx,
        { actorKind: 'agent', actorId: agentId, source: null },
        'os_account.claim',
        `os_account:${id}`,
        { userId: row.id, osUser },
      );
      return { person, confirmed: false, linkId: id };
    });
  }

  /** Confirms a claim; confirming one already confirmed keeps the first confirmation. */
  async confirm(linkId: string, confirmedBy: string, by?: AuditActor): Promise<void> {
    await this.o.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('user_os_accounts')
        .set({ confirmed_at: this.o.clock.now(), confirmed_by: confirmedBy })
        .where('id', '=', linkId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) {
        await recordChange(
          this.o.audit,
          trx,
          by ?? { actorKind: 'user', actorId: confirmedBy, source: null },
          'os_account.confirm',
          `os_account:${linkId}`,
        );
      } else if (!(await trx.selectFrom('user_os_accounts').select('id').where('id', '=', linkId).executeTakeFirst())) {
        throw new PasangError(ErrorCodes.NOT_FOUND, 'no such OS account link');
      }
    });
  }

  /** An admin's link: confirmed at once by `by`. */
  async link(
    input: { userId: string; osUser: string; agentId?: string | null | undefined; by: string },
    actor?: AuditActor,
  ): Promise<OsAccountRecord> {
    const osUser = checkOsUser(input.osUser);
    const agentId = input.agentId ?? null;
    const id = newId();
    await this.o.db.transaction().execute(async (trx) => {
      if (!(await trx.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst())) {
        throw new PasangError(ErrorCodes.BAD_REQUEST, `no user with id ${input.userId}`);
      }
      if (agentId && !(await trx.selectFrom('agents').select('id').where('id', '=', agentId).executeTakeFirst())) {
        throw new PasangError(ErrorCodes.BAD_REQUEST, `no PC with id ${agentId}`);
      }
      let dup = trx
        .selectFrom('user_os_accounts')
        .select('id')
        .where('user_id', '=', input.userId)
        .where('os_user', '=', osUser);
      dup = agentId ? dup.where('agent_id', '=', agentId) : dup.where('agent_id', 'is', null);
      if (await dup.executeTakeFirst())
        throw new PasangError(ErrorCodes.CONFLICT, 'this person already has that OS account');
      const now = this.o.clock.now();
      await trx
        .insertInto('user_os_accounts')
        .values({
          id,
          user_id: input.userId,
          agent_id: agentId,
          os_user: osUser,
          created_at: now,
          confirmed_at: now,
          confirmed_by: input.by,
        })
        .execute();
      await recordChange(this.o.audit, trx, actor, 'os_account.link', `os_account:${id}`, {
        userId: input.userId,
        osUser,
        agentId,
      });
    });
    return (await this.get(id))!;
  }

  /** Removes a link, or refuses a claim. */
  async delete(id: string, by?: AuditActor): Promise<void> {
    await this.o.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('user_os_accounts').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such OS account link');
      await recordChange(this.o.audit, trx, by, 'os_account.delete', `os_account:${id}`);
    });
  }

  async get(id: string): Promise<OsAccountRecord | null> {
    return (await this.query({}, id))[0] ?? null;
  }

  list(q: OsAccountQuery): Promise<OsAccountRecord[]> {
    return this.query(q);
  }

  private async query(q: OsAccountQuery, id?: string): Promise<OsAccountRecord[]> {
    if (q.teamIds && q.teamIds.length === 0) return [];
    let sel = this.o.db
      .selectFrom('user_os_accounts as l')
      .innerJoin('users as u', 'u.id', 'l.user_id')
      .select([
        'l.id',
        'l.user_id',
        'u.username',
        'u.display_name',
        'u.team_id',
        'l.agent_id',
        'l.os_user',
        'l.confirmed_at',
        'l.confirmed_by',
        'l.created_at',
      ])
      .orderBy('l.created_at')
      .orderBy('l.id')
      .limit(q.limit ?? 1000);
    if (id) sel = sel.where('l.id', '=', id);
    if (q.userId) sel = sel.where('l.user_id', '=', q.userId);
    if (q.teamIds) sel = sel.where('u.team_id', 'in', [...q.teamIds]);
    if (q.pending === true) sel = sel.where('l.confirmed_at', 'is', null);
    if (q.pending === false) sel = sel.where('l.confirmed_at', 'is not', null);
    const rows = await sel.execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      teamId: r.team_id,
      agentId: r.agent_id,
      osUser: r.os_user,
      confirmed: r.confirmed_at !== null,
      confirmedAt: r.confirmed_at === null ? null : Number(r.confirmed_at),
      confirmedBy: r.confirmed_by,
      createdAt: Number(r.created_at),
    }));
  }
}
