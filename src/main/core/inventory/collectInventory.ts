/**
 * One full inventory of this PC: every section probed in parallel, each under its own timeout, failures reported in
 * `problems` instead of blocking the report. What never changes while the agent runs is kept in a cache the caller
 * owns, so the hourly collection after the first costs only the sections that can change.
 */
import os from 'node:os';
import type { Logger } from '../../../shared/logger';
import { InventorySectionNames, type Inventory, type InventorySectionName } from '../../../shared/protocol/inventory';
import type { CommandRunner } from '../process/commandRunner';
import {
  mapBaseboard,
  mapBattery,
  mapBios,
  mapCpu,
  mapDisks,
  mapDisplays,
  mapGpus,
  mapMemoryModules,
  mapSystem,
} from './hardwareSections';
import { mapFileSystems, mapNetwork, mapOs, mapUsers } from './hostSections';
import { withLinuxFastPaths } from './linux/linuxSystemInformation';
import { runSection } from './runSection';
import { requiredText, truncate } from './schemaValues';
import { collectInstalledSoftware } from './software/collectInstalledSoftware';
import { collectControllers } from './controllers/collectControllers';
import { realSystemInformation, type SiGraphics, type SystemInformationLike } from './systemInformationLike';

type Section<K extends InventorySectionName> = NonNullable<Inventory[K]>;

/** Sections (and parts) that cannot change without a reboot into other hardware. */
export interface StaticInventoryCache {
  system?: Section<'system'>;
  baseboard?: Section<'baseboard'>;
  bios?: Section<'bios'>;
  cpu?: Section<'cpu'>;
  memoryModules?: Section<'memory'>['modules'];
  gpus?: Section<'gpus'>;
  controllers?: Section<'controllers'>;
}

export function createStaticInventoryCache(): StaticInventoryCache {
  return {};
}

export interface CollectInventoryOptions {
  machineId: string;
  /** Runs the package listings (dpkg-query, rpm, reg, system_profiler, brew). */
  runner: CommandRunner;
  logger: Logger;
  /** Each section's deadline. @default 15_000 */
  sectionTimeoutMs?: number;
  /** Which OS's probes to use (software sources, OS family). @default process.platform */
  platform?: NodeJS.Platform;
  /** @default the systeminformation module, with direct /sys reads for its slowest calls on Linux */
  si?: SystemInformationLike;
  /** Kept by the caller between collections. @default a fresh cache (nothing reused) */
  staticCache?: StaticInventoryCache;
  /** @default () => new Date() */
  now?: () => Date;
}

export function defaultSystemInformation(platform: NodeJS.Platform, runner: CommandRunner): SystemInformationLike {
  return platform === 'linux' && process.platform === 'linux'
    ? withLinuxFastPaths(realSystemInformation, runner)
    : realSystemInformation;
}

/** The cached value when there is one (a copy: a caller editing one inventory must not edit the next). */
async function cached<K extends keyof StaticInventoryCache>(
  cache: StaticInventoryCache,
  key: K,
  probe: () => Promise<NonNullable<StaticInventoryCache[K]>>,
): Promise<NonNullable<StaticInventoryCache[K]>> {
  const hit = cache[key];
  if (hit !== undefined) return structuredClone(hit) as NonNullable<StaticInventoryCache[K]>;
  const value = await probe();
  cache[key] = value;
  return structuredClone(value);
}

export async function collectInventory(options: CollectInventoryOptions): Promise<Inventory> {
  const { runner, logger } = options;
  const platform = options.platform ?? process.platform;
  const si = options.si ?? defaultSystemInformation(platform, runner);
  const cache = options.staticCache ?? createStaticInventoryCache();
  const timeoutMs = options.sectionTimeoutMs ?? 15_000;
  const collectedAt = (options.now ?? (() => new Date()))().toISOString();

  // gpus and displays come from one graphics() call: ask once per collection.
  let graphics: Promise<SiGraphics> | undefined;
  const getGraphics = () => (graphics ??= si.graphics());
  const softwareProblems: string[] = [];

  const probes: { [K in InventorySectionName]: () => Promise<Section<K>> } = {
    system: () => cached(cache, 'system', async () => mapSystem(await si.system())),
    baseboard: () => cached(cache, 'baseboard', async () => mapBaseboard(await si.baseboard())),
    bios: () => cached(cache, 'bios', async () => mapBios(await si.bios())),
    cpu: () => cached(cache, 'cpu', async () => mapCpu(await si.cpu(), os.arch())),
    memory: async () => ({
      // os.totalmem() is what the OS can use, read without a probe; the modules need one (dmidecode, WMI).
      totalBytes: os.totalmem(),
      modules: await cached(cache, 'memoryModules', async () => mapMemoryModules(await si.memLayout())),
    }),
    disks: async () => mapDisks(await si.diskLayout()),
    fileSystems: async () => mapFileSystems(await si.fsSize()),
    gpus: () => cached(cache, 'gpus', async () => mapGpus(await getGraphics())),
    displays: async () => mapDisplays(await getGraphics()),
    controllers: () => cached(cache, 'controllers', () => collectControllers(platform, runner, timeoutMs)),
    network: async () => mapNetwork(await si.networkInterfaces(), os.networkInterfaces()),
    os: async () => mapOs(await si.osInfo(), platform, os.hostname()),
    users: async () => mapUsers(await si.users()),
    battery: async () => mapBattery(await si.battery()),
    software: async () => {
      // The listing's own timeout ends just before the section's, so its child process is killed, not orphaned,
      // and the reason names the command that hung.
      const listingTimeoutMs = Math.max(1, timeoutMs - 250);
      const result = await collectInstalledSoftware(platform, runner, { timeoutMs: listingTimeoutMs });
      softwareProblems.push(...result.problems);
      return result.software;
    },
  };

  const outcomes = await Promise.all(
    InventorySectionNames.map(async (name) => {
      const probe: () => Promise<unknown> = probes[name];
      return [name, await runSection(probe, timeoutMs)] as const;
    }),
  );

  const inventory: Inventory = {
    machineId: requiredText(options.machineId, 128, 'unknown'),
    collectedAt,
    problems: {},
  };
  const problems: Record<string, string> = {};
  const timings: Record<string, number> = {};
  for (const [name, outcome] of outcomes) {
    timings[name] = outcome.durationMs;
    if (outcome.ok) {
      (inventory as Record<string, unknown>)[name] = outcome.value;
    } else {
      problems[name] = outcome.reason;
      logger.warn('inventory section failed', { section: name, reason: outcome.reason });
    }
  }
  if (softwareProblems.length > 0 && problems.software === undefined) {
    problems.software = truncate(softwareProblems.join('; '), 1024);
    logger.warn('inventory section partial', { section: 'software', reason: problems.software });
  }
  // Re-insert so `problems` is the last key, after the sections, in the order InventorySectionNames lists them.
  delete (inventory as Partial<Inventory>).problems;
  inventory.problems = problems;
  logger.debug('inventory collected', { timings, problems: Object.keys(problems) });
  return inventory;
}
