/**
 * One server read for a page: the data, the error (translated by the page by code), whether it is loading, and
 * `reload` — called by the page when an SSE event says the data changed (never on a timer). A reply that arrives
 * after a newer request started is dropped, so fast filter changes cannot show stale rows.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** This browser's Date.now() when the data arrived (live timers count from it). */
  receivedAt: number;
  reload(): void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean; receivedAt: number }>({
    data: null,
    error: null,
    loading: true,
    receivedAt: Date.now(),
  });
  const seq = useRef(0);
  const live = useRef(true);
  const run = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (live.current && mine === seq.current) setState({ data, error: null, loading: false, receivedAt: Date.now() });
      },
      (error: unknown) => {
        if (live.current && mine === seq.current) setState((s) => ({ ...s, error, loading: false }));
      },
    );
    // The page names what the load depends on (deps), as with useEffect.
  }, deps);
  useEffect(() => {
    live.current = true;
    run();
    return () => {
      live.current = false;
    };
  }, [run]);
  return { ...state, reload: run };
}
