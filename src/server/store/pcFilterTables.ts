/**
 * Migrations `0013_pc_filters` and `0018_agent_programs` and the filter columns of `agents`: what the PC list filters
 * on (pcFacts.ts), kept so that each filter is one indexed query at 20,000 PCs × ~900 programs. The program rows'
 * table as it is now, and the fill of columns and rows from the inventories already stored, are 0024's
 * (programRowsTables.ts).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './openDatabase';

/** The filter columns added to `agents` (see AgentsTable). */
export interface AgentFilterColumns {
  memory_bytes: number | null;
  system_free_bytes: number | null;
  cpu_cores: number | null;
  cpu_model: string | null;
  software_count: number | null;
}

export function pcFiltersMigration(dialect: DialectName): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  // Keys compare byte by byte (the version key's order, and the name prefix range), whatever the database's collation.
  const bytewise = dialect === 'postgres' ? sql`collate "C"` : sql``;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema.alterTable('agents').addColumn('memory_bytes', bigint).execute();
      await db.schema.alterTable('agents').addColumn('system_free_bytes', bigint).execute();
      await db.schema.alterTable('agents').addColumn('cpu_cores', 'integer').execute();
      await db.schema.alterTable('agents').addColumn('cpu_model', 'text').execute();
      await db.schema.alterTable('agents').addColumn('software_count', 'integer').execute();
      await db.schema
        .createTable('software_names')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('name_key', 'text', (c) => c.notNull().unique().modifyFront(bytewise))
        .execute();
      let table = db.schema
        .createTable('agent_software')
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('name_id', 'integer', (c) => c.notNull().references('software_names.id'))
        .addColumn('version_key', 'text', (c) => c.notNull().modifyFront(bytewise))
        .addPrimaryKeyConstraint('agent_software_pk', ['agent_id', 'name_id', 'version_key']);
      // Rows are their key: SQLite keeps them in the primary key's b-tree alone.
      if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
      await table.execute();
      await db.schema.createIndex('agent_software_name').on('agent_software').columns(['name_id', 'version_key', 'agent_id']).execute();
      // Filled by 0018, which replaced these two tables.
    },
  };
}

/**
 * 0013's two program tables (names shared by every PC, and a second index by name) replaced by one table whose primary
 * key keeps each PC's rows together (see writeAgentPrograms.ts for what the shared names cost every first inventory):
 * (PC id, name key, version key). Filled from the inventories stored so far when it was written; since 0024 replaced
 * this layout, the fill is 0024's, which reads the same inventories (and the rows of this table, where a store has them).
 */
export function agentProgramsMigration(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema.dropTable('agent_software').execute();
      await db.schema.dropTable('software_names').execute();
      await createAgentPrograms0018(db, dialect);
    },
  };
}

/** 0018's `agent_programs` table (exported for the test of 0024, which converts its rows). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function createAgentPrograms0018(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const bytewise = dialect === 'postgres' ? sql`collate "C"` : sql``;
  let table = db.schema
    .createTable('agent_programs')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('name_key', 'text', (c) => c.notNull().modifyFront(bytewise))
    .addColumn('version_key', 'text', (c) => c.notNull().modifyFront(bytewise))
    .addPrimaryKeyConstraint('agent_programs_pk', ['agent_id', 'name_key', 'version_key']);
  // Rows are their key: SQLite keeps them in the primary key's b-tree alone.
  if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
  await table.execute();
}
