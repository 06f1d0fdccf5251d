/**
 * The `pasang-agent` service's side of the tray split: picks the endpoint (the system's run folder when the service
 * runs as root/SYSTEM, under its state folder when a developer runs it as themself, or `--local-api PATH`), the
 * challenge for the platform, and serves `createAgentApi(agent, caller)` to every verified local user. A socket that
 * cannot be opened is logged and the agent runs on (installs pushed by the server do not need the tray).
 */
import path from 'node:path';
import type { Logger } from '../../../shared/logger';
import type { Agent } from '../../core/agent';
import { createAgentApi } from '../../core/api/createAgentApi';
import {
  challengeDirFor,
  defaultLocalApiEndpoint,
  stateDirLocalApiEndpoint,
  type LocalApiEndpoint,
} from '../../core/localApi/localApiEndpoint';
import type { CommandRunner } from '../../core/process/commandRunner';
import type { CallerChallenger } from './callerChallenge';
import { startLocalApiServer, type LocalApiServer } from './localApiServer';
import { createPosixChallenger } from './posixChallenger';
import { createPosixUserResolver } from './resolvePosixUser';
import { createWindowsChallenger } from './windowsChallenger';

export interface ServeLocalApiOptions {
  agent: Agent;
  stateDir: string;
  /** The platform's default state folder: only the service running on it takes the system endpoint. */
  defaultStateDir: string;
  /** `--local-api`: a socket path, `off`, or undefined for the default. */
  setting: string | undefined;
  runner: CommandRunner;
  logger: Logger;
  /** @default process.platform */
  platform?: NodeJS.Platform;
  /** @default whether the process runs as root (always true on Windows, where the service is SYSTEM) */
  privileged?: boolean;
}

/**
 * Where to listen for a setting; null for `off`. Without one, the installed service (privileged, on the default state
 * folder) takes the system endpoint the tray looks for; any other agent (a developer's, a test's with its own
 * --state-dir) listens under its state folder, so agents side by side never fight over one socket.
 */
export function localApiEndpointFor(
  setting: string | undefined,
  where: { stateDir: string; defaultStateDir: string },
  platform: NodeJS.Platform,
  privileged: boolean,
): LocalApiEndpoint | null {
  if (setting === 'off') return null;
  if (setting !== undefined) {
    const socketPath = platform === 'win32' ? setting : path.resolve(setting);
    return { socketPath, challengeDir: challengeDirFor(socketPath, { platform }) };
  }
  const installed = privileged && path.resolve(where.stateDir) === path.resolve(where.defaultStateDir);
  return installed ? defaultLocalApiEndpoint({ platform }) : stateDirLocalApiEndpoint(where.stateDir);
}

export async function serveLocalApi(options: ServeLocalApiOptions): Promise<LocalApiServer | null> {
  const platform = options.platform ?? process.platform;
  const privileged = options.privileged ?? (platform === 'win32' || process.getuid?.() === 0);
  const endpoint = localApiEndpointFor(options.setting, options, platform, privileged);
  const logger = options.logger.child('localApi');
  if (!endpoint) {
    logger.info('local API off');
    return null;
  }
  const challenger: CallerChallenger =
    platform === 'win32'
      ? createWindowsChallenger({ dir: endpoint.challengeDir, runner: options.runner })
      : createPosixChallenger({ dir: endpoint.challengeDir, resolveUser: createPosixUserResolver(options.runner) });
  try {
    return await startLocalApiServer({
      socketPath: endpoint.socketPath,
      apiFor: (caller) => createAgentApi(options.agent, caller),
      challenger,
      logger,
      platform,
    });
  } catch (err) {
    logger.error('local API not started: the tray cannot reach this agent', {
      socketPath: endpoint.socketPath,
      error: (err as Error).message,
    });
    return null;
  }
}
