/**
 * The agent store in the Electron shell: electron-store (a Conf subclass that defaults to the app's userData
 * folder) behind core's `AgentStore`, through the same wrapper as the headless `conf` adapter, so the schema, the
 * owner-only file mode and the STORE_CORRUPT handling are identical. Type-checked only: Node tests cannot load it.
 */
import { app } from 'electron';
import ElectronStore from 'electron-store';
import type { AgentStore, AgentStoreData } from '../core/store/agentStore';
import {
  agentStoreConfOptions,
  agentStoreFilePath,
  confBackedStore,
  DEFAULT_AGENT_STORE_NAME,
} from '../core/store/confStore';
import {
  DEFAULT_TRAY_SETTINGS_NAME,
  traySettingsConfOptions,
  traySettingsOf,
  type TraySettingsData,
  type TraySettingsStore,
} from '../core/store/traySettingsStore';

export interface ElectronStoreOptions {
  /** Directory that holds the file. @default app.getPath('userData') */
  dir?: string;
  /** File name without extension. @default 'agent' */
  fileName?: string;
  /** Clock for the `.corrupt-<timestamp>` suffix. @default () => new Date() */
  now?: () => Date;
}

/**
 * Opens (or creates) the agent store with electron-store. Call after `app` is ready (userData is known then).
 *
 * @throws PasangError STORE_CORRUPT as `createConfStore` does, with the corrupt file kept aside.
 */
export function createElectronStore(options: ElectronStoreOptions = {}): AgentStore {
  const dir = options.dir ?? app.getPath('userData');
  const name = options.fileName ?? DEFAULT_AGENT_STORE_NAME;
  return confBackedStore(
    () => new ElectronStore<AgentStoreData>({ cwd: dir, name, ...agentStoreConfOptions }),
    agentStoreFilePath(dir, name),
    { now: options.now },
  );
}

/** The tray's own settings (its language) with electron-store, in the user's userData folder. Call after `app` is ready. */
export function createElectronTraySettings(dir: string = app.getPath('userData')): TraySettingsStore {
  return traySettingsOf(new ElectronStore<TraySettingsData>({ cwd: dir, name: DEFAULT_TRAY_SETTINGS_NAME, ...traySettingsConfOptions }));
}
