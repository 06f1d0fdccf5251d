/**
 * The SOP as a ticket lifecycle: requests (step 1), allocation (2), the spec check (3), the install job (4), the test
 * (5) and the requester's sign-off (6). Every change goes through `transition`, which checks the lifecycle table in
 * src/shared, then — in one transaction — writes the state, the event (who, when, why), the step clock and the audit
 * entry. Listeners hear of each change after it commits (tray notifications, the console's live view).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { Inventory } from '../../../shared/protocol/inventory';
import { officeCalendar, type OfficeCalendar } from '../../../shared/officeCalendar';
import { DEFAULT_OFFICE_TIME } from '../../../shared/officeTime';
import { stepOf, TicketActions, TicketStateInfo, mayTake, type TicketAction, type TicketState } from '../../../shared/sop/ticketLifecycle';
import type { SpecCheckRecord, TestRecord, TicketDetail, TicketView } from '../../../shared/ticketsApi';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';
import type { PeopleDirectory, Person } from '../peopleDirectory';
import { newId } from '../secrets';
import { buildSpecCheckRecord, type ItemForCheck } from './specCheckRecord';
import { advanceStepClock } from './stepClock';
import type { Breach } from './breachWatch';
import { relationsTo, maySee, SYSTEM_ACTOR, type ActorContext } from './ticketActor';
import { TicketViews, type TicketRow } from './ticketViews';
import { DEFAULT_WORK_ORDER_FORMAT, formatWorkOrderNumber, nextCounter, validateWorkOrderFormat } from './workOrderNumber';

type Db = Kysely<Database> | Transaction<Database>;

/** One audit entry; the audit log chains it inside the caller's transaction. */
export interface AuditEntry {
  actorKind: 'user' | 'api-token' | 'agent' | 'system' | 'cli';
  actorId: string | null;
  source: string | null;
  action: string;
  target: string | null;
  data?: unknown;
}
export interface AuditSink {
  append(entry: AuditEntry, db?: Db): Promise<unknown>;
}

export interface TicketChange {
  ticketId: string;
  action: TicketAction | 'submit';
  from: TicketState | null;
  to: TicketState;
  note: string | null;
}

/** Pushes the install of a ticket's item to its PC; returns the job id, or why the push was refused. */
export type PushInstall = (options: { ticketId: string; itemId: string; agentId: string; force: boolean; createdBy: string | null }) => Promise<
  { jobId: string } | { refused: string }
>;

export interface TicketServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  people: PeopleDirectory;
  catalog: { forPush(itemId: string): Promise<({ item: { id: string; name: string; version: string } } & ItemForCheck) | null> };
  inventoryOf(agentId: string): Promise<Inventory | null>;
  pushInstall: PushInstall;
  audit?: AuditSink;
  /** @default '{seq}/{officeCode}/{year}' */
  workOrderFormat?: string;
  /** @default '17000' (BPS Provinsi Bengkulu) */
  officeCode?: string;
  /** The office's IANA zone: the work-order number's year and month are its calendar's. @default 'Asia/Jakarta' (WIB) */
  officeTimeZone?: string;
  /** How long after sign-off a ticket may be reopened. @default 14 days */
  reopenWindowMs?: number;
}

export interface SubmitInput {
  requester: Person;
  agentId: string;
  osUser: string | null;
  itemId: string;
  justification: string;
  approval: { mode: 'team_lead' } | { mode: 'nota_dinas'; attachmentId: string };
  /** Idempotency key: the same request sent twice (an outbox resend) is stored once. */
  requestKey?: string;
  /** The requester must be a confirmed user of the PC (an employee filing through the API rather than their tray). */
  mustUsePc?: boolean;
}

export interface ActOptions {
  note?: string;
  technicianId?: string;
  test?: { checks?: string };
  /**
   * Written in the transition's own transaction (the tray's request id, trayRequestLog.ts): the action and the record
   * that it was taken commit together, and a record that cannot be written (the same request applied meanwhile)
   * undoes the action.
   */
  record?: (trx: Transaction<Database>) => Promise<void>;
}

export interface TicketListFilter {
  state?: TicketState;
  step?: number;
  technicianId?: string;
  requesterId?: string;
  agentId?: string;
  teamId?: string;
  /** Only tickets the viewer must act on now. */
  open?: boolean;
  /** Only tickets whose current step is past its standard (true), or only those within it (false). */
  breached?: boolean;
  limit: number;
  offset: number;
}

