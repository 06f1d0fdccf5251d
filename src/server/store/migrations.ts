/** Schema migrations, run at every start; each is written once for both dialects. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** Migrations see the schema as it was when they were written, not today's types: hence an untyped handle. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
import type { DialectName } from './openDatabase';
import { agentsPushIndexMigration, deferredJobRowsMigration, jobsAgentIndexMigration, jobsMigration } from './jobTables';
import { peopleMigration } from './peopleTables';
import { ticketsMigration } from './ticketTables';
import { auditMigration } from './auditTables';
import { workOrdersMigration } from './workOrderTables';
import { auditExtraMigration } from './auditExtraTables';
import { peopleExtraMigration } from './peopleExtraTables';
import { pushRequestsMigration } from './pushRequestTables';
import { oidcLinksMigration } from './oidcLinkTables';
import { agentReleasesMigration } from './agentReleaseTables';
import { pcFiltersMigration, agentProgramsMigration } from './pcFilterTables';
import { agentProgramKeysMigration } from './programRowsTables';
import { enrollTokenUsageMigration } from './enrollTokenUsageTables';
import { pushRequestBatchesMigration } from './pushRequestBatchTables';
import { trayRequestsMigration } from './trayRequestTables';
import { metricsByTimeMigration } from './metricsByTimeMigration';
import { sectionIdentitiesMigration, sectionsDeflatedMigration } from './sectionData';

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
    // Software repository and catalog: installers content-addressed by SHA-256, catalog items with their variants.
    '0002_catalog': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('artifacts')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('size', bigint, (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('uploaded_at', bigint, (c) => c.notNull())
          .addColumn('uploaded_by', 'text')
          .execute();
        await db.schema
          .createTable('catalog_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          // lower(name) + U+001F + version: one item per name and version on both dialects without expression indexes.
          .addColumn('name_key', 'text', (c) => c.notNull().unique())
          .addColumn('publisher', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('icon', 'text')
          .addColumn('description_id', 'text', (c) => c.notNull())
          .addColumn('description_en', 'text', (c) => c.notNull())
          .addColumn('licence_seats', 'integer')
          .addColumn('requirements', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('catalog_items_category').on('catalog_items').column('category').execute();
        await db.schema
          .createTable('catalog_variants')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('item_id', 'text', (c) => c.notNull().references('catalog_items.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('os', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          // No cascade: an installer a catalog item still names cannot leave the repository.
          .addColumn('artifact_sha256', 'text', (c) => c.references('artifacts.sha256'))
          .addColumn('variant', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('catalog_variants_item').on('catalog_variants').columns(['item_id', 'position']).execute();
        await db.schema.createIndex('catalog_variants_os').on('catalog_variants').columns(['os', 'item_id']).execute();
        await db.schema.createIndex('catalog_variants_artifact').on('catalog_variants').column('artifact_sha256').execute();
      },
    },
    '0003_jobs': jobsMigration(bigint),
    '0004_people': peopleMigration(bigint),
    '0005_tickets': ticketsMigration(dialect),
    '0006_audit': auditMigration(bigint),
    '0007_people_extra': peopleExtraMigration(bigint),
    '0008_work_orders': workOrdersMigration(dialect),
    '0009_audit_extra': auditExtraMigration(dialect),
    '0011_push_requests': pushRequestsMigration(bigint),
    '0015_oidc_links': oidcLinksMigration(bigint),
    '0014_agent_releases': agentReleasesMigration(bigint),
    '0012_enroll_token_usage': enrollTokenUsageMigration(bigint),
    '0013_pc_filters': pcFiltersMigration(dialect),
    '0016_push_request_batches': pushRequestBatchesMigration(bigint),
    '0017_tray_requests': trayRequestsMigration(bigint),
    '0018_agent_programs': agentProgramsMigration(dialect),
    '0019_metrics_by_time': metricsByTimeMigration(bigint),
    '0020_deferred_job_rows': deferredJobRowsMigration(),
    '0021_agents_push_index': agentsPushIndexMigration(),
    '0022_inventory_sections_deflated': sectionsDeflatedMigration(dialect),
    '0023_jobs_agent_index': jobsAgentIndexMigration(),
    '0024_agent_program_keys': agentProgramKeysMigration(dialect),
    '0025_inventory_section_identities': sectionIdentitiesMigration(dialect),
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
