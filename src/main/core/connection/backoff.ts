/**
 * Reconnect delays: exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"),
 * so 20,000 agents coming back after a server restart spread out instead of arriving in waves.
 */
export interface BackoffOptions {
  /** First ceiling. @default 1000 */
  baseMs?: number;
  /** Largest ceiling. @default 60000 */
  maxMs?: number;
  /** Uniform in [0, 1). @default Math.random */
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