const auditKind = (a: ActorContext): AuditEntry['actorKind'] =>
  a.via === 'system' ? 'system' : a.via === 'agent' ? 'agent' : a.userId ? 'user' : 'api-token';

export class TicketService {
  private readonly listeners = new Set<(change: TicketChange) => void>();
  private readonly breachListeners = new Set<(breach: Breach) => void>();
  private readonly views: TicketViews;
  private readonly format: string;
  private readonly calendar: OfficeCalendar;

  constructor(private readonly o: TicketServiceOptions) {
    this.format = o.workOrderFormat ?? DEFAULT_WORK_ORDER_FORMAT;
    this.calendar = officeCalendar(o.officeTimeZone ?? DEFAULT_OFFICE_TIME.timeZone);
    validateWorkOrderFormat(this.format);
    this.views = new TicketViews(o.db, o.people, () => o.clock.now());
  }

  onChange(listener: (change: TicketChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onBreach(listener: (breach: Breach) => void): () => void {
    this.breachListeners.add(listener);
    return () => this.breachListeners.delete(listener);
  }

  /** The breach watch found a step past its standard. */
  reportBreach(breach: Breach): void {
    for (const l of this.breachListeners) l(breach);
  }

  private emit(change: TicketChange): void {
    for (const l of this.listeners) l(change);
  }

  /** SOP step 1: a request. With a Nota Dinas attached the memo is the approval and the work order exists at once. */
  async submit(input: SubmitInput, actor: ActorContext): Promise<TicketView> {
    if (input.requestKey) {
      const existing = await this.o.db.selectFrom('tickets').selectAll().where('request_key', '=', input.requestKey).executeTakeFirst();
      if (existing) return (await this.views.views([existing], actor))[0]!;
    }
    if (input.requester.disabled) throw new PasangError(ErrorCodes.FORBIDDEN, 'this account is disabled');
    const item = await this.o.catalog.forPush(input.itemId);
    if (!item) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such catalog item');
    const agent = await this.o.db.selectFrom('agents').select(['id', 'revoked_at']).where('id', '=', input.agentId).executeTakeFirst();
    if (!agent || agent.revoked_at !== null) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such PC');
    if (input.mustUsePc) {
      const link = await this.o.db
        .selectFrom('user_os_accounts')
        .select('id')
        .where('user_id', '=', input.requester.id)
        .where('agent_id', '=', input.agentId)
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst();
      if (!link) throw new PasangError(ErrorCodes.FORBIDDEN, 'you can request software only for a PC you are recorded as using');
    }
    if (input.approval.mode === 'team_lead' && !input.requester.teamId) {
      throw new PasangError(ErrorCodes.BAD_REQUEST, 'the requester has no team, so no Ketua Tim can approve: attach the signed Nota Dinas');
    }
    if (input.approval.mode === 'nota_dinas') {
      const att = await this.o.db.selectFrom('attachments').select(['id', 'ticket_id', 'kind']).where('id', '=', input.approval.attachmentId).executeTakeFirst();
      if (!att || att.ticket_id !== null) throw new PasangError(ErrorCodes.BAD_REQUEST, 'the Nota Dinas attachment does not exist or belongs to another ticket');
    }
    const id = newId();
    const now = this.o.clock.now();
    const to: TicketState = input.approval.mode === 'nota_dinas' ? 'approved' : 'submitted';
    await this.o.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('tickets')
        .values({
          id,
          requester_id: input.requester.id,
          agent_id: input.agentId,
          os_user: input.osUser,
          item_id: item.item.id,
          item_name: item.item.name,
          item_version: item.item.version,
          justification: input.justification,
          approval_mode: input.approval.mode,
          nota_dinas_attachment_id: input.approval.mode === 'nota_dinas' ? input.approval.attachmentId : null,
          team_id: input.requester.teamId,
          state: to,
          step: stepOf(to),
          request_key: input.requestKey ?? null,
          created_at: now,
          updated_at: now,
          step_started_at: now,
        })
        .execute();
      if (input.approval.mode === 'nota_dinas') {
        await trx.updateTable('attachments').set({ ticket_id: id }).where('id', '=', input.approval.attachmentId).execute();
        await this.giveNumber(trx, id, now);
        // Step 1 is done the moment the signed memo arrives with the request.
        await advanceStepClock(trx, { ticketId: id, from: null, to: 'submitted', now, technicianId: null });
      }
      await advanceStepClock(trx, { ticketId: id, from: input.approval.mode === 'nota_dinas' ? 'submitted' : null, to, now, technicianId: null });
      await this.record(trx, { ticketId: id, action: 'submit', from: null, to, actor, note: null, now, data: { itemId: item.item.id, approval: input.approval.mode } });
    });
    this.emit({ ticketId: id, action: 'submit', from: null, to, note: null });
    return (await this.views.views([await this.row(id)], actor))[0]!;
  }

