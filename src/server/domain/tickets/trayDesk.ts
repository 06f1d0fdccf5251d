/**
 * What a person at a PC asks of the server through their agent: the tray's queries (catalog with this PC's verdicts,
 * their tickets, a Ketua Tim's approvals, the work order, their PC) and ticket commands (a request, an action). The
 * agent is trusted only to say which OS user asked on *its own* PC; who that is, and what they may do, is decided here
 * from the OS-account links and the same lifecycle rules as the console.
 */
import { ErrorCodes, PasangError } from '../../../shared/errors';
import { normalizeNip } from '../../../shared/people/nip';
import type { CatalogItemSummary } from '../../../shared/catalog';
import type { InstallerVariant } from '../../../shared/install/manifest';
import type { Requirements } from '../../../shared/install/requirements';
import { checkRequirements, pickVariant } from '../../../shared/install/specCheck';
import type { Inventory } from '../../../shared/protocol/inventory';
import type { OsAccountDecider, OsAccountDecisions } from '../osAccountDecisions';
import type { OsAccountRecord } from '../osAccountService';
import {
  MAX_TRAY_NOTA_DINAS_BYTES,
  type OsAccountClaim,
  type TicketAct,
  type TicketSubmit,
  type UserQueryName,
  type UserQueryResult,
} from '../../../shared/protocol/userOps';
import type { TicketView } from '../../../shared/ticketsApi';
import type { AgentView } from '../agentRegistry';
import type { OsAccountLink, PeopleDirectory } from '../peopleDirectory';
import type { ActorContext } from './ticketActor';
import type { ActOptions, TicketService } from './ticketService';

export interface TrayDeskOptions {
  tickets: TicketService;
  people: PeopleDirectory;
  catalog: {
    list(q: { limit: number; offset: number; search?: string; category?: string }): Promise<{ total: number; items: CatalogItemSummary[] }>;
    forPush(itemId: string): Promise<{ variants: InstallerVariant[]; requirements: Requirements | null } | null>;
    categories(): Promise<string[]>;
  };
  inventoryOf(agentId: string): Promise<Inventory | null>;
  agent(agentId: string): Promise<AgentView | null>;
  attachments: { storePdf(input: { fileName: string; bytes: Buffer; uploadedBy: string | null }): Promise<{ id: string }> };
  workOrderPdf(ticketId: string): Promise<{ pdf: Buffer; fileName: string; sha256: string } | null>;
  teamOf(teamId: string): Promise<{ id: string; name: string } | null>;
  /** The console's rules on OS-account claims, reused for the tray's Ketua Tim. */
  osAccountClaims: { decisions: OsAccountDecisions; teamsLedBy(userId: string): Promise<string[]> };
}

export class TrayDesk {
  constructor(private readonly o: TrayDeskOptions) {}

  /** The person behind an OS user on this PC, as an actor. Unconfirmed links act only as an employee. */
  private async actor(agentId: string, osUser: string): Promise<{ link: OsAccountLink; actor: ActorContext } | null> {
    const link = await this.o.people.byOsAccount(agentId, osUser);
    if (!link || link.person.disabled) return null;
    const roles = link.confirmed ? link.person.roles : (['employee'] as const);
    return { link, actor: { userId: link.person.id, roles, via: 'agent', principalId: agentId, source: `agent:${agentId}` } };
  }

  private async requireActor(agentId: string, osUser: string): Promise<{ link: OsAccountLink; actor: ActorContext }> {
    const found = await this.actor(agentId, osUser);
    if (!found) {
      throw new PasangError(ErrorCodes.PERSON_UNKNOWN, `the OS user "${osUser}" on this PC is not linked to a person yet: the first request names your NIP`);
    }
    return found;
  }

  async query<Q extends UserQueryName>(agentId: string, osUser: string, op: Q, args: unknown): Promise<UserQueryResult<Q>> {
    return (await this.answer(agentId, osUser, op, args as Record<string, unknown>)) as UserQueryResult<Q>;
  }

