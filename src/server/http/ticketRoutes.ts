/**
 * The /api/v1/tickets routes: SOP requests and every action of the lifecycle, for people logged in to the console or
 * using an API token. Routes admit every person's role; the ticket service then decides by who the caller is to the
 * ticket (an employee sees only their own tickets, a Ketua Tim their team's), so the rule lives in one place.
 */
import type { IncomingMessage } from 'node:http';
import { Type } from '@sinclair/typebox';
import { ErrorCodes } from '../../shared/errors';
import { DEFAULT_OFFICE_TIME, type OfficeTime } from '../../shared/officeTime';
import { Roles } from '../../shared/roles';
import { SopSteps } from '../../shared/sop/steps';
import { TicketActions, TicketStateInfo, TicketStates, type TicketState } from '../../shared/sop/ticketLifecycle';
import {
  CreateTicketRequestSchema,
  TicketActionRequestSchema,
  TicketDetailSchema,
  TicketListResponseSchema,
  TicketViewSchema,
  type CreateTicketRequest,
  type TicketActionRequest,
} from '../../shared/ticketsApi';
import { principalRoles, type Principal } from '../domain/apiTokens';
import type { PeopleDirectory } from '../domain/peopleDirectory';
import type { ActorContext } from '../domain/tickets/ticketActor';
import type { TicketService } from '../domain/tickets/ticketService';
import { TicketEventFeed } from './ticketEventFeed';
import { httpError, type RouteDefinition } from './router';
import { intParam } from './queryParams';

export interface TicketRoutesOptions {
  tickets: TicketService;
  people: PeopleDirectory;
  /** The work order PDF (null until the ticket has one). */
  workOrderPdf(ticketId: string): Promise<{ pdf: Buffer; fileName: string; sha256: string } | null>;
  /** SSE keep-alive comment interval. @default 15000 */
  sseKeepAliveMs?: number;
  /** An event whose visibility could not be checked (it is not sent). */
  onError?(err: unknown): void;
  /** The zone the office's times are written in (the console shows them so). @default WIB */
  officeTime?: OfficeTime;
}

const PEOPLE = Roles;

export function actorFromPrincipal(principal: Principal | null, req: IncomingMessage): ActorContext {
  const source = req.socket.remoteAddress ?? null;
  if (!principal || principal.kind === 'agent') return { userId: null, roles: [], via: 'agent', principalId: principal?.id ?? null, source };
  if (principal.kind === 'user') {
    return { userId: principal.id, roles: principal.roles, via: principal.via === 'session' ? 'console' : 'api-token', principalId: principal.id, source };
  }
  return { userId: null, roles: principalRoles(principal), via: 'api-token', principalId: principal.id, source };
}

