/**
 * Installed Debian packages, from `dpkg-query -W` with a tab-separated format (one package a line): name, version,
 * architecture, maintainer as publisher, and Installed-Size (KiB) as sizeBytes.
 */
import type { InstalledSoftware } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';
import { compact, int, text } from '../schemaValues';
import { runListing, type ListingOptions } from './runListing';

/** dpkg-query expands ${Field}; real tab and newline characters go through argv as they are. */
export const DPKG_QUERY_FORMAT =
  '${Status}\t${Package}\t${Version}\t${Architecture}\t${Maintainer}\t${Installed-Size}\n';

/** "Jane Doe <jane@example.org>" → "Jane Doe": a publisher is a name; the address adds churn, not meaning. */
export function maintainerName(maintainer: string): string {
  const name = maintainer.replace(/\s*<[^>]*>\s*$/, '').trim();
  return name || maintainer.replace(/[<>]/g, '').trim();
}

/**
 * Status is "want eflag status". A package counts when its files are on disk and sane: eflag "ok", status
 * "installed". Want may be "install" or "hold" (a held package is installed all the same).
 */
function isInstalled(status: string): boolean {
  const [want, eflag, state] = status.split(' ');
  return (want === 'install' || want === 'hold') && eflag === 'ok' && state === 'installed';
}

export function parseDpkg(output: string): InstalledSoftware[] {
  const out: InstalledSoftware[] = [];
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const [status = '', name = '', version = '', arch = '', maintainer = '', size = ''] = line.split('\t');
    const title = text(name, 512);
    if (!isInstalled(status) || title === undefined) continue;
    const kib = int(size);
    out.push(
      compact({
        name: title,
        version: text(version, 256),
        publisher: text(maintainerName(maintainer), 512),
        arch: text(arch, 64),
        sizeBytes: kib === undefined ? undefined : kib * 1024,
        source: 'dpkg' as const,
      }),
    );
  }
  return out;
}

export async function collectDpkg(runner: CommandRunner, options: ListingOptions = {}): Promise<InstalledSoftware[]> {
  // LC_ALL=C: dpkg-query translates nothing we parse, but a broken locale makes it warn on stderr.
  const env = { ...process.env, LC_ALL: 'C' };
  return parseDpkg(await runListing(runner, 'dpkg-query', ['-W', `-f=${DPKG_QUERY_FORMAT}`], { ...options, env }));
}
