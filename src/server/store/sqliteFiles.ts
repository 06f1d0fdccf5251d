/**
 * SQLite database files as files: a consistent copy of a live database (`VACUUM INTO`, never a file copy — a copy of
 * the file and its WAL taken mid-write can be torn), a read-only look inside a backup (integrity check, row counts),
 * and whether a database file is in use by another connection (a running server). The driver stays in the store layer.
 */
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface SqliteFileFacts {
  /** `PRAGMA integrity_check`'s first line: 'ok' for a sound file. */
  integrity: string;
  /** Rows per table (SQLite's own tables left out). */
  counts: Record<string, number>;
  /** Whether it holds the tables of a Pasang store (migrations and the audit log). */
  isPasangStore: boolean;
}

/**
 * Writes a transactionally consistent copy of the database to `target` (which must not exist). It reads one snapshot,
 * so writers carry on meanwhile (WAL mode) and the copy holds either all of a transaction or none of it.
 */
export function vacuumInto(sqlite: SqliteDatabase.Database, target: string): void {
  sqlite.prepare('VACUUM INTO ?').run(target);
}

export function hasSqliteHeader(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens the file read-only and reports its integrity and row counts; throws when it is not a SQLite database. */
export function inspectSqliteFile(file: string): SqliteFileFacts {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      .pluck()
      .all() as string[];
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number(db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get());
    return { integrity, counts, isPasangStore: tables.includes('kysely_migration') && tables.includes('audit_log') };
  } finally {
    db.close();
  }
}

/** The first column of every row of a query, read from the file opened read-only. */
export function pluckReadOnly(file: string, query: string): unknown[] {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).pluck().all();
  } finally {
    db.close();
  }
}

/**
 * Whether another connection has the database open. Leaving WAL mode needs the only connection, so a second one
 * (a running server, its checkpoint worker) makes the attempt fail at once (busy_timeout 0). Only for a file about to
 * be replaced: a free file is left in rollback-journal mode, which the server switches back to WAL when it opens it.
 */
export function sqliteFileInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    return String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() !== 'delete';
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') || (err as { code?: string }).code?.startsWith('SQLITE_LOCKED')) return true;
    throw err;
  } finally {
    db.close();
  }
}
