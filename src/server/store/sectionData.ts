/**
 * How an inventory section's JSON is kept in `inventory_sections`: a small section as text in `data`, a large one
 * (the software list: ~150 KB of JSON for 900 programs) deflated into `data_deflated`, `data` then empty. Deflated on
 * the frame decoder's worker thread with the rest of prepareInventory, so the thread that writes only copies ~19 KB
 * instead of ~150 KB into the database and its log. Measured standalone on 2,000 first inventories of the bench's
 * generator (~900 programs each): the store's statements and commit 2.7 → 1.9 CPU-ms per inventory, database and log
 * 977 → 513 MB; deflating cost the worker 0.45 ms per inventory.
 *
 * Rows written before migration 0022 have `data` and no `data_deflated`; both kinds are read alike.
 */
import type { Kysely, Migration } from 'kysely';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DialectName } from './openDatabase';

/**
 * JSON at least this long is deflated: SQLite keeps a shorter row on its page, a longer one spills to overflow pages
 * (4 KiB: SQLite's page). In practice that is the software list, and on some PCs a long list of interfaces or disks.
 */
export const DEFLATE_FROM_CHARS = 4096;

/** A section's JSON as stored: `deflated` holds it (raw deflate of its UTF-8) when it is large, else `data` does. */
export interface SectionData {
  data: string;
  deflated: Uint8Array | null;
}

export function packSection(json: string): SectionData {
  if (json.length < DEFLATE_FROM_CHARS) return { data: json, deflated: null };
  // Level 1: the level that buys most of the size for the least CPU (JSON of package lists compresses ~8× even so).
  return { data: '', deflated: deflateRawSync(json, { level: 1 }) };
}

/** The JSON text of a stored section, whichever way it was stored. */
export function sectionJson(data: string, deflated: Uint8Array | null): string {
  return deflated ? inflateRawSync(deflated).toString('utf8') : data;
}

/**
 * The deflated bytes as the column's type takes them: a Buffer over the same memory (bytes that crossed from the worker
 * thread arrive as a plain Uint8Array).
 */
export function deflatedParam(deflated: Uint8Array | null): Buffer | null {
  if (!deflated) return null;
  return Buffer.isBuffer(deflated) ? deflated : Buffer.from(deflated.buffer, deflated.byteOffset, deflated.byteLength);
}

/** A migration that adds a column of bytes to `inventory_sections` (existing rows get none). */
function addBytesColumn(column: string, dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('inventory_sections')
        .addColumn(column, dialect === 'postgres' ? 'bytea' : 'blob')
        .execute();
    },
  };
}

/** `0022_inventory_sections_deflated`: the column large sections are stored in. Existing rows stay as they are. */
export function sectionsDeflatedMigration(dialect: DialectName): Migration {
  return addBytesColumn('data_deflated', dialect);
}

/**
 * `0025_inventory_section_identities`: the software section's programs as the history's diff reads them
 * (prepareInventory.ts, `identities`). Rows written before it have none: their next change is compared with the
 * section itself, once.
 */
export function sectionIdentitiesMigration(dialect: DialectName): Migration {
  return addBytesColumn('identities_deflated', dialect);
}
