/**
 * The one place that knows the database drivers: opens SQLite (a file under the data dir, the embedded default) or
 * PostgreSQL (`postgres://…`) behind the same Kysely query layer, and runs the migrations.
 */
import path from 'node:path';
import fs from 'node:fs';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema';
import { migrateToLatest } from './migrations';
import { WalCheckpointer, WAL_SIZE_LIMIT_BYTES } from './walCheckpointer';
import { silentLogger, type Logger } from '../../shared/logger';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenDatabaseOptions {
  /** `postgres://…` for PostgreSQL; otherwise SQLite at `<dataDir>/pasang.db`. */
  url?: string;
  dataDir: string;
  /** PostgreSQL pool size. @default 10 */
  poolSize?: number;
  /** SQLite: WAL checkpoints on a worker thread instead of inside commits (see walCheckpointer.ts). @default true */
  checkpointWorker?: boolean;
  /** Where the checkpoint worker reports trouble. @default silent */
  logger?: Logger;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw SQLite handle, for backups through the online backup API (undefined on PostgreSQL). */
  sqlite?: SqliteDatabase.Database;
  /** SQLite's checkpoint worker, when it runs. */
  checkpointer?: WalCheckpointer;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  let opened: OpenedDatabase;
  if (isPostgresUrl(options.url)) {
    const pool = new pg.Pool({
      connectionString: options.url!,
      max: options.poolSize ?? 10,
      // int8 (epoch milliseconds, counts) fits a JS number for every value this store keeps.
      types: {
        getTypeParser: (oid: number, format?: string) =>
          oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'),
      },
    });
    // An idle connection the server ends (a PostgreSQL restart, an administrator's terminate) is reported on the
    // pool; without a listener that report is an unhandled 'error' event and takes the whole process down. The pool
    // drops that connection and opens a new one for the next query.
    pool.on('error', (err) => (options.logger ?? silentLogger).warn('idle database connection lost', { err: err.message }));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    opened = { db, dialect: 'postgres', close: () => db.destroy() };
  } else {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file =
      options.url && options.url !== '' ? options.url.replace(/^sqlite:/, '') : path.join(options.dataDir, 'pasang.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    // Why NORMAL and not FULL: in WAL mode NORMAL syncs the log at each checkpoint rather than at each commit. A
    // committed transaction is then in the log in the OS's page cache, so a crash of the server process (SIGKILL, OOM,
    // a bug) loses nothing that was acknowledged — the invariant the agents' outboxes rely on, tested with SIGKILL. What
    // NORMAL gives up is the last commits before an OS crash or power cut (up to one checkpoint interval, see
    // walCheckpointer.ts); FULL would add an fsync to every commit (every inventory, every metrics batch) to cover
    // that too. Agents keep unacknowledged reports only, so such a loss would not be resent.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    // Once rewound, the log file is cut back instead of staying as large as it ever was (the checkpoint worker makes
    // that gradual, see WAL_SHRINK_STEP_BYTES).
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    sqlite.pragma('foreign_keys = ON');
    // SQLite's own page cache is 2 MB by default; the metrics index alone is ~50,000 pages at 10,000 agents, and each
    // sample lands on a random one of them. 64 MiB keeps the hot index pages in the process instead of reading them
    // back from the OS for every insert (a memory ceiling, not an allocation: the cache fills only as pages are used).
    sqlite.pragma(`cache_size = -${64 * 1024}`);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const inMemory = file === ':memory:' || file === '';
    const checkpointer =
      options.checkpointWorker === false || inMemory
        ? undefined
        : new WalCheckpointer({ sqlite, file, logger: options.logger ?? silentLogger });
    if (checkpointer) await checkpointer.ready;
    opened = {
      db,
      dialect: 'sqlite',
      sqlite,
      ...(checkpointer ? { checkpointer } : {}),
      close: async () => {
        await checkpointer?.close();
        await db.destroy();
      },
    };
  }
  try {
    await migrateToLatest(opened.db, opened.dialect);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}

/**
 * Kysely prepares every query anew and better-sqlite3's prepare is not free (~7 % of an inventory ingest, profiled):
 * the same SQL text gets the same prepared statement from a small LRU. Safe because the driver runs each statement to
 * completion synchronously (`all`/`run`; nothing here streams).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 256): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
    } else {
      stmt = sqlite.prepare(source);
    }
    cache.set(source, stmt);
    if (cache.size > max) cache.delete(cache.keys().next().value!);
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
