/** The controllers section for this OS: sysfs on Linux, CIM on Windows. macOS lists no PCI devices to a user process. */
import type { Inventory } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';
import { readLinuxPciControllers } from './linuxPciControllers';
import { readWindowsPciControllers } from './windowsPciControllers';

export async function collectControllers(platform: NodeJS.Platform, runner: CommandRunner, timeoutMs: number): Promise<NonNullable<Inventory['controllers']>> {
  if (platform === 'linux') return readLinuxPciControllers();
  if (platform === 'win32') return readWindowsPciControllers(runner, Math.max(1, timeoutMs - 250));
  throw new Error(`PCI controllers are not listed on ${platform}`);
}
