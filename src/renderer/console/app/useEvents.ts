/**
 * A server-sent event stream for as long as the page shows (closed on unmount or when `path` changes). Handlers are
 * read through a ref, so a re-render does not reopen the stream.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ApiClient } from './api';

export function useEvents(api: ApiClient, path: string | null, handlers: Record<string, (data: unknown) => void>): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  const names = Object.keys(handlers).sort().join(',');
  useEffect(() => {
    if (!path) return;
    const on: Record<string, (data: unknown) => void> = {};
    for (const name of names.split(',').filter(Boolean)) on[name] = (d) => ref.current[name]?.(d);
    return api.events(path, on);
  }, [api, path, names]);
}

/**
 * Coalesces bursts (a bulk push changes hundreds of tickets a second) into one call per `ms`: the trailing call
 * always runs, so the last change is never missed.
 */
export function useCoalesced(fn: () => void, ms = 500): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      ref.current();
    }, ms);
  };
}
