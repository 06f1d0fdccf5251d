/**
 * Teams, each with its Ketua Tim: a person holding the team_lead role, who approves the team's requests and confirms
 * the OS accounts its members claim. Part of PeopleService (`people.teams`).
 */
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import type { Person } from './peopleDirectory';
import { isUniqueViolation, loadUser, recordChange, toPerson, type AuditActor, type Db } from './personRecords';
import type { AuditRecorder } from './auditLog';
import { newId } from './secrets';

export interface TeamRecord {
  id: string;
  name: string;
  leadUserId: string | null;
  memberCount: number;
  createdAt: number;
}

export interface TeamServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** @default none */
  audit?: AuditRecorder;
}

function checkName(name: string): string {
  const n = name.trim();
  if (n === '' || n.length > 100) throw new PasangError(ErrorCodes.BAD_REQUEST, 'a team name has 1 to 100 characters');
  return n;
}

export class TeamService {
  constructor(private readonly o: TeamServiceOptions) {}

  async list(): Promise<TeamRecord[]> {
    return this.query(this.o.db);
  }

  async get(id: string): Promise<TeamRecord | null> {
    return (await this.query(this.o.db, id))[0] ?? null;
  }

  async byName(name: string): Promise<TeamRecord | null> {
    const row = await this.o.db.selectFrom('teams').select('id').where('name', '=', name.trim()).executeTakeFirst();
    return row ? this.get(row.id) : null;
  }

  async create(input: { name: string; leadUserId?: string | null | undefined }, by?: AuditActor): Promise<TeamRecord> {
    const name = checkName(input.name);
    const id = newId();
    await this.guardUnique(name, () =>
      this.o.db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst())
          throw conflict(name);
        if (input.leadUserId) await this.mustBeLead(trx, input.leadUserId);
        await trx
          .insertInto('teams')
          .values({ id, name, lead_user_id: input.leadUserId ?? null, created_at: this.o.clock.now() })
          .execute();
        await recordChange(this.o.audit, trx, by, 'team.create', `team:${id}`, {
          name,
          leadUserId: input.leadUserId ?? null,
        });
      }),
    );
    return (await this.get(id))!;
  }

  async update(
    id: string,
    patch: { name?: string | undefined; leadUserId?: string | null | undefined },
    by?: AuditActor,
  ): Promise<TeamRecord> {
    const name = patch.name === undefined ? undefined : checkName(patch.name);
    await this.guardUnique(name ?? '', () =>
      this.o.db.transaction().execute(async (trx) => {
        await this.mustExist(trx, id);
        if (
          name &&
          (await trx.selectFrom('teams').select('id').where('name', '=', name).where('id', '<>', id).executeTakeFirst())
        )
          throw conflict(name);
        if (patch.leadUserId) await this.mustBeLead(trx, patch.leadUserId);
        await trx
          .updateTable('teams')
          .set({
            ...(name !== undefined ? { name } : {}),
            ...(patch.leadUserId !== undefined ? { lead_user_id: patch.leadUserId } : {}),
          })
          .where('id', '=', id)
          .execute();
        await recordChange(this.o.audit, trx, by, 'team.update', `team:${id}`, {
          ...(name !== undefined ? { name } : {}),
          ...(patch.leadUserId !== undefined ? { leadUserId: patch.leadUserId } : {}),
        });
      }),
    );
    return (await this.get(id))!;
  }

  /** Only an empty team goes: its members' requests would lose their Ketua Tim otherwise. */
  async delete(id: string, by?: AuditActor): Promise<void> {
    await this.o.db.transaction().execute(async (trx) => {
      await this.mustExist(trx, id);
      const members = await trx.selectFrom('users').select('id').where('team_id', '=', id).limit(1).execute();
      if (members.length)
        throw new PasangError(ErrorCodes.CONFLICT, 'the team still has members: move them to another team first');
      await trx.deleteFrom('teams').where('id', '=', id).execute();
      await recordChange(this.o.audit, trx, by, 'team.delete', `team:${id}`);
    });
  }

  /** The Ketua Tim, while they hold the team_lead role and are not disabled. */
  async lead(teamId: string): Promise<Person | null> {
    const row = await this.o.db.selectFrom('teams').select('lead_user_id').where('id', '=', teamId).executeTakeFirst();
    if (!row?.lead_user_id) return null;
    const lead = await loadUser(this.o.db, row.lead_user_id);
    return lead && !lead.disabled && lead.roles.includes('team_lead') ? toPerson(lead) : null;
  }

  /** The ids of the teams this person leads (empty for anyone not a Ketua Tim). */
  async idsLedBy(userId: string): Promise<string[]> {
    return (await this.ledBy(this.o.db, userId)).map((t) => t.id);
  }

  async ledBy(db: Db, userId: string): Promise<{ id: string; name: string }[]> {
    return db.selectFrom('teams').select(['id', 'name']).where('lead_user_id', '=', userId).orderBy('name').execute();
  }

  async mustExist(db: Db, id: string): Promise<void> {
    const row = await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw new PasangError(ErrorCodes.BAD_REQUEST, `no team with id ${id}`);
  }

  private async mustBeLead(db: Db, userId: string): Promise<void> {
    const u = await loadUser(db, userId);
    if (!u) throw new PasangError(ErrorCodes.BAD_REQUEST, `no user with id ${userId}`);
    if (u.disabled || !u.roles.includes('team_lead')) {
      throw new PasangError(
        ErrorCodes.BAD_REQUEST,
        `${u.username} cannot be Ketua Tim: a Ketua Tim holds the team_lead role and is not disabled`,
      );
    }
  }

  private async query(db: Db, id?: string): Promise<TeamRecord[]> {
    let q = db
      .selectFrom('teams')
      .select((eb) => [
        'teams.id',
        'teams.name',
        'teams.lead_user_id',
        'teams.created_at',
        eb
          .selectFrom('users')
          .select(eb.fn.countAll<number | string>().as('n'))
          .whereRef('users.team_id', '=', 'teams.id')
          .as('members'),
      ])
      .orderBy('teams.name');
    if (id) q = q.where('teams.id', '=', id);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      leadUserId: r.lead_user_id,
      memberCount: Number(r.members ?? 0),
      createdAt: Number(r.created_at),
    }));
  }

  private async guardUnique<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(name);
      throw err;
    }
  }
}

function conflict(name: string): PasangError {
  return new PasangError(ErrorCodes.CONFLICT, `a team named ${name} exists`);
}
