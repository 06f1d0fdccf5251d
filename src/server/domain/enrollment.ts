/**
 * Enrollment: admins make tokens (scoped by uses and expiry, stored hashed); an agent exchanges one for its own id and
 * secret. Every refusal is the same ENROLL_TOKEN_INVALID so a caller cannot probe which tokens exist.
 */
import type { Kysely } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
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

export const DEFAULT_ENROLL_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export class EnrollmentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async createToken(options: CreateEnrollTokenOptions = {}): Promise<{ id: string; token: string; expiresAt: number | null }> {
    const uses = options.uses === undefined ? 1 : options.uses;
    if (uses !== null && (!Number.isInteger(uses) || uses < 1)) {
      throw new PasangError(ErrorCodes.BAD_REQUEST, 'uses must be a whole number of at least 1');
    }
    const lifetime = options.expiresInMs === undefined ? DEFAULT_ENROLL_TOKEN_LIFETIME_MS : options.expiresInMs;
    const now = this.clock.now();
    const token = newSecret('enroll');
    const id = newId();
    const expiresAt = lifetime === null ? null : now + lifetime;
    await this.db
      .insertInto('enroll_tokens')
      .values({
        id,
        token_hash: hashSecret(token),
        created_at: now,
        expires_at: expiresAt,
        uses_allowed: uses,
        uses: 0,
        revoked_at: null,
        note: options.note ?? null,
      })
      .execute();
    return { id, token, expiresAt };
  }

  async revokeToken(id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('enroll_tokens')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async enroll(request: EnrollRequest): Promise<EnrollResult> {
    const now = this.clock.now();
    const tokenHash = hashSecret(request.token);
    const agentSecret = newSecret('agent');
    const agentId = newId();
    await this.db.transaction().execute(async (trx) => {
      // The use is counted by a conditional update, so two agents racing for the last use cannot both win.
      const claimed = await trx
        .updateTable('enroll_tokens')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .where((eb) => eb.or([eb('uses_allowed', 'is', null), eb('uses', '<', eb.ref('uses_allowed'))]))
        .returning(['id'])
        .executeTakeFirst();
      if (!claimed) throw new PasangError(ErrorCodes.ENROLL_TOKEN_INVALID, 'enrollment token is invalid, used up, expired or revoked');
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
    });
    return { agentId, agentSecret };
  }
}
