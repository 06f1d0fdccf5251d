/**
 * Runs one probe under its own deadline and turns any failure into a one-line reason, so a slow or broken probe
 * costs its own section and nothing else. The deadline timer is always cleared: nothing is left running.
 */
import { performance } from 'node:perf_hooks';
import { truncate } from './schemaValues';

export type SectionOutcome<T> =
  { ok: true; value: T; durationMs: number } | { ok: false; reason: string; durationMs: number };

class SectionTimeoutError extends Error {}

/** The first line of an error's message, as the inventory's `problems` carries it (≤ 1024 characters). */
export function problemText(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : String(err);
  const line = message.split(/\r?\n/).find((l) => l.trim() !== '') ?? 'failed';
  return truncate(line.trim(), 1024);
}

export async function runSection<T>(work: () => Promise<T>, timeoutMs: number): Promise<SectionOutcome<T>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SectionTimeoutError(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // `work` may throw synchronously; starting it inside the promise chain turns that into a rejection too.
    const value = await Promise.race([Promise.resolve().then(work), deadline]);
    return { ok: true, value, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    // A probe left behind by the deadline may still reject later: race() already handles that rejection.
    return { ok: false, reason: problemText(err), durationMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
