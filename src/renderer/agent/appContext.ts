/**
 * What every tray page gets from the window: the typed bridge (the only way to the agent), the language, the agent's
 * live status, the latest ticket event (pages that list tickets refresh on it) and the window's storage.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useState, useCallback, useRef } from 'preact/hooks';
import type { AgentApi, AgentStatusView } from '../../shared/agentApi';
import type { TicketEvent } from '../../shared/protocol/userOps';
import type { TrayPage } from '../../shared/trayPages';
import type { Language } from '../ui/language';
import type { PendingRequests } from './pendingRequests';

export interface AppContextValue {
  api: AgentApi;
  lang: Language;
  status: AgentStatusView | null;
  /** Bumped on every ticket event; with the event itself. */
  ticketEvent: { seq: number; event: TicketEvent | null };
  /** Queued requests or actions the server refused when it finally got them, by request id. */
  failedCommands: ReadonlyMap<string, { code: string; itemName: string | null }>;
  pending: PendingRequests;
  storage: Storage | null;
  navigate(page: TrayPage, ...params: string[]): void;
  setLanguage(lang: Language): void;
  /** Milliseconds now; injected so timers can be tested. */
  now(): number;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside <App>');
  return ctx;
}

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Runs `load` now and whenever `deps` change; keeps the last data while reloading so the page does not flicker. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const seq = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => seq === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) => seq === latest.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
