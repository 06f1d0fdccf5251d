/**
 * Windows Installer packages: `msiexec /i file /qn /norestart` with a verbose log in the job's staging folder (the
 * first thing anyone asks for when an MSI fails), then the variant's MSI properties. Restarting is never ours to do.
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
import { platformPath, requireAbsolutePath, requireArtifactPath } from './variantInputs';

export const MSI_INSTALL_LOG = 'msiexec-install.log';
export const MSI_UNINSTALL_LOG = 'msiexec-uninstall.log';

const ProductCode = /^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/;

function logPath(ctx: InstallContext, name: string): string {
  return platformPath(ctx.platform).join(requireAbsolutePath(ctx.stagingDir, 'the staging folder', ctx), name);
}

export function msiInstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  const msi = requireArtifactPath(variant, ctx);
  return {
    file: 'msiexec',
    args: ['/i', msi, '/qn', '/norestart', '/L*v', logPath(ctx, MSI_INSTALL_LOG), ...(variant.args ?? [])],
    timeoutMs: installTimeoutMs(variant),
  };
}

/**
 * What to remove: the .msi itself when the job has it, else the product code in packageId. The manifest's package-id
 * pattern has no braces, so a bare GUID is accepted there and given its braces here.
 */
function uninstallTarget(variant: InstallerVariant, ctx: InstallContext): string {
  if (ctx.artifactPath !== undefined) return requireArtifactPath(variant, ctx);
  const code = variant.packageId === undefined ? null : ProductCode.exec(variant.packageId);
  if (!code) {
    throw new PasangError(
      ErrorCodes.INSTALLER_INPUT_INVALID,
      'an msi uninstall needs the .msi artifact or a product code (GUID) as packageId',
    );
  }
  return `{${code[1]!.toUpperCase()}}`;
}

export function msiUninstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  return {
    file: 'msiexec',
    args: [
      '/x',
      uninstallTarget(variant, ctx),
      '/qn',
      '/norestart',
      '/L*v',
      logPath(ctx, MSI_UNINSTALL_LOG),
      ...(variant.uninstallArgs ?? []),
    ],
    timeoutMs: installTimeoutMs(variant),
  };
}

export const MsiExitCodes = exitCodeTable(WindowsInstallerCodes);

export function mapMsiExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, MsiExitCodes, 'msiexec');
}

export const msiBackend: InstallBackend = {
  kind: 'msi',
  platforms: ['win32'],
  install: msiInstall,
  uninstall: msiUninstall,
  mapExitCode: mapMsiExitCode,
};
