/**
 * Who is watching which PC right now. The first watcher of a PC switches its agent to fast sampling, the last one
 * leaving switches it back; samples that arrive are handed to that PC's watchers.
 */
import type { MetricsSample } from '../../shared/protocol/inventory';

export type SampleListener = (sample: MetricsSample) => void;
export type WatchingListener = (agentId: string, watching: boolean) => void;

export class LiveWatch {
  private readonly watchers = new Map<string, Set<SampleListener>>();
  private readonly watchingListeners = new Set<WatchingListener>();

  /** Starts watching a PC; the returned function stops. */
  watch(agentId: string, listener: SampleListener): () => void {
    let set = this.watchers.get(agentId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.watchers.set(agentId, set);
    }
    set.add(listener);
    if (first) this.watchingListeners.forEach((l) => l(agentId, true));
    let disposed = false;
    return () => {
      if (disposed) return;
      disposed = true;
      const current = this.watchers.get(agentId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.watchers.delete(agentId);
        this.watchingListeners.forEach((l) => l(agentId, false));
      }
    };
  }

  isWatched(agentId: string): boolean {
    return this.watchers.has(agentId);
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  publish(agentId: string, sample: MetricsSample): void {
    this.watchers.get(agentId)?.forEach((l) => l(sample));
  }

  onWatchingChanged(listener: WatchingListener): () => void {
    this.watchingListeners.add(listener);
    return () => this.watchingListeners.delete(listener);
  }
}
