/**
 * Two-person pushes (SECURITY.md 12): a push to more PCs than the threshold is stored here, with the PCs it names
 * frozen, instead of being sent. Another person approves it — the requester cannot — and only then does the caller's
 * `send` sign and dispatch the jobs; or someone rejects it with a reason. Every decision is audited in the same
 * transaction as the state change. No transport here: the route module supplies `send` (the push route's own code).
 */
import type { Kysely, Selectable } from 'kysely';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { JobAction } from '../../shared/install/job';
import type { PushRequestState, PushRequestView } from '../../shared/pushRequestsApi';
import type { Database } from '../store/schema';
import type { PushRequestsTable } from '../store/pushRequestTables';
import type { AuditEntryInput, AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import { newId } from './secrets';
import type { PcFilter } from '../../shared/pcFilter';

/** The push as asked, minus its PC list. */
export interface StoredPush {
  item: { id: string; name: string; version: string };
  action: JobAction;
  force: boolean;
  expiresInSec?: number;
  filter?: PcFilter;
}

/** Who acts: the person (compared with the requester) and how the audit entry names them. */
export interface PushDecider {
  personId: string;
  audit: Pick<AuditEntryInput, 'actorKind' | 'actorId' | 'source'>;
}

/** What `send` reports back for the record. */
export interface PushSent {
  batchIds: string[];
  jobsCreated: number;
  refusedCount: number;
}

export interface PushRequestServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
}

type Row = Selectable<PushRequestsTable>;
type NamedRow = Row & { requester_name: string | null };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export type PushRequestListener = (request: PushRequestView) => void;

export class PushRequestService {
  private readonly listeners = new Set<PushRequestListener>();

  constructor(private readonly o: PushRequestServiceOptions) {}

  /** Every request stored or decided (after its transaction): the console's live list. Returns the unsubscribe. */
  onChanged(listener: PushRequestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(request: PushRequestView): PushRequestView {
    this.listeners.forEach((l) => l(request));
    return request;
  }

  /** Stores a push waiting for a second person. */
  async create(input: {
    push: StoredPush;
    agentIds: readonly string[];
    requester: PushDecider;
  }): Promise<PushRequestView> {
    const agentIds = [...new Set(input.agentIds)];
    if (agentIds.length === 0) throw new PasangError(ErrorCodes.BAD_REQUEST, 'no PC to push to');
    const row: Row = {
      id: newId(),
      state: 'pending',
      item_id: input.push.item.id,
      action: input.push.action,
      request_json: JSON.stringify(input.push),
      agent_ids_json: JSON.stringify(agentIds),
      pc_count: agentIds.length,
      requested_by: input.requester.personId,
      requested_at: this.o.clock.now(),
      decided_by: null,
      decided_at: null,
      reason: null,
      batch_ids_json: null,
      jobs_created: null,
      refused_count: null,
    };
    const requesterName = await this.o.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', row.requested_by)
      .executeTakeFirst();
    await this.o.db.transaction().execute(async (trx) => {
      await trx.insertInto('push_requests').values(row).execute();
      await this.o.audit.append(
        {
          ...input.requester.audit,
          action: 'job.push_request',
          target: `push_request:${row.id}`,
          data: {
            item: input.push.item,
            action: input.push.action,
            pcs: row.pc_count,
            force: input.push.force,
            ...(input.push.filter ? { filter: input.push.filter } : {}),
          },
        },
        trx,
      );
    });
    return this.emit(view({ ...row, requester_name: requesterName?.display_name ?? null }));
  }

  async get(id: string): Promise<PushRequestView | null> {
    const row = await this.named(this.o.db).where('push_requests.id', '=', id).executeTakeFirst();
    return row ? view(row) : null;
  }

  /** Requests with their requester's display name. */
  private named(db: Kysely<Database>) {
    return db
      .selectFrom('push_requests')
      .leftJoin('users', 'users.id', 'push_requests.requested_by')
      .selectAll('push_requests')
      .select('users.display_name as requester_name');
  }

  /** Newest first; `state` narrows to one state (the console lists 'pending'). */
  async list(q: {
    state?: PushRequestState;
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: PushRequestView[] }> {
    let count = this.o.db.selectFrom('push_requests').select((eb) => eb.fn.countAll<number>().as('n'));
    let rows = this.named(this.o.db);
    if (q.state) {
      count = count.where('state', '=', q.state);
      rows = rows.where('push_requests.state', '=', q.state);
    }
    const [n, items] = await Promise.all([
      count.executeTakeFirst(),
      rows
        .orderBy('push_requests.requested_at', 'desc')
        .orderBy('push_requests.id', 'desc')
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
    ]);
    return { total: Number(n?.n ?? 0), items: items.map(view) };
  }

  /**
   * Approves and sends. The request is claimed first (pending → sending, a conditional update, so two approvers racing
   * cannot both send it); `send` runs outside any transaction (it stores and dispatches in slices); if it throws, the
   * claim is undone and the request is pending again, with nothing recorded as approved.
   */
  async approve<T extends PushSent>(
    id: string,
    approver: PushDecider,
    send: (push: StoredPush, agentIds: string[]) => Promise<T>,
  ): Promise<{ request: PushRequestView; sent: T }> {
    const row = await this.o.db.selectFrom('push_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such push request');
    if (row.requested_by === approver.personId) {
      throw new PasangError(ErrorCodes.SELF_APPROVAL, 'a push you asked for needs another person to approve it');
    }
    if (row.state !== 'pending')
      throw new PasangError(ErrorCodes.CONFLICT, `the push request is ${row.state}, not pending`);
    const claimed = await this.o.db
      .updateTable('push_requests')
      .set({ state: 'sending', decided_by: approver.personId })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new PasangError(ErrorCodes.CONFLICT, 'the push request was decided by someone else meanwhile');
    let sent: T;
    try {
      sent = await send(JSON.parse(row.request_json) as StoredPush, JSON.parse(row.agent_ids_json) as string[]);
    } catch (err) {
      await this.o.db
        .updateTable('push_requests')
        .set({ state: 'pending', decided_by: null })
        .where('id', '=', id)
        .where('state', '=', 'sending')
        .execute();
      throw err;
    }
    const decidedAt = this.o.clock.now();
    const done = await this.o.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('push_requests')
        .set({
          state: 'approved',
          decided_at: decidedAt,
          batch_ids_json: JSON.stringify(sent.batchIds),
          jobs_created: sent.jobsCreated,
          refused_count: sent.refusedCount,
        })
        .where('id', '=', id)
        .execute();
      await this.o.audit.append(
        {
          ...approver.audit,
          action: 'job.push_approve',
          target: `push_request:${id}`,
          data: {
            requestedBy: row.requested_by,
            item: JSON.parse(row.request_json).item,
            pcs: row.pc_count,
            jobs: sent.jobsCreated,
            refused: sent.refusedCount,
            batchIds: sent.batchIds,
          },
        },
        trx,
      );
      return this.named(trx).where('push_requests.id', '=', id).executeTakeFirstOrThrow();
    });
    return { request: this.emit(view(done)), sent };
  }

