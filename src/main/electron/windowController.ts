/**
 * The adapter for the tray's one window and its pages: built from agentWindowOptions, locked by the navigation guard,
 * loading only `pasang://app/` pages, served by the custom protocol from the bundle with the strict CSP. The only
 * file that touches BrowserWindow, protocol and session.
 */
import { BrowserWindow, net, protocol, session } from 'electron';
import type { Language } from '../../shared/i18n/language';
import type { Logger } from '../../shared/logger';
import type { TrayPage } from '../../shared/trayPages';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  fileUrlOf,
  resolveAppAsset,
  trayPageUrl,
} from './appProtocol';
import type { NavigationGuard } from './navigationGuard';
import { agentWindowOptions } from './windowOptions';

/** Must run before `app` is ready: the scheme is standard and secure from the first request. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Serves `pasang://app/…` from `bundleDir` (the built src/renderer); anything else is a 404. */
export function serveAppProtocol(bundleDir: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(request.url);
    if (!asset || request.method !== 'GET') {
      logger.warn('app protocol request refused', { url: request.url.slice(0, 300) });
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
    const file = await net.fetch(fileUrlOf(`${bundleDir}/${asset.relativePath}`));
    if (!file.ok) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(file.body, { status: 200, headers: appResponseHeaders(asset.mimeType) });
  });
}

/** Every permission refused, for the default session the windows use. */
export function lockSession(guard: NavigationGuard): void {
  session.defaultSession.setPermissionRequestHandler(guard.permissionRequestHandler);
  session.defaultSession.setPermissionCheckHandler(guard.permissionCheckHandler);
}

export interface WindowControllerOptions {
  preloadPath: string;
  guard: NavigationGuard;
  title: string;
  devTools: boolean;
  /** The tray's language, which a page opened from it starts in. */
  language(): Language;
}

export interface WindowController {
  /** Shows the window (made on first use); with a page, on that page (and its params: a ticket to show first). */
  show(page?: TrayPage, params?: readonly string[]): void;
  /** Whether the webContents is our window's (the IPC table's sender check). */
  owns(webContentsId: number): boolean;
  destroy(): void;
}

export function createWindowController(options: WindowControllerOptions): WindowController {
  let win: BrowserWindow | null = null;
  let lastPage: TrayPage = 'my-requests';

  function create(): BrowserWindow {
    const w = new BrowserWindow(
      agentWindowOptions({ preloadPath: options.preloadPath, title: options.title, devTools: options.devTools }),
    );
    const wc = w.webContents;
    wc.on('will-navigate', (e, url) => options.guard.onWillNavigate(e, url));
    wc.on('will-frame-navigate', (e) => options.guard.onWillNavigate(e, e.url));
    wc.on('will-redirect', (e, url) => options.guard.onWillRedirect(e, url));
    wc.on('will-attach-webview', (e) => options.guard.onWillAttachWebview(e));
    wc.setWindowOpenHandler((details) => options.guard.windowOpenHandler(details));
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (win === w) win = null;
    });
    return w;
  }

  return {
    show(page, params = []) {
      if (win && !page) {
        // Show: the window as the user left it.
        win.show();
        win.focus();
        return;
      }
      lastPage = page ?? lastPage;
      if (!win) win = create();
      void win.loadURL(trayPageUrl(lastPage, options.language(), params));
      if (win.isVisible()) win.focus();
    },
    owns(id) {
      return win !== null && !win.isDestroyed() && win.webContents.id === id;
    },
    destroy() {
      win?.destroy();
      win = null;
    },
  };
}
