/**
 * `pasang-agent`: the headless agent (run as an OS service, or by hand), and `pasang-agent inventory`, which prints
 * one full inventory as JSON for IT staff. Arguments are validated; a bad one prints one clear line and exits 2; a
 * refused enrollment token exits 3.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineIdentity } from '../core/identity/machineIdentity';
import { ErrorCodes, isPasangError } from '../../shared/errors';
import { createLogger, type LogLevel, type Logger } from '../../shared/logger';
import { Agent } from '../core/agent';
import { normalizeFingerprint } from '../core/connection/tlsOptions';
import { collectInventory, createStaticInventoryCache } from '../core/inventory/collectInventory';
import { createMetricsSampler } from '../core/metrics/metricsSampler';
import { createCommandRunner } from '../core/process/commandRunner';
import { createConfStore } from '../core/store/confStore';
import { defaultStateDir } from './defaultStateDir';
import { PresetError, readPreset } from './preset';
import { AGENT_VERSION } from '../core/version';
import { serveLocalApi } from './localApi/serveLocalApi';

export interface AgentCliIo {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  untilStopped(): Promise<void>;
}

const USAGE = `usage:
  pasang-agent [run] (--server http(s)://host:7700 --enroll-token TOKEN | --preset FILE) [--state-dir DIR]
               [--server-ca FILE] [--server-cert-sha256 HEX] [--log-level debug|info|warn|error]
               [--local-api SOCKET|off]   the trays' socket (as root with the default state dir:
                                          /run/pasang-agent/api.sock; otherwise DIR/run/api.sock)
  pasang-agent inventory          print one full inventory as JSON and exit
  pasang-agent status [--state-dir DIR]`;

class UsageError extends Error {}


function logLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'info';
  if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
  throw new UsageError(`--log-level must be debug, info, warn or error, not "${value}"`);
}

export async function runAgentCli(argv: string[], io: AgentCliIo): Promise<number> {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'run';
  const args = argv[0] === command ? argv.slice(1) : argv;
  try {
    if (command === 'inventory') {
      parseArgs({ args, options: {}, strict: true, allowPositionals: false });
      const logger = createLogger('agent', { level: 'warn', write: (l) => io.err(l) });
      const inventory = await collectInventory({ machineId: machineIdentity(process.env.PASANG_MACHINE_ID).machineId, runner: createCommandRunner(), logger });
      io.out(`${JSON.stringify(inventory, null, 2)}\n`);
      return 0;
    }
    if (command === 'status') {
      const { values } = parseArgs({ args, options: { 'state-dir': { type: 'string' } }, strict: true, allowPositionals: false });
      const store = createConfStore({ dir: path.resolve(values['state-dir'] ?? defaultStateDir()) });
      io.out(
        `${JSON.stringify({ stateDir: path.dirname(store.path), serverUrl: store.get('serverUrl') ?? null, agentId: store.get('agentId') ?? null, enrolledAt: store.get('enrolledAt') ?? null }, null, 2)}\n`,
      );
      return 0;
    }
    if (command !== 'run') throw new UsageError(`unknown command "${command}"`);
    const { values } = parseArgs({
      args,
      options: {
        server: { type: 'string' },
        'enroll-token': { type: 'string' },
        preset: { type: 'string' },
        'state-dir': { type: 'string' },
        'server-ca': { type: 'string' },
        'server-cert-sha256': { type: 'string' },
        'log-level': { type: 'string' },
        // Local administrator settings for dpkg (tests install into their own root); the server cannot set these.
        'dpkg-root': { type: 'string' },
        'dpkg-force': { type: 'string' },
        'local-api': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const runner = createCommandRunner();
    if (values.preset !== undefined) {
      if (values.server !== undefined || values['enroll-token'] !== undefined) throw new UsageError('--preset replaces --server and --enroll-token');
      try {
        const preset = await readPreset(path.resolve(values.preset), { platform: process.platform, runner });
        if (preset.serverUrl) values.server = preset.serverUrl;
        if (preset.enrollmentToken) values['enroll-token'] = preset.enrollmentToken;
      } catch (err) {
        if (err instanceof PresetError) throw new UsageError(err.message);
        throw err;
      }
    }
    if (values.server !== undefined) {
      let u: URL;
      try {
        u = new URL(values.server);
      } catch {
        throw new UsageError(`--server must be a URL such as http://host:7700, not "${values.server}"`);
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError('--server must start with http:// or https://');
    }
    if (values['server-cert-sha256'] !== undefined && !normalizeFingerprint(values['server-cert-sha256'])) {
      throw new UsageError('--server-cert-sha256 must be the 64 hex digits of the certificate SHA-256');
    }
    const logger: Logger = createLogger('agent', { level: logLevel(values['log-level']), write: (l) => io.err(l) });
    const stateDir = path.resolve(values['state-dir'] ?? defaultStateDir());
    const store = createConfStore({ dir: stateDir });
    const identity = machineIdentity(process.env.PASANG_MACHINE_ID);
    const staticCache = createStaticInventoryCache();
    const sampler = createMetricsSampler({ logger: logger.child('metrics') });
    const agent = new Agent({
      store,
      stateDir,
      ...(values.server ? { serverUrl: values.server } : {}),
      ...(values['enroll-token'] ? { enrollToken: values['enroll-token'] } : {}),
      trust: {
        ...(values['server-ca'] ? { caFile: path.resolve(values['server-ca']) } : {}),
        ...(values['server-cert-sha256'] ? { certSha256: values['server-cert-sha256'] } : {}),
      },
      identity,
      agentVersion: AGENT_VERSION,
      inventory: { collect: () => collectInventory({ machineId: identity.machineId, runner, logger: logger.child('inventory'), staticCache }) },
      metrics: sampler,
      logger,
      runner,
      ...(values['dpkg-root'] || values['dpkg-force']
        ? {
            dpkg: {
              ...(values['dpkg-root'] ? { root: path.resolve(values['dpkg-root']) } : {}),
              ...(values['dpkg-force'] ? { force: values['dpkg-force'].split(',') } : {}),
            },
          }
        : {}),
    });
    const stopped = io.untilStopped();
    const localApi = await serveLocalApi({ agent, stateDir, defaultStateDir: defaultStateDir(), setting: values['local-api'], runner, logger });
    let startError: unknown = null;
    const started = agent.start().catch((err: unknown) => {
      startError = err;
    });
    try {
      await Promise.race([started, stopped]);
      if (startError) throw startError;
      await stopped;
    } finally {
      await localApi?.close();
    }
    await agent.stop();
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`pasang-agent: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (isPasangError(err, ErrorCodes.NOT_ENROLLED)) {
      // Exit 2 like a usage error: the service manager should not restart a PC that is simply not configured yet.
      io.err(`pasang-agent: ${err.message} (or fill in the installer preset)\n`);
      return 2;
    }
    if (isPasangError(err, ErrorCodes.ENROLL_TOKEN_INVALID)) {
      io.err(`pasang-agent: enrollment refused: ${err.message}\n`);
      return 3;
    }
    if (isPasangError(err)) {
      io.err(`pasang-agent: ${err.code}: ${err.message}\n`);
      return 1;
    }
    io.err(`pasang-agent: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
