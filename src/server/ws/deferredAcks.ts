/**
 * Acknowledgements held back and sent together, one frame per peer for several reports (TCP's delayed ACK, for
 * metrics samples). Every frame to a socket costs a write syscall, and on the server that syscall was the largest
 * single cost of a metrics sample: 645 of 1,899 CPU-ms in a 30 s window at 10,000 agents (profiled with
 * `node test/bench/serverScale.bench.js --agents 10000 --no-inventory --no-bare --cpu-prof`), more than storing it.
 *
 * Nothing changes for delivery: a report is still acknowledged only once stored, the agent keeps it in its outbox
 * until then, and a report whose ack was still held when the connection dropped is sent again and stored once (its
 * key is the agent and the sample time). The agent only holds a few more samples in its outbox meanwhile.
 */
export interface DeferredAcksOptions<Peer> {
  /** Longest an acknowledgement is held. */
  delayMs: number;
  /** A peer with this many held is acknowledged at once (keep it well under the agents' in-flight window, 32). */
  maxIds: number;
  now(): number;
  send(peer: Peer, ids: string[]): void;
  /** How often held acknowledgements are checked for their time. @default delayMs / 10, at least 100 ms */
  sweepMs?: number;
}

interface Held {
  ids: string[];
  dueAt: number;
}

export class DeferredAcks<Peer> {
  /** In the order they were first held, which is the order they fall due (the delay is the same for all). */
  private readonly held = new Map<Peer, Held>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: DeferredAcksOptions<Peer>) {
    this.timer = setInterval(() => this.sweep(), o.sweepMs ?? Math.max(100, Math.round(o.delayMs / 10)));
    this.timer.unref();
  }

  /** Peers with acknowledgements held (for /metrics and tests). */
  get peerCount(): number {
    return this.held.size;
  }

  /** Holds the acknowledgement of `id` for `peer`, or sends it now with the others when there are enough. */
  hold(peer: Peer, id: string): void {
    let h = this.held.get(peer);
    if (!h) {
      h = { ids: [], dueAt: this.o.now() + this.o.delayMs };
      this.held.set(peer, h);
    }
    h.ids.push(id);
    if (h.ids.length >= this.o.maxIds) this.flush(peer);
  }

  /** The acknowledgements held for `peer`, no longer held: for a frame that is sent to it anyway. */
  take(peer: Peer): string[] {
    const h = this.held.get(peer);
    if (!h) return [];
    this.held.delete(peer);
    return h.ids;
  }

  flush(peer: Peer): void {
    const ids = this.take(peer);
    if (ids.length > 0) this.o.send(peer, ids);
  }

  /** The peer is gone: what was held for it is forgotten (it sends those reports again when it is back). */
  drop(peer: Peer): void {
    this.held.delete(peer);
  }

  /** Sends everything held and stops the timer (the server is shutting down). */
  close(): void {
    clearInterval(this.timer);
    for (const peer of [...this.held.keys()]) this.flush(peer);
  }

  private sweep(): void {
    const now = this.o.now();
    for (const [peer, h] of this.held) {
      if (h.dueAt > now) break;
      this.held.delete(peer);
      this.o.send(peer, h.ids);
    }
  }
}
