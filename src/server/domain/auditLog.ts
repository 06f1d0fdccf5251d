/**
 * The audit log (SECURITY.md 13): append-only, each entry carrying the SHA-256 of the one before it, so that a changed,
 * removed or reordered entry breaks the chain and `verify()` names the first broken link. Who, what, when (UTC epoch
 * ms), from where; never secrets. The table is in store/auditTables.ts; migration 0009 adds triggers refusing UPDATE
 * and DELETE.
 *
 * Appends are serialised so the chain cannot fork: on PostgreSQL by a transaction-scoped advisory lock (held until the
 * caller's transaction commits, across every server process sharing the database); on SQLite by the single writer —
 * in one process Kysely's SQLite driver runs one transaction at a time on its one connection, and a stand-alone append
 * starts with BEGIN IMMEDIATE so another process (the CLI) waits for the write lock instead of forking. The primary key
 * on `seq` is the last guard: a second entry for the same seq is refused, never stored.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../../shared/canonicalJson';
import { AuditActorKinds, type AuditActorKind } from '../../shared/auditApi';
import type { DialectName } from '../store/openDatabase';
import type { AuditLogTable } from '../store/auditTables';
import type { Database } from '../store/schema';
import type { Principal } from './apiTokens';
import type { Clock } from './clock';

export const GENESIS_HASH = '0'.repeat(64);

/** Key of the PostgreSQL advisory lock that serialises appends (two int4: "pasa", "audi" in ASCII). */
const PG_LOCK = [0x70617361, 0x61756469] as const;

export interface AuditEntryInput {
  actorKind: AuditActorKind;
  /** The user, token or agent id; the OS user for 'cli'; null for 'system'. */
  actorId: string | null;
  /** The client's IP address, or 'cli' / 'system'. */
  source: string | null;
  /** What was done, `area.verb`: 'ticket.approve', 'agent.revoke', 'job.push'. */
  action: string;
  /** What it was done to: 'ticket:<id>', 'agent:<id>'. */
  target: string | null;
  /** Details, JSON-able; never secrets (strings that look like a Pasang token are refused). */
  data?: unknown;
}

export interface AuditEntry {
  seq: number;
  /** Epoch milliseconds, UTC. */
  at: number;
  actorKind: AuditActorKind;
  actorId: string | null;
  source: string | null;
  action: string;
  target: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

export type AuditVerifyResult =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; firstBrokenSeq: number; reason: string; entriesChecked: number };

export interface AuditListQuery {
  target?: string;
  actorId?: string;
  /** An action ('agent.revoke'), or every action of an area with a trailing `.*` ('ticket.*'). */
  action?: string;
  /** Entries older than this seq (the previous page's `nextBefore`). */
  before?: number;
  limit: number;
}

/** Who acted and from where, as an entry names them: what a service takes to audit a change in its own transaction. */
export type AuditActor = Pick<AuditEntryInput, 'actorKind' | 'actorId' | 'source'>;

/** The server itself (a start-up task, a store-only test): the actor when no caller is named. */
export const SYSTEM_AUDIT_ACTOR: AuditActor = { actorKind: 'system', actorId: null, source: 'system' };

/** What route modules and services need of the audit log: one method, so they can be handed the log or a fake. */
export interface AuditRecorder {
  append(entry: AuditEntryInput, db?: Kysely<Database>): Promise<unknown>;
}

export interface AuditLogOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  /** Entries read per query while verifying. @default 1000 */
  verifyPageSize?: number;
}

/** What an entry's hash covers: every stored column but the hash itself, as canonical JSON (src/shared/canonicalJson). */
export function auditEntryContent(e: Omit<AuditLogTable, 'hash'>): string {
  return canonicalJson({
    v: 1,
    seq: e.seq,
    at: e.at,
    actorKind: e.actor_kind,
    actorId: e.actor_id,
    source: e.source,
    action: e.action,
    target: e.target,
    data: e.data,
    prevHash: e.prev_hash,
  });
}

const q = JSON.stringify;

