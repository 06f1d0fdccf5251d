/**
 * Migration `0024_agent_program_keys` and its tables: each PC's installed programs as rows of (PC number, program key)
 * under one primary key, the program key being the name key, U+0001 and the version sort key (pcFacts.ts). 0018's rows
 * were (PC id, name key, version key): the PC's 36-character id repeated in each of its ~900 rows, and two values for
 * SQLite to take out of each JSON element it inserted. Measured standalone on the bench generator's first inventories
 * (1,000 PCs, ~900 programs, in random PC order), inserting a PC's list went from ~3.2 to ~2.0 CPU-ms and its rows
 * from ~104 to ~71 KiB. The PC's number comes from `agent_numbers`, given at its first program list.
 *
 * 0024 converts the rows 0018's table holds, then fills (from the stored sections, as 0018 did) the PCs with an
 * inventory and no rows yet: a store that comes from before 0018 has no program rows at all.
 */
import { sql, type Generated, type Kysely, type Migration } from 'kysely';
import type { Inventory } from '../../shared/protocol/inventory';
import type { DialectName } from './openDatabase';
import { pcFactsOf, programRowsOf } from './pcFacts';
import { sectionJson } from './sectionData';
import { writeAgentPrograms } from './writeAgentPrograms';
import type { Database } from './schema';

export interface AgentNumbersTable {
  /** Small and fixed for the PC's life in this store; SQLite's rowid, PostgreSQL's identity. */
  no: Generated<number>;
  agent_id: string;
}

export interface AgentProgramsTable {
  agent_no: number;
  /** `<name key>` U+0001 `<version sort key>` (pcFacts.ts: programNameKey, PROGRAM_KEY_SEPARATOR, versionSortKey). */
  program: string;
}

export interface ProgramRowsDatabase {
  agent_numbers: AgentNumbersTable;
  agent_programs: AgentProgramsTable;
}

/** Agents whose stored inventory is read back per step of the fill (each step one transaction). */
const FILL_STEP = 200;

export function agentProgramKeysMigration(dialect: DialectName): Migration {
  // Keys compare byte by byte (the version key's order, and the name prefix range), whatever the database's collation.
  const bytewise = dialect === 'postgres' ? sql`collate "C"` : sql``;
  const separator = dialect === 'postgres' ? sql`chr(1)` : sql`char(1)`;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema.alterTable('agent_programs').renameTo('agent_programs_0018').execute();
      await db.schema
        .createTable('agent_numbers')
        .addColumn('no', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
        )
        .addColumn('agent_id', 'text', (c) => c.notNull().unique().references('agents.id').onDelete('cascade'))
        .execute();
      let table = db.schema
        .createTable('agent_programs')
        .addColumn('agent_no', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          c.notNull().references('agent_numbers.no').onDelete('cascade'),
        )
        .addColumn('program', 'text', (c) => c.notNull().modifyFront(bytewise))
        .addPrimaryKeyConstraint('agent_programs_key_pk', ['agent_no', 'program']);
      // Rows are their key: SQLite keeps them in the primary key's b-tree alone.
      if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
      await table.execute();

      await sql`INSERT INTO agent_numbers (agent_id) SELECT DISTINCT agent_id FROM agent_programs_0018 ORDER BY agent_id`.execute(db);
      // A separator inside a name (which keys no longer keep) becomes a space, as programNameKey does now. (`WHERE
      // true`: without it SQLite could read ON CONFLICT as a second ON of the join.)
      await sql`INSERT INTO agent_programs (agent_no, program)
          SELECT n.no, replace(o.name_key, ${separator}, ' ') || ${separator} || o.version_key
          FROM agent_programs_0018 o JOIN agent_numbers n ON n.agent_id = o.agent_id
          WHERE true ON CONFLICT DO NOTHING`.execute(db);
      await db.schema.dropTable('agent_programs_0018').execute();
      await fillFromStoredInventories(db, { onlyWithoutPrograms: true });
    },
  };
}

/**
 * The filter columns and program rows of stored inventories, from their sections: every PC with an inventory, or with
 * `onlyWithoutPrograms` those not yet given a number (no program list written). Idempotent (exported for its test).
 */
export async function fillFromStoredInventories(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
  db: Kysely<any>,
  options: { onlyWithoutPrograms?: boolean } = {},
): Promise<void> {
  const store = db as Kysely<Database>;
  let after = '';
  for (;;) {
    let q = store
      .selectFrom('agents')
      .select('id')
      .where('inventory_hash', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(FILL_STEP);
    if (options.onlyWithoutPrograms) {
      q = q.where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('agent_numbers').select('no').whereRef('agent_numbers.agent_id', '=', 'agents.id'))),
      );
    }
    const agents = await q.execute();
    if (agents.length === 0) return;
    after = agents[agents.length - 1]!.id;
    const rows = await store
      .selectFrom('inventory_sections')
      .select(['agent_id', 'section', 'data', 'data_deflated'])
      .where(
        'agent_id',
        'in',
        agents.map((a) => a.id),
      )
      .where('section', 'in', ['os', 'cpu', 'memory', 'fileSystems', 'software'])
      .execute();
    const inventories = new Map<string, Record<string, unknown>>();
    for (const r of rows) {
      const inv = inventories.get(r.agent_id) ?? {};
      const value: unknown = JSON.parse(sectionJson(r.data, r.data_deflated));
      if (value !== null) inv[r.section] = value;
      inventories.set(r.agent_id, inv);
    }
    const write = async (trx: Kysely<Database>) => {
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
        await writeAgentPrograms(trx, agentId, programRowsOf((inv as unknown as Inventory).software));
      }
    };
    // A migration on PostgreSQL already runs in a transaction (and Kysely nests none); elsewhere each step is one.
    if (store.isTransaction) await write(store);
    else await store.transaction().execute(write);
  }
}
