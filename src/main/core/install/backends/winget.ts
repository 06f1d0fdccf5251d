/**
 * winget (Windows Package Manager): machine-wide, silent, exact-id installs from its configured sources. Never
 * `--ignore-security-hash`: winget checks the installer's hash against its manifest, and we keep that check.
 * Codes: https://github.com/microsoft/winget-cli/blob/master/src/AppInstallerSharedLib/Public/AppInstallerErrors.h
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

/** No prompt may wait for an answer nobody will give: a service has no console. */
const UNATTENDED = ['--accept-source-agreements', '--disable-interactivity'];

/**
 * variant.args are not passed: they are for exe installers, and here they could carry `--ignore-security-hash` or
 * `--override`. The same holds for every package-manager backend.
 */
export function wingetInstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const id = requirePackageId(variant, PackageIdSyntax.winget);
  return {
    file: 'winget',
    args: [
      'install',
      '--exact',
      '--id',
      id,
      '--silent',
      '--accept-package-agreements',
      ...UNATTENDED,
      '--scope',
      'machine',
    ],
    timeoutMs: installTimeoutMs(variant),
  };
}

export function wingetUninstall(variant: InstallerVariant, _ctx: InstallContext): Invocation {
  const id = requirePackageId(variant, PackageIdSyntax.winget);
  return {
    file: 'winget',
    args: ['uninstall', '--exact', '--id', id, '--silent', ...UNATTENDED, '--scope', 'machine'],
    timeoutMs: installTimeoutMs(variant),
  };
}

export const WingetExitCodes = exitCodeTable([
  [0, E.success],
  // Install of something already there: "no applicable update" (no newer version) and the explicit already-installed.
  [0x8a15002b, E.success], // APPINSTALLER_CLI_ERROR_UPDATE_NOT_APPLICABLE
  [0x8a150061, E.success], // APPINSTALLER_CLI_ERROR_PACKAGE_ALREADY_INSTALLED
  [0x8a15010d, E.success], // APPINSTALLER_CLI_ERROR_INSTALL_ALREADY_INSTALLED
  [0x8a150109, E.reboot], // APPINSTALLER_CLI_ERROR_INSTALL_REBOOT_REQUIRED_TO_FINISH
  [0x8a15010b, E.reboot], // APPINSTALLER_CLI_ERROR_INSTALL_REBOOT_INITIATED
  [3010, E.reboot],
  [1641, E.reboot],
  [0x8a150102, E.retry('another installation is already in progress')], // INSTALL_INSTALL_IN_PROGRESS
  [0x8a150101, E.retry('the application is running; it must be closed first')], // INSTALL_PACKAGE_IN_USE
  [0x8a150103, E.retry('one of its files is in use')], // INSTALL_FILE_IN_USE
  [0x8a150111, E.retry('the application is in use by another application')], // INSTALL_PACKAGE_IN_USE_BY_APPLICATION
  [0x8a15010a, E.retry('the PC must restart before this can be installed')], // INSTALL_REBOOT_REQUIRED_TO_INSTALL
  [0x8a150107, E.retry('the installer needs network access')], // INSTALL_NO_NETWORK
  [0x8a150008, E.retry('downloading the installer failed')], // DOWNLOAD_FAILED
  [1618, E.retry('another installation is already in progress')],
  [0x8a150001, E.failure('winget internal error')],
  [0x8a150002, E.failure('invalid command line arguments')],
  [0x8a150003, E.failure('executing the command failed')],
  [0x8a150010, E.failure('no installer applies to this system (architecture, or no machine-scope installer)')],
  [0x8a150011, E.failure("the installer's hash does not match the manifest: refused")],
  [0x8a150014, E.failure('no package found with this id')],
  [0x8a150015, E.failure('no sources are configured')],
  [0x8a150016, E.failure('several packages match this id')],
  [0x8a150019, E.failure('the command needs administrator rights')],
  [0x8a15002d, E.failure('the installer failed the security check')],
  [0x8a15002e, E.failure('the download size does not match the expected length')],
  [0x8a15002f, E.failure('no uninstall information was found')],
  [0x8a150030, E.failure('running the uninstall command failed')],
  [0x8a15003a, E.failure('blocked by Group Policy')],
  [0x8a150041, E.failure('the package agreements were not accepted')],
  [0x8a150046, E.failure('the source agreements were not accepted')],
  [0x8a150049, E.failure('running the MSI install failed')],
  [0x8a150056, E.failure('the installer cannot run from an administrator context')],
  [0x8a15005e, E.failure("the source's certificate did not match the pinned one")],
  [0x8a150104, E.failure('a dependency is missing from the system')],
  [0x8a150105, E.failure('the disk is full')],
  [0x8a150106, E.failure('not enough memory to install')],
  [0x8a150108, E.failure('the installer failed (contact the vendor)')],
  [0x8a15010c, E.failure('the installation was cancelled')],
  [0x8a15010e, E.failure('a higher version is already installed')],
  [0x8a15010f, E.failure('organization policy blocks this installation')],
  [0x8a150110, E.failure('installing its dependencies failed')],
  [0x8a150112, E.failure('the installer rejected a parameter')],
  [0x8a150113, E.failure('the package is not supported on this system')],
]);

export function mapWingetExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, WingetExitCodes, 'winget');
}

export const wingetBackend: InstallBackend = {
  kind: 'winget',
  platforms: ['win32'],
  install: wingetInstall,
  uninstall: wingetUninstall,
  mapExitCode: mapWingetExitCode,
};
