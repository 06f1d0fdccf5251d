/**
 * Console login: checks a username and password (and the TOTP code of an account that enrolled one), throttled per
 * username and per client address, and opens a new session. An unknown username, a disabled account, an account
 * without a password and a wrong password all fail alike — same error, and a scrypt verification each (against a
 * dummy hash when there is no real one), so neither the answer nor its timing tells which usernames exist.
 */
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { Clock } from './clock';
import { LoginThrottle } from './loginThrottle';
import { dummyPasswordHash, verifyPassword, type PasswordHashOptions } from './passwordHash';
import type { PeopleService } from './peopleService';
import { normalizeUsername } from './personInput';
import { recordChange, type AuditActor, type UserRecord } from './personRecords';
import type { AuditRecorder } from './auditLog';
import type { NewSession, SessionService } from './sessionService';
import { matchTotp, newTotpSecret, totpUri, type TotpOptions } from './totp';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

export interface ConsoleLoginOptions {
  db: Kysely<Database>;
  people: PeopleService;
  sessions: SessionService;
  clock: Clock;
  /** @default 5 failures, then 1 s, 2 s, 4 s … up to 15 min */
  usernameThrottle?: LoginThrottle;
  /** Looser than per username: an office's PCs may share one address behind NAT. @default 20 failures, then as above */
  ipThrottle?: LoginThrottle;
  /** The cost of the dummy hash; match the cost of real ones. @default passwordHash.ts's defaults */
  passwordHash?: PasswordHashOptions;
  totp?: TotpOptions;
  /** The issuer shown by authenticator apps. @default 'Pasang' */
  totpIssuer?: string;
  /** Where logins and TOTP changes are recorded. @default none */
  audit?: AuditRecorder;
}

export interface LoginAttempt {
  username: string;
  password: string;
  totp?: string | undefined;
  /** The client's address (for throttling and the session record). */
  ip: string | null;
}

export class ConsoleLogin {
  private readonly usernames: LoginThrottle;
  private readonly ips: LoginThrottle;
  private readonly dummy: Promise<string>;

  constructor(private readonly o: ConsoleLoginOptions) {
    this.usernames = o.usernameThrottle ?? new LoginThrottle({ clock: o.clock });
    this.ips = o.ipThrottle ?? new LoginThrottle({ clock: o.clock, maxFailures: 20 });
    // Made now, not at the first unknown username: that login would otherwise take twice as long as the others.
    this.dummy = dummyPasswordHash(o.passwordHash);
  }

  /** Opens a session, or throws RATE_LIMITED (details.retryAfterSec), INVALID_CREDENTIALS, TOTP_REQUIRED or TOTP_INVALID. */
  async login(a: LoginAttempt): Promise<{ user: UserRecord; session: NewSession }> {
    const userKey = `u:${normalizeUsername(a.username)}`;
    const ipKey = a.ip ? `ip:${a.ip}` : null;
    this.throwIfLocked(userKey, ipKey);
    const creds = await this.o.people.credentials(a.username);
    const matches = await verifyPassword(a.password, creds?.passwordHash ?? (await this.dummyHash()));
    if (!creds || !creds.passwordHash || creds.disabled || !matches) {
      await this.fail(userKey, ipKey, creds?.id ?? null);
      throw new PasangError(ErrorCodes.INVALID_CREDENTIALS, 'wrong username or password');
    }
    if (creds.totpSecret) {
      // Not counted as a failure: whoever gets here knows the password, and the client now asks for the code.
      if (!a.totp) throw new PasangError(ErrorCodes.TOTP_REQUIRED, 'this account needs its authenticator code');
      if (!(await this.acceptCode(creds.id, creds.totpSecret, a.totp))) {
        await this.fail(userKey, ipKey, creds.id);
        throw new PasangError(ErrorCodes.TOTP_INVALID, 'wrong or already used authenticator code');
      }
    }
    this.usernames.recordSuccess(userKey);
    const session = await this.o.sessions.create(creds.id, a.ip);
    // Successes only: failures are throttled, not written, so guessing cannot flood the append-only log.
    await recordChange(
      this.o.audit,
      this.o.db,
      { actorKind: 'user', actorId: creds.id, source: a.ip },
      'auth.login',
      `user:${creds.id}`,
      { totp: !!creds.totpSecret },
    );
    return { user: (await this.o.people.user(creds.id))!, session };
  }

