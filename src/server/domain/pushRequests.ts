/**
 * Two-person pushes (SECURITY.md 12): a push to more PCs than the threshold is stored here, with the PCs it names
 * frozen, instead of being sent. Another person approves it — the requester cannot — and only then does the caller's
 * `send` sign and dispatch the jobs; or someone rejects it with a reason. Every decision is audited in the same
 * transaction as the state change. The push goes out in slices, each batch recorded here (`recordBatch`) in its own
 * transaction, so a push cut short — a failed slice, or a crash while `sending` — knows which PCs already have their
 * jobs: approving again, or `resumeInterrupted` at start, sends only to the rest. No transport here: the route module
 * supplies `send` (the push route's own code).
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
  /** Writes the job rows a push defers (JobService): a request's progress reads its batches' jobs. */
  jobRows: { storeDeferredRows(): Promise<void> };
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

  /** Records a batch of the push request's, in the batch's own transaction (called by `send` for each batch). */
  async recordBatch(trx: Kysely<Database>, pushRequestId: string, batch: { batchId: string; count: number }): Promise<void> {
    await trx
      .insertInto('push_request_batches')
      .values({ push_request_id: pushRequestId, batch_id: batch.batchId, jobs: batch.count, created_at: this.o.clock.now() })
      .execute();
  }

  /** The batches a request has stored so far, and its PCs that have no job from them yet (in the request's order). */
  private async progress(row: Row): Promise<{ batchIds: string[]; jobs: number; pcsLeft: string[] }> {
    const batches = await this.o.db
      .selectFrom('push_request_batches')
      .select(['batch_id', 'jobs'])
      .where('push_request_id', '=', row.id)
      .orderBy('created_at')
      .orderBy('batch_id')
      .execute();
    const agentIds = JSON.parse(row.agent_ids_json) as string[];
    if (batches.length === 0) return { batchIds: [], jobs: 0, pcsLeft: agentIds };
    await this.o.jobRows.storeDeferredRows();
    const covered = await this.o.db
      .selectFrom('jobs')
      .innerJoin('push_request_batches', 'push_request_batches.batch_id', 'jobs.batch_id')
      .select('jobs.agent_id')
      .where('push_request_batches.push_request_id', '=', row.id)
      .execute();
    const done = new Set(covered.map((c) => c.agent_id));
    return {
      batchIds: batches.map((b) => b.batch_id),
      jobs: batches.reduce((n, b) => n + Number(b.jobs), 0),
      pcsLeft: agentIds.filter((id) => !done.has(id)),
    };
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
   * cannot both send it); `send` runs outside any transaction (it stores and dispatches in slices) and is given only
   * the PCs no earlier attempt's batch reached; if it throws, the claim is undone and the request is pending again,
   * with nothing recorded as approved — the batches it did store stay recorded, so approving again sends the rest.
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
      sent = await send(JSON.parse(row.request_json) as StoredPush, (await this.progress(row)).pcsLeft);
    } catch (err) {
      await this.o.db
        .updateTable('push_requests')
        .set({ state: 'pending', decided_by: null })
        .where('id', '=', id)
        .where('state', '=', 'sending')
        .execute();
      throw err;
    }
    const request = await this.finish(row, approver.audit, sent.refusedCount, {});
    return { request, sent };
  }

  /** sending → approved with every batch the request stored, audited as the approval; emits the request. */
  private async finish(
    row: Row,
    by: PushDecider['audit'],
    refusedCount: number,
    extra: { note?: string; resumed?: boolean },
  ): Promise<PushRequestView> {
    const { batchIds, jobs } = await this.progress(row);
    const decidedAt = this.o.clock.now();
    const done = await this.o.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('push_requests')
        .set({
          state: 'approved',
          decided_at: decidedAt,
          batch_ids_json: JSON.stringify(batchIds),
          jobs_created: jobs,
          refused_count: refusedCount,
          ...(extra.note ? { reason: extra.note } : {}),
        })
        .where('id', '=', row.id)
        .execute();
      await this.o.audit.append(
        {
          ...by,
          action: 'job.push_approve',
          target: `push_request:${row.id}`,
          data: {
            requestedBy: row.requested_by,
            item: (JSON.parse(row.request_json) as StoredPush).item,
            pcs: row.pc_count,
            jobs,
            refused: refusedCount,
            batchIds,
            ...(extra.resumed ? { resumedAfterRestart: true } : {}),
            ...(extra.note ? { note: extra.note } : {}),
          },
        },
        trx,
      );
      return this.named(trx).where('push_requests.id', '=', row.id).executeTakeFirstOrThrow();
    });
    return this.emit(view(done));
  }

  /**
   * At start: every request still `sending` was approved and cut short by a crash. Its stored batches stand; `send`
   * gets the PCs left (none when only the final record was missing) and the request ends `approved`, audited as its
   * approver's approval with `resumedAfterRestart`. If the rest cannot be sent (the item was removed, every PC left
   * was revoked), it ends `approved` with what was stored and the reason in `reason`. A store error leaves it
   * `sending` for the next start. Returns how many were finished.
   */
  async resumeInterrupted(
    send: (request: { id: string; decidedBy: string | null }, push: StoredPush, agentIds: string[]) => Promise<PushSent>,
  ): Promise<number> {
    const rows = await this.o.db.selectFrom('push_requests').selectAll().where('state', '=', 'sending').orderBy('requested_at').execute();
    for (const row of rows) {
      const { pcsLeft } = await this.progress(row);
      let refused = 0;
      let note: string | undefined;
      if (pcsLeft.length > 0) {
        try {
          refused = (await send({ id: row.id, decidedBy: row.decided_by }, JSON.parse(row.request_json) as StoredPush, pcsLeft)).refusedCount;
        } catch (err) {
          if (!(err instanceof PasangError)) throw err;
          note = `interrupted by a server restart; the remaining ${pcsLeft.length} PCs could not be sent: ${err.message}`;
        }
      }
      const approver = { actorKind: 'user' as const, actorId: row.decided_by, source: 'system' };
      await this.finish(row, approver, refused, { resumed: true, ...(note ? { note } : {}) });
    }
    return rows.length;
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
