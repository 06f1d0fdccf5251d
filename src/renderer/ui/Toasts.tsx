/**
 * Short notices (an action done, a live event, an error) in an aria-live region, each closable and gone after a
 * while. Owned by the app shell (no module-level state); pages reach it through ToastContext.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Tone } from './StatusBadge';

export interface Toast {
  id: number;
  text: string;
  tone: Tone;
}

export interface ToastApi {
  show(text: string, tone?: Tone): void;
}

export const ToastContext = createContext<ToastApi>({ show: () => undefined });

export function useToasts(): ToastApi {
  return useContext(ToastContext);
}

/** The toasts' state and the `show` to hand down; `lifetimeMs` @default 6000. */
export function useToastState(lifetimeMs = 6000): { toasts: Toast[]; api: ToastApi; dismiss(id: number): void } {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((t) => clearTimeout(t));
  }, []);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (text: string, tone: Tone = 'info') => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-4), { id, text, tone }]);
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        dismiss(id);
      }, lifetimeMs);
      timers.current.add(timer);
    },
    [dismiss, lifetimeMs],
  );
  return { toasts, api: { show }, dismiss };
}

export function Toasts({ toasts, dismiss, closeLabel }: { toasts: Toast[]; dismiss(id: number): void; closeLabel: string }) {
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} class={`toast tone-${t.tone}`}>
          <span>{t.text}</span>
          <button type="button" class="btn btn-small" aria-label={closeLabel} onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
