/**
 * Brings a PC's installed-program rows (`agent_programs`, programRowsTables.ts) to the keys of its new software list.
 * Run inside the inventory's transaction, and only when the software section changed. Writes only what changed: the
 * PC's stored keys are read and compared with the new ones here, then the keys gone are deleted and the new ones
 * inserted, each set as one JSON parameter (json_each on SQLite, json_array_elements_text on PostgreSQL). A first list
 * is only inserted. (Letting the database compare — a DELETE … NOT IN the ~900 new keys and an INSERT OR IGNORE of all
 * of them — cost ~2.9 CPU-ms for a list with five changes, profiled with `node test/bench/serverScale.bench.js
 * --agents 1000 --delta --no-bare --cpu-prof`.) A PC's rows sit together in the primary key (PC number, program key),
 * so a first inventory's ~900 rows fill a few pages; a table of names shared by all PCs, indexed by name, had every
 * first inventory insert its new names at random places of an index of millions (the 10,000-agent inventory burst fell
 * from 257 to 18 per second, `node test/bench/serverScale.bench.js --agents 10000 --no-delta`).
 */
import { sql, type Kysely } from 'kysely';
import type { ProgramRows } from './pcFacts';
import { dialectOf } from './dialectOf';
import type { Database } from './schema';

export async function writeAgentPrograms(
  db: Kysely<Database>,
  agentId: string,
  rows: ProgramRows,
  /** `first`: the PC's first software list, so it has no rows to delete (the statement would only search for them). */
  options: { first?: boolean } = {},
): Promise<void> {
  const no = await agentNumber(db, agentId);
  let insert: string = rows;
  if (!options.first) {
    const stored = await db.selectFrom('agent_programs').select('program').where('agent_no', '=', no).execute();
    if (stored.length > 0) {
      const wanted = JSON.parse(rows) as string[];
      const keep = new Set(wanted);
      const have = new Set(stored.map((r) => r.program));
      const gone = stored.filter((r) => !keep.has(r.program)).map((r) => r.program);
      const added = wanted.filter((k) => !have.has(k));
      if (gone.length > 0) await deleteKeys(db, no, JSON.stringify(gone));
      if (added.length === 0) return;
      insert = JSON.stringify(added);
    }
  }
  if (dialectOf(db) === 'sqlite') {
    await sql`INSERT OR IGNORE INTO agent_programs (agent_no, program) SELECT ${no}, value FROM json_each(${insert})`.execute(db);
  } else {
    await sql`INSERT INTO agent_programs (agent_no, program)
        SELECT ${no}, value FROM json_array_elements_text(${insert}::json) AS e(value)
        ON CONFLICT DO NOTHING`.execute(db);
  }
}

async function deleteKeys(db: Kysely<Database>, no: number, keys: string): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`DELETE FROM agent_programs WHERE agent_no = ${no} AND program IN (SELECT value FROM json_each(${keys}))`.execute(db);
  } else {
    await sql`DELETE FROM agent_programs WHERE agent_no = ${no}
        AND program IN (SELECT value FROM json_array_elements_text(${keys}::json) AS e(value))`.execute(db);
  }
}

/** The PC's number in `agent_numbers`, given it at its first program list. */
async function agentNumber(db: Kysely<Database>, agentId: string): Promise<number> {
  const found = await db.selectFrom('agent_numbers').select('no').where('agent_id', '=', agentId).executeTakeFirst();
  if (found) return Number(found.no);
  const made = await db.insertInto('agent_numbers').values({ agent_id: agentId }).returning('no').executeTakeFirstOrThrow();
  return Number(made.no);
}
