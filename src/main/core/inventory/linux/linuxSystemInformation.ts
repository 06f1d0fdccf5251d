/**
 * systeminformation with its slowest Linux calls replaced by direct reads of /sys, /proc and /etc (see each reader
 * for why). Everything else — cpu, memory, disks, graphics, users, battery — still comes from the module.
 */
import type { CommandRunner } from '../../process/commandRunner';
import type { SystemInformationLike } from '../systemInformationLike';
import { readDmiBaseboard, readDmiBios, readDmiSystem } from './dmiSysfs';
import { readLinuxFsSize } from './fsStatfs';
import { readLinuxNetworkCounters, readLinuxNetworkInterfaces } from './netSysfs';
import { readLinuxOsInfo } from './osRelease';

export function withLinuxFastPaths(base: SystemInformationLike, runner: CommandRunner): SystemInformationLike {
  return {
    ...base,
    system: () => readDmiSystem(),
    baseboard: () => readDmiBaseboard(),
    bios: () => readDmiBios(),
    fsSize: () => readLinuxFsSize(),
    networkInterfaces: () => readLinuxNetworkInterfaces(),
    networkStats: () => readLinuxNetworkCounters(),
    osInfo: () => readLinuxOsInfo({ runner }),
  };
}
