/**
 * Brings a PC's installed-program rows (`agent_software`) to the keys of its new software list, adding names the store
 * has not seen to `software_names`. Run inside the inventory's transaction, and only when the software section
 * changed. Three statements over one JSON parameter each (json_each on SQLite, json_array_elements on PostgreSQL),
 * writing only what changed: rows of programs gone are deleted, new ones inserted, the others left as they are. Through
 * the query builder's value lists a first inventory's ~900 rows cost ~34 CPU-ms of the server's (measured with
 * `node test/bench/serverScale.bench.js --agents 10000 --no-delta --no-bare --cpu-prof`); this way a few.
 */
import { sql, type Kysely } from 'kysely';
import type { SoftwareKey } from './pcFacts';
import type { Database } from './schema';
import { dialectOf } from './dialectOf';

export async function writeAgentSoftware(db: Kysely<Database>, agentId: string, keys: readonly SoftwareKey[]): Promise<void> {
  // Sorted: concurrent PostgreSQL ingests adding the same new names take their locks in one order (no deadlock).
  const names = JSON.stringify([...new Set(keys.map((k) => k.nameKey))].sort());
  const rows = JSON.stringify(keys.map((k) => [k.nameKey, k.versionKey]));
  if (dialectOf(db) === 'sqlite') {
    await sql`INSERT OR IGNORE INTO software_names (name_key) SELECT value FROM json_each(${names})`.execute(db);
    await sql`DELETE FROM agent_software WHERE agent_id = ${agentId} AND (name_id, version_key) NOT IN (
        SELECT n.id, j.value->>1 FROM json_each(${rows}) j JOIN software_names n ON n.name_key = j.value->>0)`.execute(db);
    await sql`INSERT OR IGNORE INTO agent_software (agent_id, name_id, version_key)
        SELECT ${agentId}, n.id, j.value->>1 FROM json_each(${rows}) j JOIN software_names n ON n.name_key = j.value->>0`.execute(db);
  } else {
    await sql`INSERT INTO software_names (name_key) SELECT e FROM json_array_elements_text(${names}::json) AS e
        ON CONFLICT (name_key) DO NOTHING`.execute(db);
    await sql`DELETE FROM agent_software WHERE agent_id = ${agentId} AND (name_id, version_key) NOT IN (
        SELECT n.id, e->>1 FROM json_array_elements(${rows}::json) AS e JOIN software_names n ON n.name_key = e->>0)`.execute(db);
    await sql`INSERT INTO agent_software (agent_id, name_id, version_key)
        SELECT ${agentId}, n.id, e->>1 FROM json_array_elements(${rows}::json) AS e JOIN software_names n ON n.name_key = e->>0
        ON CONFLICT DO NOTHING`.execute(db);
  }
}
