/**
 * Which agent sockets are read, while inventories wait to be stored (the hub's back-pressure, agentHub.ts).
 *
 * Closing pauses every socket read since the gate last closed. Opening resumes the paused ones a batch at a time, one
 * batch per turn of the event loop, and stops as soon as the gate closes again. Resuming all sockets at once (as the
 * hub did) let every socket with data waiting in the kernel be read in the same turn, up to ~64 KB each. At 10,000
 * agents in an inventory burst, batches took the longest /metrics scrape from 6.6 s to 1.5-3 s and the process's peak
 * RSS from 1.94 to 1.46 GB (`node test/bench/serverScale.bench.js --agents 10000 --no-bare --no-delta`).
 *
 * Pausing an agent socket also stops its reads at once (agentSocketReads.ts): a paused socket is not read once more.
 *
 * A new round starts with the last batch of the round before (those sockets were most likely in the middle of a
 * frame, whose first part waits in memory), then goes on to the sockets after it, so every socket gets its turn.
 */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export interface ReadingGateOptions {
  /** Sockets resumed per turn of the event loop. @default 256 */
  batch?: number;
  /** Runs a batch later (a test may run them by hand). @default setImmediate */
  schedule?: (run: () => void) => void;
}

export class ReadingGate<P extends Pausable> {
  /** Every peer, in the order they were added. */
  private readonly peers = new Set<P>();
  /** Peers being read. While the gate is open: all of them. */
  private readonly reading = new Set<P>();
  private state: 'open' | 'closed' | 'opening' = 'open';
  /** The peers still to resume in this round, in order, and where the next batch starts. */
  private queue: P[] = [];
  private next = 0;
  /** The first peer of the latest batch resumed: where the next round starts. */
  private lastBatchStart: P | undefined;
  /** A batch is scheduled (at most one at a time). */
  private scheduled = false;
  private readonly batch: number;
  private readonly schedule: (run: () => void) => void;

  constructor(o: ReadingGateOptions = {}) {
    this.batch = o.batch ?? 256;
    this.schedule = o.schedule ?? ((run) => void setImmediate(run));
  }

  /** No socket is read, nor is being resumed. */
  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Not every socket is being read (closed, or opening batch by batch). */
  get restricted(): boolean {
    return this.state !== 'open';
  }

  isReading(peer: P): boolean {
    return this.reading.has(peer);
  }

  /** A new peer: read at once if the gate is open, else paused and resumed in its turn. */
  add(peer: P): void {
    this.peers.add(peer);
    if (this.state === 'open') {
      this.reading.add(peer);
      return;
    }
    peer.pause();
    if (this.state === 'opening') this.queue.push(peer);
  }

  delete(peer: P): void {
    this.peers.delete(peer);
    this.reading.delete(peer);
    if (this.lastBatchStart === peer) this.lastBatchStart = undefined;
  }

  /** Stops reading every socket. */
  close(): void {
    this.state = 'closed';
    this.queue = [];
    this.next = 0;
    for (const p of this.reading) p.pause();
    this.reading.clear();
  }

  /** Reads every socket again, a batch per turn of the event loop. */
  open(): void {
    if (this.state !== 'closed') return;
    this.state = 'opening';
    const all = [...this.peers];
    const from = this.lastBatchStart ? Math.max(0, all.indexOf(this.lastBatchStart)) : 0;
    this.queue = from === 0 ? all : all.slice(from).concat(all.slice(0, from));
    this.next = 0;
    this.resumeBatch();
  }

  private resumeBatch(): void {
    if (this.state !== 'opening') return;
    const end = Math.min(this.queue.length, this.next + this.batch);
    let first = true;
    for (; this.next < end; this.next++) {
      const p = this.queue[this.next]!;
      if (!this.peers.has(p) || this.reading.has(p)) continue;
      if (first) this.lastBatchStart = p;
      first = false;
      this.reading.add(p);
      p.resume();
    }
    if (this.next >= this.queue.length) {
      this.state = 'open';
      this.queue = [];
      this.next = 0;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.resumeBatch();
    });
  }
}
