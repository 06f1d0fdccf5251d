/**
 * Homebrew formulae and casks: `brew install X` / `brew uninstall X`, with auto-update and hints off so a job does
 * one thing and prints only what matters. Homebrew refuses to run as root: the caller must run it as the user who
 * owns the Homebrew prefix.
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

export const BREW_ENV = { HOMEBREW_NO_AUTO_UPDATE: '1', HOMEBREW_NO_ENV_HINTS: '1', NONINTERACTIVE: '1' } as const;

export function brewInstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const name = requirePackageId(variant, PackageIdSyntax.brew);
  return { file: 'brew', args: ['install', name], env: { ...BREW_ENV }, timeoutMs: installTimeoutMs(variant) };
}

export function brewUninstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const name = requirePackageId(variant, PackageIdSyntax.brew);
  return { file: 'brew', args: ['uninstall', name], env: { ...BREW_ENV }, timeoutMs: installTimeoutMs(variant) };
}

export const BrewExitCodes = exitCodeTable([
  [0, E.success],
  [1, E.failure('brew failed (unknown formula, download or build error; see its output)')],
]);

export function mapBrewExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, BrewExitCodes, 'brew');
}

export const brewBackend: InstallBackend = {
  kind: 'brew',
  platforms: ['darwin'],
  install: brewInstall,
  uninstall: brewUninstall,
  mapExitCode: mapBrewExitCode,
};
