/**
 * How the tray shell runs, from its command line and environment (Chromium adds switches of its own: unknown ones are
 * left alone). Packaged, it talks to the `pasang-agent` service over the local socket; in development it hosts the
 * agent core in-process unless told `--service`.
 */
export interface ShellConfig {
  mode: 'service' | 'in-process';
  /** The service's socket or pipe; null: the platform's default. */
  socketPath: string | null;
  /** In-process only: the server and enrollment token for the first start. */
  serverUrl: string | null;
  enrollToken: string | null;
  /** Started at login: tray only, no window. */
  startHidden: boolean;
  devTools: boolean;
  /** https origins links may open in the browser besides the server's (PASANG_ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins: string[];
}

export const HIDDEN_FLAG = '--hidden';

export function parseShellConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): ShellConfig {
  const value = (flag: string): string | null => {
    const i = argv.indexOf(flag);
    const eq = argv.find((a) => a.startsWith(`${flag}=`));
    if (eq) return eq.slice(flag.length + 1);
    return i !== -1 && i + 1 < argv.length && !argv[i + 1]!.startsWith('--') ? argv[i + 1]! : null;
  };
  const has = (flag: string) => argv.includes(flag);
  let mode: ShellConfig['mode'] = isPackaged ? 'service' : 'in-process';
  if (env.PASANG_TRAY_MODE === 'service' || env.PASANG_TRAY_MODE === 'in-process') mode = env.PASANG_TRAY_MODE;
  if (has('--service')) mode = 'service';
  // A packaged tray runs as the employee, who may not host the installer engine: in-process is for development.
  if (has('--in-process') && !isPackaged) mode = 'in-process';
  return {
    mode,
    socketPath: value('--socket') ?? env.PASANG_AGENT_SOCKET ?? null,
    serverUrl: value('--server') ?? null,
    enrollToken: value('--enroll-token') ?? null,
    startHidden: has(HIDDEN_FLAG),
    devTools: !isPackaged && has('--dev-tools'),
    allowedOrigins: (env.PASANG_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** The login item: packaged builds on Windows and macOS start hidden at login (Linux uses the installer's autostart file). */
export function loginItemSettings(
  platform: string,
  isPackaged: boolean,
): { openAtLogin: boolean; openAsHidden: boolean; args: string[] } | null {
  if (!isPackaged || (platform !== 'win32' && platform !== 'darwin')) return null;
  return { openAtLogin: true, openAsHidden: true, args: [HIDDEN_FLAG] };
}
