/**
 * Light or dark: the system's choice (prefers-color-scheme) unless the person picked one with the toggle, remembered
 * in the browser's storage and applied as data-theme on <html> (theme.css reads it).
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'pasang.theme';

export class ThemeState {
  private current: ThemeChoice;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null,
    private readonly root: { setAttribute(n: string, v: string): void; removeAttribute(n: string): void } | null,
  ) {
    const saved = storage?.getItem(KEY);
    this.current = saved === 'light' || saved === 'dark' ? saved : 'system';
    this.apply();
  }

  get value(): ThemeChoice {
    return this.current;
  }

  set(choice: ThemeChoice): void {
    this.current = choice;
    this.storage?.setItem(KEY, choice);
    this.apply();
  }

  private apply(): void {
    if (!this.root) return;
    if (this.current === 'system') this.root.removeAttribute('data-theme');
    else this.root.setAttribute('data-theme', this.current);
  }
}
