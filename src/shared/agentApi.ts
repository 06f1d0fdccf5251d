/**
 * AgentApi: the one interface the tray talks to, whether the agent core runs in the tray's process (development) or
 * as the OS service behind a local socket. Each method is one fixed, typed operation — there is no "run this" — and is
 * always on behalf of the OS user at the tray, whom the host (in-process: the tray's own user; service: the socket's
 * verified peer) identifies, never the page. Events are `onX(listener)` returning an unsubscribe. Channel names are
 * declared beside it, one per method and event (as Fiddle's IpcEvents), for the IPC table and the local socket.
 */
import type { ConnectionStateName } from './connectionState';
import type { OsAccountClaimDecision, TicketEvent, TrayTicketAction, UserQueryArgs, UserQueryResult } from './protocol/userOps';
import type { TicketView } from './ticketsApi';
import type { UpdateCheckOutcome } from './updates/agentUpdates';

export interface AgentStatusView {
  connection: ConnectionStateName;
  serverUrl: string | null;
  agentId: string | null;
  /** Reports and requests waiting in the outbox (requests made offline are among them). */
  outbox: number;
  /** Ticket requests and actions queued while offline, not yet answered by the server. */
  queuedRequests: number;
  /** An install job running on this PC right now (for the tray icon). */
  installing: { jobId: string; itemName: string | null; state: string; bytes: number | null; totalBytes: number | null } | null;
  /** Where the agent writes its logs (Settings page). */
  logsDir: string | null;
}

export interface SubmitRequestInput {
  itemId: string;
  justification: string;
  /** Attach the signed Nota Dinas (a PDF, base64) or ask the Ketua Tim to approve digitally. */
  approval: { mode: 'team_lead' } | { mode: 'nota_dinas'; fileName: string; pdfBase64: string };
  /** For a first request from an OS account the server does not know yet. */
  nip?: string;
}

/** A request or action either answered now (online) or queued in the outbox and sent when the PC is back. */
export type CommandOutcome = { queued: false; ticket: TicketView } | { queued: true; requestId: string };

export interface AgentApi {
  status(): Promise<AgentStatusView>;
  whoami(): Promise<UserQueryResult<'whoami'>>;
  catalog(query: UserQueryArgs<'catalog'>): Promise<UserQueryResult<'catalog'>>;
  submitRequest(input: SubmitRequestInput): Promise<CommandOutcome>;
  myTickets(): Promise<UserQueryResult<'my_tickets'>>;
  ticket(ticketId: string): Promise<UserQueryResult<'ticket'>>;
  approvals(): Promise<UserQueryResult<'approvals'>>;
  act(ticketId: string, action: TrayTicketAction, note?: string): Promise<CommandOutcome>;
  /** A Ketua Tim's pending OS-account claims (the Approvals page). */
  osAccountClaims(): Promise<UserQueryResult<'os_account_claims'>>;
  /** Confirms or refuses one; needs the server (never queued). */
  decideOsAccountClaim(claimId: string, decision: OsAccountClaimDecision): Promise<UserQueryResult<'os_account_decide'>>;
  workOrder(ticketId: string): Promise<UserQueryResult<'work_order'>>;
  myPc(): Promise<UserQueryResult<'my_pc'>>;
  /** Whether the server offers a newer agent app, its feed's signature checked by the agent with the pinned key. */
  checkForUpdate(): Promise<UpdateCheckOutcome>;
  onStatus(listener: (status: AgentStatusView) => void): () => void;
  onTicketEvent(listener: (event: TicketEvent) => void): () => void;
  /** A queued request or action the server refused when it finally got it (e.g. the ticket had moved on). */
  onCommandFailed(listener: (failure: { requestId: string; code: string; message: string }) => void): () => void;
}

type Methods = { [K in keyof AgentApi as K extends `on${string}` ? never : K]: AgentApi[K] };
type Events = { [K in keyof AgentApi as K extends `on${string}` ? K : never]: AgentApi[K] };
export type AgentApiMethod = keyof Methods;
export type AgentApiEvent = keyof Events;

/** IPC / local-socket channel of each method and event. */
export const AgentApiChannels = {
  status: 'agent:status',
  whoami: 'agent:whoami',
  catalog: 'agent:catalog',
  submitRequest: 'agent:submit-request',
  myTickets: 'agent:my-tickets',
  ticket: 'agent:ticket',
  approvals: 'agent:approvals',
  act: 'agent:act',
  osAccountClaims: 'agent:os-account-claims',
  decideOsAccountClaim: 'agent:decide-os-account-claim',
  workOrder: 'agent:work-order',
  myPc: 'agent:my-pc',
  checkForUpdate: 'agent:check-for-update',
  onStatus: 'agent:event:status',
  onTicketEvent: 'agent:event:ticket',
  onCommandFailed: 'agent:event:command-failed',
} as const satisfies Record<keyof AgentApi, string>;

export const AgentApiMethods = (Object.keys(AgentApiChannels) as (keyof AgentApi)[]).filter(
  (k): k is AgentApiMethod => !k.startsWith('on'),
);
export const AgentApiEvents = (Object.keys(AgentApiChannels) as (keyof AgentApi)[]).filter((k): k is AgentApiEvent => k.startsWith('on'));