  private async answer(agentId: string, osUser: string, op: UserQueryName, args: Record<string, unknown>): Promise<unknown> {
    switch (op) {
      case 'whoami': {
        const found = await this.actor(agentId, osUser);
        if (!found) return null;
        const { person } = found.link;
        const team = person.teamId ? await this.teamName(person.teamId) : null;
        return { id: person.id, name: person.displayName, nip: person.nip, roles: [...found.actor.roles], team, confirmed: found.link.confirmed };
      }
      case 'catalog':
        return this.catalogFor(agentId, args as { search?: string; category?: string });
      case 'my_tickets': {
        const { actor } = await this.requireActor(agentId, osUser);
        const r = await this.o.tickets.list({ requesterId: actor.userId!, limit: 200, offset: 0 }, actor);
        return { items: r.items };
      }
      case 'ticket': {
        const { actor } = await this.requireActor(agentId, osUser);
        return this.o.tickets.get(String(args.ticketId), actor);
      }
      case 'approvals': {
        const { actor } = await this.requireActor(agentId, osUser);
        return { items: await this.o.tickets.pendingApprovals(actor) };
      }
      case 'os_account_claims': {
        const decider = await this.claimDecider(agentId, osUser);
        const pending = await this.o.osAccountClaims.decisions.list(decider, { pending: true, limit: 200 });
        return { items: await Promise.all(pending.map((link) => this.claimView(link))) };
      }
      case 'os_account_decide': {
        const decider = await this.claimDecider(agentId, osUser);
        const claimId = String(args.claimId);
        const by = { actorKind: 'user' as const, actorId: decider.actorId, source: `agent:${agentId}` };
        if (args.decision === 'confirm') await this.o.osAccountClaims.decisions.confirm(decider, claimId, by);
        else await this.o.osAccountClaims.decisions.remove(decider, claimId, by);
        return { claimId, decision: args.decision };
      }
      case 'work_order': {
        const { actor } = await this.requireActor(agentId, osUser);
        const ticketId = String(args.ticketId);
        await this.o.tickets.get(ticketId, actor);
        const doc = await this.o.workOrderPdf(ticketId);
        if (!doc) throw new PasangError(ErrorCodes.CONFLICT, 'this ticket has no work order yet');
        return { fileName: doc.fileName, sha256: doc.sha256, pdfBase64: doc.pdf.toString('base64') };
      }
      case 'my_pc': {
        const a = await this.o.agent(agentId);
        if (!a) throw new PasangError(ErrorCodes.NOT_FOUND, 'this PC is not known');
        return {
          agentId: a.id,
          hostname: a.hostname,
          online: a.online,
          summary: a.summary,
          lastMetrics: a.lastMetrics,
          inventoryUpdatedAt: a.inventoryUpdatedAt ? Date.parse(a.inventoryUpdatedAt) : null,
        };
      }
    }
  }

  /** The tray's person as a decider on claims: a Ketua Tim (confirmed link) for their teams, an admin for all. */
  private async claimDecider(agentId: string, osUser: string): Promise<OsAccountDecider> {
    const { actor } = await this.requireActor(agentId, osUser);
    const decider: OsAccountDecider = {
      actorId: actor.userId!,
      admin: actor.roles.includes('admin'),
      ledTeamIds: actor.roles.includes('team_lead') ? await this.o.osAccountClaims.teamsLedBy(actor.userId!) : [],
    };
    if (!this.o.osAccountClaims.decisions.decidesAny(decider)) {
      throw new PasangError(ErrorCodes.FORBIDDEN, 'only a Ketua Tim (for their teams) or an admin decides on OS account claims');
    }
    return decider;
  }

  private async claimView(link: OsAccountRecord): Promise<OsAccountClaim> {
    const [person, pc] = await Promise.all([this.o.people.person(link.userId), link.agentId ? this.o.agent(link.agentId) : null]);
    return {
      id: link.id,
      person: { id: link.userId, name: link.displayName, nip: person?.nip ?? null },
      osUser: link.osUser,
      agentId: link.agentId,
      hostname: pc?.hostname ?? null,
      claimedAt: link.createdAt,
    };
  }