  /**
   * Whether `password` is this person's current one (changing one's own password), throttled like a login so a
   * stolen session cannot be used to guess the password.
   */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const user = await this.o.people.user(userId);
    const creds = user ? await this.o.people.credentials(user.username) : null;
    const key = `u:${user?.username ?? userId}`;
    this.throwIfLocked(key, null);
    const ok = await verifyPassword(password, creds?.passwordHash ?? (await this.dummyHash()));
    if (!ok || !creds?.passwordHash) {
      this.usernames.recordFailure(key);
      return false;
    }
    return true;
  }

  /** Starts (or restarts) TOTP enrollment: a new secret, active only once confirmed with a code from it. */
  async enrollTotp(userId: string): Promise<{ secret: string; uri: string }> {
    const user = await this.o.people.user(userId);
    if (!user) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such user');
    // Replacing an active secret would let whoever holds a session move the second factor to their own phone.
    if (user.totpEnabled)
      throw new PasangError(ErrorCodes.CONFLICT, 'TOTP is already enabled: disable it with a current code first');
    const secret = newTotpSecret();
    await this.o.db
      .insertInto('user_totp')
      .values({ user_id: userId, pending_secret: secret })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ pending_secret: secret }))
      .execute();
    return { secret, uri: totpUri(secret, user.username, this.o.totpIssuer ?? 'Pasang') };
  }

  /** Activates the enrolled secret when `code` is from it; from then on logins need a code. */
  async confirmTotp(userId: string, code: string, by?: AuditActor): Promise<void> {
    await this.o.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('user_totp')
        .select('pending_secret')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row?.pending_secret)
        throw new PasangError(ErrorCodes.BAD_REQUEST, 'no TOTP enrollment to confirm: enroll first');
      const step = matchTotp(row.pending_secret, code, this.o.clock.now(), this.o.totp);
      if (step === null) throw new PasangError(ErrorCodes.TOTP_INVALID, 'the code does not match the enrolled secret');
      await trx
        .updateTable('users')
        .set({ totp_secret: row.pending_secret, updated_at: this.o.clock.now() })
        .where('id', '=', userId)
        .execute();
      await trx
        .updateTable('user_totp')
        .set({ pending_secret: null, last_step: step })
        .where('user_id', '=', userId)
        .execute();
      await recordChange(this.o.audit, trx, by, 'user.totp_enable', `user:${userId}`);
    });
  }

  /** Turns TOTP off: by the person with a current code, or (`code` undefined) by an admin for a lost phone. */
  async disableTotp(userId: string, code?: string, by?: AuditActor): Promise<void> {
    const user = await this.o.db.selectFrom('users').select('totp_secret').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such user');
    if (code !== undefined) {
      if (!user.totp_secret) throw new PasangError(ErrorCodes.BAD_REQUEST, 'TOTP is not enabled');
      if (!(await this.acceptCode(userId, user.totp_secret, code)))
        throw new PasangError(ErrorCodes.TOTP_INVALID, 'wrong or already used authenticator code');
    }
    await this.o.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ totp_secret: null, updated_at: this.o.clock.now() })
        .where('id', '=', userId)
        .execute();
      await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
      await recordChange(this.o.audit, trx, by, 'user.totp_disable', `user:${userId}`);
    });
  }

  /** Accepts a code of a step later than the last one accepted, recording it (a code works once). */
  private async acceptCode(userId: string, secret: string, code: string): Promise<boolean> {
    const step = matchTotp(secret, code, this.o.clock.now(), this.o.totp);
    if (step === null) return false;
    await this.o.db
      .insertInto('user_totp')
      .values({ user_id: userId, last_step: null })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    // One conditional update: of two logins racing with the same code, one wins.
    const r = await this.o.db
      .updateTable('user_totp')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private throwIfLocked(userKey: string, ipKey: string | null): void {
    const verdicts = [this.usernames.check(userKey), ...(ipKey ? [this.ips.check(ipKey)] : [])];
    const wait = Math.max(0, ...verdicts.map((v) => (v.allowed ? 0 : v.retryAfterMs)));
    if (wait > 0) {
      const retryAfterSec = Math.ceil(wait / 1000);
      throw new PasangError(ErrorCodes.RATE_LIMITED, `too many failed logins: try again in ${retryAfterSec} s`, {
        details: { retryAfterSec },
      });
    }
  }

  /**
   * Counts a failure for the username and the address. The start of a lock-out is recorded in the audit log (once
   * per run of failures, so guessing cannot flood the log); the failures themselves are not.
   */
  private async fail(userKey: string, ipKey: string | null, userId: string | null): Promise<void> {
    const by = { actorKind: 'system', actorId: null, source: ipKey ? ipKey.slice('ip:'.length) : null } as const;
    // An unknown username is not written: people type their password into the username field.
    if (this.usernames.recordFailure(userKey))
      await recordChange(this.o.audit, this.o.db, by, 'auth.lockout', userId ? `user:${userId}` : 'user:unknown');
    if (ipKey && this.ips.recordFailure(ipKey))
      await recordChange(this.o.audit, this.o.db, by, 'auth.lockout', `address:${ipKey.slice('ip:'.length)}`);
  }

  private dummyHash(): Promise<string> {
    return this.dummy;
  }
}