  /** Any action of the lifecycle table, by a person (or the server), checked against who they are to the ticket. */
  async act(ticketId: string, action: TicketAction, actor: ActorContext, options: ActOptions = {}): Promise<TicketView> {
    const ticket = await this.row(ticketId);
    if (!(await maySee(ticket, actor, this.o.people))) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such ticket');
    const rule = TicketActions[action];
    const note = options.note?.trim() || null;
    if (rule.needsNote && !note) throw new PasangError(ErrorCodes.BAD_REQUEST, `"${action}" needs a reason or note`);
    const state = ticket.state as TicketState;
    const relations = await relationsTo(ticket, actor, this.o.people);
    if (!(rule.from as readonly TicketState[]).includes(state)) {
      throw new PasangError(ErrorCodes.CONFLICT, `a ticket in state "${state}" cannot be "${action}"`, { details: { state } });
    }
    if (!mayTake(action, state, relations)) throw new PasangError(ErrorCodes.FORBIDDEN, `you may not "${action}" this ticket`);
    if (action === 'approve' && actor.userId === ticket.requester_id) throw new PasangError(ErrorCodes.FORBIDDEN, 'approving your own request is not allowed');
    if (action === 'reopen' && Number(ticket.closed_at ?? 0) + (this.o.reopenWindowMs ?? 14 * 86_400_000) < this.o.clock.now()) {
      throw new PasangError(ErrorCodes.CONFLICT, 'the reopen window has passed: make a new request');
    }

    let technicianId = ticket.technician_id;
    if (action === 'allocate') {
      if (!options.technicianId) throw new PasangError(ErrorCodes.BAD_REQUEST, 'allocate needs technicianId');
      if (!(await this.o.people.isQualifiedTechnician(options.technicianId))) {
        throw new PasangError(ErrorCodes.BAD_REQUEST, 'that person is not a qualified Teknisi (kualifikasi pelaksana)');
      }
      technicianId = options.technicianId;
    }
    if (action === 'claim') technicianId = actor.userId;

    if (action === 'install') return this.install(ticket, actor, note, options.record);
    let to: TicketState = rule.to === 'check' ? 'suitable' : rule.to;
    const extra: Partial<TicketRow> = {};
    let data: unknown = undefined;
    if (rule.to === 'check') {
      const check = await this.specCheck(ticket);
      to = check.suitable ? 'suitable' : state === 'on_hold' && action === 'recheck' ? 'on_hold' : 'not_suitable';
      extra.spec_check = JSON.stringify(check);
      data = { suitable: check.suitable, reasons: check.reasons.map((r) => r.code) };
    }
    if (action === 'override') {
      const previous = ticket.spec_check ? (JSON.parse(ticket.spec_check) as SpecCheckRecord) : null;
      if (previous) extra.spec_check = JSON.stringify({ ...previous, override: { by: actor.userId ?? actor.principalId ?? '?', at: this.o.clock.now(), reason: note! } });
    }
    if (action === 'test_passed' || action === 'test_failed') {
      const record: TestRecord = {
        passed: action === 'test_passed',
        note: [...new Set([options.test?.checks?.trim(), note].filter(Boolean))].join(' — ') || null,
        by: actor.userId ?? actor.principalId ?? '?',
        at: this.o.clock.now(),
        detection: ticket.detection ? (({ installed, version }) => ({ installed, version }))(JSON.parse(ticket.detection) as { installed: boolean; version: string | null }) : null,
      };
      extra.test_record = JSON.stringify(record);
    }
    const view = await this.transition(ticket, action, to, actor, note, { ...extra, technician_id: technicianId }, data, options.record);
    if (action === 'approve') await this.confirmClaim(ticket, actor);
    return view;
  }