/**
 * The same string as auditEntryContent, with the keys written out in their sorted order: verifying walks every entry,
 * and the generic encoder's key sorting was half of its time (a unit test holds the two equal).
 */
function auditEntryContentFast(e: Omit<AuditLogTable, 'hash'>): string {
  return `{"action":${q(e.action)},"actorId":${q(e.actor_id)},"actorKind":${q(e.actor_kind)},"at":${q(e.at)},"data":${q(e.data)},"prevHash":${q(e.prev_hash)},"seq":${q(e.seq)},"source":${q(e.source)},"target":${q(e.target)},"v":1}`;
}

/** The hash of one entry: SHA-256 (hex) of its canonical content. */
export function auditEntryHash(e: Omit<AuditLogTable, 'hash'>): string {
  if (!Number.isFinite(e.seq) || !Number.isFinite(e.at)) throw new TypeError('audit: seq and at must be finite numbers');
  return createHash('sha256').update(auditEntryContentFast(e), 'utf8').digest('hex');
}

/** The audit actor of an API caller. */
export function auditActorOf(principal: Principal | null): { actorKind: AuditActorKind; actorId: string | null } {
  if (!principal) return { actorKind: 'system', actorId: null };
  return { actorKind: principal.kind, actorId: principal.id };
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const SECRET_KEY = /(secret|password|passphrase|privatekey|private_key|^token)$/i;
/**
 * Enrollment tokens, agent secrets and API tokens (secrets.ts): never written to the log. Values can come from
 * untrusted input (a PC's hostname), so one that looks like a token is redacted rather than refused: refusing would
 * fail the request after the change it records was made.
 */
const SECRET_VALUE = /ps[eat]_[A-Za-z0-9_-]{20,}/g;
const MAX_DATA_CHARS = 16_384;

function checkInput(e: AuditEntryInput): string | null {
  // Programmer errors: thrown at once, so the change the entry records rolls back with it.
  if (!(AuditActorKinds as readonly string[]).includes(e.actorKind)) throw new Error(`audit: unknown actor kind "${e.actorKind}"`);
  if (!ACTION.test(e.action) || e.action.length > 64) throw new Error(`audit: action "${e.action}" is not area.verb`);
  for (const [name, v] of [['actorId', e.actorId], ['source', e.source], ['target', e.target]] as const) {
    if (v !== null && (typeof v !== 'string' || v.length > 256)) throw new Error(`audit: ${name} must be a string of at most 256 characters`);
  }
  if (e.data === undefined || e.data === null) return null;
  const text = canonicalJson(e.data).replace(SECRET_VALUE, '[redacted]');
  if (text.length > MAX_DATA_CHARS) throw new Error(`audit: data is longer than ${MAX_DATA_CHARS} characters`);
  JSON.parse(text, (key, value: unknown) => {
    if (SECRET_KEY.test(key)) throw new Error(`audit: data has a field named "${key}"; secrets never go in the log`);
    return value;
  });
  return text;
}

function toEntry(r: AuditLogTable): AuditEntry {
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    actorKind: r.actor_kind as AuditActorKind,
    actorId: r.actor_id,
    source: r.source,
    action: r.action,
    target: r.target,
    data: r.data === null ? null : (JSON.parse(r.data) as unknown),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class AuditLog implements AuditRecorder {
  private readonly pageSize: number;

  constructor(private readonly o: AuditLogOptions) {
    this.pageSize = o.verifyPageSize ?? 1000;
  }

  /**
   * Appends one entry. Give the caller's transaction as `db` so the entry commits (or rolls back) with the change it
   * records; without one the entry is written in a transaction of its own. Transactions passed in must be READ
   * COMMITTED on PostgreSQL (the default), so the newest entry is visible once the lock is held.
   */
  async append(entry: AuditEntryInput, db?: Kysely<Database>): Promise<AuditEntry> {
    const data = checkInput(entry);
    const target = db ?? this.o.db;
    if (target.isTransaction) return this.appendLocked(target, entry, data);
    if (this.o.dialect === 'postgres') return target.transaction().execute((trx) => this.appendLocked(trx, entry, data));
    // SQLite: BEGIN IMMEDIATE takes the write lock before the newest entry is read (Kysely's own `begin` is deferred,
    // which would let another process append between our read and our write).
    return target.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const stored = await this.appendLocked(conn, entry, data);
        await sql`commit`.execute(conn);
        return stored;
      } catch (err) {
        await sql`rollback`.execute(conn);
        throw err;
      }
    });
  }

  private async appendLocked(db: Kysely<Database>, entry: AuditEntryInput, data: string | null): Promise<AuditEntry> {
    if (this.o.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_LOCK[0]}, ${PG_LOCK[1]})`.execute(db);
    const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    // The clock is read under the lock, so that `at` never goes backwards along the chain.
    const row = {
      seq: last ? Number(last.seq) + 1 : 1,
      at: this.o.clock.now(),
      actor_kind: entry.actorKind,
      actor_id: entry.actorId,
      source: entry.source,
      action: entry.action,
      target: entry.target,
      data,
      prev_hash: last ? last.hash : GENESIS_HASH,
    };
    const stored = { ...row, hash: auditEntryHash(row) };
    await db.insertInto('audit_log').values(stored).execute();
    return toEntry(stored);
  }

  /** Newest first, filtered, one page at a time (keyset on seq, so deep pages cost what the first does). */
  async list(q: AuditListQuery): Promise<{ items: AuditEntry[]; nextBefore: number | null }> {
    let query = this.o.db.selectFrom('audit_log').selectAll();
    if (q.target !== undefined) query = query.where('target', '=', q.target);
    if (q.actorId !== undefined) query = query.where('actor_id', '=', q.actorId);
    if (q.action !== undefined) {
      if (q.action.endsWith('.*')) {
        // A prefix compared as such: LIKE would need '_' escaped and a range would depend on PostgreSQL's collation.
        const area = q.action.slice(0, -1);
        query = query.where(sql<string>`substr(action, 1, ${area.length})`, '=', area);
      } else query = query.where('action', '=', q.action);
    }
    if (q.before !== undefined) query = query.where('seq', '<', q.before);
    const rows = await query.orderBy('seq', 'desc').limit(q.limit).execute();
    const items = rows.map(toEntry);
    return { items, nextBefore: items.length === q.limit ? items[items.length - 1]!.seq : null };
  }

  /** Walks the whole chain in pages of `verifyPageSize`, oldest first, and stops at the first broken link. */
  async verify(): Promise<AuditVerifyResult> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const rows = await this.o.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>=', expectedSeq)
        .orderBy('seq', 'asc')
        .limit(this.pageSize)
        .execute();
      for (const raw of rows) {
        const r = { ...raw, seq: Number(raw.seq), at: Number(raw.at) };
        const checked = expectedSeq - 1;
        if (r.seq !== expectedSeq) {
          const reason = expectedSeq === 1 ? `entry 1 is missing (the log starts at entry ${r.seq})` : `entry ${expectedSeq} is missing (the next one is entry ${r.seq})`;
          return { ok: false, firstBrokenSeq: expectedSeq, reason, entriesChecked: checked };
        }
        if (r.prev_hash !== prevHash) {
          const reason = r.seq === 1 ? 'entry 1 does not start from the genesis hash' : `entry ${r.seq} does not link to entry ${r.seq - 1} (its prev_hash differs from that entry's hash)`;
          return { ok: false, firstBrokenSeq: r.seq, reason, entriesChecked: checked };
        }
        if (auditEntryHash(r) !== r.hash) {
          return { ok: false, firstBrokenSeq: r.seq, reason: `entry ${r.seq} was changed (its content does not match its hash)`, entriesChecked: checked };
        }
        prevHash = r.hash;
        expectedSeq++;
      }
      if (rows.length < this.pageSize) return { ok: true, entries: expectedSeq - 1, lastHash: prevHash };
    }
  }
}
