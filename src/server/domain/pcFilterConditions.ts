/**
 * The PC filter (src/shared/pcFilter.ts) as SQL conditions on `agents`, written once for both dialects: the PC list
 * and the bulk push's PC resolution both apply these. Every value is a bound parameter; text searches escape the
 * LIKE wildcards a user types.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { versionSortKey } from '../../shared/install/compareVersions';
import type { PcFilter } from '../../shared/pcFilter';
import { PROGRAM_KEY_SEPARATOR, programNameKey, programNamePrefix } from '../store/pcFacts';

/** `column` contains `search`, case-insensitively on both dialects; the %, _ a user types are literal. */
function contains(column: 'hostname' | 'cpu_model', search: string): Expression<SqlBool> {
  const pattern = `%${search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(`agents.${column}`)}) like ${pattern} escape '\\'`;
}

/**
 * The summary column is JSON.stringify(summarizeInventory(…)) (prepareInventory.ts): `"family":"<family>"` appears in it
 * exactly once, inside `os`, so a plain LIKE finds the family on both SQLite and PostgreSQL without JSON functions
 * that differ between them. `family` comes from a closed list (checked by the schema), never with LIKE wildcards.
 */
function osFamilyIs(family: string): Expression<SqlBool> {
  return sql<SqlBool>`agents.summary like ${`%"family":${JSON.stringify(family)}%`}`;
}

/** A PC's team: a confirmed OS-account link on that PC of an enabled person of the team (as SOP step 1 requires). */
function inTeam(teamId: string): Expression<SqlBool> {
  return sql<SqlBool>`agents.id in (
    select l.agent_id from users u join user_os_accounts l on l.user_id = u.id
    where u.team_id = ${teamId} and u.disabled_at is null and l.confirmed_at is not null and l.agent_id is not null)`;
}

/**
 * The PC has a program named `name` (case-insensitive; a trailing `*` matches by prefix, as catalog requirements do),
 * at `minVersion` or newer when given. Correlated on the PC, so each PC costs a probe of agent_numbers and one of
 * agent_programs' primary key (PC number, program key) and stops at the first hit: bounded by the fleet's size however
 * many PCs have the program (a popular prefix would otherwise gather hundreds of thousands of rows first).
 *
 * A program key is `<name key>` U+0001 `<version key>` (pcFacts.ts), the keys comparing byte by byte (code points) on
 * both dialects: one name's rows are the range [name U+0001, name U+0002), those from a version on [name U+0001
 * version, name U+0002); names by prefix are [prefix, prefix U+10FFFF), and there the version key (digits only) is
 * what is left of a key after its name: its end past the last character rtrim(…, digits) keeps, the separator.
 */
function hasProgram(name: string, minVersion: string | undefined): Expression<SqlBool> {
  const text = name.trim();
  const prefix = text.endsWith('*');
  const key = prefix ? programNamePrefix(text.slice(0, -1)) : programNameKey(text);
  const versionKey = minVersion === undefined ? '' : versionSortKey(minVersion);
  let range;
  if (!prefix) {
    range = sql`s.program >= ${key + PROGRAM_KEY_SEPARATOR + versionKey} and s.program < ${`${key}\u0002`}`;
  } else {
    range = sql`s.program >= ${key} and s.program < ${`${key}\u{10FFFF}`}`;
    if (versionKey !== '') range = sql`${range} and substr(s.program, length(rtrim(s.program, '0123456789')) + 1) >= ${versionKey}`;
  }
  return sql<SqlBool>`exists (select 1 from agent_numbers n join agent_programs s on s.agent_no = n.no
    where n.agent_id = agents.id and ${range})`;
}

export function pcFilterConditions(filter: PcFilter): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (filter.online !== undefined) out.push(sql<SqlBool>`agents.online = ${filter.online ? 1 : 0}`);
  if (filter.search) out.push(contains('hostname', filter.search));
  if (filter.os) out.push(osFamilyIs(filter.os));
  if (filter.teamId) out.push(inTeam(filter.teamId));
  if (filter.software) {
    const has = hasProgram(filter.software, filter.softwareMinVersion);
    out.push(filter.softwareMissing ? sql<SqlBool>`agents.software_count is not null and not ${has}` : has);
  }
  if (filter.minMemoryBytes !== undefined) out.push(sql<SqlBool>`agents.memory_bytes >= ${filter.minMemoryBytes}`);
  if (filter.minFreeDiskBytes !== undefined) out.push(sql<SqlBool>`agents.system_free_bytes >= ${filter.minFreeDiskBytes}`);
  if (filter.minCpuCores !== undefined) out.push(sql<SqlBool>`agents.cpu_cores >= ${filter.minCpuCores}`);
  if (filter.cpu) out.push(contains('cpu_model', filter.cpu));
  return out;
}
