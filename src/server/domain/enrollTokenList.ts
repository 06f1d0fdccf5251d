/**
 * The enrollment tokens as admins list them: newest first, paged, each with its state, uses left and who made or
 * revoked it (a person's name, an API token's name, the OS user at the CLI). Never the token: it is stored hashed.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AuditActorKind } from '../../shared/auditApi';
import type { EnrollTokenActor, EnrollTokenState, EnrollTokenView } from '../../shared/enrollTokensApi';
import type { Database, EnrollTokensTable } from '../store/schema';

type Row = Selectable<EnrollTokensTable>;

export interface EnrollTokenListQuery {
  limit: number;
  offset: number;
  /** Only tokens a PC could enroll with now (true), or only those it could not (false). */
  active?: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Revoked first (an admin's decision), then expired, then used up; `active` when none holds. */
export function enrollTokenState(r: Pick<Row, 'revoked_at' | 'expires_at' | 'uses' | 'uses_allowed'>, now: number): EnrollTokenState {
  if (r.revoked_at !== null) return 'revoked';
  if (r.expires_at !== null && Number(r.expires_at) <= now) return 'expired';
  if (r.uses_allowed !== null && r.uses >= r.uses_allowed) return 'used_up';
  return 'active';
}

export async function listEnrollTokens(db: Kysely<Database>, now: number, q: EnrollTokenListQuery): Promise<{ total: number; items: EnrollTokenView[] }> {
  let base = db.selectFrom('enroll_tokens');
  if (q.active !== undefined) {
    base = base.where((eb) => {
      const usable = eb.and([
        eb('revoked_at', 'is', null),
        eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]),
        eb.or([eb('uses_allowed', 'is', null), eb('uses', '<', eb.ref('uses_allowed'))]),
      ]);
      return q.active ? usable : eb.not(usable);
    });
  }
  const [{ n }] = (await base.select((eb) => eb.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
  const rows = (await base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute());
  return { total: Number(n), items: await enrollTokenViews(db, rows, now) };
}

export async function enrollTokenView(db: Kysely<Database>, id: string, now: number): Promise<EnrollTokenView | null> {
  const row = (await db.selectFrom('enroll_tokens').selectAll().where('id', '=', id).executeTakeFirst());
  return row ? ((await enrollTokenViews(db, [row], now))[0] ?? null) : null;
}

async function enrollTokenViews(db: Kysely<Database>, rows: Row[], now: number): Promise<EnrollTokenView[]> {
  const ids = (kind: string) => [
    ...new Set(
      rows.flatMap((r) => [
        r.created_by_kind === kind ? r.created_by_id : null,
        r.revoked_by_kind === kind ? r.revoked_by_id : null,
      ]).filter((x): x is string => !!x),
    ),
  ];
  const [userIds, tokenIds] = [ids('user'), ids('api-token')];
  const [users, tokens] = await Promise.all([
    userIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [],
    tokenIds.length ? db.selectFrom('api_tokens').select(['id', 'name']).where('id', 'in', tokenIds).execute() : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const tokenName = new Map(tokens.map((t) => [t.id, t.name]));
  const actor = (kind: string | null, id: string | null): EnrollTokenActor | null => {
    if (kind === null) return null;
    const name = kind === 'user' && id ? (userName.get(id) ?? null) : kind === 'api-token' && id ? (tokenName.get(id) ?? null) : kind === 'cli' ? id : null;
    return { kind: kind as AuditActorKind, id, name };
  };
  return rows.map((r) => ({
    id: r.id,
    prefix: r.token_prefix,
    note: r.note,
    state: enrollTokenState(r, now),
    usesAllowed: r.uses_allowed,
    uses: r.uses,
    usesLeft: r.uses_allowed === null ? null : Math.max(0, r.uses_allowed - r.uses),
    createdAt: new Date(Number(r.created_at)).toISOString(),
    createdBy: actor(r.created_by_kind, r.created_by_id),
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
    revokedBy: actor(r.revoked_by_kind, r.revoked_by_id),
  }));
}
