/**
 * The page language, shared by the console and the tray windows: Bahasa Indonesia by default, English when chosen,
 * remembered in the browser's storage, and announced to the page's components when it changes.
 */
export const Languages = ['id', 'en'] as const;
export type Language = (typeof Languages)[number];

const KEY = 'pasang.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'id' || value === 'en';
}

/** A bilingual text, as src/shared declares them ({ id, en }). */
export type Bilingual = { id: string; en: string };

export function pick(text: Bilingual, lang: Language): string {
  return text[lang];
}

export class LanguageState {
  private current: Language;
  private readonly listeners = new Set<(lang: Language) => void>();

  /** `storage`: the page's localStorage (typed by shape, so Node unit tests can pass a map). */
  constructor(private readonly storage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null) {
    const saved = storage?.getItem(KEY);
    this.current = isLanguage(saved) ? saved : 'id';
  }

  get value(): Language {
    return this.current;
  }

  set(lang: Language): void {
    if (lang === this.current) return;
    this.current = lang;
    this.storage?.setItem(KEY, lang);
    for (const l of this.listeners) l(lang);
  }

  onChange(listener: (lang: Language) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
