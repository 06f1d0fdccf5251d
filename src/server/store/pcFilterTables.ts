/**
 * Migrations `0013_pc_filters` and `0018_agent_programs` and their table types: what the PC list filters on
 * (pcFacts.ts), kept so that each filter is one indexed query at 20,000 PCs × ~900 programs. Each PC's programs are
 * (PC, name key, version sort key) rows in one primary key; the program filter probes it once per PC
 * (pcFilterConditions.ts). 0018 fills the columns and the rows from the inventories already stored.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Inventory } from '../../shared/protocol/inventory';
import type { DialectName } from './openDatabase';
import { pcFactsOf, programRowsOf } from './pcFacts';
import { writeAgentPrograms } from './writeAgentPrograms';

/** The filter columns added to `agents` (see AgentsTable). */
export interface AgentFilterColumns {
  memory_bytes: number | null;
  system_free_bytes: number | null;
  cpu_cores: number | null;
  cpu_model: string | null;
  software_count: number | null;
}

export interface AgentProgramsTable {
  agent_id: string;
  /** The program's name, trimmed and lower-cased. */
  name_key: string;
  /** versionSortKey of the version ('' when it carries no number). */
  version_key: string;
}

export interface PcFilterDatabase {
  agent_programs: AgentProgramsTable;
}

/** Agents whose stored inventory is read back per step of the fill (each step one transaction). */
const FILL_STEP = 200;

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
 * key keeps each PC's rows together (see writeAgentPrograms.ts for what the shared names cost every first inventory),
 * filled from the inventories stored so far.
 */
export function agentProgramsMigration(dialect: DialectName): Migration {
  const bytewise = dialect === 'postgres' ? sql`collate "C"` : sql``;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema.dropTable('agent_software').execute();
      await db.schema.dropTable('software_names').execute();
      let table = db.schema
        .createTable('agent_programs')
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('name_key', 'text', (c) => c.notNull().modifyFront(bytewise))
        .addColumn('version_key', 'text', (c) => c.notNull().modifyFront(bytewise))
        .addPrimaryKeyConstraint('agent_programs_pk', ['agent_id', 'name_key', 'version_key']);
      // Rows are their key: SQLite keeps them in the primary key's b-tree alone.
      if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
      await table.execute();
      await fillFromStoredInventories(db);
    },
  };
}

/** The facts and program rows of every inventory stored before migration 0018, from its sections (exported for its test). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function fillFromStoredInventories(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const agents = (await db
      .selectFrom('agents')
      .select('id')
      .where('inventory_hash', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(FILL_STEP)
      .execute()) as { id: string }[];
    if (agents.length === 0) return;
    after = agents[agents.length - 1]!.id;
    const ids = agents.map((a) => a.id);
    const rows = (await db
      .selectFrom('inventory_sections')
      .select(['agent_id', 'section', 'data'])
      .where('agent_id', 'in', ids)
      .where('section', 'in', ['os', 'cpu', 'memory', 'fileSystems', 'software'])
      .execute()) as { agent_id: string; section: string; data: string }[];
    const inventories = new Map<string, Record<string, unknown>>();
    for (const r of rows) {
      const inv = inventories.get(r.agent_id) ?? {};
      const value: unknown = JSON.parse(r.data);
      if (value !== null) inv[r.section] = value;
      inventories.set(r.agent_id, inv);
    }
    await db.transaction().execute(async (trx) => {
      for (const [agentId, inv] of inventories) {
        const facts = pcFactsOf(inv as unknown as Inventory);
        await trx
          .updateTable('agents')
          .set({
            memory_bytes: facts.memoryBytes,
            system_free_bytes: facts.systemFreeBytes,
            cpu_cores: facts.cpuCores,
            cpu_model: facts.cpuModel,
            software_count: facts.softwareCount,
          })
          .where('id', '=', agentId)
          .execute();
        // The table as migration 0018 made it is today's: the writer the ingest uses fits it.
        await writeAgentPrograms(trx, agentId, programRowsOf((inv as unknown as Inventory).software));
      }
    });
  }
}
