/**
 * The tray's pages are served only from the app's own bundle, through the custom protocol `pasang://app/…` — never
 * http(s) and never file:// — with the strict CSP on every response. Pure: URL → the bundled file it names (or null),
 * and the headers to serve it with; the shell's protocol handler does the reading.
 */
import type { Language } from '../../shared/i18n/language';
import type { TrayPage } from '../../shared/trayPages';

export const APP_SCHEME = 'pasang';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The pages' policy: nothing but the bundle's own scripts, styles and images; no network at all (pages reach the
 * agent through the preload's typed API only); no <base>, forms or framing.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** For protocol.registerSchemesAsPrivileged: a standard, secure origin, and nothing that would loosen it. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: false,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
  codeCache: false,
} as const;

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
};

/**
 * The page's URL: one bundled document, the page named in its fragment (no navigation between pages), in the tray's
 * language (src/renderer/agent/router.ts reads `?lang=`), with what follows the page (a ticket to show first).
 */
export function trayPageUrl(page: TrayPage, lang?: Language, params: readonly string[] = []): string {
  const path = [page, ...params.map(encodeURIComponent)].join('/');
  return `${APP_ORIGIN}/agent/index.html#/${path}${lang ? `?lang=${lang}` : ''}`;
}

/** True for a URL of our bundle (what a sender frame must show before its IPC is served). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === ''
    );
  } catch {
    return false;
  }
}

export interface AppAsset {
  /** Inside the bundle folder, with '/' separators, never leaving it. */
  relativePath: string;
  mimeType: string;
}

/** The bundled file a `pasang://app/…` request names, or null for anything else (other hosts, `..`, odd encodings). */
export function resolveAppAsset(url: string): AppAsset | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // An encoded separator or a dot segment is someone trying to leave the bundle.
    if (seg === '' || seg === '.' || seg === '..' || /[/\\:]/.test(seg) || hasControlChar(seg)) return null;
    segments.push(seg);
  }
  const last = segments[segments.length - 1];
  const ext = last?.includes('.') ? last.slice(last.lastIndexOf('.') + 1).toLowerCase() : '';
  const mimeType = MIME[ext];
  if (!mimeType) return null;
  return { relativePath: segments.join('/'), mimeType };
}

function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) === 0x7f) return true;
  return false;
}

export function appResponseHeaders(mimeType: string): Record<string, string> {
  return {
    'Content-Type': mimeType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** `file://` URL of an absolute path in the bundle (built by hand: this zone has no node:url), for net.fetch. */
export function fileUrlOf(absolutePath: string): string {
  const slashed = absolutePath.replace(/\\/g, '/');
  const encoded = slashed
    .split('/')
    .map((seg, i) => (i === 0 && /^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)))
    .join('/');
  return /^[A-Za-z]:\//.test(slashed) ? `file:///${encoded}` : `file://${encoded}`;
}
