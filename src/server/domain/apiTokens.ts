/** API tokens for scripts and the CLI: a role each, stored hashed, shown once. */
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { isRole, type Role } from '../../shared/roles';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import { hashSecret, newId, newSecret } from './secrets';

/**
 * Who is calling the API: a person (`user`: logged in to the console, or through an API token that acts for them,
 * with all their roles), a stand-alone API token with its one role (scripts, the CLI's first admin), or an enrolled PC
 * (its agent id).
 */
export type Principal =
  | { kind: 'user'; id: string; roles: readonly Role[]; via: 'session' | 'api-token'; sessionId?: string }
  | { kind: 'api-token'; id: string; role: Role }
  | { kind: 'agent'; id: string };

/** The roles a principal holds (an agent holds none). */
export function principalRoles(principal: Principal): readonly Role[] {
  if (principal.kind === 'user') return principal.roles;
  return principal.kind === 'api-token' ? [principal.role] : [];
}

export class ApiTokenService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * A token with `role`, or (`userId` given) one that acts for that person with their roles at each call; its stored
   * role is then ignored (pass 'employee', the least).
   */
  async create(role: string, name?: string, userId?: string): Promise<{ id: string; token: string }> {
    if (!isRole(role)) throw new PasangError(ErrorCodes.BAD_REQUEST, `unknown role "${role}"`);
    if (userId !== undefined && !(await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) {
      throw new PasangError(ErrorCodes.BAD_REQUEST, `no user with id ${userId}`);
    }
    const token = newSecret('api');
    const id = newId();
    await this.db
      .insertInto('api_tokens')
      .values({ id, token_hash: hashSecret(token), role, name: name ?? null, created_at: this.clock.now(), revoked_at: null, last_used_at: null, user_id: userId ?? null })
      .execute();
    return { id, token };
  }

  async authenticate(token: string): Promise<Principal | null> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'role', 'revoked_at', 'user_id'])
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || !isRole(row.role)) return null;
    if (row.user_id) {
      // A person's token has the person's roles now, not when it was made; a disabled person's tokens stop working.
      const user = await this.db.selectFrom('users').select('disabled_at').where('id', '=', row.user_id).executeTakeFirst();
      if (!user || user.disabled_at !== null) return null;
      const roles = await this.db.selectFrom('user_roles').select('role').where('user_id', '=', row.user_id).execute();
      return { kind: 'user', id: row.user_id, roles: roles.map((r) => r.role).filter(isRole), via: 'api-token' };
    }
    return { kind: 'api-token', id: row.id, role: row.role };
  }

  async revoke(id: string): Promise<boolean> {
    const r = await this.db.updateTable('api_tokens').set({ revoked_at: this.clock.now() }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
