/**
 * Brings a PC's installed-program rows (`agent_programs`) to the keys of its new software list. Run inside the
 * inventory's transaction, and only when the software section changed. Two statements over one JSON parameter
 * (json_each on SQLite, json_array_elements on PostgreSQL), writing only what changed: rows of programs gone are
 * deleted, new ones inserted, the others left as they are. A PC's rows sit together in the primary key (PC, name,
 * version), so a first inventory's ~900 rows fill a few pages; a table of names shared by all PCs, indexed by name,
 * had every first inventory insert its new names at random places of an index of millions (the 10,000-agent
 * inventory burst fell from 257 to 18 per second, `node test/bench/serverScale.bench.js --agents 10000 --no-delta`).
 */
import { sql, type Kysely } from 'kysely';
import type { ProgramRows } from './pcFacts';
import { dialectOf } from './dialectOf';

export async function writeAgentPrograms(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- also run by migration 0018, which sees the schema as it was then
  db: Kysely<any>,
  agentId: string,
  rows: ProgramRows,
  /** `first`: the PC's first software list, so it has no rows to delete (the statement would only search for them). */
  options: { first?: boolean } = {},
): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    if (!options.first) {
      await sql`DELETE FROM agent_programs WHERE agent_id = ${agentId}
          AND (name_key, version_key) NOT IN (SELECT value->>0, value->>1 FROM json_each(${rows}))`.execute(db);
    }
    await sql`INSERT OR IGNORE INTO agent_programs (agent_id, name_key, version_key)
        SELECT ${agentId}, value->>0, value->>1 FROM json_each(${rows})`.execute(db);
  } else {
    if (!options.first) {
      await sql`DELETE FROM agent_programs WHERE agent_id = ${agentId}
          AND (name_key, version_key) NOT IN (SELECT e->>0, e->>1 FROM json_array_elements(${rows}::json) AS e)`.execute(db);
    }
    await sql`INSERT INTO agent_programs (agent_id, name_key, version_key)
        SELECT ${agentId}, e->>0, e->>1 FROM json_array_elements(${rows}::json) AS e
        ON CONFLICT DO NOTHING`.execute(db);
  }
}
