/**
 * macOS installer packages: `installer -pkg file -target /`. macOS has no uninstall for a .pkg (pkgutil only forgets
 * receipts), so uninstall runs the uninstaller the variant names in `targetDir`, or is unsupported.
 */
import { ErrorCodes, PasangError } from '../../../../shared/errors';
import type { InstallerVariant } from '../../../../shared/install/manifest';
import {
  installTimeoutMs,
  type ExitOutcome,
  type InstallBackend,
  type InstallContext,
  type Invocation,
} from './backend';
import { ExitCodeEntries as E, exitCodeTable, mapExitCodeWithTable } from './exitCodeTable';
import { requireAbsolutePath, requireArtifactPath } from './variantInputs';

export function pkgInstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  return {
    file: 'installer',
    args: ['-pkg', requireArtifactPath(variant, ctx), '-target', '/'],
    timeoutMs: installTimeoutMs(variant),
  };
}

export function pkgUninstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  if (variant.targetDir === undefined) {
    throw new PasangError(
      ErrorCodes.UNSUPPORTED_INSTALLER,
      'a macOS .pkg cannot be uninstalled without an uninstaller path (targetDir)',
    );
  }
  return {
    file: requireAbsolutePath(variant.targetDir, 'the uninstaller path (targetDir)', ctx),
    args: [...(variant.uninstallArgs ?? [])],
    timeoutMs: installTimeoutMs(variant),
  };
}

export const PkgExitCodes = exitCodeTable([
  [0, E.success],
  [1, E.failure('installer failed (see its output; /var/log/install.log has the details)')],
]);

export function mapPkgExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, PkgExitCodes, 'installer');
}

export const pkgBackend: InstallBackend = {
  kind: 'pkg',
  platforms: ['darwin'],
  install: pkgInstall,
  uninstall: pkgUninstall,
  mapExitCode: mapPkgExitCode,
};
