/**
 * The agent's persistent outbox: every report is written to disk before it is sent and deleted only when the server
 * acknowledges it, so nothing is lost across a crash of either side (delivery is at least once; the server stores
 * idempotently). One file per entry, written to a temp name and renamed, so a SIGKILL never leaves half an entry.
 * Bounds: a newer inventory replaces a queued older one; metrics beyond `maxMetrics` drop the oldest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../shared/logger';
import { writeFileDurably } from '../fs/writeFileDurably';

export interface OutboxEntry {
  seq: number;
  id: string;
  type: string;
  ts: number;
  payload: unknown;
}

export interface OutboxOptions {
  dir: string;
  logger: Logger;
  now?: () => number;
  /** Metrics kept while offline (at 10 s that is ~2.8 hours). @default 1000 */
  maxMetrics?: number;
  /** Types of which only the newest queued entry matters. @default ['inventory'] */
  coalesce?: readonly string[];
}

const FILE = /^(\d{12})-([A-Za-z0-9-]{1,64})\.json$/;

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private nextSeq = 1;
  private readonly now: () => number;
  private readonly maxMetrics: number;
  private readonly coalesce: readonly string[];

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? Date.now;
    this.maxMetrics = options.maxMetrics ?? 1000;
    this.coalesce = options.coalesce ?? ['inventory'];
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.load();
  }

  private load(): void {
    for (const name of fs.readdirSync(this.options.dir)) {
      const m = FILE.exec(name);
      const full = path.join(this.options.dir, name);
      if (!m) {
        if (name.endsWith('.tmp')) fs.rmSync(full, { force: true }); // a write cut short by a crash
        continue;
      }
      try {
        const entry = JSON.parse(fs.readFileSync(full, 'utf8')) as OutboxEntry;
        if (entry.id !== m[2] || typeof entry.type !== 'string') throw new Error('entry does not match its file name');
        this.entries.set(entry.id, entry);
        this.nextSeq = Math.max(this.nextSeq, entry.seq + 1);
      } catch (err) {
        this.options.logger.error('outbox entry unreadable: kept aside', { file: name, err: String(err) });
        fs.renameSync(full, `${full}.corrupt`);
      }
    }
  }

  private fileOf(entry: OutboxEntry): string {
    return path.join(this.options.dir, `${String(entry.seq).padStart(12, '0')}-${entry.id}.json`);
  }

  /** Persists a new entry and returns it. */
  add(type: string, payload: unknown): OutboxEntry {
    const entry: OutboxEntry = { seq: this.nextSeq++, id: randomUUID(), type, ts: this.now(), payload };
    writeFileDurably(this.fileOf(entry), JSON.stringify(entry));
    this.entries.set(entry.id, entry);
    if (this.coalesce.includes(type)) {
      for (const e of this.pending()) if (e.type === type && e.id !== entry.id) this.remove(e.id);
    }
    if (type === 'metrics') {
      const metrics = this.pending().filter((e) => e.type === 'metrics');
      for (const e of metrics.slice(0, Math.max(0, metrics.length - this.maxMetrics))) this.remove(e.id);
    }
    return entry;
  }

  /** Entries not yet acknowledged, oldest first. */
  pending(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): OutboxEntry | undefined {
    return this.entries.get(id);
  }

  /** The server acknowledged `id`: forget it. Returns the entry, or undefined for an unknown or repeated ack. */
  ack(id: string): OutboxEntry | undefined {
    return this.remove(id);
  }

  private remove(id: string): OutboxEntry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    fs.rmSync(this.fileOf(entry), { force: true });
    return entry;
  }
}
