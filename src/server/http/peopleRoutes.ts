/**
 * The /api/v1/users routes: an admin manages accounts (roles, NIP, team, qualification, disable, passwords); a Ketua
 * Tim lists and reads the members of their own teams; everyone reads their own account and changes their own
 * password with the current one.
 */
import { ErrorCodes, PasangError } from '../../shared/errors';
import {
  CreateUserRequestSchema,
  ReplaceUserRequestSchema,
  SetPasswordRequestSchema,
  UpdateUserRequestSchema,
  UserListSchema,
  UserViewSchema,
  type CreateUserRequest,
  type ReplaceUserRequest,
  type SetPasswordRequest,
  type UpdateUserRequest,
} from '../../shared/peopleApi';
import { isRole } from '../../shared/roles';
import { principalRoles, type Principal } from '../domain/apiTokens';
import type { ConsoleLogin } from '../domain/consoleLogin';
import type { PeopleService } from '../domain/peopleService';
import { ANY_ROLE } from './authRoutes';
import { auditBy } from './auditContext';
import { guarded, userView } from './peopleViews';
import { intParam } from './queryParams';
import { httpError, type RouteDefinition } from './router';

export interface PeopleRoutesOptions {
  people: PeopleService;
  login: ConsoleLogin;
}

const ADMIN = ['admin'] as const;

export function isAdmin(principal: Principal | null): boolean {
  return !!principal && principalRoles(principal).includes('admin');
}

/** The teams a principal leads as Ketua Tim (none for a stand-alone token: it is no person). */
export async function teamsLedBy(people: PeopleService, principal: Principal | null): Promise<string[]> {
  if (principal?.kind !== 'user' || !principal.roles.includes('team_lead')) return [];
  return people.teams.idsLedBy(principal.id);
}

function forbidden(message: string): PasangError {
  return new PasangError(ErrorCodes.FORBIDDEN, message);
}

export function peopleRoutes(o: PeopleRoutesOptions): RouteDefinition[] {
  /** Admins see everyone; a person sees themselves; a Ketua Tim sees their teams' members. Others: 403, found or not. */
  async function visibleUser(principal: Principal | null, id: string) {
    const user = await o.people.user(id);
    if (isAdmin(principal)) {
      if (!user) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such user');
      return user;
    }
    const self = principal?.kind === 'user' && principal.id === id;
    const led = user?.teamId ? (await teamsLedBy(o.people, principal)).includes(user.teamId) : false;
    if (!user || !(self || led)) throw forbidden('you may see your own account and, as Ketua Tim, your team members');
    return user;
  }

  return [
    {
      method: 'GET',
      path: '/api/v1/users',
      access: ['admin', 'team_lead'],
      summary: 'People (search, role, teamId, includeDisabled; limit, offset); a Ketua Tim sees their own teams only',
      response: UserListSchema,
      handler: guarded(async ({ query, principal }) => {
        const limit = intParam(query.get('limit'), 50, 1, 500);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        const role = query.get('role');
        const search = query.get('search') ?? undefined;
        if (
          limit === null ||
          offset === null ||
          (role !== null && !isRole(role)) ||
          (search !== undefined && search.length > 100)
        ) {
          return httpError(
            400,
            ErrorCodes.BAD_REQUEST,
            'limit 1-500, offset ≥ 0, role one of the roles, search up to 100 characters',
          );
        }
        const teamId = query.get('teamId');
        let teamIds: string[] | undefined = teamId ? [teamId] : undefined;
        if (!isAdmin(principal)) {
          const led = await teamsLedBy(o.people, principal);
          if (teamId && !led.includes(teamId)) throw forbidden('a Ketua Tim lists the members of their own teams');
          teamIds = teamId ? [teamId] : led;
        }
        const r = await o.people.listUsers({
          limit,
          offset,
          ...(search ? { search } : {}),
          ...(role && isRole(role) ? { role } : {}),
          ...(teamIds ? { teamIds } : {}),
          includeDisabled: isAdmin(principal) && query.get('includeDisabled') === 'true',
        });
        return { status: 200, body: { total: r.total, limit, offset, items: r.items.map(userView) } };
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/users',
      access: ADMIN,
      summary: 'Create a person: username, name, roles, and optionally NIP, e-mail, team, qualification, password',
      body: CreateUserRequestSchema,
      response: UserViewSchema,
      handler: guarded(async (ctx) => ({
        status: 201,
        body: userView(await o.people.createUser(ctx.body as CreateUserRequest, auditBy(ctx))),
      })),
    },
    {
      method: 'GET',
      path: '/api/v1/users/:id',
      access: ANY_ROLE,
      summary: 'One person (admins: anyone; a Ketua Tim: their team members; everyone: themselves)',
      response: UserViewSchema,
      handler: guarded(async ({ params, principal }) => ({
        status: 200,
        body: userView(await visibleUser(principal, params.id!)),
      })),
    },
    {
      method: 'PATCH',
      path: '/api/v1/users/:id',
      access: ADMIN,
      summary: "Change some of a person's fields (null clears); disabled: true ends their sessions",
      body: UpdateUserRequestSchema,
      response: UserViewSchema,
      handler: guarded(async (ctx) => ({
        status: 200,
        body: userView(await o.people.updateUser(ctx.params.id!, ctx.body as UpdateUserRequest, auditBy(ctx))),
      })),
    },
    {
      method: 'PUT',
      path: '/api/v1/users/:id',
      access: ADMIN,
      summary: "Replace a person's editable fields (what is left out is cleared; the username stays)",
      body: ReplaceUserRequestSchema,
      response: UserViewSchema,
      handler: guarded(async (ctx) => ({
        status: 200,
        body: userView(await o.people.replaceUser(ctx.params.id!, ctx.body as ReplaceUserRequest, auditBy(ctx))),
      })),
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/:id',
      access: ADMIN,
      summary: 'Disable a person (kept for the tickets that name them; their sessions end)',
      response: UserViewSchema,
      handler: guarded(async (ctx) => ({
        status: 200,
        body: userView(await o.people.updateUser(ctx.params.id!, { disabled: true }, auditBy(ctx))),
      })),
    },
    {
      method: 'PUT',
      path: '/api/v1/users/:id/password',
      access: ANY_ROLE,
      summary:
        'Set a password: an admin for anyone else; a person their own, giving the current one. Other sessions end',
      body: SetPasswordRequestSchema,
      handler: guarded(async (ctx) => {
        const { params, body, principal } = ctx;
        const b = body as SetPasswordRequest;
        const id = params.id!;
        const self = principal?.kind === 'user' && principal.id === id;
        if (self) {
          // Even an admin gives their current password for their own: a borrowed session must not take the account.
          if (b.oldPassword === undefined || !(await o.login.checkPassword(id, b.oldPassword))) {
            return httpError(400, ErrorCodes.INVALID_CREDENTIALS, 'give your current password as oldPassword');
          }
        } else if (!isAdmin(principal)) {
          throw forbidden("only an admin sets another person's password");
        }
        await o.people.setPassword(
          id,
          b.password,
          self && principal?.kind === 'user' ? principal.sessionId : undefined,
          auditBy(ctx),
        );
        return { status: 200, body: { passwordSet: true } };
      }),
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/:id/totp',
      access: ADMIN,
      summary: "Turn off a person's TOTP (a lost phone); they log in with the password alone until they enroll again",
      handler: guarded(async (ctx) => {
        await o.login.disableTotp(ctx.params.id!, undefined, auditBy(ctx));
        return { status: 200, body: { totpEnabled: false } };
      }),
    },
  ];
}
