/**
 * Modal dialogs on the browser's own <dialog>: showModal() gives the focus trap, Esc to close and the inert page
 * behind it. ConfirmDialog asks for a reason when the action needs one (rejections, returns, overrides, failed tests)
 * and shows the server's refusal in the person's language without closing.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from './Button';
import type { Language } from './language';
import { errorTextOf } from './errorText';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children?: ComponentChildren;
}

export function Dialog({ open, title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose}>
      {open ? (
        <>
          <h2 id="dialog-title">{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message?: ComponentChildren;
  confirmLabel: string;
  lang: Language;
  /** Ask for a reason (or note) — required when `reasonRequired`. */
  reasonLabel?: string;
  reasonRequired?: boolean;
  /** @default 'primary' */
  variant?: 'primary' | 'danger';
  /** Extra fields above the reason (e.g. a technician to allocate to). */
  children?: ComponentChildren;
  /** Resolve to close; a rejection is shown in the dialog (translated by code). */
  onConfirm(reason: string): Promise<void>;
  onClose(): void;
}

export function ConfirmDialog(p: ConfirmDialogProps) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (p.open) {
      setReason('');
      setError(null);
      setBusy(false);
    }
  }, [p.open]);
  const missing = Boolean(p.reasonRequired) && reason.trim() === '';
  async function submit(e: Event) {
    e.preventDefault();
    if (missing || busy) return;
    setBusy(true);
    setError(null);
    try {
      await p.onConfirm(reason.trim());
      p.onClose();
    } catch (err) {
      setError(errorTextOf(err, p.lang));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={p.open} title={p.title} onClose={p.onClose}>
      <form onSubmit={submit}>
        {p.message ? <div>{p.message}</div> : null}
        {p.children}
        {p.reasonLabel ? (
          <>
            <label for="confirm-reason">
              {p.reasonLabel}
              {p.reasonRequired ? ' *' : ''}
            </label>
            <textarea
              id="confirm-reason"
              value={reason}
              maxLength={2000}
              required={p.reasonRequired}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          </>
        ) : null}
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="btn-row">
          <Button onClick={p.onClose}>{p.lang === 'id' ? 'Batal' : 'Cancel'}</Button>
          <Button type="submit" variant={p.variant ?? 'primary'} disabled={missing} busy={busy}>
            {p.confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
