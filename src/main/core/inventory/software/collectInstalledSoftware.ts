/**
 * Installed software from whatever package databases this OS has: dpkg and/or rpm on Linux, the registry on
 * Windows, application bundles and Homebrew on macOS. One source failing leaves the others' entries in the list
 * and a line in `problems`; only when nothing could be read does it throw.
 */
import { MAX_SOFTWARE_ENTRIES, type InstalledSoftware } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';
import { compareText } from '../schemaValues';
import { collectBrew } from './brew';
import { collectDpkg } from './dpkg';
import { collectMacosApps } from './macosApps';
import { collectRpm } from './rpm';
import { ToolMissingError, type ListingOptions } from './runListing';
import { collectWindowsRegistry } from './windowsRegistry';

export interface InstalledSoftwareResult {
  software: InstalledSoftware[];
  /** One line per source that failed, e.g. "brew: brew exited with 1: Error: Running Homebrew as root…". */
  problems: string[];
}

type Source = {
  name: string;
  collect: (runner: CommandRunner, options: ListingOptions) => Promise<InstalledSoftware[]>;
};

function sourcesFor(platform: NodeJS.Platform): Source[] {
  switch (platform) {
    case 'linux':
      return [
        { name: 'dpkg', collect: collectDpkg },
        { name: 'rpm', collect: collectRpm },
      ];
    case 'win32':
      return [{ name: 'windows-registry', collect: collectWindowsRegistry }];
    case 'darwin':
      return [
        { name: 'macos-apps', collect: collectMacosApps },
        { name: 'brew', collect: collectBrew },
      ];
    default:
      return [];
  }
}

/** Sorted by name (then source, arch, version) so the same machine always gives the same list. */
export function compareSoftware(a: InstalledSoftware, b: InstalledSoftware): number {
  return (
    compareText(a.name, b.name) ||
    compareText(a.source, b.source) ||
    compareText(a.arch ?? '', b.arch ?? '') ||
    compareText(a.version ?? '', b.version ?? '')
  );
}

export async function collectInstalledSoftware(
  platform: NodeJS.Platform,
  runner: CommandRunner,
  options: ListingOptions = {},
): Promise<InstalledSoftwareResult> {
  const sources = sourcesFor(platform);
  if (sources.length === 0) throw new Error(`installed software is not collected on ${platform}`);
  const results = await Promise.allSettled(sources.map((s) => s.collect(runner, options)));

  const software: InstalledSoftware[] = [];
  const problems: string[] = [];
  let present = 0;
  results.forEach((r, i) => {
    const name = sources[i]!.name;
    if (r.status === 'fulfilled') {
      present++;
      software.push(...r.value);
    } else if (!(r.reason instanceof ToolMissingError)) {
      // A tool that is not installed is not a problem (an rpm-based PC has no dpkg); one that fails is.
      present++;
      problems.push(`${name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
    }
  });
  if (present === 0) {
    throw new Error(`no package database found (${sources.map((s) => s.name).join(', ')})`);
  }
  if (software.length === 0 && problems.length > 0) throw new Error(problems.join('; '));

  software.sort(compareSoftware);
  if (software.length > MAX_SOFTWARE_ENTRIES) {
    problems.push(`${software.length} entries, only the first ${MAX_SOFTWARE_ENTRIES} are reported`);
    software.length = MAX_SOFTWARE_ENTRIES;
  }
  return { software, problems };
}
