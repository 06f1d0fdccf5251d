/**
 * Installed RPM packages, from `rpm -qa --qf` with a tab-separated format: name, epoch:version-release, arch, vendor
 * as publisher, size in bytes and the install time.
 */
import type { InstalledSoftware } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';
import { compact, int, text } from '../schemaValues';
import { runListing, type ListingOptions } from './runListing';

export const RPM_QUERY_FORMAT =
  '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{VENDOR}\t%{SIZE}\t%{INSTALLTIME}\n';

/** rpm prints "(none)" for a tag the package does not carry. */
function field(value: string | undefined): string | undefined {
  return value === undefined || value === '(none)' || value === '' ? undefined : value;
}

/** Seconds since the epoch → YYYY-MM-DD (UTC), the one date format of the inventory's software list. */
export function isoDateFromEpochSeconds(seconds: string | undefined): string | undefined {
  const n = int(seconds);
  if (n === undefined || n === 0) return undefined;
  return new Date(n * 1000).toISOString().slice(0, 10);
}

export function parseRpm(output: string): InstalledSoftware[] {
  const out: InstalledSoftware[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const [name, epoch, version, release, arch, vendor, size, installTime] = line.split('\t').map(field);
    // Imported signing keys show up as "gpg-pubkey" packages with no arch: keys, not software.
    const title = text(name, 512);
    if (title === undefined || title === 'gpg-pubkey') continue;
    const full = version
      ? `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version}${release ? `-${release}` : ''}`
      : undefined;
    out.push(
      compact({
        name: title,
        version: text(full, 256),
        publisher: text(vendor, 512),
        arch: text(arch, 64),
        installDate: isoDateFromEpochSeconds(installTime),
        sizeBytes: int(size),
        source: 'rpm' as const,
      }),
    );
  }
  return out;
}

export async function collectRpm(runner: CommandRunner, options: ListingOptions = {}): Promise<InstalledSoftware[]> {
  return parseRpm(await runListing(runner, 'rpm', ['-qa', '--qf', RPM_QUERY_FORMAT], options));
}
