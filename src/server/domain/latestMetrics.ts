/**
 * Each agent's newest metrics sample, kept in memory between writes of the agent's row. Every sample is committed to
 * the ring (metrics_samples) before it is acknowledged; the copy on the agent's row is derived data, so rewriting that
 * ~1.5 KB row for every sample (measured: about a third of the database work per sample) buys nothing. The row is
 * brought up to date about once a minute and when the agent disconnects; readers of the agent view see the in-memory
 * copy meanwhile. After a crash a row is at most one flush interval behind the ring, which keeps the sample itself.
 */
export interface LatestSample {
  sampledAt: number;
  receivedAt: number;
  /**
   * The sample as received (a MetricsSample), as its JSON text: one string per agent instead of the ~10 objects of a
   * parsed sample. Kept up to a minute, a sample lives long enough to reach V8's old generation, where every object is
   * traced again at each major collection.
   */
  sampleJson: string;
  /** The system drive's free space in the sample, if it says (the agent row's system_free_bytes). */
  systemFreeBytes: number | null;
}

export class LatestMetrics {
  /** Samples newer than the agent's row, in the order agents first got ahead of their rows. */
  private readonly dirty = new Map<string, LatestSample>();
  /** Samples taken for a row write that has not committed yet (still what readers must see). */
  private readonly writing = new Map<string, LatestSample>();

  /** Keeps `sample` if it is the newest seen for the agent. */
  note(agentId: string, sample: LatestSample): void {
    const cur = this.get(agentId);
    if (!cur || cur.sampledAt <= sample.sampledAt) this.dirty.set(agentId, sample);
  }

  /** The newest sample that may not be on the agent's row yet, if any. */
  get(agentId: string): LatestSample | undefined {
    return this.dirty.get(agentId) ?? this.writing.get(agentId);
  }

  /** Agents ahead of their rows. */
  get size(): number {
    return this.dirty.size;
  }

  /**
   * Hands over up to `max` entries to write, those that have waited longest first (or only `agentId`'s). The writer
   * calls `written` once they are committed, or `failed` to have them written again later.
   */
  take(max: number, agentId?: string): [string, LatestSample][] {
    const out: [string, LatestSample][] = [];
    if (agentId !== undefined) {
      const s = this.dirty.get(agentId);
      if (s) out.push([agentId, s]);
    } else {
      for (const entry of this.dirty) {
        if (out.length >= max) break;
        out.push(entry);
      }
    }
    for (const [id, s] of out) {
      this.dirty.delete(id);
      this.writing.set(id, s);
    }
    return out;
  }

  written(entries: readonly [string, LatestSample][]): void {
    for (const [id, s] of entries) if (this.writing.get(id) === s) this.writing.delete(id);
  }

  failed(entries: readonly [string, LatestSample][]): void {
    for (const [id, s] of entries) {
      if (this.writing.get(id) === s) this.writing.delete(id);
      if (!this.dirty.has(id)) this.dirty.set(id, s);
    }
  }
}
