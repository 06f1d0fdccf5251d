/**
 * Console login by single sign-on (OpenID Connect): an identity the identity provider vouched for (its ID token
 * already checked by the relying party) becomes a session of the Pasang person it maps to — by its stored link, or at
 * its first login by the verified e-mail of exactly one enabled person, who is then linked. Nobody is created and no
 * role comes from the identity provider: roles stay Pasang's. The session is the same kind a password login opens.
 * An admin removes a person's link (their account at the identity provider was made again, with a new `sub`): the
 * next login links again by e-mail.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { Database } from '../store/schema';
import type { AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import type { PeopleService } from './peopleService';
import { isUniqueViolation, recordChange, type AuditActor, type UserRecord } from './personRecords';
import type { NewSession, SessionService } from './sessionService';

/** Who the identity provider says logged in: from the checked ID token (and UserInfo for the e-mail). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  /** Only a verified e-mail makes a first link: an unverified one could be anyone's. */
  emailVerified: boolean;
}

export interface OidcLoginOptions {
  db: Kysely<Database>;
  people: PeopleService;
  sessions: SessionService;
  clock: Clock;
  /** Where logins and new links are recorded. @default none */
  audit?: AuditRecorder;
}

export class OidcLogin {
  constructor(private readonly o: OidcLoginOptions) {}

  /** Opens a session for the identity's person, or throws OIDC_IDENTITY_UNKNOWN (with the reason in the message). */
  async login(identity: OidcIdentity, ip: string | null): Promise<{ user: UserRecord; session: NewSession; linked: boolean }> {
    const by = { actorKind: 'user', source: ip } as const;
    let linked = false;
    let userId = await this.linkedPerson(identity);
    if (!userId) {
      userId = await this.personByEmail(identity);
      linked = await this.link(identity, userId, ip);
      // Lost a race with another first login of the same identity: its link is the one to use.
      if (!linked) userId = await this.linkedPerson(identity);
      if (!userId) throw unknown('this identity is linked to no one');
    }
    const user = await this.o.people.user(userId);
    if (!user || user.disabled) throw unknown('the linked account is disabled');
    await this.o.db
      .updateTable('oidc_links')
      .set({ last_login_at: this.o.clock.now() })
      .where('issuer', '=', identity.issuer)
      .where('subject', '=', identity.subject)
      .execute();
    const session = await this.o.sessions.create(user.id, ip);
    await recordChange(this.o.audit, this.o.db, { ...by, actorId: user.id }, 'auth.login', `user:${user.id}`, {
      method: 'oidc',
      issuer: identity.issuer,
    });
    return { user, session, linked };
  }

  /**
   * Removes the person's single-sign-on links (one per issuer), audited (`auth.oidc_unlink`, each link's issuer,
   * subject and e-mail) in the same transaction: no entry, no removal. NOT_FOUND when there is no such person or the
   * person has no link. Their sessions stay: they are the same person, only the identity that logs them in changes.
   */
  async unlink(userId: string, by: AuditActor): Promise<{ issuer: string; subject: string; email: string | null }[]> {
    return this.o.db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!user) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such user');
      const links = await trx.selectFrom('oidc_links').select(['issuer', 'subject', 'email']).where('user_id', '=', userId).orderBy('issuer').execute();
      if (links.length === 0) throw new PasangError(ErrorCodes.NOT_FOUND, 'this person has no single sign-on link');
      await trx.deleteFrom('oidc_links').where('user_id', '=', userId).execute();
      await recordChange(this.o.audit, trx, by, 'auth.oidc_unlink', `user:${userId}`, { links });
      return links;
    });
  }

  private async linkedPerson(identity: OidcIdentity): Promise<string | null> {
    const row = await this.o.db
      .selectFrom('oidc_links')
      .select('user_id')
      .where('issuer', '=', identity.issuer)
      .where('subject', '=', identity.subject)
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  /** The one enabled person whose e-mail is the identity's verified e-mail (compared without case). */
  private async personByEmail(identity: OidcIdentity): Promise<string> {
    if (!identity.email) throw unknown('no link, and the identity provider gave no e-mail');
    if (!identity.emailVerified) throw unknown('no link, and the identity provider has not verified the e-mail');
    const rows = await this.o.db
      .selectFrom('users')
      .select('id')
      .where(sql<boolean>`lower(email) = ${identity.email.toLowerCase()}`)
      .where('disabled_at', 'is', null)
      .limit(2)
      .execute();
    if (rows.length !== 1) {
      throw unknown(rows.length === 0 ? 'no enabled person has this e-mail' : 'more than one person has this e-mail');
    }
    return rows[0]!.id;
  }

  /** Links the identity to the person (audited with it); false when a concurrent login linked it first. */
  private async link(identity: OidcIdentity, userId: string, ip: string | null): Promise<boolean> {
    const now = this.o.clock.now();
    const existing = await this.o.db
      .selectFrom('oidc_links')
      .select('subject')
      .where('issuer', '=', identity.issuer)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    // The person already logs in by another identity of this issuer: an e-mail match must not add a second one.
    if (existing) throw unknown('the person with this e-mail is linked to another identity of this provider');
    try {
      await this.o.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('oidc_links')
          .values({ issuer: identity.issuer, subject: identity.subject, user_id: userId, email: identity.email, linked_at: now, last_login_at: now })
          .execute();
        await recordChange(this.o.audit, trx, { actorKind: 'user', actorId: userId, source: ip }, 'auth.oidc_link', `user:${userId}`, {
          issuer: identity.issuer,
          subject: identity.subject,
          email: identity.email,
        });
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}

function unknown(why: string): PasangError {
  return new PasangError(ErrorCodes.OIDC_IDENTITY_UNKNOWN, `single sign-on: ${why}`);
}
