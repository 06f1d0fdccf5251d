/**
 * The arguments of every AgentApi method as one TypeBox tuple schema each, declared once beside agentApi.ts: the IPC
 * handler table and the agent service's local socket both check a call against these before it reaches AgentApi, so a
 * page or a local process can only ever make one of the fixed, typed calls.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { AgentApiEvents, AgentApiMethods, type AgentApi, type AgentApiEvent, type AgentApiMethod } from './agentApi';
import { createAjv, formatAjvErrors } from './protocol/codec';
import { TicketActSchema, TicketSubmitSchema, UserQueries } from './protocol/userOps';

const None = Type.Tuple([]);
const TicketId = UserQueries.ticket.args.properties.ticketId;
const { itemId, justification, approval, nip } = TicketSubmitSchema.properties;

/** SubmitRequestInput: the wire's `ticket.submit` without `osUser`, which the host adds (never the page). */
export const SubmitRequestInputSchema = Type.Object(
  { itemId, justification, approval, nip },
  { additionalProperties: false },
);

export const AgentApiArgs = {
  status: None,
  whoami: None,
  catalog: Type.Tuple([UserQueries.catalog.args]),
  submitRequest: Type.Tuple([SubmitRequestInputSchema]),
  myTickets: None,
  ticket: Type.Tuple([TicketId]),
  approvals: None,
  act: Type.Union([
    Type.Tuple([TicketId, TicketActSchema.properties.action]),
    Type.Tuple([TicketId, TicketActSchema.properties.action, TicketActSchema.properties.note]),
  ]),
  osAccountClaims: None,
  decideOsAccountClaim: Type.Tuple([UserQueries.os_account_decide.args.properties.claimId, UserQueries.os_account_decide.args.properties.decision]),
  workOrder: Type.Tuple([TicketId]),
  myPc: None,
  checkForUpdate: None,
} as const satisfies Record<AgentApiMethod, TSchema>;

/** Fails to compile when a schema above stops describing its method's parameters. */
type ArgsMatch = { [M in AgentApiMethod]: Static<(typeof AgentApiArgs)[M]> extends Parameters<AgentApi[M]> ? true : M };
const _argsMatch: ArgsMatch[AgentApiMethod] = true;
void _argsMatch;

export function isAgentApiMethod(name: unknown): name is AgentApiMethod {
  return typeof name === 'string' && (AgentApiMethods as readonly string[]).includes(name);
}

export function isAgentApiEvent(name: unknown): name is AgentApiEvent {
  return typeof name === 'string' && (AgentApiEvents as readonly string[]).includes(name);
}

export type ArgsCheck = { ok: true; args: unknown[] } | { ok: false; message: string };

export type AgentApiArgsValidator = (method: AgentApiMethod, args: unknown) => ArgsCheck;

/**
 * A checker of one method's arguments. Trailing `undefined`s are dropped first: `act(id, 'approve', undefined)` is
 * `act(id, 'approve')` (JSON would have made it `null`, and structured clone keeps it).
 */
export function createAgentApiArgsValidator(ajv: Ajv = createAjv()): AgentApiArgsValidator {
  const compiled = new Map<AgentApiMethod, ValidateFunction>();
  return (method, args) => {
    if (!Array.isArray(args)) return { ok: false, message: 'arguments must be an array' };
    const list = [...(args as unknown[])];
    while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
    let validate = compiled.get(method);
    if (!validate) {
      validate = ajv.compile(AgentApiArgs[method]);
      compiled.set(method, validate);
    }
    return validate(list)
      ? { ok: true, args: list }
      : { ok: false, message: `${method}: ${formatAjvErrors(validate.errors)}` };
  };
}
