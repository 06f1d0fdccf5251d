/** A real <button> (keyboard and screen readers get it for free), typed "button" unless it submits a form. */
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /** @default 'default' */
  variant?: 'default' | 'primary' | 'danger';
  small?: boolean;
  /** @default 'button' */
  type?: 'button' | 'submit';
  busy?: boolean;
  children?: ComponentChildren;
}

export function Button({ variant = 'default', small, type = 'button', busy, disabled, children, ...rest }: ButtonProps) {
  const cls = ['btn', variant !== 'default' ? `btn-${variant}` : '', small ? 'btn-small' : '', rest.class ?? ''].filter(Boolean).join(' ');
  return (
    <button {...rest} type={type} class={cls} disabled={Boolean(disabled) || Boolean(busy)} aria-busy={busy ? 'true' : undefined}>
      {children}
    </button>
  );
}
