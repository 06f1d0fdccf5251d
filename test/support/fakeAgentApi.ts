/**
 * A fake of our own AgentApi for the tray's transports (IPC handler table, the service's local socket): it records
 * which OS user each call came as, answers with small canned values, and lets a test fire events at the listeners
 * of one user or all.
 */
import type { AgentApi, AgentApiEvent, AgentApiMethod, AgentStatusView } from '../../src/shared/agentApi';

export interface RecordedCall {
  osUser: string;
  method: AgentApiMethod;
  args: unknown[];
}

export const FAKE_STATUS: AgentStatusView = {
  connection: 'connected',
  serverUrl: 'http://127.0.0.1:7700',
  agentId: 'agt_1',
  outbox: 0,
  queuedRequests: 0,
  installing: null,
  logsDir: null,
};

export class FakeAgentHost {
  readonly calls: RecordedCall[] = [];
  private readonly listeners = new Map<AgentApiEvent, Set<{ osUser: string; fn: (payload: unknown) => void }>>();
  /** Set to make every call of that method reject with it. */
  readonly failures = new Map<AgentApiMethod, Error>();
  /** Set to answer that method with this instead of the canned value. */
  readonly results = new Map<AgentApiMethod, unknown>();
  /** Set to hold every call of that method until the promise given resolves. */
  readonly gates = new Map<AgentApiMethod, Promise<void>>();

  apiFor(caller: { osUser: string }): AgentApi {
    const osUser = caller.osUser;
    const call = async (method: AgentApiMethod, args: unknown[], result: unknown): Promise<never> => {
      this.calls.push({ osUser, method, args });
      await this.gates.get(method);
      const failure = this.failures.get(method);
      if (failure) throw failure;
      return (this.results.has(method) ? this.results.get(method) : result) as never;
    };
    const on = (event: AgentApiEvent) => (fn: (payload: never) => void) => {
      const entry = { osUser, fn: fn as (payload: unknown) => void };
      let set = this.listeners.get(event);
      if (!set) this.listeners.set(event, (set = new Set()));
      set.add(entry);
      return () => void set.delete(entry);
    };
    return {
      status: () => call('status', [], FAKE_STATUS),
      whoami: () =>
        call('whoami', [], {
          id: `p-${osUser}`,
          name: osUser,
          nip: null,
          roles: ['employee'],
          team: null,
          confirmed: true,
        }),
      catalog: (query) => call('catalog', [query], { items: [], categories: [] }),
      submitRequest: (input) => call('submitRequest', [input], { queued: true, requestId: 'req-1' }),
      myTickets: () => call('myTickets', [], { items: [] }),
      ticket: (ticketId) => call('ticket', [ticketId], { id: ticketId }),
      approvals: () => call('approvals', [], { items: [] }),
      act: (...args) => call('act', args, { queued: true, requestId: 'req-2' }),
      osAccountClaims: () => call('osAccountClaims', [], { items: [] }),
      decideOsAccountClaim: (claimId, decision) => call('decideOsAccountClaim', [claimId, decision], { claimId, decision }),
      workOrder: (ticketId) =>
        call('workOrder', [ticketId], { fileName: 'wo.pdf', sha256: 'a'.repeat(64), pdfBase64: 'JVBERi0=' }),
      checkForUpdate: () =>
        call('checkForUpdate', [], { status: 'none', reason: 'same', currentVersion: '0.1.0', offeredVersion: '0.1.0' }),
      myPc: () =>
        call('myPc', [], {
          agentId: 'agt_1',
          hostname: 'pc-1',
          online: true,
          summary: null,
          lastMetrics: null,
          inventoryUpdatedAt: null,
        }),
      onStatus: on('onStatus'),
      onTicketEvent: on('onTicketEvent'),
      onCommandFailed: on('onCommandFailed'),
    };
  }

  /** Fires `event` at the listeners of `osUser` (or of everyone). */
  emit(event: AgentApiEvent, payload: unknown, osUser?: string): void {
    for (const l of this.listeners.get(event) ?? []) if (osUser === undefined || l.osUser === osUser) l.fn(payload);
  }

  listenerCount(event: AgentApiEvent): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
