/**
 * Migration `oidc_links` and its table type: which single-sign-on identity (issuer + subject) is which person. A link
 * is made at the identity's first login, by the verified e-mail of one enabled person, and is what the identity logs
 * in by from then on (its e-mail may change at the identity provider). One link per person and issuer.
 */
import type { Kysely, Migration } from 'kysely';

export interface OidcLinksTable {
  /** The issuer as discovered (`iss` of the ID token). */
  issuer: string;
  /** The ID token's `sub`: stable per issuer, never reassigned. */
  subject: string;
  user_id: string;
  /** The e-mail the link was made by (for the audit trail and the admin; not used to log in). */
  email: string | null;
  linked_at: number;
  last_login_at: number;
}

export interface OidcLinkDatabase {
  oidc_links: OidcLinksTable;
}

export function oidcLinksMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('oidc_links')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('email', 'text')
        .addColumn('linked_at', bigint, (c) => c.notNull())
        .addColumn('last_login_at', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_links_pk', ['issuer', 'subject'])
        .addUniqueConstraint('oidc_links_one_per_person', ['issuer', 'user_id'])
        .execute();
    },
  };
}
