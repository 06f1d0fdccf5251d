/**
 * Table types and migration of people: users with their roles (a person may hold several), teams with their Ketua Tim,
 * the OS accounts and PCs each person uses, console sessions.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface UsersTable {
  id: string;
  /** Login name, lower case, unique. */
  username: string;
  display_name: string;
  /** Nomor Induk Pegawai: 18 digits; unique when set. */
  nip: string | null;
  team_id: Defaulted<string | null>;
  email: Defaulted<string | null>;
  /** scrypt hash (see passwordHash.ts); null: cannot log in to the console (tray-only employees). */
  password_hash: Defaulted<string | null>;
  /** TOTP secret (base32), when the person enrolled MFA. */
  totp_secret: Defaulted<string | null>;
  /** A Teknisi's qualification as the SOP's *kualifikasi pelaksana* names it (see shared/people.ts); null: none. */
  qualification: Defaulted<string | null>;
  created_at: number;
  updated_at: number;
  disabled_at: Defaulted<number | null>;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  /** The Ketua Tim (a user with the team_lead role). */
  lead_user_id: Defaulted<string | null>;
  created_at: number;
}

/** Which OS user names on which PCs belong to a person: set by an admin, or claimed at a first request. */
export interface UserOsAccountsTable {
  id: string;
  user_id: string;
  /** The PC; null: this OS user name on any PC. */
  agent_id: string | null;
  /** OS user name as the agent reports it (case-folded on Windows). */
  os_user: string;
  created_at: number;
  /** Null while a claim waits for the Ketua Tim (or an admin) to confirm it. */
  confirmed_at: Defaulted<number | null>;
  confirmed_by: Defaulted<string | null>;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie's value. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ip: Defaulted<string | null>;
}

export interface PeopleDatabase {
  users: UsersTable;
  user_roles: UserRolesTable;
  teams: TeamsTable;
  user_os_accounts: UserOsAccountsTable;
  sessions: SessionsTable;
}

export function peopleMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('lead_user_id', 'text')
        .addColumn('created_at', bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('nip', 'text', (c) => c.unique())
        .addColumn('team_id', 'text', (c) => c.references('teams.id'))
        .addColumn('email', 'text')
        .addColumn('password_hash', 'text')
        .addColumn('totp_secret', 'text')
        .addColumn('qualification', 'text')
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('updated_at', bigint, (c) => c.notNull())
        .addColumn('disabled_at', bigint)
        .execute();
      await db.schema.createIndex('users_team').on('users').column('team_id').execute();
      await db.schema
        .createTable('user_roles')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
        .execute();
      await db.schema
        .createTable('user_os_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('agent_id', 'text', (c) => c.references('agents.id').onDelete('cascade'))
        .addColumn('os_user', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('confirmed_at', bigint)
        .addColumn('confirmed_by', 'text')
        .execute();
      await db.schema.createIndex('user_os_accounts_lookup').on('user_os_accounts').columns(['os_user', 'agent_id']).execute();
      await db.schema.createIndex('user_os_accounts_user').on('user_os_accounts').column('user_id').execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('expires_at', bigint, (c) => c.notNull())
        .addColumn('last_seen_at', bigint, (c) => c.notNull())
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      // API tokens may act for a person (scripts of a technician); old tokens stand alone with their one role.
      await db.schema.alterTable('api_tokens').addColumn('user_id', 'text').execute();
    },
  };
}
