/**
 * Chocolatey: `choco install X -y` with `--require-checksums`, so a package whose download has no checksum is refused
 * rather than run. Codes: 0, 1641/3010 (reboot), 350/1604 (a reboot blocks it, with the exitOnRebootDetected feature).
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

export function chocoInstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const id = requirePackageId(variant, PackageIdSyntax.choco);
  return {
    file: 'choco',
    args: ['install', id, '-y', '--no-progress', '--require-checksums'],
    timeoutMs: installTimeoutMs(variant),
  };
}

export function chocoUninstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const id = requirePackageId(variant, PackageIdSyntax.choco);
  return { file: 'choco', args: ['uninstall', id, '-y', '--no-progress'], timeoutMs: installTimeoutMs(variant) };
}

export const ChocoExitCodes = exitCodeTable([
  [0, E.success],
  [3010, E.reboot],
  [1641, E.reboot],
  [350, E.retry('a reboot is pending; restart the PC, then retry')],
  [1604, E.retry('installation halted because a reboot is needed first')],
  [1618, E.retry('another installation is already in progress')],
  [1, E.failure('choco reported a failure (see its output)')],
  [-1, E.failure('choco reported a failure (see its output)')],
]);

export function mapChocoExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, ChocoExitCodes, 'choco');
}

export const chocoBackend: InstallBackend = {
  kind: 'choco',
  platforms: ['win32'],
  install: chocoInstall,
  uninstall: chocoUninstall,
  mapExitCode: mapChocoExitCode,
};
