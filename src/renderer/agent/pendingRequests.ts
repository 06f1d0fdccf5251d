/**
 * Requests made while the PC was offline: the agent keeps them in its outbox and tells only how many there are
 * (status().queuedRequests), so the page remembers what it queued to show them as pending until the server has them.
 * Kept in the window's storage (every tray window shares the origin), bounded, and dropped when the agent's queue is
 * empty again (the ticket then arrives as a real one) or the server refused it (onCommandFailed).
 */
import type { StorageLike } from './cache';

export interface PendingRequest {
  requestId: string;
  itemName: string;
  itemVersion: string;
  justification: string;
  at: number;
}

const KEY = 'pasang.pendingRequests';
const MAX = 50;

export class PendingRequests {
  constructor(private readonly storage: StorageLike | null) {}

  list(): PendingRequest[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isPending) : [];
    } catch {
      return [];
    }
  }

  add(request: PendingRequest): void {
    this.save([...this.list().filter((r) => r.requestId !== request.requestId), request].slice(-MAX));
  }

  remove(requestId: string): void {
    this.save(this.list().filter((r) => r.requestId !== requestId));
  }

  clear(): void {
    this.save([]);
  }

  private save(list: PendingRequest[]): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(list));
    } catch {
      /* storage full or unavailable: the list is a convenience, the outbox holds the request */
    }
  }
}

function isPending(v: unknown): v is PendingRequest {
  const r = v as PendingRequest;
  return !!r && typeof r.requestId === 'string' && typeof r.itemName === 'string' && typeof r.at === 'number';
}
