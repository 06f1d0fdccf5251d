/**
 * The tray icon and tooltip as pure functions of the tray's state. An install running shows first (it is what the
 * user is waiting on), then being offline (nothing they ask will arrive), then a sign-off waiting for them.
 */
import { TrayStrings } from '../../shared/i18n/trayStrings';
import type { TrayState } from './trayState';
import { trayStatusLine } from './trayMenu';

export const TrayIconNames = ['connected', 'offline', 'installing', 'needs-signoff'] as const;
export type TrayIconName = (typeof TrayIconNames)[number];

export function trayIconName(state: TrayState): TrayIconName {
  if (state.installing) return 'installing';
  if (state.connection !== 'connected') return 'offline';
  if (state.needsSignOff > 0) return 'needs-signoff';
  return 'connected';
}

/** The image's file under the app's icon folder; macOS gets template images that follow the menu bar's colour. */
export function trayIconFile(name: TrayIconName, platform: string): string {
  return platform === 'darwin' ? `tray-${name}Template.png` : `tray-${name}.png`;
}

export function trayTooltip(state: TrayState): string {
  const item = state.installing?.itemName;
  const line = trayStatusLine(state);
  return `${TrayStrings.appName} — ${item && state.installing ? `${line}: ${item}` : line}`;
}
