/** The UI languages: Bahasa Indonesia by default (the SOP's own), English switchable. */
export const Languages = ['id', 'en'] as const;
export type Language = (typeof Languages)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (Languages as readonly string[]).includes(value);
}

/** A text in every UI language. */
export type Localized = Record<Language, string>;