  /** Approving a request from an OS account the requester claimed at that request confirms the claim. */
  private async confirmClaim(ticket: TicketRow, actor: ActorContext): Promise<void> {
    if (!ticket.os_user || !actor.userId) return;
    const link = await this.o.people.byOsAccount(ticket.agent_id, ticket.os_user);
    if (link && !link.confirmed && link.person.id === ticket.requester_id) await this.o.people.confirmOsAccount(link.linkId, actor.userId);
  }

  /** SOP step 4: pushes the signed install job and moves the ticket to "installing". */
  private async install(ticket: TicketRow, actor: ActorContext, note: string | null, record?: ActOptions['record']): Promise<TicketView> {
    const check = ticket.spec_check ? (JSON.parse(ticket.spec_check) as SpecCheckRecord) : null;
    const pushed = await this.o.pushInstall({
      ticketId: ticket.id,
      itemId: ticket.item_id,
      agentId: ticket.agent_id,
      // The technician overrode Belum sesuai: the PC must not refuse the job for the same requirements again.
      force: !!check?.override,
      createdBy: actor.userId ?? actor.principalId,
    });
    if ('refused' in pushed) throw new PasangError(ErrorCodes.REQUIREMENTS_NOT_MET, `the push was refused: ${pushed.refused}`);
    return this.transition(ticket, 'install', 'installing', actor, note, { job_id: pushed.jobId }, { jobId: pushed.jobId }, record);
  }

  private async transition(
    ticket: TicketRow,
    action: TicketAction,
    to: TicketState,
    actor: ActorContext,
    note: string | null,
    extra: Partial<TicketRow>,
    data?: unknown,
    record?: ActOptions['record'],
  ): Promise<TicketView> {
    const now = this.o.clock.now();
    const from = ticket.state as TicketState;
    await this.o.db.transaction().execute(async (trx) => {
      const stepChanged = stepOf(from) !== stepOf(to);
      // Compare-and-set on the state: two people acting at once cannot both move the ticket.
      const r = await trx
        .updateTable('tickets')
        .set({
          ...extra,
          state: to,
          step: stepOf(to),
          updated_at: now,
          ...(stepChanged ? { step_started_at: TicketStateInfo[to].closed ? null : now } : {}),
          ...(TicketStateInfo[to].closed ? { closed_at: now } : from === 'done' ? { closed_at: null } : {}),
        })
        .where('id', '=', ticket.id)
        .where('state', '=', from)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new PasangError(ErrorCodes.CONFLICT, 'the ticket changed meanwhile: reload and try again');
      if (action === 'approve') await this.giveNumber(trx, ticket.id, now);
      const technicianId = (extra.technician_id as string | null | undefined) ?? ticket.technician_id;
      await advanceStepClock(trx, { ticketId: ticket.id, from, to, now, technicianId });
      await this.record(trx, { ticketId: ticket.id, action, from, to, actor, note, now, data });
      await record?.(trx);
    });
    this.emit({ ticketId: ticket.id, action, from, to, note });
    return (await this.views.views([await this.row(ticket.id)], actor))[0]!;
  }

  private async giveNumber(trx: Db, ticketId: string, now: number): Promise<void> {
    const local = this.calendar.dateOf(now);
    const year = local.year;
    const seq = await nextCounter(trx, `work-order:${year}`);
    const number = formatWorkOrderNumber(this.format, { seq, officeCode: this.o.officeCode ?? '17000', year, month: local.month });
    await trx.updateTable('tickets').set({ number }).where('id', '=', ticketId).execute();
  }

  private async record(
    trx: Db,
    e: { ticketId: string; action: string; from: TicketState | null; to: TicketState; actor: ActorContext; note: string | null; now: number; data?: unknown },
  ): Promise<void> {
    await trx
      .insertInto('ticket_events')
      .values({
        ticket_id: e.ticketId,
        at: e.now,
        action: e.action,
        from_state: e.from,
        to_state: e.to,
        actor_kind: e.actor.via === 'system' ? 'system' : 'user',
        actor_id: e.actor.userId,
        via: e.actor.via,
        note: e.note,
        data: e.data === undefined ? null : JSON.stringify(e.data),
      })
      .execute();
    await this.o.audit?.append(
      {
        actorKind: auditKind(e.actor),
        actorId: e.actor.userId ?? e.actor.principalId,
        source: e.actor.source,
        action: `ticket.${e.action}`,
        target: `ticket:${e.ticketId}`,
        data: { from: e.from, to: e.to, ...(e.note ? { note: e.note } : {}), ...(e.data !== undefined ? { facts: e.data } : {}) },
      },
      trx,
    );
  }

