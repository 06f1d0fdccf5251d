/**
 * The AgentApi (src/shared/agentApi.ts) of one OS user at the tray, over the agent core: queries go to the server
 * through the agent's connection, requests and ticket actions through its outbox (so they work offline), and events
 * come back filtered to what concerns this user. The host binds `caller` — the tray's own OS user in-process, the
 * verified peer of the local socket in the service — never the page.
 */
import type { AgentApi, AgentStatusView, CommandOutcome } from '../../../shared/agentApi';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { TicketView } from '../../../shared/ticketsApi';
import type { Agent, AgentStatus } from '../agent';

export interface AgentApiCaller {
  osUser: string;
}

export interface CreateAgentApiOptions {
  /** Shown on the Settings page. */
  logsDir?: string | null;
}

function statusView(s: AgentStatus, logsDir: string | null): AgentStatusView {
  return {
    connection: s.connection,
    serverUrl: s.serverUrl,
    agentId: s.agentId,
    outbox: s.outbox,
    queuedRequests: s.queuedRequests,
    installing: s.installing,
    logsDir,
  };
}

/** Same OS user, compared as the OS does: case-insensitively on Windows (DOMAIN\user), exactly elsewhere. */
export function sameOsUser(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export function createAgentApi(agent: Agent, caller: AgentApiCaller, options: CreateAgentApiOptions = {}): AgentApi {
  const osUser = caller.osUser;
  if (!osUser) throw new PasangError(ErrorCodes.BAD_REQUEST, 'the caller has no OS user');
  const logsDir = options.logsDir ?? null;
  const outcome = (r: Awaited<ReturnType<Agent['command']>>): CommandOutcome =>
    r.queued ? { queued: true, requestId: r.requestId } : { queued: false, ticket: r.result as TicketView };
  return {
    status: async () => statusView(agent.status, logsDir),
    whoami: () => agent.query('whoami', osUser, {}),
    catalog: (q) => agent.query('catalog', osUser, q ?? {}),
    submitRequest: async (input) =>
      outcome(
        await agent.command('ticket.submit', {
          osUser,
          itemId: input.itemId,
          justification: input.justification,
          approval: input.approval,
          ...(input.nip ? { nip: input.nip } : {}),
        }),
      ),
    myTickets: () => agent.query('my_tickets', osUser, {}),
    ticket: (ticketId) => agent.query('ticket', osUser, { ticketId }),
    approvals: () => agent.query('approvals', osUser, {}),
    act: async (ticketId, action, note) => outcome(await agent.command('ticket.act', { osUser, ticketId, action, ...(note ? { note } : {}) })),
    osAccountClaims: () => agent.query('os_account_claims', osUser, {}),
    decideOsAccountClaim: (claimId, decision) => agent.query('os_account_decide', osUser, { claimId, decision }),
    workOrder: (ticketId) => agent.query('work_order', osUser, { ticketId }),
    myPc: () => agent.query('my_pc', osUser, {}),
    checkForUpdate: () => agent.checkForUpdate(),
    onStatus: (listener) => agent.onStatus((s) => listener(statusView(s, logsDir))),
    onTicketEvent: (listener) =>
      agent.tray.onEvent((e) => {
        if (e.osUsers.some((u) => sameOsUser(u, osUser))) listener(e);
      }),
    onCommandFailed: (listener) =>
      agent.tray.onFailure((f) => {
        if (sameOsUser(f.osUser, osUser)) listener({ requestId: f.requestId, code: f.code, message: f.message });
      }),
  };
}
