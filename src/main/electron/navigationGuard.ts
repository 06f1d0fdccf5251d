/**
 * Keeps the tray's windows on the bundled pages: navigation and redirects away, new windows, <webview>s and
 * permission requests (camera, notifications, geolocation…) are all refused, and a link out opens in the user's
 * browser only when its https origin is on the allow-list (parsed with URL, compared by exact origin, so
 * `https://office.example.com.attacker.test` or `https://office.example.com@attacker.test` is not the office). Pure
 * handlers: the shell wires them to webContents and the session.
 */
import type { Logger } from '../../shared/logger';
import { isAppUrl } from './appProtocol';

/**
 * The allow-list's entries as origins. An entry that is not an https URL is a configuration mistake: thrown at start.
 */
export function parseAllowedOrigins(entries: readonly string[]): string[] {
  return entries.map((entry) => {
    const u = new URL(entry);
    if (u.protocol !== 'https:') throw new Error(`allowed external origins must be https, not ${entry}`);
    if (u.username || u.password) throw new Error(`an allowed origin has no credentials: ${entry}`);
    return u.origin;
  });
}

export function isAllowedExternalUrl(url: string, allowedOrigins: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '') return false;
  return allowedOrigins.includes(u.origin);
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationGuardOptions {
  /** Origins (https) a link may open in the browser: the server's console, the office intranet. */
  allowedOrigins: readonly string[];
  /** shell.openExternal. */
  openExternal(url: string): void;
  logger: Logger;
}

export interface NavigationGuard {
  /** webContents 'will-navigate' and 'will-frame-navigate': never leave the page; allowed links go to the browser. */
  onWillNavigate(event: PreventableEvent, url: string): void;
  /** webContents 'will-redirect': only within the bundle. */
  onWillRedirect(event: PreventableEvent, url: string): void;
  /** webContents.setWindowOpenHandler: never a new Electron window. */
  windowOpenHandler(details: { url: string }): { action: 'deny' };
  /** webContents 'will-attach-webview'. */
  onWillAttachWebview(event: PreventableEvent): void;
  /** session.setPermissionRequestHandler: every permission refused. */
  permissionRequestHandler(webContents: unknown, permission: string, callback: (granted: boolean) => void): void;
  /** session.setPermissionCheckHandler. */
  permissionCheckHandler(): boolean;
  /** Opens `url` in the browser if allowed; false (and logged) otherwise. */
  openExternalIfAllowed(url: string): boolean;
}

export function createNavigationGuard(options: NavigationGuardOptions): NavigationGuard {
  const log = options.logger;
  const openExternalIfAllowed = (url: string): boolean => {
    if (!isAllowedExternalUrl(url, options.allowedOrigins)) {
      log.warn('external link refused', { url: url.slice(0, 500) });
      return false;
    }
    options.openExternal(url);
    return true;
  };
  return {
    onWillNavigate(event, url) {
      event.preventDefault();
      if (!isAppUrl(url)) openExternalIfAllowed(url);
    },
    onWillRedirect(event, url) {
      if (isAppUrl(url)) return;
      event.preventDefault();
      log.warn('redirect refused', { url: url.slice(0, 500) });
    },
    windowOpenHandler(details) {
      openExternalIfAllowed(details.url);
      return { action: 'deny' };
    },
    onWillAttachWebview(event) {
      event.preventDefault();
      log.warn('webview refused');
    },
    permissionRequestHandler(_webContents, permission, callback) {
      log.info('permission refused', { permission });
      callback(false);
    },
    permissionCheckHandler() {
      return false;
    },
    openExternalIfAllowed,
  };
}
