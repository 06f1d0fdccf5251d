/**
 * Debian packages from an uploaded .deb: `dpkg -i file` and `dpkg -r package`. Where dpkg writes (`--root`,
 * `--admindir`, `--instdir`) comes from the agent's context, never from the variant. dpkg resolves no dependencies:
 * a .deb that needs others fails with code 1 and stays unconfigured, as `dpkg -i` always does.
 */
import { ErrorCodes, PasangError } from '../../../../shared/errors';
import type { InstallerVariant } from '../../../../shared/install/manifest';
import { dpkgOptionArgs } from '../dpkgOptions';
import {
  installTimeoutMs,
  type ExitOutcome,
  type InstallBackend,
  type InstallContext,
  type Invocation,
} from './backend';
import { APT_ENV } from './apt';
import { ExitCodeEntries as E, exitCodeTable, mapExitCodeWithTable } from './exitCodeTable';
import { assertSafePackageId, PackageIdSyntax, requireArtifactPath } from './variantInputs';

/** Keep the admin's edited conffiles and take defaults elsewhere: dpkg must never stop to ask. */
const CONFFILE_POLICY = ['--force-confdef', '--force-confold'];

export function dpkgInstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  const deb = requireArtifactPath(variant, ctx);
  return {
    file: 'dpkg',
    args: [...dpkgOptionArgs(ctx.dpkg, 'dpkg'), ...CONFFILE_POLICY, '-i', deb],
    env: { ...APT_ENV },
    timeoutMs: installTimeoutMs(variant),
  };
}

/** The package to remove: packageId, else the package the variant's dpkg detection rule names. */
export function debPackageName(variant: InstallerVariant): string {
  const name = variant.packageId ?? (variant.detection.kind === 'dpkg' ? variant.detection.package : undefined);
  if (name === undefined) {
    throw new PasangError(
      ErrorCodes.INSTALLER_INPUT_INVALID,
      'a deb uninstall needs the package name: packageId or a dpkg detection rule',
    );
  }
  return assertSafePackageId(name, PackageIdSyntax.debian);
}

export function dpkgUninstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  return {
    file: 'dpkg',
    args: [...dpkgOptionArgs(ctx.dpkg, 'dpkg'), '-r', debPackageName(variant)],
    env: { ...APT_ENV },
    timeoutMs: installTimeoutMs(variant),
  };
}

export const DpkgExitCodes = exitCodeTable([
  [0, E.success],
  [1, E.failure('dpkg could not install or remove the package (unmet dependencies or a failing maintainer script)')],
  [2, E.failure('dpkg stopped with a fatal error (unreadable package, locked database, or bad arguments)')],
]);

export function mapDpkgExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, DpkgExitCodes, 'dpkg');
}

export const dpkgBackend: InstallBackend = {
  kind: 'deb',
  platforms: ['linux'],
  install: dpkgInstall,
  uninstall: dpkgUninstall,
  mapExitCode: mapDpkgExitCode,
};
