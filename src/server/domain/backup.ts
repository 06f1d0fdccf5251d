/**
 * Backups of the store (SECURITY.md 14): SQLite through `VACUUM INTO` (one consistent snapshot, taken while the server
 * runs and writes), PostgreSQL through `pg_dump -Fc` (argv, no shell; the password goes in the environment, never on
 * the command line where `ps` shows it). The backup is the database only: `keys/` (the server's private signing key)
 * stays out of it on purpose, so that a database dump never carries the key that makes every PC run a job, and
 * `repository/` (installers, content-addressed and immutable) is copied as files — see README "Backups".
 *
 * Restore: SQLite into an empty data dir, or over an existing database with `force` when no server has it open;
 * PostgreSQL through `pg_restore` in one transaction, into an empty database, or replacing its tables with `force`.
 */
import { spawn as nodeSpawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { OpenedDatabase } from '../store/openDatabase';
import { hasSqliteHeader, inspectSqliteFile, pluckReadOnly, sqliteFileInUse, vacuumInto } from '../store/sqliteFiles';

export type SpawnFn = typeof nodeSpawn;

export interface BackupOptions {
  database: OpenedDatabase;
  /** The PostgreSQL URL the store was opened with (PostgreSQL only). */
  url?: string;
  /** The backup file to write; it must not exist. */
  out: string;
  /** @default 'pg_dump' (found on PATH) */
  pgDump?: string;
  /** Used to check the archive pg_dump wrote. @default 'pg_restore' */
  pgRestore?: string;
  /** @default node:child_process spawn */
  spawn?: SpawnFn;
}

export interface BackupResult {
  dialect: 'sqlite' | 'postgres';
  file: string;
  bytes: number;
  /** SHA-256 of the backup file, to check a copy of it later. */
  sha256: string;
  /** SQLite: rows per table in the backup, read back from it. PostgreSQL: tables whose data the archive holds. */
  counts: Record<string, number> | null;
  tablesInArchive?: number;
}

export interface RestoreOptions {
  from: string;
  dataDir: string;
  /** Replace the database of a non-empty data dir (never one a running server has open). @default false */
  force?: boolean;
}

export interface PostgresRestoreOptions {
  from: string;
  /** The database to restore into. */
  url: string;
  /** Replace the tables it holds (pg_restore --clean --if-exists). @default false */
  force?: boolean;
  /** @default 'pg_restore' */
  pgRestore?: string;
  /** @default node:child_process spawn */
  spawn?: SpawnFn;
}

export interface RestoreResult {
  file: string;
  counts: Record<string, number>;
  /** What the database alone cannot bring back: the signing key, installers missing under repository/. */
  warnings: string[];
}

const DB_FILE = 'pasang.db';

function fail(message: string, cause?: unknown): never {
  throw new PasangError(ErrorCodes.BACKUP_FAILED, message, cause === undefined ? {} : { cause });
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** fsync the file and its directory, so a rename is durable before we say "written". */
function syncFileAndDir(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // Directories cannot be opened for fsync on every platform (Windows): the file itself is synced.
  }
}

function partialName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.partial-${randomBytes(4).toString('hex')}`);
}

/** Writes the backup next to `out` under a temporary name, checks it, then renames it into place. */
export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const out = path.resolve(o.out);
  if (fs.existsSync(out)) throw new PasangError(ErrorCodes.CONFLICT, `${out} exists; a backup never overwrites a file`);
  if (!fs.existsSync(path.dirname(out))) fail(`the directory ${path.dirname(out)} does not exist`);
  const tmp = partialName(out);
  try {
    let counts: Record<string, number> | null = null;
    let tablesInArchive: number | undefined;
    if (o.database.dialect === 'sqlite') {
      if (!o.database.sqlite) fail('the SQLite store has no raw connection to back up through');
      try {
        vacuumInto(o.database.sqlite, tmp);
      } catch (err) {
        fail(`VACUUM INTO failed: ${(err as Error).message}`, err);
      }
      // A database holds personal data (names, NIP) and token hashes: readable by its owner only.
      fs.chmodSync(tmp, 0o600);
      const facts = inspectSqliteFile(tmp);
      if (facts.integrity !== 'ok') fail(`the backup fails its integrity check: ${facts.integrity}`);
      counts = facts.counts;
    } else {
      if (!o.url) fail('a PostgreSQL backup needs the database URL');
      await runTool(o.spawn ?? nodeSpawn, o.pgDump ?? 'pg_dump', ['--format=custom', '--no-password', '--file', tmp], o.url);
      fs.chmodSync(tmp, 0o600);
      const list = await runTool(o.spawn ?? nodeSpawn, o.pgRestore ?? 'pg_restore', ['--list', tmp]);
      tablesInArchive = list.split('\n').filter((l) => / TABLE DATA /.test(l)).length;
      if (tablesInArchive === 0) fail('the archive pg_dump wrote holds no table data');
    }
    syncFileAndDir(tmp);
    fs.renameSync(tmp, out);
    syncFileAndDir(out);
    const bytes = fs.statSync(out).size;
    return {
      dialect: o.database.dialect,
      file: out,
      bytes,
      sha256: await sha256File(out),
      counts,
      ...(tablesInArchive !== undefined ? { tablesInArchive } : {}),
    };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** libpq's environment from a postgres:// URL, so that no password appears in argv. */
export function libpqEnvironment(url: string): Record<string, string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    fail('the database URL is not a valid postgres:// URL', err);
  }
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const known: Record<string, string> = {
    host: 'PGHOST',
    port: 'PGPORT',
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    application_name: 'PGAPPNAME',
    connect_timeout: 'PGCONNECT_TIMEOUT',
  };
  for (const [key, value] of u.searchParams) {
    const name = known[key];
    if (!name) fail(`the database URL's parameter "${key}" is not one a backup passes on (${Object.keys(known).join(', ')})`);
    env[name] = value;
  }
  return env;
}

