/**
 * apt-get from the configured, signed repositories: never `--allow-unauthenticated`. Non-interactive (a service has
 * no terminal for debconf or conffile prompts), and it waits for the dpkg lock instead of failing at once when
 * unattended-upgrades holds it. apt-get exits 100 for every error, so the reason is in its output.
 */
import type { InstallerVariant } from '../../../../shared/install/manifest';
import {
  installTimeoutMs,
  type ExitOutcome,
  type InstallBackend,
  type InstallContext,
  type Invocation,
} from './backend';
import { ExitCodeEntries as E, exitCodeTable, mapExitCodeWithTable } from './exitCodeTable';
import { PackageIdSyntax, requirePackageId } from './variantInputs';

export const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' } as const;

/**
 * Lock timeout (apt ≥ 1.9.11; older apt ignores unknown -o keys). Conffiles: keep the admin's edits, take defaults
 * elsewhere, so dpkg never asks.
 */
const APT_OPTIONS = [
  '-o',
  'DPkg::Lock::Timeout=300',
  '-o',
  'Dpkg::Options::=--force-confdef',
  '-o',
  'Dpkg::Options::=--force-confold',
];

export function aptInstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const id = requirePackageId(variant, PackageIdSyntax.debian);
  return {
    file: 'apt-get',
    args: ['install', '-y', '--no-install-recommends', ...APT_OPTIONS, id],
    env: { ...APT_ENV },
    timeoutMs: installTimeoutMs(variant),
  };
}

export function aptUninstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const id = requirePackageId(variant, PackageIdSyntax.debian);
  return {
    file: 'apt-get',
    args: ['remove', '-y', ...APT_OPTIONS, id],
    env: { ...APT_ENV },
    timeoutMs: installTimeoutMs(variant),
  };
}

export const AptExitCodes = exitCodeTable([
  [0, E.success],
  [100, E.failure('apt-get failed: unknown package, unmet dependencies, or the package database is locked')],
]);

export function mapAptExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, AptExitCodes, 'apt-get');
}

export const aptBackend: InstallBackend = {
  kind: 'apt',
  platforms: ['linux'],
  install: aptInstall,
  uninstall: aptUninstall,
  mapExitCode: mapAptExitCode,
};