  private async specCheck(ticket: TicketRow): Promise<SpecCheckRecord> {
    const [inventory, item] = await Promise.all([this.o.inventoryOf(ticket.agent_id), this.o.catalog.forPush(ticket.item_id)]);
    return buildSpecCheckRecord(inventory, item, this.o.clock.now());
  }

  /** The PC's inventory changed: tickets held for it are checked again (SOP step 3, "hold until the PC changes"). */
  async onInventoryChanged(agentId: string): Promise<void> {
    const held = await this.o.db.selectFrom('tickets').selectAll().where('agent_id', '=', agentId).where('state', '=', 'on_hold').execute();
    for (const t of held) {
      const check = await this.specCheck(t);
      if (check.suitable) {
        await this.transition(t, 'recheck', 'suitable', SYSTEM_ACTOR, null, { spec_check: JSON.stringify(check) }, { suitable: true, reasons: [] });
      } else {
        await this.o.db.updateTable('tickets').set({ spec_check: JSON.stringify(check), updated_at: this.o.clock.now() }).where('id', '=', t.id).execute();
      }
    }
  }

  /** An install job finished: its ticket moves on to the test (step 5), or back for another install. */
  async onJobFinished(job: { id: string; state: string; detectedVersion: string | null; alreadyInstalled: boolean; errorCode: string | null }): Promise<void> {
    const ticket = await this.o.db.selectFrom('tickets').selectAll().where('job_id', '=', job.id).where('state', '=', 'installing').executeTakeFirst();
    if (!ticket) return;
    if (job.state === 'succeeded') {
      const detection = { installed: true, version: job.detectedVersion, alreadyInstalled: job.alreadyInstalled };
      await this.transition(
        ticket,
        'install_succeeded',
        'testing',
        SYSTEM_ACTOR,
        job.alreadyInstalled ? 'already installed: nothing was run' : null,
        { detection: JSON.stringify(detection) },
        { jobId: job.id, detection },
      );
    } else if (job.state === 'failed' || job.state === 'cancelled') {
      await this.transition(ticket, 'install_failed', 'install_failed', SYSTEM_ACTOR, job.errorCode, {}, { jobId: job.id, errorCode: job.errorCode });
    }
  }

  private async row(ticketId: string): Promise<TicketRow> {
    const row = await this.o.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
    if (!row) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such ticket');
    return row;
  }

  async get(ticketId: string, viewer: ActorContext): Promise<TicketDetail> {
    const row = await this.row(ticketId);
    if (!(await maySee(row, viewer, this.o.people))) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such ticket');
    return this.views.detail(row, viewer);
  }

  /** One ticket as a list (and an action's reply) shows it, to whoever may see it (the rule of `get`). */
  async view(ticketId: string, viewer: ActorContext): Promise<TicketView> {
    const row = await this.row(ticketId);
    if (!(await maySee(row, viewer, this.o.people))) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such ticket');
    return (await this.views.views([row], viewer))[0]!;
  }

  /** Whether the viewer may see the ticket (the rule of `get`); false for a ticket that does not exist. */
  async visibleTo(ticketId: string, viewer: ActorContext): Promise<boolean> {
    const row = await this.o.db.selectFrom('tickets').select(['requester_id', 'team_id', 'technician_id']).where('id', '=', ticketId).executeTakeFirst();
    return row !== undefined && (await maySee(row, viewer, this.o.people));
  }

