/** A message about what just happened: errors interrupt screen readers (role=alert), the rest are polite. */
import type { ComponentChildren } from 'preact';

export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
