/** The /api/v1/teams routes: every person may read the teams (names and their Ketua Tim); an admin manages them. */
import {
  CreateTeamRequestSchema,
  TeamViewSchema,
  UpdateTeamRequestSchema,
  type CreateTeamRequest,
  type UpdateTeamRequest,
} from '../../shared/peopleApi';
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { PeopleService } from '../domain/peopleService';
import { ANY_ROLE } from './authRoutes';
import { auditBy } from './auditContext';
import { guarded, teamView } from './peopleViews';
import type { RouteDefinition } from './router';

export interface TeamRoutesOptions {
  people: PeopleService;
}

const ADMIN = ['admin'] as const;

export function teamRoutes(o: TeamRoutesOptions): RouteDefinition[] {
  const teams = o.people.teams;
  return [
    {
      method: 'GET',
      path: '/api/v1/teams',
      access: ANY_ROLE,
      summary: 'Teams with their Ketua Tim and member count',
      handler: guarded(async () => ({ status: 200, body: { items: (await teams.list()).map(teamView) } })),
    },
    {
      method: 'POST',
      path: '/api/v1/teams',
      access: ADMIN,
      summary: 'Create a team, optionally with its Ketua Tim (a person holding team_lead)',
      body: CreateTeamRequestSchema,
      response: TeamViewSchema,
      handler: guarded(async (ctx) => ({
        status: 201,
        body: teamView(await teams.create(ctx.body as CreateTeamRequest, auditBy(ctx))),
      })),
    },
    {
      method: 'GET',
      path: '/api/v1/teams/:id',
      access: ANY_ROLE,
      summary: 'One team',
      response: TeamViewSchema,
      handler: guarded(async ({ params }) => {
        const t = await teams.get(params.id!);
        if (!t) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such team');
        return { status: 200, body: teamView(t) };
      }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/teams/:id',
      access: ADMIN,
      summary: 'Rename a team or change its Ketua Tim (null: none)',
      body: UpdateTeamRequestSchema,
      response: TeamViewSchema,
      handler: guarded(async (ctx) => ({
        status: 200,
        body: teamView(await teams.update(ctx.params.id!, ctx.body as UpdateTeamRequest, auditBy(ctx))),
      })),
    },
    {
      method: 'DELETE',
      path: '/api/v1/teams/:id',
      access: ADMIN,
      summary: 'Delete an empty team (409 while it has members)',
      handler: guarded(async (ctx) => {
        await teams.delete(ctx.params.id!, auditBy(ctx));
        return { status: 200, body: { deleted: true } };
      }),
    },
  ];
}
