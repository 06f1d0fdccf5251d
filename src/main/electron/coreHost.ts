/**
 * Where the tray's AgentApi comes from: the `pasang-agent` service over the local socket (every packaged install:
 * the service runs the installs with the rights the employee does not have), or, for development, the agent core
 * hosted in this process with its state in the app's folder and the tray's own OS user as the caller.
 */
import { app } from 'electron';
import type { AgentApi } from '../../shared/agentApi';
import type { Logger } from '../../shared/logger';
import { Agent } from '../core/agent';
import { createAgentApi } from '../core/api/createAgentApi';
import { machineIdentity } from '../core/identity/machineIdentity';
import { collectInventory, createStaticInventoryCache } from '../core/inventory/collectInventory';
import { connectLocalAgentApi } from '../core/localApi/connectLocalAgentApi';
import { currentOsUser } from '../core/localApi/localApiEndpoint';
import { createMetricsSampler } from '../core/metrics/metricsSampler';
import { createCommandRunner } from '../core/process/commandRunner';
import { AGENT_VERSION } from '../core/version';
import { createElectronStore } from './electronStore';
import type { ShellConfig } from './shellConfig';
import type { ServiceLink } from './trayFeed';

export interface CoreHost {
  api: AgentApi;
  /** The link to the service (service mode only). */
  link?: ServiceLink;
  stop(): Promise<void>;
}

export function connectToService(config: ShellConfig, logger: Logger): CoreHost {
  const api = connectLocalAgentApi({
    ...(config.socketPath ? { path: config.socketPath } : {}),
    logger: logger.child('localApi'),
  });
  return { api, link: api, stop: () => api.close() };
}

/** Development only: the whole agent core in the tray's process, as the logged-in user. */
export function hostCoreInProcess(config: ShellConfig, logger: Logger): CoreHost {
  const stateDir = `${app.getPath('userData')}/agent`;
  const runner = createCommandRunner();
  const identity = machineIdentity(process.env.PASANG_MACHINE_ID);
  const staticCache = createStaticInventoryCache();
  const agent = new Agent({
    store: createElectronStore({ dir: stateDir }),
    stateDir,
    ...(config.serverUrl ? { serverUrl: config.serverUrl } : {}),
    ...(config.enrollToken ? { enrollToken: config.enrollToken } : {}),
    identity,
    agentVersion: AGENT_VERSION,
    inventory: {
      collect: () =>
        collectInventory({ machineId: identity.machineId, runner, logger: logger.child('inventory'), staticCache }),
    },
    metrics: createMetricsSampler({ logger: logger.child('metrics') }),
    logger: logger.child('agent'),
    runner,
  });
  agent
    .start()
    .catch((err: Error) =>
      logger.error('the in-process agent did not start', { error: err.message, code: (err as { code?: string }).code }),
    );
  const api = createAgentApi(agent, { osUser: currentOsUser() }, { logsDir: app.getPath('logs') });
  return { api, stop: () => agent.stop() };
}
