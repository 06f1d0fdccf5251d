/**
 * The tray's calls in flight on the agent: each query or command waits for the server's `reply` with its id (or a
 * time-out), and ticket events and late refusals go to whoever listens. Every wait ends — answered, timed out, or cut
 * short when the agent stops — so no tray call hangs.
 */
import { ErrorCodes, PasangError, type ErrorCode } from '../../../shared/errors';
import type { Reply, TicketEvent } from '../../../shared/protocol/userOps';

export interface TrayCallsOptions {
  /** How long a call waits for its reply. @default 15000 */
  timeoutMs?: number;
}

interface Waiter {
  resolve(result: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export type CommandFailure = { requestId: string; osUser: string; code: string; message: string };

export class TrayCalls {
  private readonly waiters = new Map<string, Waiter>();
  private readonly eventListeners = new Set<(e: TicketEvent) => void>();
  private readonly failureListeners = new Set<(f: CommandFailure) => void>();

  constructor(private readonly o: TrayCallsOptions = {}) {}

  /** Waits for the reply to message `id`. */
  wait(id: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new PasangError(ErrorCodes.AGENT_OFFLINE, 'the server did not answer in time'));
      }, this.o.timeoutMs ?? 15_000);
      this.waiters.set(id, { resolve, reject, timer });
    });
  }

  /** Settles the wait a reply answers; false when nobody waits for it (a queued command answered later). */
  settle(reply: Reply): boolean {
    const w = this.waiters.get(reply.refId);
    if (!w) return false;
    this.waiters.delete(reply.refId);
    clearTimeout(w.timer);
    if (reply.ok) w.resolve(reply.result);
    else w.reject(new PasangError(reply.code as ErrorCode, reply.message));
    return true;
  }

  event(e: TicketEvent): void {
    for (const l of this.eventListeners) l(e);
  }

  failed(f: CommandFailure): void {
    for (const l of this.failureListeners) l(f);
  }

  onEvent(listener: (e: TicketEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onFailure(listener: (f: CommandFailure) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  get pending(): number {
    return this.waiters.size;
  }

  closeAll(): void {
    for (const [id, w] of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new PasangError(ErrorCodes.AGENT_OFFLINE, 'the agent is stopping'));
      this.waiters.delete(id);
    }
  }
}
