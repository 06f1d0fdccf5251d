/**
 * The tray shell's own settings, apart from the agent's store (which, under the service, is the service's and holds
 * its credential): today the language chosen in the tray menu, so that it holds across restarts. A `conf` file
 * headless (here, and in tests); the Electron shell puts electron-store (a Conf subclass, in the user's userData
 * folder) behind the same `traySettingsOf`. A corrupt or unreadable file is reported and left where it is: the tray
 * then starts in the default language and does not overwrite it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { DEFAULT_LANGUAGE, Languages, type Language } from '../../../shared/i18n/language';
import type { Logger } from '../../../shared/logger';

export interface TraySettingsData {
  language?: Language;
}

export interface TraySettingsStore {
  language(): Language | undefined;
  setLanguage(language: Language): void;
  /** Where the file lives, for logs. */
  readonly path: string;
}

/** The options both adapters pass to Conf / electron-store. */
export const traySettingsConfOptions = {
  schema: { language: { type: 'string', enum: [...Languages] } },
  configFileMode: 0o600,
  accessPropertiesByDotNotation: false,
  // Conf's own recovery would empty the file: we report and leave it instead.
  clearInvalidConfig: false,
  watch: false,
} as const;

export const DEFAULT_TRAY_SETTINGS_NAME = 'tray-settings';

/** A TraySettingsStore over an open Conf (or electron-store) instance. */
export function traySettingsOf(conf: Conf<TraySettingsData>): TraySettingsStore {
  return {
    path: conf.path,
    language: () => conf.get('language'),
    setLanguage: (language) => conf.set('language', language),
  };
}

/** Opens (or creates) `<dir>/<fileName>.json` with conf. @throws as Conf does on a corrupt file. */
export function createConfTraySettings(options: { dir: string; fileName?: string }): TraySettingsStore {
  const dir = path.resolve(options.dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return traySettingsOf(new Conf<TraySettingsData>({ cwd: dir, configName: options.fileName ?? DEFAULT_TRAY_SETTINGS_NAME, ...traySettingsConfOptions }));
}

/**
 * The tray's language across restarts: `initial` is what was saved (or the default), `remember` saves a new choice.
 * `open` may throw (a corrupt file): the error is logged, the default used, and nothing is written over the file.
 */
export class TrayLanguageSetting {
  readonly initial: Language;
  private readonly store: TraySettingsStore | null;

  constructor(
    open: () => TraySettingsStore,
    private readonly logger: Logger,
  ) {
    this.store = openOrNull(open, logger);
    this.initial = readLanguage(this.store, logger);
  }

  remember(language: Language): void {
    if (!this.store) return;
    try {
      if (this.store.language() !== language) this.store.setLanguage(language);
    } catch (err) {
      this.logger.warn('the tray language was not saved', { error: String(err), path: this.store.path });
    }
  }
}

function openOrNull(open: () => TraySettingsStore, logger: Logger): TraySettingsStore | null {
  try {
    return open();
  } catch (err) {
    logger.warn('tray settings unreadable: starting in the default language, the file is left as it is', { error: String(err) });
    return null;
  }
}

function readLanguage(store: TraySettingsStore | null, logger: Logger): Language {
  if (!store) return DEFAULT_LANGUAGE;
  try {
    return store.language() ?? DEFAULT_LANGUAGE;
  } catch (err) {
    logger.warn('tray settings unreadable: starting in the default language', { error: String(err), path: store.path });
    return DEFAULT_LANGUAGE;
  }
}