/** Runs a PostgreSQL client tool with argv (no shell); resolves with its stdout, fails with the tail of its stderr. */
function runTool(spawn: SpawnFn, command: string, args: string[], url?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Only what the tool needs from our environment, plus the connection; PG* variables of ours would mix in.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', ...(process.env.LANG ? { LANG: process.env.LANG } : {}), ...(url ? libpqEnvironment(url) : {}) };
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new PasangError(
          ErrorCodes.BACKUP_FAILED,
          err.code === 'ENOENT' ? `${command} was not found: install the PostgreSQL client tools matching the server's major version` : `${command} could not start: ${err.message}`,
          { cause: err },
        ),
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else {
        const lines = stderr.trim().split('\n');
        // The first error line says what went wrong; the last ones what it was doing.
        const first = lines.find((l) => /error:/i.test(l));
        const shown = [...new Set([...(first ? [first] : []), ...lines.slice(-2)])].join(' | ');
        reject(new PasangError(ErrorCodes.BACKUP_FAILED, `${command} failed (${signal ?? `exit ${code}`}): ${shown}`, { details: { stderr } }));
      }
    });
  });
}

/**
 * Restores a SQLite backup as `<dataDir>/pasang.db`. Refuses a file that is not a sound Pasang database, a non-empty
 * data dir without `force`, and — even with `force` — a database another process (a running server) has open.
 * The stale WAL and shared-memory files of the replaced database are removed: left behind, SQLite would replay them
 * into the restored file.
 */
