/**
 * Enrollment: admins make tokens (scoped by uses and expiry, stored hashed), list and revoke them; an agent exchanges
 * one for its own id and secret. Making and revoking a token, and an enrolment, commit together with their audit entry. A refused
 * enrollment is always ENROLL_TOKEN_INVALID; its message says why (revoked, expired, used up) only to a caller who
 * holds the token itself — 256 random bits — so nobody learns anything about tokens they do not have.
 */
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { EnrollTokenView } from '../../shared/enrollTokensApi';
import type { Database } from '../store/schema';
import type { AuditEntryInput, AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import { enrollTokenState, enrollTokenView, listEnrollTokens, type EnrollTokenListQuery } from './enrollTokenList';
import { hashSecret, newId, newSecret } from './secrets';

export interface CreateEnrollTokenOptions {
  /** How many agents may enroll with it. @default 1 */
  uses?: number | null;
  /** Lifetime in ms; null for no expiry. @default 7 days */
  expiresInMs?: number | null;
  note?: string;
}

export interface EnrollRequest {
  token: string;
  machineId: string;
  hostname: string;
  agentVersion?: string;
}

export interface EnrollResult {
  agentId: string;
  agentSecret: string;
}

/** Who makes or revokes a token, as the audit log names them. */
export type EnrollTokenActor = Pick<AuditEntryInput, 'actorKind' | 'actorId' | 'source'>;

export const DEFAULT_ENROLL_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** `pse_` and four characters of the token's 43: 24 of its 256 bits, shown in the list to tell tokens apart. */
const PREFIX_LENGTH = 8;
const SERVER: EnrollTokenActor = { actorKind: 'system', actorId: null, source: 'system' };

export class EnrollmentService {
  /**
   * @param db the store, or a transaction the caller commits
   * @param audit where token changes are recorded (in the same transaction); none in store-only tests
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit?: AuditRecorder,
  ) {}

  /** Runs `fn` in the caller's transaction when `db` is one, else in a transaction of its own. */
  private inTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
  }

  async createToken(options: CreateEnrollTokenOptions = {}, by: EnrollTokenActor = SERVER): Promise<{ id: string; token: string; expiresAt: number | null }> {
    const uses = options.uses === undefined ? 1 : options.uses;
    if (uses !== null && (!Number.isInteger(uses) || uses < 1)) {
      throw new PasangError(ErrorCodes.BAD_REQUEST, 'uses must be a whole number of at least 1');
    }
    const lifetime = options.expiresInMs === undefined ? DEFAULT_ENROLL_TOKEN_LIFETIME_MS : options.expiresInMs;
    const now = this.clock.now();
    const token = newSecret('enroll');
    const id = newId();
    const expiresAt = lifetime === null ? null : now + lifetime;
    const note = options.note ?? null;
    await this.inTransaction(async (trx) => {
      await trx
        .insertInto('enroll_tokens')
        .values({
          id,
          token_hash: hashSecret(token),
          token_prefix: token.slice(0, PREFIX_LENGTH),
          created_at: now,
          created_by_kind: by.actorKind,
          created_by_id: by.actorId,
          expires_at: expiresAt,
          uses_allowed: uses,
          uses: 0,
          revoked_at: null,
          note,
        })
        .execute();
      await this.audit?.append({ ...by, action: 'enroll_token.create', target: `enroll_token:${id}`, data: { uses, expiresAt, note } }, trx);
    });
    return { id, token, expiresAt };
  }

  list(query: EnrollTokenListQuery): Promise<{ total: number; items: EnrollTokenView[] }> {
    return listEnrollTokens(this.db, this.clock.now(), query);
  }

  get(id: string): Promise<EnrollTokenView | null> {
    return enrollTokenView(this.db, id, this.clock.now());
  }

  /**
   * Revokes a token: no PC enrolls with it from then on (PCs already enrolled keep their own credential). Revoking it
   * again changes nothing and records nothing. Null when there is no such token.
   */
  async revokeToken(id: string, by: EnrollTokenActor = SERVER): Promise<{ token: EnrollTokenView; changed: boolean } | null> {
    const now = this.clock.now();
    const changed = await this.inTransaction(async (trx) => {
      const r = await trx
        .updateTable('enroll_tokens')
        .set({ revoked_at: now, revoked_by_kind: by.actorKind, revoked_by_id: by.actorId })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      const row = await trx.selectFrom('enroll_tokens').select(['uses', 'note']).where('id', '=', id).executeTakeFirstOrThrow();
      await this.audit?.append({ ...by, action: 'enroll_token.revoke', target: `enroll_token:${id}`, data: { uses: row.uses, note: row.note } }, trx);
      return true;
    });
    const token = await enrollTokenView(this.db, id, now);
    return token ? { token, changed } : null;
  }

  /**
   * Exchanges a token for a new agent's id and secret. The enrolment is recorded as `agent.enroll` (by the new agent,
   * from `source`) in the same transaction as the token's use and the agent's row: if the entry cannot be written, no
   * agent exists and the token's use is not counted.
   */
  async enroll(request: EnrollRequest, source: string | null = null): Promise<EnrollResult> {
    const now = this.clock.now();
    const tokenHash = hashSecret(request.token);
    const agentSecret = newSecret('agent');
    const agentId = newId();
    await this.inTransaction(async (trx) => {
      // The use is counted by a conditional update, so two agents racing for the last use cannot both win.
      const claimed = await trx
        .updateTable('enroll_tokens')
        .set((eb) => ({ uses: eb('uses', '+', 1), last_used_at: now }))
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .where((eb) => eb.or([eb('uses_allowed', 'is', null), eb('uses', '<', eb.ref('uses_allowed'))]))
        .returning(['id'])
        .executeTakeFirst();
      if (!claimed) throw await this.refusal(trx, tokenHash, now);
      await trx
        .insertInto('agents')
        .values({
          id: agentId,
          machine_id: request.machineId,
          hostname: request.hostname,
          secret_hash: hashSecret(agentSecret),
          enroll_token_id: claimed.id,
          enrolled_at: now,
          revoked_at: null,
          online: 0,
          last_seen_at: null,
          connected_at: null,
          disconnected_at: null,
          agent_version: request.agentVersion ?? null,
          inventory_hash: null,
          inventory_updated_at: null,
          last_metrics: null,
          last_metrics_at: null,
          summary: null,
        })
        .execute();
      await this.audit?.append(
        {
          actorKind: 'agent',
          actorId: agentId,
          source,
          action: 'agent.enroll',
          target: `agent:${agentId}`,
          data: { hostname: request.hostname, machineId: request.machineId, agentVersion: request.agentVersion ?? null },
        },
        trx,
      );
    });
    return { agentId, agentSecret };
  }

  /** Why a token was refused, said to the one who holds it; an unknown token is just "not valid". */
  private async refusal(db: Kysely<Database>, tokenHash: string, now: number): Promise<PasangError> {
    const row = await db
      .selectFrom('enroll_tokens')
      .select(['revoked_at', 'expires_at', 'uses', 'uses_allowed'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    const state = row ? enrollTokenState(row, now) : null;
    const at = (ms: number | null) => new Date(Number(ms)).toISOString();
    const message =
      state === 'revoked'
        ? `this enrollment token was revoked by an admin at ${at(row!.revoked_at)}: ask for a new one`
        : state === 'expired'
          ? `this enrollment token expired at ${at(row!.expires_at)}: ask an admin for a new one`
          : state === 'used_up'
            ? `this enrollment token has been used ${row!.uses} of ${row!.uses_allowed} times: ask an admin for a new one`
            : 'this enrollment token is not valid on this server';
    return new PasangError(ErrorCodes.ENROLL_TOKEN_INVALID, message);
  }
}
