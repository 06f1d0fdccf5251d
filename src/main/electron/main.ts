/**
 * The tray shell's composition root, read top to bottom as its setup steps (as Fiddle's onReady): one instance per
 * user, the app's protocol, start at login, the core (service or in-process), IPC, the window, the tray, the
 * notifications. Everything with logic is in the pure modules beside it and unit-tested; this file only wires
 * Electron to them. Type-checked only: Electron's binary does not run on the build machines.
 */
import { app, ipcMain, Notification, shell } from 'electron';
import { createLogger, type Logger } from '../../shared/logger';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/language';
import { TrayStrings } from '../../shared/i18n/trayStrings';
import { connectToService, hostCoreInProcess, type CoreHost } from './coreHost';
import { createIpcHandlerTable, type IpcHandlerTable } from './ipcHandlers';
import {
  createNavigationGuard,
  isAllowedExternalUrl,
  parseAllowedOrigins,
  type NavigationGuard,
} from './navigationGuard';
import { updateNotification, type TrayNotification } from './notifications';
import { UpdateFlow } from '../core/update/updateFlow';
import { electronAppUpdater } from './agentUpdater';
import { loginItemSettings, parseShellConfig, type ShellConfig } from './shellConfig';
import { createTrayController, type TrayController } from './trayController';
import { startTrayFeed, type TrayFeed } from './trayFeed';
import { TrayLanguageSetting } from '../core/store/traySettingsStore';
import { createElectronTraySettings } from './electronStore';
import type { TrayAction } from './trayMenu';
import { TrayStateStore } from './trayState';
import {
  createWindowController,
  lockSession,
  registerAppScheme,
  serveAppProtocol,
  type WindowController,
} from './windowController';

interface Shell {
  config: ShellConfig;
  /** The server the agent talks to, as its status last said (its https origin is on the link allow-list). */
  known: { serverUrl: string | null };
  logger: Logger;
  guard: NavigationGuard;
  core: CoreHost;
  ipc: IpcHandlerTable;
  windows: WindowController;
  tray: TrayController;
  store: TrayStateStore;
  feed: TrayFeed;
  /** The menu's language, saved across restarts. */
  language: TrayLanguageSetting;
  /** The app's self-update (packaged builds only). */
  updates: UpdateFlow | null;
}

function setupSingleInstance(onSecond: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecond);
  return true;
}

function setupStartAtLogin(): void {
  const settings = loginItemSettings(process.platform, app.isPackaged);
  if (settings) app.setLoginItemSettings(settings);
}

function setupGuard(config: ShellConfig, logger: Logger, serverUrl: () => string | null): NavigationGuard {
  const extra = parseAllowedOrigins(config.allowedOrigins);
  return createNavigationGuard({
    // The server's own console, when it is served over https, and what IT configured.
    get allowedOrigins() {
      const server = serverUrl();
      return server && isAllowedExternalUrl(server, [new URL(server).origin])
        ? [...extra, new URL(server).origin]
        : extra;
    },
    openExternal: (url) => void shell.openExternal(url),
    logger: logger.child('guard'),
  });
}

function setupCore(config: ShellConfig, logger: Logger): CoreHost {
  return config.mode === 'service' ? connectToService(config, logger) : hostCoreInProcess(config, logger);
}

function setupIpc(core: CoreHost, windows: WindowController, logger: Logger): IpcHandlerTable {
  const table = createIpcHandlerTable({
    api: core.api,
    logger: logger.child('ipc'),
    isOurContents: (sender) => windows.owns(sender.id),
  });
  for (const [channel, handler] of Object.entries(table.handlers)) ipcMain.handle(channel, handler);
  return table;
}

function setupNotifications(windows: WindowController): (n: TrayNotification) => void {
  return (n) => {
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: n.title, body: n.body, silent: n.kind === 'install_progress' });
    note.on('click', () => windows.show(n.page, n.params));
    note.show();
  };
}

/**
 * The app's self-update: the agent checks the signed feed, electron-updater downloads, the download's SHA-512 is checked
 * against the signed feed, and it installs when the app quits — never while an install job runs on the PC.
 */
function setupUpdates(core: CoreHost, notify: (n: TrayNotification) => void, language: () => Language, logger: Logger): UpdateFlow | null {
  // electron-updater needs the app-update.yml of a packaged build; a development run never updates itself.
  if (!app.isPackaged) return null;
  const flow = new UpdateFlow({
    check: () => core.api.checkForUpdate(),
    updater: electronAppUpdater(logger.child('updater')),
    onReady: (version) => notify(updateNotification(version, language())),
    logger: logger.child('updates'),
  });
  core.api.onStatus((st) => flow.setInstalling(st.installing !== null));
  flow.start();
  return flow;
}

function onTrayAction(shellRef: () => Shell | null, action: TrayAction): void {
  const s = shellRef();
  if (!s) return;
  switch (action.kind) {
    case 'open':
      return s.windows.show(action.page);
    case 'show':
      return s.windows.show();
    case 'language':
      s.store.setLanguage(action.language);
      s.language.remember(action.language);
      return;
    case 'console': {
      void s.core.api.status().then(
        (st) => {
          s.known.serverUrl = st.serverUrl;
          if (st.serverUrl) s.guard.openExternalIfAllowed(new URL('/', st.serverUrl).href);
        },
        (err: Error) => s.logger.warn('no console to open: the agent did not answer', { error: err.message }),
      );
      return;
    }
    case 'quit':
      app.quit();
      return;
  }
}

function main(): void {
  const config = parseShellConfig(process.argv, process.env, app.isPackaged);
  const logger = createLogger('tray', { write: (line) => process.stderr.write(line) });
  let shellState: Shell | null = null;
  if (!setupSingleInstance(() => shellState?.windows.show())) return;
  registerAppScheme();
  setupStartAtLogin();

  void app.whenReady().then(() => {
    const known: Shell['known'] = { serverUrl: null };
    const guard = setupGuard(config, logger, () => known.serverUrl);
    lockSession(guard);
    serveAppProtocol(`${app.getAppPath()}/dist/renderer`, logger.child('protocol'));
    const core = setupCore(config, logger);
    const windows = createWindowController({
      preloadPath: `${__dirname}/preload.js`,
      guard,
      title: TrayStrings.appName,
      devTools: config.devTools,
      language: () => shellState?.store.state.language ?? DEFAULT_LANGUAGE,
    });
    const ipc = setupIpc(core, windows, logger);
    const tray = createTrayController({
      iconDir: `${app.getAppPath()}/build/icons/tray`,
      platform: process.platform,
      onAction: (a) => onTrayAction(() => shellState, a),
    });
    const language = new TrayLanguageSetting(() => createElectronTraySettings(), logger.child('settings'));
    const store = new TrayStateStore((state) => tray.render(state), { language: language.initial });
    store.renderNow();
    const notify = setupNotifications(windows);
    const feed = startTrayFeed({
      api: core.api,
      store,
      notify,
      logger: logger.child('feed'),
      ...(core.link ? { link: core.link } : {}),
    });
    core.api.onStatus((st) => (known.serverUrl = st.serverUrl));
    const updates = setupUpdates(core, notify, () => store.state.language, logger);
    shellState = { config, known, logger, guard, core, ipc, windows, tray, store, feed, updates, language };
    if (!config.startHidden) windows.show('my-requests');
  });

  // A tray app stays when its window closes; it ends from the menu's Keluar.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    const s = shellState;
    shellState = null;
    if (!s) return;
    s.feed.stop();
    s.updates?.stop();
    s.ipc.dispose();
    s.tray.destroy();
    void s.core.stop();
  });
}

main();