export async function restoreSqliteBackup(o: RestoreOptions): Promise<RestoreResult> {
  const from = path.resolve(o.from);
  const dataDir = path.resolve(o.dataDir);
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new PasangError(ErrorCodes.NOT_FOUND, `${from} is not a file`);
  if (!hasSqliteHeader(from)) {
    throw new PasangError(ErrorCodes.BAD_REQUEST, `${from} is not a SQLite backup (for a PostgreSQL archive use pg_restore; see README "Backups")`);
  }
  const facts = inspectSqliteFile(from);
  if (facts.integrity !== 'ok') throw new PasangError(ErrorCodes.STORE_CORRUPT, `${from} fails its integrity check: ${facts.integrity}`);
  if (!facts.isPasangStore) throw new PasangError(ErrorCodes.BAD_REQUEST, `${from} is a SQLite database but not a Pasang store`);

  const target = path.join(dataDir, DB_FILE);
  const existing = fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [];
  if (existing.length > 0 && !o.force) {
    throw new PasangError(ErrorCodes.CONFLICT, `${dataDir} is not empty (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}); pass --force to replace its database`);
  }
  if (sqliteFileInUse(target)) {
    throw new PasangError(ErrorCodes.CONFLICT, `${target} is open in another process: stop pasang-server on this data dir first`);
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = partialName(target);
  try {
    fs.copyFileSync(from, tmp, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(tmp, 0o600);
    syncFileAndDir(tmp);
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(tmp, target);
    syncFileAndDir(target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const restored = inspectSqliteFile(target);
  if (restored.integrity !== 'ok') throw new PasangError(ErrorCodes.STORE_CORRUPT, `the restored database fails its integrity check: ${restored.integrity}`);
  return { file: target, counts: restored.counts, warnings: restoreWarnings(dataDir, target) };
}

function restoreWarnings(dataDir: string, dbFile: string): string[] {
  const warnings: string[] = [];
  if (!fs.existsSync(path.join(dataDir, 'keys', 'server-signing-key.pem'))) {
    warnings.push(
      'keys/server-signing-key.pem is missing: restore keys/ from its own backup before starting the server — with a new key every PC refuses its jobs until it is enrolled again',
    );
  }
  const missing = missingArtifacts(dataDir, dbFile);
  if (missing.count > 0) {
    warnings.push(`${missing.count} installer(s) the database lists are missing under repository/ (e.g. ${missing.sample.join(', ')}): copy repository/ back`);
  }
  return warnings;
}

function missingArtifacts(dataDir: string, dbFile: string): { count: number; sample: string[] } {
  const shas = pluckReadOnly(dbFile, 'SELECT sha256 FROM artifacts') as string[];
  const missing = shas.filter((sha) => !fs.existsSync(path.join(dataDir, 'repository', sha.slice(0, 2), sha)));
  return { count: missing.length, sample: missing.slice(0, 3).map((s) => s.slice(0, 12)) };
}

/** `pg_dump -Fc` archives start with these bytes. */
const PG_ARCHIVE_MAGIC = Buffer.from('PGDMP', 'latin1');

/**
 * Restores a `pg_dump -Fc` archive with pg_restore, in one transaction (a failure changes nothing), without owners
 * (the archive's roles need not exist here). A database that already holds tables is refused unless `force`.
 */
export async function restorePostgresBackup(o: PostgresRestoreOptions): Promise<void> {
  const from = path.resolve(o.from);
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new PasangError(ErrorCodes.NOT_FOUND, `${from} is not a file`);
  const head = Buffer.alloc(PG_ARCHIVE_MAGIC.length);
  const fd = fs.openSync(from, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(PG_ARCHIVE_MAGIC)) throw new PasangError(ErrorCodes.BAD_REQUEST, `${from} is not a pg_dump archive (-Fc)`);
  // pg_restore needs --dbname to restore into a database; the name alone, the rest (password too) is in the environment.
  const env = libpqEnvironment(o.url);
  const dbname = env.PGDATABASE ?? env.PGUSER;
  if (!dbname) throw new PasangError(ErrorCodes.BAD_REQUEST, 'the database URL names no database');
  const args = ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', '--no-password', ...(o.force ? ['--clean', '--if-exists'] : []), '--dbname', dbname, from];
  try {
    await runTool(o.spawn ?? nodeSpawn, o.pgRestore ?? 'pg_restore', args, o.url);
  } catch (err) {
    const stderr = (err instanceof PasangError ? (err.details as { stderr?: string } | undefined)?.stderr : undefined) ?? '';
    if (!o.force && /already exists/.test(stderr)) {
      throw new PasangError(ErrorCodes.CONFLICT, 'the database is not empty; nothing was restored (pass --force to replace its tables)', { cause: err });
    }
    throw err;
  }
}
