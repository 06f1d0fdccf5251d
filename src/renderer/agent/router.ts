/**
 * The tray window's page, from its URL fragment: `#/request`, `#/my-requests/<ticketId>`, optionally `?lang=en`
 * (so the shell can open a window in the tray's language). Pure, so a test can read it; unknown pages fall back to
 * My requests, the page a notification most often means.
 */
import { isTrayPage, type TrayPage } from '../../shared/trayPages';
import { isLanguage, type Language } from '../ui/language';

export interface Route {
  page: TrayPage;
  /** Path segments after the page (a ticket id). */
  params: string[];
  lang: Language | null;
}

export const DEFAULT_PAGE: TrayPage = 'my-requests';

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const [path = '', query = ''] = raw.split('?', 2);
  const segments = path.split('/').filter((s) => s !== '');
  const first = segments[0];
  const lang = new URLSearchParams(query).get('lang');
  return {
    page: isTrayPage(first) ? first : DEFAULT_PAGE,
    params: isTrayPage(first) ? segments.slice(1).map(safeDecode) : [],
    lang: isLanguage(lang) ? lang : null,
  };
}

export function pageHash(page: TrayPage, ...params: string[]): string {
  return `#/${[page, ...params.map(encodeURIComponent)].join('/')}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
