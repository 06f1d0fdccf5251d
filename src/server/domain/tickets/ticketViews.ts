/** Ticket rows → the views the API, the tray and the console show (shared/ticketsApi.ts), read in a few queries. */
import type { Kysely, Selectable } from 'kysely';
import { actionsFrom, mayTake, type TicketState } from '../../../shared/sop/ticketLifecycle';
import type { SopStepNumber } from '../../../shared/sop/steps';
import type { SpecCheckRecord, TestRecord, TicketDetail, TicketStepView, TicketView } from '../../../shared/ticketsApi';
import type { Database } from '../../store/schema';
import type { TicketsTable } from '../../store/ticketTables';
import type { PeopleDirectory } from '../peopleDirectory';
import { activeMs } from './stepClock';
import { relationsTo, type ActorContext } from './ticketActor';

export type TicketRow = Selectable<TicketsTable>;

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export class TicketViews {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly people: PeopleDirectory,
    private readonly now: () => number,
  ) {}

  async views(rows: readonly TicketRow[], viewer: ActorContext): Promise<TicketView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const userIds = [...new Set(rows.flatMap((r) => [r.requester_id, r.technician_id]).filter((x): x is string => !!x))];
    const teamIds = [...new Set(rows.map((r) => r.team_id).filter((x): x is string => !!x))];
    const agentIds = [...new Set(rows.map((r) => r.agent_id))];
    const jobIds = rows.map((r) => r.job_id).filter((x): x is string => !!x);
    const attachmentIds = rows.map((r) => r.nota_dinas_attachment_id).filter((x): x is string => !!x);
    const [users, teams, agents, steps, jobs, attachments] = await Promise.all([
      userIds.length ? this.db.selectFrom('users').select(['id', 'display_name', 'nip']).where('id', 'in', userIds).execute() : [],
      teamIds.length ? this.db.selectFrom('teams').select(['id', 'name']).where('id', 'in', teamIds).execute() : [],
      this.db.selectFrom('agents').select(['id', 'hostname']).where('id', 'in', agentIds).execute(),
      this.db.selectFrom('ticket_steps').selectAll().where('ticket_id', 'in', ids).orderBy('id').execute(),
      jobIds.length
        ? this.db.selectFrom('jobs').select(['id', 'state', 'progress_bytes', 'progress_total', 'message', 'error_code']).where('id', 'in', jobIds).execute()
        : [],
      attachmentIds.length ? this.db.selectFrom('attachments').select(['id', 'file_name', 'sha256']).where('id', 'in', attachmentIds).execute() : [],
    ]);
    const userById = new Map(users.map((u) => [u.id, { id: u.id, name: u.display_name, nip: u.nip }]));
    const teamById = new Map(teams.map((t) => [t.id, { id: t.id, name: t.name }]));
    const hostById = new Map(agents.map((a) => [a.id, a.hostname]));
    const jobById = new Map(jobs.map((j) => [j.id, j]));
    const attById = new Map(attachments.map((a) => [a.id, a]));
    const now = this.now();
    const out: TicketView[] = [];
    for (const r of rows) {
      const state = r.state as TicketState;
      const mine: TicketStepView[] = steps
        .filter((s) => s.ticket_id === r.id)
        .map((s) => ({
          step: s.step as SopStepNumber,
          startedAt: Number(s.started_at),
          endedAt: s.ended_at === null ? null : Number(s.ended_at),
          activeMs: activeMs(s, now),
          standardMs: Number(s.standard_ms),
          breachedAt: s.breached_at === null ? null : Number(s.breached_at),
        }));
      const current = mine.find((s) => s.endedAt === null);
      const job = r.job_id ? jobById.get(r.job_id) : undefined;
      const att = r.nota_dinas_attachment_id ? attById.get(r.nota_dinas_attachment_id) : undefined;
      const relations = await relationsTo(r, viewer, this.people);
      out.push({
        id: r.id,
        number: r.number,
        state,
        step: (r.step ?? null) as SopStepNumber | null,
        requester: userById.get(r.requester_id) ?? { id: r.requester_id, name: '?', nip: null },
        team: r.team_id ? (teamById.get(r.team_id) ?? null) : null,
        agentId: r.agent_id,
        hostname: hostById.get(r.agent_id) ?? null,
        osUser: r.os_user,
        item: { id: r.item_id, name: r.item_name, version: r.item_version },
        justification: r.justification,
        approvalMode: r.approval_mode === 'nota_dinas' ? 'nota_dinas' : 'team_lead',
        notaDinas: att ? { attachmentId: att.id, fileName: att.file_name, sha256: att.sha256 } : null,
        technician: r.technician_id ? (userById.get(r.technician_id) ?? null) : null,
        jobId: r.job_id,
        job: job
          ? {
              state: job.state,
              bytes: job.progress_bytes === null ? null : Number(job.progress_bytes),
              totalBytes: job.progress_total === null ? null : Number(job.progress_total),
              message: job.message,
              errorCode: job.error_code,
            }
          : null,
        specCheck: json<SpecCheckRecord>(r.spec_check),
        test: json<TestRecord>(r.test_record),
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
        closedAt: r.closed_at === null ? null : Number(r.closed_at),
        stepStartedAt: r.step_started_at === null ? null : Number(r.step_started_at),
        breached: current ? current.breachedAt !== null || current.activeMs > current.standardMs : false,
        steps: mine,
        actions: actionsFrom(state).filter((a) => mayTake(a, state, relations) && !(a === 'approve' && viewer.userId === r.requester_id)),
      });
    }
    return out;
  }

  async detail(row: TicketRow, viewer: ActorContext): Promise<TicketDetail> {
    const [view] = await this.views([row], viewer);
    const events = await this.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', row.id).orderBy('id').execute();
    const actorIds = [...new Set(events.map((e) => e.actor_id).filter((x): x is string => !!x))];
    const actors = actorIds.length ? await this.db.selectFrom('users').select(['id', 'display_name', 'nip']).where('id', 'in', actorIds).execute() : [];
    const byId = new Map(actors.map((u) => [u.id, { id: u.id, name: u.display_name, nip: u.nip }]));
    return {
      ...view!,
      events: events.map((e) => ({
        at: Number(e.at),
        action: e.action,
        fromState: (e.from_state ?? null) as TicketState | null,
        toState: e.to_state as TicketState,
        actor: e.actor_id ? (byId.get(e.actor_id) ?? null) : null,
        via: e.via,
        note: e.note,
      })),
    };
  }
}
