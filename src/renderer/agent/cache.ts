/**
 * The last answer of a query that needs the server (catalog, whoami), kept so the Request page still works offline:
 * a request made then is queued in the agent's outbox. Small values only — a failure to store is ignored.
 */
/** The part of the browser's Storage used (declared here so Node-side unit tests type-check without the DOM lib). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const PREFIX = 'pasang.cache.';
/** localStorage holds ~5 MB per origin; a catalog with large icons is not worth evicting everything else for. */
const MAX_CHARS = 1_000_000;

export function readCache<T>(storage: Pick<StorageLike, 'getItem'> | null, key: string): { value: T; at: number } | null {
  try {
    const raw = storage?.getItem(PREFIX + key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { value: T; at: number };
    return typeof parsed?.at === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

export function writeCache(storage: Pick<StorageLike, 'setItem'> | null, key: string, value: unknown, at: number): void {
  try {
    const raw = JSON.stringify({ value, at });
    if (raw.length <= MAX_CHARS) storage?.setItem(PREFIX + key, raw);
  } catch {
    /* full or unavailable */
  }
}

export interface CachedAnswer<T> {
  value: T;
  /** Answered from the cache because the PC is offline; `at` is when the server last answered. */
  stale: boolean;
  at: number;
}

/**
 * Asks the server through the agent and keeps the answer; while the PC is offline (AGENT_OFFLINE) answers with the
 * last one instead. Any other failure is the caller's to show.
 */
export async function cachedQuery<T>(
  storage: StorageLike | null,
  key: string,
  ask: () => Promise<T>,
  now: () => number,
): Promise<CachedAnswer<T>> {
  try {
    const value = await ask();
    const at = now();
    writeCache(storage, key, value, at);
    return { value, stale: false, at };
  } catch (err) {
    const cached = readCache<T>(storage, key);
    const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
    if (cached && code === 'AGENT_OFFLINE') return { value: cached.value, stale: true, at: cached.at };
    throw err;
  }
}
