/**
 * Console sessions: the cookie's value is 256 random bits, stored only as its SHA-256 (a database dump gives no
 * session away), with a CSRF token of its own. A session ends when idle too long, at an absolute limit, at logout, or
 * when the person's password changes or the account is disabled.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import { hashSecret } from './secrets';

export interface SessionServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** A session unused this long ends. @default 43200000 (12 h) */
  idleMs?: number;
  /** A session ends this long after login whatever its use. @default 604800000 (7 d) */
  absoluteMs?: number;
  /** `last_seen_at` is written at most this often per session, not at every request. @default 60000 */
  touchEveryMs?: number;
}

export interface NewSession {
  /** The cookie's value: shown once, never stored. */
  token: string;
  /** The session's id as stored (SHA-256 of the token). */
  id: string;
  csrfToken: string;
  expiresAt: number;
}

export interface ActiveSession {
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export class SessionService {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  readonly idleMs: number;
  readonly absoluteMs: number;
  private readonly touchEveryMs: number;

  constructor(options: SessionServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.idleMs = options.idleMs ?? 12 * 3_600_000;
    this.absoluteMs = options.absoluteMs ?? 7 * 86_400_000;
    this.touchEveryMs = options.touchEveryMs ?? 60_000;
  }

  /** A new session at each login (never a reused one: no session fixation). */
  async create(userId: string, ip: string | null): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const id = hashSecret(token);
    const expiresAt = now + this.absoluteMs;
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: id,
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: expiresAt,
        last_seen_at: now,
        ip,
      })
      .execute();
    return { token, id, csrfToken, expiresAt };
  }

  /** The live session of a cookie value, or null (unknown, idle too long, past its absolute end). */
  async authenticate(token: string): Promise<ActiveSession | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    const id = hashSecret(token);
    const row = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', id).executeTakeFirst();
    const now = this.clock.now();
    if (!row) return null;
    if (row.expires_at <= now || row.last_seen_at + this.idleMs <= now) {
      await this.db.deleteFrom('sessions').where('id_hash', '=', id).execute();
      return null;
    }
    if (now - row.last_seen_at >= this.touchEveryMs) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', id).execute();
    }
    return {
      id,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      expiresAt: Math.min(row.expires_at, now + this.idleMs),
    };
  }

  /** The CSRF token of a session (by id), for a console page reloaded after login. */
  async csrfTokenOf(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('sessions').select('csrf_token').where('id_hash', '=', id).executeTakeFirst();
    return row?.csrf_token ?? null;
  }

  /** Ends one session by its id (logout). */
  async revoke(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', id).execute();
  }

  /** Ends every session of a person, except `keep` (the one that changed its own password). */
  async revokeAllFor(userId: string, keep?: string, db: Kysely<Database> = this.db): Promise<void> {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep) q = q.where('id_hash', '<>', keep);
    await q.execute();
  }

  /** Deletes sessions past their end; run now and then, authenticate() also drops the ones it meets. */
  async prune(): Promise<number> {
    const now = this.clock.now();
    const r = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - this.idleMs)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