  private async teamName(teamId: string): Promise<{ id: string; name: string } | null> {
    return this.o.teamOf(teamId);
  }

  /** The catalog with SOP step 3's verdict for this PC, so the person sees Sesuai / Belum sesuai before asking. */
  private async catalogFor(agentId: string, q: { search?: string; category?: string }): Promise<UserQueryResult<'catalog'>> {
    const [list, inventory, categories] = await Promise.all([
      this.o.catalog.list({ limit: 500, offset: 0, ...(q.search ? { search: q.search } : {}), ...(q.category ? { category: q.category } : {}) }),
      this.o.inventoryOf(agentId),
      this.o.catalog.categories(),
    ]);
    const items = [];
    for (const item of list.items) {
      const push = await this.o.catalog.forPush(item.id);
      const pick = pickVariant(inventory, push?.variants ?? []);
      const verdict = !pick.variant
        ? { suitable: false, reasons: [pick.reason] }
        : push?.requirements
          ? checkRequirements(inventory, push.requirements)
          : { suitable: true, reasons: [] };
      items.push({ item, suitable: verdict.suitable, reasons: verdict.reasons });
    }
    return { items, categories };
  }

  /** SOP step 1 from the tray; `requestKey` (the outbox entry's id) makes a resend harmless. */
  async submit(agentId: string, s: TicketSubmit, requestKey: string): Promise<TicketView> {
    let found = await this.actor(agentId, s.osUser);
    if (!found) {
      if (!s.nip) throw new PasangError(ErrorCodes.PERSON_UNKNOWN, 'this OS account is not linked to a person yet: give your NIP with the first request');
      const nip = normalizeNip(s.nip);
      if (!nip.ok) throw new PasangError(ErrorCodes.BAD_REQUEST, nip.reason.en, { details: nip.reason });
      const link = await this.o.people.claimOsAccount(agentId, s.osUser, nip.nip);
      if (!link) throw new PasangError(ErrorCodes.PERSON_UNKNOWN, 'no person has this NIP: ask the IT admin to register you');
      found = await this.requireActor(agentId, s.osUser);
    }
    const { link, actor } = found;
    let approval: { mode: 'team_lead' } | { mode: 'nota_dinas'; attachmentId: string } = { mode: 'team_lead' };
    if (s.approval.mode === 'nota_dinas') {
      const bytes = Buffer.from(s.approval.pdfBase64, 'base64');
      if (bytes.length > MAX_TRAY_NOTA_DINAS_BYTES) throw new PasangError(ErrorCodes.PAYLOAD_TOO_LARGE, 'the Nota Dinas is larger than 4 MiB');
      const att = await this.o.attachments.storePdf({ fileName: s.approval.fileName, bytes, uploadedBy: link.person.id });
      approval = { mode: 'nota_dinas', attachmentId: att.id };
    }
    return this.o.tickets.submit(
      { requester: link.person, agentId, osUser: s.osUser, itemId: s.itemId, justification: s.justification, approval, requestKey },
      actor,
    );
  }

  /** A ticket action from the tray; `record` is written in the action's transaction (the request's id, trayRelay.ts). */
  async act(agentId: string, a: TicketAct, record?: ActOptions['record']): Promise<TicketView> {
    const { actor } = await this.requireActor(agentId, a.osUser);
    return this.o.tickets.act(a.ticketId, a.action, actor, { ...(a.note ? { note: a.note } : {}), ...(record ? { record } : {}) });
  }

  /** The ticket an action was taken on, as it is now: the reply to a repeated action whose first reply was lost. */
  async actedOn(agentId: string, a: TicketAct): Promise<TicketView> {
    const { actor } = await this.requireActor(agentId, a.osUser);
    return this.o.tickets.view(a.ticketId, actor);
  }
}