export function ticketRoutes(o: TicketRoutesOptions): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/sop',
      access: PEOPLE,
      summary: "The SOP: its six steps with standard times, the ticket states and the actions, and the office's time zone (for the console and the tray)",
      async handler() {
        return { status: 200, body: { steps: SopSteps, states: TicketStateInfo, actions: TicketActions, officeTime: o.officeTime ?? DEFAULT_OFFICE_TIME } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/tickets',
      access: PEOPLE,
      summary: 'SOP step 1: request a catalog item for a PC (an employee for themself; staff on behalf of requesterId)',
      body: CreateTicketRequestSchema,
      response: TicketViewSchema,
      async handler({ body, principal, req }) {
        const b = body as CreateTicketRequest;
        const actor = actorFromPrincipal(principal, req);
        const staff = actor.roles.includes('admin') || actor.roles.includes('technician');
        const requesterId = b.requesterId ?? actor.userId;
        if (!requesterId) return httpError(400, ErrorCodes.BAD_REQUEST, 'requesterId is needed when the caller is not a person');
        if (requesterId !== actor.userId && !staff) return httpError(403, ErrorCodes.FORBIDDEN, 'only staff may request on behalf of someone else');
        const requester = await o.people.person(requesterId);
        if (!requester) return httpError(400, ErrorCodes.BAD_REQUEST, 'no such requester');
        const view = await o.tickets.submit(
          { requester, agentId: b.agentId, osUser: null, itemId: b.itemId, justification: b.justification, approval: b.approval, ...(staff ? {} : { mustUsePc: true }) },
          actor,
        );
        return { status: 201, body: view };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tickets',
      access: PEOPLE,
      summary: 'Tickets the caller may see, newest first (filters: state, step, technicianId, requesterId, agentId, teamId, open, breached; limit, offset)',
      response: TicketListResponseSchema,
      async handler({ query, principal, req }) {
        const limit = intParam(query.get('limit'), 50, 1, 500);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        const step = intParam(query.get('step'), 0, 1, 6);
        const state = query.get('state');
        const open = query.get('open');
        const breached = query.get('breached');
        const bool = (v: string | null) => v === null || v === 'true' || v === 'false';
        if (limit === null || offset === null || step === null || (state !== null && !(TicketStates as readonly string[]).includes(state)) || !bool(open) || !bool(breached)) {
          return httpError(400, ErrorCodes.BAD_REQUEST, `limit 1-500, offset ≥ 0, step 1-6, open and breached true|false, state one of ${TicketStates.join(', ')}`);
        }
        const pick = (k: string) => (query.get(k) ? { [k]: query.get(k)! } : {});
        const r = await o.tickets.list(
          {
            limit,
            offset,
            ...(state ? { state: state as TicketState } : {}),
            ...(step ? { step } : {}),
            ...(open === 'true' ? { open: true } : {}),
            ...(breached !== null ? { breached: breached === 'true' } : {}),
            ...pick('technicianId'),
            ...pick('requesterId'),
            ...pick('agentId'),
            ...pick('teamId'),
          },
          actorFromPrincipal(principal, req),
        );
        return { status: 200, body: { total: r.total, limit, offset, items: r.items } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/approvals',
      access: ['team_lead'],
      summary: "A Ketua Tim's pending approvals: the submitted requests of the teams they lead",
      response: Type.Object({ items: Type.Array(TicketViewSchema) }),
      async handler({ principal, req }) {
        return { status: 200, body: { items: await o.tickets.pendingApprovals(actorFromPrincipal(principal, req)) } };
      },
    },
    // Before /tickets/:id, which would otherwise take "events" for an id.
    {
      method: 'GET',
      path: '/api/v1/tickets/events',
      access: PEOPLE,
      summary:
        'Server-sent events: ticket changes and breaches as they happen (the console live view) — every ticket for staff, those of the teams they lead for a Ketua Tim, their own for an employee',
      async handler({ req, res, principal }) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        const feed = new TicketEventFeed({
          tickets: o.tickets,
          viewer: actorFromPrincipal(principal, req),
          write: (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
          ...(o.onError ? { onError: o.onError } : {}),
        });
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), o.sseKeepAliveMs ?? 15_000);
        const stop = () => {
          clearInterval(keepAlive);
          feed.close();
        };
        req.on('close', stop);
        res.on('error', stop);
        return null;
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tickets/:id',
      access: PEOPLE,
      summary: 'One ticket with its SOP timeline and every transition (who, when, why)',
      response: TicketDetailSchema,
      async handler({ params, principal, req }) {
        return { status: 200, body: await o.tickets.get(params.id!, actorFromPrincipal(principal, req)) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/tickets/:id/actions',
      access: PEOPLE,
      summary: 'Take an action of the SOP lifecycle (approve, reject, allocate, claim, recheck, return, hold, override, install, test_passed, test_failed, sign_off, not_working, cancel, reopen, resubmit)',
      body: TicketActionRequestSchema,
      response: TicketViewSchema,
      async handler({ params, body, principal, req }) {
        const b = body as TicketActionRequest;
        if (b.action === 'install_succeeded' || b.action === 'install_failed') {
          return httpError(403, ErrorCodes.FORBIDDEN, `"${b.action}" is reported by the PC, not taken by a person`);
        }
        const view = await o.tickets.act(params.id!, b.action, actorFromPrincipal(principal, req), {
          ...(b.note !== undefined ? { note: b.note } : {}),
          ...(b.technicianId !== undefined ? { technicianId: b.technicianId } : {}),
          ...(b.test !== undefined ? { test: b.test } : {}),
        });
        return { status: 200, body: view };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tickets/:id/work-order.pdf',
      access: PEOPLE,
      summary: 'The Dokumen Perintah Kerja as a PDF (for the people on the ticket and staff)',
      async handler({ params, principal, req, res }) {
        await o.tickets.get(params.id!, actorFromPrincipal(principal, req)); // 404 unless the caller may see it
        const doc = await o.workOrderPdf(params.id!);
        if (!doc) return httpError(409, ErrorCodes.CONFLICT, 'this ticket has no work order yet (it exists once the request is approved)');
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': doc.pdf.length,
          'content-disposition': `attachment; filename="${doc.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
          'x-content-sha256': doc.sha256,
          'cache-control': 'no-store',
        });
        res.end(doc.pdf);
        return null;
      },
    },
  ];
}
