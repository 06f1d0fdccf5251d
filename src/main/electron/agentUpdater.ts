/**
 * The one adapter over electron-updater (CONVENTIONS 2): its `autoUpdater` behind core's AppUpdaterPort, on the
 * generic provider at the agent's server (`<server>/updates/<platform>`, set at run time with setFeedURL: the URL in
 * electron-builder.yml's `publish` is only the build's placeholder). Nothing downloads or installs by itself: core's
 * UpdateFlow decides, after the agent checked the signed feed. Type-checked only: Electron does not run here.
 */
import { autoUpdater } from 'electron-updater';
import type { Logger } from '../../shared/logger';
import type { AppUpdaterPort } from '../core/update/updateFlow';

export function electronAppUpdater(logger: Logger): AppUpdaterPort {
  autoUpdater.autoDownload = false; // only once the signed feed offered this version
  autoUpdater.autoInstallOnAppQuit = false; // only once the download's SHA-512 matched the signed feed
  autoUpdater.allowDowngrade = false;
  // No `autoUpdater.channel =`: setting it turns allowDowngrade on (AppUpdater.ts); the default channel is `latest`.
  autoUpdater.logger = {
    info: (m?: unknown) => logger.info(String(m)),
    warn: (m?: unknown) => logger.warn(String(m)),
    error: (m?: unknown) => logger.error(String(m)),
    debug: (m: string) => logger.debug(m),
  };
  return {
    useFeed: (url) => autoUpdater.setFeedURL({ provider: 'generic', url }),
    check: async () => {
      const r = await autoUpdater.checkForUpdates();
      return r?.isUpdateAvailable ? r.updateInfo.version : null;
    },
    download: async () => {
      const [file] = await autoUpdater.downloadUpdate();
      if (!file) throw new Error('electron-updater downloaded no file');
      return file;
    },
    setInstallOnQuit: (on) => {
      autoUpdater.autoInstallOnAppQuit = on;
    },
  };
}
