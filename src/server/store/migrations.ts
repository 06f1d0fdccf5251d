/** Schema migrations, run at every start; each is written once for both dialects. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** Migrations see the schema as it was when they were written, not today's types: hence an untyped handle. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
import type { DialectName } from './openDatabase';
import { jobsMigration } from './jobTables';

function migrations(dialect: DialectName): Record<string, Migration> {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    '0001_foundation': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('enroll_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint)
          .addColumn('uses_allowed', 'integer')
          .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('revoked_at', bigint)
          .addColumn('note', 'text')
          .execute();
        await db.schema
          .createTable('agents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('machine_id', 'text', (c) => c.notNull())
          .addColumn('hostname', 'text', (c) => c.notNull())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('enroll_token_id', 'text')
          .addColumn('enrolled_at', bigint, (c) => c.notNull())
          .addColumn('revoked_at', bigint)
          .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_seen_at', bigint)
          .addColumn('connected_at', bigint)
          .addColumn('disconnected_at', bigint)
          .addColumn('agent_version', 'text')
          .addColumn('inventory_hash', 'text')
          .addColumn('inventory_updated_at', bigint)
          .addColumn('last_metrics', 'text')
          .addColumn('last_metrics_at', bigint)
          .addColumn('summary', 'text')
          .execute();
        await db.schema.createIndex('agents_hostname').on('agents').column('hostname').execute();
        await db.schema
          .createTable('inventory_sections')
          .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
          .addColumn('section', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('inventory_sections_pk', ['agent_id', 'section'])
          .execute();
        await db.schema
          .createTable('inventory_history')
          .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
          .addColumn('recorded_at', bigint, (c) => c.notNull())
          .addColumn('inventory_hash', 'text', (c) => c.notNull())
          .addColumn('changes', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('inventory_history_agent')
          .on('inventory_history')
          .columns(['agent_id', 'recorded_at'])
          .execute();
        await db.schema
          .createTable('metrics_samples')
          .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
          .addColumn('sampled_at', bigint, (c) => c.notNull())
          .addColumn('received_at', bigint, (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('metrics_samples_pk', ['agent_id', 'sampled_at'])
          .execute();
        await db.schema.createIndex('metrics_samples_received').on('metrics_samples').column('received_at').execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('revoked_at', bigint)
          .addColumn('last_used_at', bigint)
          .execute();
        await db.schema
          .createTable('server_settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0003_jobs': jobsMigration(bigint),
  };
}

class InCodeMigrations implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

export async function migrateToLatest(db: AnyDb, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}

/** Used by tests and `doctor`: the SQLite integrity check, or a trivial query on PostgreSQL. */
export async function checkDatabase(db: AnyDb, dialect: DialectName): Promise<string> {
  if (dialect === 'sqlite') {
    const r = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    return r.rows[0]?.integrity_check ?? 'unknown';
  }
  await sql`select 1`.execute(db);
  return 'ok';
}
