/**
 * The tray's context menu as a pure function of the tray's state: the same state always gives the same items, so
 * the menu is unit-tested item by item and the shell only maps it to Electron's Menu. Show and Quit are always there;
 * Persetujuan only for a Ketua Tim, Buka konsol only for staff; counts in the labels.
 */
import { Languages, type Language } from '../../shared/i18n/language';
import { TrayStrings } from '../../shared/i18n/trayStrings';
import type { TrayPage } from '../../shared/trayPages';
import type { TrayState } from './trayState';

export type TrayAction =
  | { kind: 'open'; page: TrayPage }
  | { kind: 'console' }
  | { kind: 'language'; language: Language }
  | { kind: 'show' }
  | { kind: 'quit' };

export interface TrayMenuItem {
  id: string;
  type: 'normal' | 'separator' | 'submenu' | 'radio';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

function counted(label: string, n: number): string {
  return n > 0 ? `${label} (${n})` : label;
}

export function trayStatusLine(state: TrayState): string {
  const s = TrayStrings.state;
  const lang = state.language;
  if (state.connection === 'service_down') return s.serviceDown[lang];
  if (state.installing) return s.installing[lang];
  if (state.connection !== 'connected') return s.offline[lang];
  if (state.needsSignOff > 0) return s.needsSignOff[lang];
  return s.connected[lang];
}

export function buildTrayMenu(state: TrayState): TrayMenuItem[] {
  const m = TrayStrings.menu;
  const lang = state.language;
  // Without the service nothing a page shows could load; the menu says so in its first line.
  const reachable = state.connection !== 'service_down';
  const open = (id: TrayPage, label: string): TrayMenuItem => ({
    id,
    type: 'normal',
    label,
    enabled: reachable,
    action: { kind: 'open', page: id },
  });
  const items: TrayMenuItem[] = [
    { id: 'status', type: 'normal', label: trayStatusLine(state), enabled: false },
    { id: 'sep-pages', type: 'separator' },
    open('request', m.request[lang]),
    open('my-requests', counted(m.myRequests[lang], state.needsSignOff)),
  ];
  if (state.isTeamLead) items.push(open('approvals', counted(m.approvals[lang], state.pendingApprovals)));
  items.push(open('my-pc', m.myPc[lang]));
  if (state.isStaff)
    items.push({ id: 'console', type: 'normal', label: m.console[lang], enabled: true, action: { kind: 'console' } });
  items.push(
    { id: 'sep-language', type: 'separator' },
    {
      id: 'language',
      type: 'submenu',
      label: m.language[lang],
      submenu: Languages.map((l) => ({
        id: `language-${l}`,
        type: 'radio' as const,
        label: TrayStrings.languageNames[l],
        checked: l === lang,
        enabled: true,
        action: { kind: 'language' as const, language: l },
      })),
    },
    { id: 'sep-app', type: 'separator' },
    { id: 'show', type: 'normal', label: m.show[lang], enabled: true, action: { kind: 'show' } },
    { id: 'quit', type: 'normal', label: m.quit[lang], enabled: true, action: { kind: 'quit' } },
  );
  return items;
}
