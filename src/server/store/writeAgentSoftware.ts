/**
 * Replaces a PC's installed-program rows (`agent_software`) with the keys of its new software list, adding names the
 * store has not seen to `software_names`. Run inside the inventory's transaction, and only when the software section
 * changed, so the common ingest (nothing or little changed) costs nothing here.
 */
import type { Kysely } from 'kysely';
import type { SoftwareKey } from './pcFacts';
import type { Database } from './schema';

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

export async function writeAgentSoftware(db: Kysely<Database>, agentId: string, keys: readonly SoftwareKey[]): Promise<void> {
  await db.deleteFrom('agent_software').where('agent_id', '=', agentId).execute();
  if (keys.length === 0) return;
  // Sorted: concurrent PostgreSQL ingests adding the same new names take their locks in one order (no deadlock).
  const names = [...new Set(keys.map((k) => k.nameKey))].sort();
  const ids = new Map<string, number>();
  for (let i = 0; i < names.length; i += CHUNK) {
    const chunk = names.slice(i, i + CHUNK);
    await db
      .insertInto('software_names')
      .values(chunk.map((name_key) => ({ name_key })))
      .onConflict((oc) => oc.column('name_key').doNothing())
      .execute();
    for (const r of await db.selectFrom('software_names').select(['id', 'name_key']).where('name_key', 'in', chunk).execute()) {
      ids.set(r.name_key, Number(r.id));
    }
  }
  const rows = keys.map((k) => ({ agent_id: agentId, name_id: ids.get(k.nameKey)!, version_key: k.versionKey }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.insertInto('agent_software').values(rows.slice(i, i + CHUNK)).execute();
  }
}
