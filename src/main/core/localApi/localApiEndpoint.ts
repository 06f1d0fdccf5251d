/**
 * Where the agent service listens for the tray, and where it puts caller challenges: shared by the service and the
 * tray's client (which reads a challenge only from this folder). Root-owned system folders on Linux and macOS, so no
 * user can squat the socket before the service starts; a named pipe on Windows.
 */
import os from 'node:os';
import path from 'node:path';

export interface LocalApiEndpoint {
  /** The Unix socket, or `\\.\pipe\…` on Windows. */
  socketPath: string;
  /** Folder of the caller challenges. */
  challengeDir: string;
}

export interface LocalApiEndpointOptions {
  /** @default process.platform */
  platform?: NodeJS.Platform;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

export const WINDOWS_PIPE = '\\\\.\\pipe\\pasang-agent';

export function defaultLocalApiEndpoint(options: LocalApiEndpointOptions = {}): LocalApiEndpoint {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  if (platform === 'win32') {
    return {
      socketPath: WINDOWS_PIPE,
      challengeDir: path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Pasang', 'agent', 'challenge'),
    };
  }
  const run = platform === 'darwin' ? '/var/run/pasang-agent' : '/run/pasang-agent';
  return { socketPath: path.posix.join(run, 'api.sock'), challengeDir: path.posix.join(run, 'challenge') };
}

/**
 * The challenges of the service listening on `socketPath`: beside the socket on Linux and macOS (so a service and its
 * trays agree on any socket), the system folder on Windows (a pipe has no folder).
 */
export function challengeDirFor(socketPath: string, options: LocalApiEndpointOptions = {}): string {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return defaultLocalApiEndpoint(options).challengeDir;
  return path.posix.join(path.posix.dirname(socketPath), 'challenge');
}

/** The endpoint of a service that runs as a plain user (development): under its state folder. */
export function stateDirLocalApiEndpoint(stateDir: string): LocalApiEndpoint {
  return { socketPath: path.join(stateDir, 'run', 'api.sock'), challengeDir: path.join(stateDir, 'run', 'challenge') };
}

/** The OS user this process runs as, named as the service expects it (`DOMAIN\user` on Windows). */
export function currentOsUser(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const name = os.userInfo().username;
  return platform === 'win32' && env.USERDOMAIN ? `${env.USERDOMAIN}\\${name}` : name;
}
