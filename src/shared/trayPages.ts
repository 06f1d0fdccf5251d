/** The tray's windows (src/renderer/agent), by the name the menu, the shell and the pages share. */
export const TrayPages = ['request', 'my-requests', 'approvals', 'sign-off', 'my-pc', 'settings'] as const;
export type TrayPage = (typeof TrayPages)[number];

export function isTrayPage(value: unknown): value is TrayPage {
  return typeof value === 'string' && (TrayPages as readonly string[]).includes(value);
}
