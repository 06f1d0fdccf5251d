/**
 * Installed macOS applications, from `system_profiler SPApplicationsDataType -json`: every .app bundle Launch
 * Services knows, with its version, the signer as publisher and the bundle's architecture.
 */
import type { InstalledSoftware } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';
import { compact, text } from '../schemaValues';
import { dedupeSoftware } from './dedupeSoftware';
import { runListing, type ListingOptions } from './runListing';

interface SpApplication {
  _name?: unknown;
  version?: unknown;
  obtained_from?: unknown;
  signed_by?: unknown;
  arch_kind?: unknown;
}

const ArchKinds: Record<string, string> = {
  arch_arm_i64: 'universal',
  arch_arm: 'arm64',
  arch_i64: 'x86_64',
  arch_i32: 'i386',
  arch_ios: 'arm64',
};

/**
 * "Developer ID Application: Google LLC (EQHXZ8M8AV)" → "Google LLC". Apple's own apps are signed by "Software
 * Signing"; App Store apps are re-signed by Apple, so the signer says nothing about who made them.
 */
export function publisherFromSigner(signedBy: unknown, obtainedFrom: unknown): string | undefined {
  const first = Array.isArray(signedBy) && typeof signedBy[0] === 'string' ? signedBy[0] : '';
  const m = /^Developer ID Application:\s*(.+?)(?:\s+\([A-Z0-9]{10}\))?$/.exec(first);
  if (m) return m[1];
  if (obtainedFrom === 'apple' || first === 'Software Signing') return 'Apple Inc.';
  return undefined;
}

export function parseMacosApps(output: string): InstalledSoftware[] {
  const parsed = JSON.parse(output) as { SPApplicationsDataType?: unknown };
  const apps = Array.isArray(parsed.SPApplicationsDataType) ? (parsed.SPApplicationsDataType as SpApplication[]) : [];
  const out: InstalledSoftware[] = [];
  for (const app of apps) {
    const name = text(app._name, 512);
    if (name === undefined) continue;
    out.push(
      compact({
        name,
        version: text(app.version, 256),
        publisher: text(publisherFromSigner(app.signed_by, app.obtained_from), 512),
        arch: typeof app.arch_kind === 'string' ? ArchKinds[app.arch_kind] : undefined,
        source: 'macos-apps' as const,
      }),
    );
  }
  // The same app can sit in /Applications and ~/Applications, or in two copies of a tool's bundle.
  return dedupeSoftware(out);
}

export async function collectMacosApps(
  runner: CommandRunner,
  options: ListingOptions = {},
): Promise<InstalledSoftware[]> {
  return parseMacosApps(await runListing(runner, 'system_profiler', ['SPApplicationsDataType', '-json'], options));
}
