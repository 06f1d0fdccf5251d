/**
 * The current time, re-rendering every `intervalMs`: what live timers count from. One interval per mounted component,
 * cleared on unmount; it only repaints, it never calls the server (live data comes over SSE).
 */
import { useEffect, useState } from 'preact/hooks';

export function useNow(intervalMs = 1000, now: () => number = Date.now): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setT(now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, now]);
  return t;
}
