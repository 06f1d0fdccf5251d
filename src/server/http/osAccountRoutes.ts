/**
 * The /api/v1/os-accounts routes: which OS accounts (on which PCs) belong to whom. An admin links and unlinks; the
 * Ketua Tim of the claimed person's team (or an admin) confirms a claim made at a first request, or refuses it by
 * deleting it.
 */
import { CreateOsAccountRequestSchema, OsAccountViewSchema, type CreateOsAccountRequest } from '../../shared/peopleApi';
import { ErrorCodes } from '../../shared/errors';
import type { Principal } from '../domain/apiTokens';
import type { OsAccountDecider } from '../domain/osAccountDecisions';
import type { PeopleService } from '../domain/peopleService';
import { isAdmin, teamsLedBy } from './peopleRoutes';
import { auditBy } from './auditContext';
import { guarded, osAccountView } from './peopleViews';
import { intParam } from './queryParams';
import { httpError, type RouteDefinition } from './router';

export interface OsAccountRoutesOptions {
  people: PeopleService;
}

const LEADS = ['admin', 'team_lead'] as const;

export function osAccountRoutes(o: OsAccountRoutesOptions): RouteDefinition[] {
  const links = o.people.osAccounts;
  const decisions = o.people.osAccountDecisions;

  async function deciderOf(principal: Principal | null): Promise<OsAccountDecider> {
    return { actorId: principal?.id ?? '', admin: isAdmin(principal), ledTeamIds: await teamsLedBy(o.people, principal) };
  }

  return [
    {
      method: 'GET',
      path: '/api/v1/os-accounts',
      access: LEADS,
      summary: "OS account links (userId, pending=true|false; limit); a Ketua Tim sees their teams' members only",
      handler: guarded(async ({ query, principal }) => {
        const pending = query.get('pending');
        const limit = intParam(query.get('limit'), 500, 1, 5000);
        if ((pending !== null && pending !== 'true' && pending !== 'false') || limit === null) {
          return httpError(400, ErrorCodes.BAD_REQUEST, 'pending is true or false, limit 1-5000');
        }
        const list = await decisions.list(await deciderOf(principal), {
          limit,
          ...(query.get('userId') ? { userId: query.get('userId')! } : {}),
          ...(pending !== null ? { pending: pending === 'true' } : {}),
        });
        return { status: 200, body: { items: list.map(osAccountView) } };
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/os-accounts',
      access: ['admin'],
      summary: 'Link an OS user name (on one PC, or any) to a person; confirmed at once',
      body: CreateOsAccountRequestSchema,
      response: OsAccountViewSchema,
      handler: guarded(async (ctx) => {
        const b = ctx.body as CreateOsAccountRequest;
        return {
          status: 201,
          body: osAccountView(
            await links.link(
              { userId: b.userId, osUser: b.osUser, agentId: b.agentId, by: ctx.principal!.id },
              auditBy(ctx),
            ),
          ),
        };
      }),
    },
    {
      method: 'DELETE',
      path: '/api/v1/os-accounts/:id',
      access: LEADS,
      summary: "Remove a link (admin), or refuse a pending claim (admin or the Ketua Tim of the person's team)",
      handler: guarded(async (ctx) => {
        await decisions.remove(await deciderOf(ctx.principal), ctx.params.id!, auditBy(ctx));
        return { status: 200, body: { deleted: true } };
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/os-accounts/:id/confirm',
      access: LEADS,
      summary: "Confirm a claimed OS account (admin, or the Ketua Tim of the person's team)",
      response: OsAccountViewSchema,
      handler: guarded(async (ctx) => {
        return { status: 200, body: osAccountView(await decisions.confirm(await deciderOf(ctx.principal), ctx.params.id!, auditBy(ctx))) };
      }),
    },
  ];
}