  /** Rejects a pending request (the requester may withdraw their own this way). */
  async reject(id: string, by: PushDecider, reason: string): Promise<PushRequestView> {
    const text = reason.trim();
    if (!text) throw new PasangError(ErrorCodes.BAD_REQUEST, 'a rejection needs a reason');
    const decided = await this.o.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('push_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such push request');
      const r = await trx
        .updateTable('push_requests')
        .set({ state: 'rejected', decided_by: by.personId, decided_at: this.o.clock.now(), reason: text })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new PasangError(ErrorCodes.CONFLICT, `the push request is ${row.state}, not pending`);
      await this.o.audit.append(
        {
          ...by.audit,
          action: 'job.push_reject',
          target: `push_request:${id}`,
          data: { requestedBy: row.requested_by, pcs: row.pc_count, reason: text },
        },
        trx,
      );
      return view(await this.named(trx).where('push_requests.id', '=', id).executeTakeFirstOrThrow());
    });
    return this.emit(decided);
  }
}

function view(r: NamedRow): PushRequestView {
  const push = JSON.parse(r.request_json) as StoredPush;
  return {
    id: r.id,
    state: r.state as PushRequestState,
    item: push.item,
    action: push.action,
    force: push.force,
    filter: push.filter ?? null,
    pcs: Number(r.pc_count),
    requestedBy: r.requested_by,
    requestedByName: r.requester_name,
    requestedAt: iso(Number(r.requested_at))!,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at === null ? null : Number(r.decided_at)),
    reason: r.reason,
    batchIds: r.batch_ids_json ? (JSON.parse(r.batch_ids_json) as string[]) : [],
    jobsCreated: r.jobs_created === null ? null : Number(r.jobs_created),
    refusedCount: r.refused_count === null ? null : Number(r.refused_count),
  };
}
