/**
 * `pasang-server audit verify`, `backup` and `restore`: the commands that check and keep the store itself. Exit 0 when
 * done, 1 when the store fails or the chain is broken, 2 when the arguments are wrong (one clear line and the usage).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isPasangError } from '../../shared/errors';
import { AuditLog, type AuditEntryInput } from '../domain/auditLog';
import { createBackup, restorePostgresBackup, restoreSqliteBackup } from '../domain/backup';
import { systemClock, type Clock } from '../domain/clock';
import { isPostgresUrl, openDatabase, type OpenedDatabase } from '../store/openDatabase';
import type { CliIo } from './serverCli';

export const ADMIN_USAGE = [
  'pasang-server audit verify [--data-dir DIR] [--db URL]                  # "ok: N entries" (exit 0) or "broken at entry N: why" (exit 1)',
  'pasang-server backup --out FILE [--data-dir DIR] [--db URL]             # SQLite: VACUUM INTO; PostgreSQL: pg_dump -Fc',
  'pasang-server restore --from FILE --data-dir DIR [--force]              # SQLite backups; refuses a non-empty data dir without --force',
  'pasang-server restore --from FILE --db postgres://… [--force]           # pg_dump archives, in one transaction; refuses a non-empty database without --force',
].join('\n  ');

export interface AdminCommandOptions {
  /** @default systemClock */
  clock?: Clock;
}

/** Who acts at the CLI, for the audit log: the OS account running the command. */
export function cliActor(): Pick<AuditEntryInput, 'actorKind' | 'actorId' | 'source'> {
  let user: string | null = null;
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the uid is still who it was.
    user = typeof process.getuid === 'function' ? `uid:${process.getuid()}` : null;
  }
  return { actorKind: 'cli', actorId: user, source: 'cli' };
}

class UsageError extends Error {}

/** `--data-dir DIR` / `--db URL`: the store the command works on (the same one `serve` uses). */
export const storeOptions = {
  'data-dir': { type: 'string', default: './data' },
  db: { type: 'string' },
} as const;

/** Opens the store named by `--data-dir` / `--db`, runs `fn`, and closes it whatever happens. */
export async function withStore<T>(values: { 'data-dir': string; db?: string | undefined }, fn: (s: OpenedDatabase) => Promise<T>): Promise<T> {
  const store = await openDatabase({ dataDir: path.resolve(values['data-dir']), ...(values.db ? { url: values.db } : {}) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function humanBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function countsLine(counts: Record<string, number>): string {
  const shown = ['agents', 'users', 'tickets', 'jobs', 'catalog_items', 'artifacts', 'audit_log'].filter((t) => t in counts);
  return shown.map((t) => `${t} ${counts[t]}`).join(', ');
}

/** Runs the command if it is one of these; null when it is not (the caller tries its others). */
export async function runAdminCommand(argv: string[], io: CliIo, options: AdminCommandOptions = {}): Promise<number | null> {
  const [command, sub, ...rest] = argv;
  const clock = options.clock ?? systemClock;
  const run =
    command === 'audit' && sub === 'verify'
      ? () => auditVerify(rest, io, clock)
      : command === 'backup'
        ? () => backup(argv.slice(1), io, clock)
        : command === 'restore'
          ? () => restore(argv.slice(1), io, clock)
          : null;
  if (!run) return null;
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`pasang-server: ${(err as Error).message}\nusage:\n  ${ADMIN_USAGE}`);
      return 2;
    }
    const cause = (err as Error).cause;
    io.err(`pasang-server: ${(err as Error).message}${cause && !isPasangError(err) ? ` (${String(cause)})` : ''}`);
    return 1;
  }
}

async function auditVerify(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values } = parseArgs({ args, options: storeOptions, strict: true, allowPositionals: false });
  const result = await withStore(values, (s) => new AuditLog({ db: s.db, dialect: s.dialect, clock }).verify());
  if (result.ok) {
    io.out(`ok: ${result.entries} entries`);
    io.out(`last hash: ${result.lastHash}`);
    return 0;
  }
  io.out(`broken at entry ${result.firstBrokenSeq}: ${result.reason}`);
  return 1;
}

async function backup(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, ...storeOptions }, strict: true, allowPositionals: false });
  if (!values.out) throw new UsageError('backup needs --out FILE');
  const out = values.out;
  const r = await withStore(values, async (s) => {
    const result = await createBackup({ database: s, out, ...(isPostgresUrl(values.db) ? { url: values.db! } : {}) });
    // Taking a copy of everything is itself worth a line in the log (the entry is not in this backup, but the next).
    await new AuditLog({ db: s.db, dialect: s.dialect, clock }).append({
      ...cliActor(),
      action: 'store.backup',
      target: null,
      data: { file: path.basename(result.file), bytes: result.bytes, sha256: result.sha256, dialect: result.dialect },
    });
    return result;
  });
  io.out(`backup written: ${r.file} (${r.dialect}, ${humanBytes(r.bytes)}, sha256 ${r.sha256})`);
  if (r.counts) io.out(`integrity ok; ${countsLine(r.counts)}`);
  if (r.tablesInArchive !== undefined) io.out(`archive checked with pg_restore --list: data of ${r.tablesInArchive} tables`);
  io.out('not in the backup: keys/ (the signing key) and repository/ (installers): copy them as files, see README "Backups"');
  return 0;
}

async function restore(args: string[], io: CliIo, clock: Clock): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, 'data-dir': { type: 'string' }, force: { type: 'boolean' }, db: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.from) throw new UsageError('restore needs --from FILE');
  if (values.db !== undefined) {
    if (!isPostgresUrl(values.db)) throw new UsageError('restore --db takes a postgres:// URL; a SQLite backup goes to --data-dir DIR');
    if (values['data-dir'] !== undefined) throw new UsageError('restore takes --data-dir (SQLite) or --db (PostgreSQL), not both');
    await restorePostgresBackup({ from: values.from, url: values.db, force: values.force === true });
    await withStore({ 'data-dir': '.', db: values.db }, (s) =>
      new AuditLog({ db: s.db, dialect: s.dialect, clock }).append({ ...cliActor(), action: 'store.restore', target: null, data: { from: path.basename(values.from!) } }),
    );
    io.out(`restored ${path.basename(values.from)} into the PostgreSQL database (one transaction)`);
    io.out('not in the backup: keys/ (the signing key) and repository/ (installers): restore them as files, see README "Backups"');
    return 0;
  }
  // No default here: restoring into ./data by accident would be the worst default there is.
  if (!values['data-dir']) throw new UsageError('restore needs --data-dir DIR (where the restored database goes), or --db URL for PostgreSQL');
  const r = await restoreSqliteBackup({ from: values.from, dataDir: values['data-dir'], force: values.force === true });
  await withStore({ 'data-dir': values['data-dir'] }, (s) =>
    new AuditLog({ db: s.db, dialect: s.dialect, clock }).append({ ...cliActor(), action: 'store.restore', target: null, data: { from: path.basename(values.from!) } }),
  );
  io.out(`restored ${r.file}: integrity ok; ${countsLine(r.counts)}`);
  for (const w of r.warnings) io.err(`warning: ${w}`);
  return 0;
}