  /** Tickets the viewer may see: staff all, a Ketua Tim their team's and their own, an employee their own. */
  async list(filter: TicketListFilter, viewer: ActorContext): Promise<{ total: number; items: TicketView[] }> {
    let q = this.o.db.selectFrom('tickets');
    const staff = viewer.via === 'system' || viewer.roles.includes('admin') || viewer.roles.includes('technician');
    if (!staff) {
      if (!viewer.userId) return { total: 0, items: [] };
      const led = viewer.roles.includes('team_lead') ? await this.teamsLedBy(viewer.userId) : [];
      const me = viewer.userId;
      q = q.where((eb) => (led.length ? eb.or([eb('requester_id', '=', me), eb('team_id', 'in', led)]) : eb('requester_id', '=', me)));
    }
    if (filter.state) q = q.where('state', '=', filter.state);
    if (filter.step) q = q.where('step', '=', filter.step);
    if (filter.technicianId) q = q.where('technician_id', '=', filter.technicianId);
    if (filter.requesterId) q = q.where('requester_id', '=', filter.requesterId);
    if (filter.agentId) q = q.where('agent_id', '=', filter.agentId);
    if (filter.teamId) q = q.where('team_id', '=', filter.teamId);
    if (filter.open) q = q.where('closed_at', 'is', null);
    if (filter.breached !== undefined) {
      // The open interval past its standard as TicketView.breached says it: flagged by the breach watch, or its active
      // time (paused time excluded, counted up to the pause while paused) over the standard already, between checks.
      const now = this.o.clock.now();
      q = q.where((outer) => {
        const over = outer.exists(
          outer
            .selectFrom('ticket_steps')
            .select('ticket_steps.id')
            .whereRef('ticket_steps.ticket_id', '=', 'tickets.id')
            .where('ticket_steps.ended_at', 'is', null)
            .where((eb) =>
              eb.or([
                eb('ticket_steps.breached_at', 'is not', null),
                eb(sql<number>`coalesce(ticket_steps.paused_since, cast(${now} as bigint)) - ticket_steps.started_at - ticket_steps.paused_ms`, '>', eb.ref('ticket_steps.standard_ms')),
              ]),
            ),
        );
        return filter.breached ? over : outer.not(over);
      });
    }
    const [{ n }] = (await q.select((eb) => eb.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
    const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
    return { total: Number(n), items: await this.views.views(rows, viewer) };
  }

  /** A Ketua Tim's approvals waiting: submitted requests of the teams they lead. */
  async pendingApprovals(viewer: ActorContext): Promise<TicketView[]> {
    if (!viewer.userId || !viewer.roles.includes('team_lead')) return [];
    const led = await this.teamsLedBy(viewer.userId);
    if (led.length === 0) return [];
    const rows = await this.o.db
      .selectFrom('tickets')
      .selectAll()
      .where('state', '=', 'submitted')
      .where('team_id', 'in', led)
      .where('requester_id', '!=', viewer.userId)
      .orderBy('created_at')
      .limit(500)
      .execute();
    return this.views.views(rows, viewer);
  }

  private async teamsLedBy(userId: string): Promise<string[]> {
    const rows = await this.o.db.selectFrom('teams').select('id').where('lead_user_id', '=', userId).execute();
    return rows.map((r) => r.id);
  }

  /**
   * Where a change should be told, for tray notifications: the requester at the ticket's PC (and their other linked
   * PCs), and the Ketua Tim at theirs — each with the OS users on that PC who are that person.
   */
  async recipients(ticketId: string): Promise<{ userId: string; agentId: string; osUsers: string[] }[]> {
    const ticket = await this.row(ticketId);
    const lead = ticket.team_id ? await this.o.people.teamLead(ticket.team_id) : null;
    const userIds = [ticket.requester_id, ...(lead && lead.id !== ticket.requester_id ? [lead.id] : [])];
    const links = await this.o.db
      .selectFrom('user_os_accounts')
      .select(['user_id', 'agent_id', 'os_user', 'confirmed_at'])
      .where('user_id', 'in', userIds)
      .where('agent_id', 'is not', null)
      .execute();
    const out = new Map<string, { userId: string; agentId: string; osUsers: string[] }>();
    const add = (userId: string, agentId: string, osUser: string) => {
      const key = `${userId} ${agentId}`;
      const entry = out.get(key) ?? { userId, agentId, osUsers: [] };
      if (!entry.osUsers.includes(osUser)) entry.osUsers.push(osUser);
      out.set(key, entry);
    };
    if (ticket.os_user) add(ticket.requester_id, ticket.agent_id, ticket.os_user);
    // The requester's own (even unconfirmed) link on the ticket's PC; other PCs only once confirmed.
    for (const l of links) if (l.agent_id && (l.confirmed_at !== null || (l.user_id === ticket.requester_id && l.agent_id === ticket.agent_id))) add(l.user_id, l.agent_id, l.os_user);
    return [...out.values()];
  }

  /** The view of one ticket as a given person sees it (for events sent to them). */
  async viewFor(ticketId: string, viewer: ActorContext): Promise<TicketView> {
    return (await this.views.views([await this.row(ticketId)], viewer))[0]!;
  }
}
