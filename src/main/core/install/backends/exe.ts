/**
 * Setup programs (.exe) run directly with the variant's silent switches. Uninstall runs the uninstaller named by
 * `targetDir` (e.g. `%ProgramFiles%\App\uninstall.exe`), or else the artifact itself with `uninstallArgs`.
 * Exit codes: most setup programs wrap msiexec or copy its conventions, so its table applies.
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
import { exitCodeTable, mapExitCodeWithTable, WindowsInstallerCodes } from './exitCodeTable';
import { requireAbsolutePath, requireArtifactPath } from './variantInputs';

/** Without its silent switches a setup program waits for clicks until the timeout: the variant must bring them. */
export function exeInstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  return {
    file: requireArtifactPath(variant, ctx),
    args: [...(variant.args ?? [])],
    timeoutMs: installTimeoutMs(variant),
  };
}

export function exeUninstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  if (variant.targetDir !== undefined) {
    return {
      file: requireAbsolutePath(variant.targetDir, 'the uninstaller path (targetDir)', ctx),
      args: [...(variant.uninstallArgs ?? [])],
      timeoutMs: installTimeoutMs(variant),
    };
  }
  // The setup program itself, run again without uninstall switches, would install once more: refuse that.
  if (variant.uninstallArgs === undefined || variant.uninstallArgs.length === 0) {
    throw new PasangError(
      ErrorCodes.INSTALLER_INPUT_INVALID,
      'an exe uninstall needs an uninstaller path (targetDir) or uninstallArgs for the setup program',
    );
  }
  return {
    file: requireArtifactPath(variant, ctx),
    args: [...variant.uninstallArgs],
    timeoutMs: installTimeoutMs(variant),
  };
}

export const ExeExitCodes = exitCodeTable(WindowsInstallerCodes);

export function mapExeExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, ExeExitCodes, 'the setup program');
}

export const exeBackend: InstallBackend = {
  kind: 'exe',
  platforms: ['win32'],
  install: exeInstall,
  uninstall: exeUninstall,
  mapExitCode: mapExeExitCode,
};
