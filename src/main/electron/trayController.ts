/**
 * The adapter between the tray's pure state (trayState, trayMenu, trayIcon) and Electron's Tray and Menu: one render
 * builds the icon, tooltip and context menu from the whole state. The only file that touches Tray/Menu.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, type TrayAction, type TrayMenuItem } from './trayMenu';
import { trayIconFile, trayIconName, trayTooltip } from './trayIcon';
import type { TrayState } from './trayState';

export interface TrayControllerOptions {
  /** Folder of the tray images (build/icons/tray in the bundle). */
  iconDir: string;
  platform: string;
  onAction(action: TrayAction): void;
}

export interface TrayController {
  render(state: Readonly<TrayState>): void;
  destroy(): void;
}

function toElectron(item: TrayMenuItem, onAction: (a: TrayAction) => void): MenuItemConstructorOptions {
  if (item.type === 'separator') return { id: item.id, type: 'separator' };
  const action = item.action;
  return {
    id: item.id,
    type: item.type,
    label: item.label ?? '',
    enabled: item.enabled ?? true,
    ...(item.checked !== undefined ? { checked: item.checked } : {}),
    ...(item.submenu ? { submenu: item.submenu.map((s) => toElectron(s, onAction)) } : {}),
    ...(action ? { click: () => onAction(action) } : {}),
  };
}

export function createTrayController(options: TrayControllerOptions): TrayController {
  const image = (state: Readonly<TrayState>) =>
    nativeImage.createFromPath(`${options.iconDir}/${trayIconFile(trayIconName(state), options.platform)}`);
  let tray: Tray | null = null;
  return {
    render(state) {
      if (!tray) {
        tray = new Tray(image(state));
        // Windows users expect a click on the icon to open the app; the menu is on the right button (and on macOS).
        if (options.platform === 'win32') tray.on('click', () => options.onAction({ kind: 'show' }));
      } else tray.setImage(image(state));
      tray.setToolTip(trayTooltip(state));
      tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(state).map((i) => toElectron(i, options.onAction))));
    },
    destroy() {
      tray?.destroy();
      tray = null;
    },
  };
}
