/**
 * The one factory of the tray's window options: every window is built from it, so the security settings are in one
 * place and unit-tested option by option. Context isolation, the sandbox and web security on; no Node anywhere in
 * the renderer; no <webview>; only the preload's typed API reaches the agent.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface AgentWindowOptions {
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  title: string;
  /** @default 960 */
  width?: number;
  /** @default 720 */
  height?: number;
  /** Light or dark, so the first paint matches the theme. @default '#ffffff' */
  backgroundColor?: string;
  /** Developer tools; only in development builds. @default false */
  devTools?: boolean;
  /** The window icon (Linux, Windows). */
  icon?: string;
}

export function agentWindowOptions(options: AgentWindowOptions): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    width: options.width ?? 960,
    height: options.height ?? 720,
    minWidth: 640,
    minHeight: 480,
    // Shown on 'ready-to-show': no white flash, no half-drawn page.
    show: false,
    autoHideMenuBar: true,
    backgroundColor: options.backgroundColor ?? '#ffffff',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools ?? false,
    },
  };
}
