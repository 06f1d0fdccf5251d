/**
 * Who is acting, and what they are to a ticket. The lifecycle table (shared/sop/ticketLifecycle.ts) names relations —
 * requester, the requester's Ketua Tim, admin, the allocated or any qualified Teknisi, the server — and this module
 * works out which of them the acting person holds for one ticket.
 */
import type { Role } from '../../../shared/roles';
import type { TicketActor } from '../../../shared/sop/ticketLifecycle';
import type { PeopleDirectory } from '../peopleDirectory';

export interface ActorContext {
  /** The person acting; null for the server itself and for stand-alone API tokens (which act by role alone). */
  userId: string | null;
  roles: readonly Role[];
  /** How they act: 'console' (session), 'api-token', 'agent' (the tray on their PC), 'system'. */
  via: 'console' | 'api-token' | 'agent' | 'system';
  /** The principal's own id (token id, agent id) for the audit log. */
  principalId: string | null;
  /** Where from (client IP, or 'system'). */
  source: string | null;
}

export const SYSTEM_ACTOR: ActorContext = { userId: null, roles: [], via: 'system', principalId: null, source: 'system' };

export interface TicketParties {
  requester_id: string;
  team_id: string | null;
  technician_id: string | null;
}

export async function relationsTo(ticket: TicketParties, actor: ActorContext, people: PeopleDirectory): Promise<Set<TicketActor>> {
  const out = new Set<TicketActor>();
  if (actor.via === 'system') {
    out.add('system');
    return out;
  }
  const has = (r: Role) => actor.roles.includes(r);
  if (actor.userId && actor.userId === ticket.requester_id) out.add('requester');
  if (has('admin')) out.add('admin');
  if (actor.userId && has('team_lead') && ticket.team_id) {
    const lead = await people.teamLead(ticket.team_id);
    if (lead?.id === actor.userId) out.add('team_lead');
  }
  if (actor.userId && has('technician')) {
    if (ticket.technician_id === actor.userId) out.add('assigned_technician');
    if (await people.isQualifiedTechnician(actor.userId)) out.add('qualified_technician');
  }
  return out;
}

/** Who may see a ticket: its requester, their Ketua Tim, and staff. */
export async function maySee(ticket: TicketParties, actor: ActorContext, people: PeopleDirectory): Promise<boolean> {
  if (actor.via === 'system' || actor.roles.includes('admin') || actor.roles.includes('technician')) return true;
  const rel = await relationsTo(ticket, actor, people);
  return rel.has('requester') || rel.has('team_lead');
}
