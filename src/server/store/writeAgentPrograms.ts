/**
 * Brings a PC's installed-program rows (`agent_programs`, programRowsTables.ts) to the keys of its new software list.
 * Run inside the inventory's transaction, and only when the software section changed. Two statements over one JSON
 * parameter (json_each on SQLite, json_array_elements_text on PostgreSQL), writing only what changed: rows of programs
 * gone are deleted, new ones inserted, the others left as they are. A PC's rows sit together in the primary key (PC
 * number, program key), so a first inventory's ~900 rows fill a few pages; a table of names shared by all PCs, indexed
 * by name, had every first inventory insert its new names at random places of an index of millions (the
 * 10,000-agent inventory burst fell from 257 to 18 per second, `node test/bench/serverScale.bench.js --agents 10000
 * --no-delta`).
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
  if (dialectOf(db) === 'sqlite') {
    if (!options.first) {
      await sql`DELETE FROM agent_programs WHERE agent_no = ${no}
          AND program NOT IN (SELECT value FROM json_each(${rows}))`.execute(db);
    }
    await sql`INSERT OR IGNORE INTO agent_programs (agent_no, program) SELECT ${no}, value FROM json_each(${rows})`.execute(db);
  } else {
    if (!options.first) {
      await sql`DELETE FROM agent_programs WHERE agent_no = ${no}
          AND program NOT IN (SELECT value FROM json_array_elements_text(${rows}::json) AS e(value))`.execute(db);
    }
    await sql`INSERT INTO agent_programs (agent_no, program)
        SELECT ${no}, value FROM json_array_elements_text(${rows}::json) AS e(value)
        ON CONFLICT DO NOTHING`.execute(db);
  }
}

/** The PC's number in `agent_numbers`, given it at its first program list. */
async function agentNumber(db: Kysely<Database>, agentId: string): Promise<number> {
  const found = await db.selectFrom('agent_numbers').select('no').where('agent_id', '=', agentId).executeTakeFirst();
  if (found) return Number(found.no);
  const made = await db.insertInto('agent_numbers').values({ agent_id: agentId }).returning('no').executeTakeFirstOrThrow();
  return Number(made.no);
}
