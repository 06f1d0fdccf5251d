/**
 * The contract every install backend keeps: from an approved variant, build the argv to install or uninstall it (never
 * a shell string) and read the installer's exit code through one table per backend. Backends start nothing
 * themselves: the install engine runs the Invocation through the CommandRunner, so timeouts and output caps apply to all.
 *
 * Exceptions to "an Invocation per action": `archive` needs its folder prepared first (`prepare`), and its uninstall
 * is `removeArchiveTarget` from ./archive, a file-system operation with no portable argv (no `rm` on Windows, and a
 * shell is not allowed).
 */
import type { InstallerKind, InstallerVariant } from '../../../../shared/install/manifest';
import type { DpkgOptions } from '../dpkgOptions';

export interface InstallContext {
  /** The verified artifact, for kinds that have one (msi, exe, deb, pkg, archive): an absolute path. */
  artifactPath?: string;
  /** The job's private staging folder (logs go here, e.g. msiexec's verbose log). */
  stagingDir: string;
  /** The OS the Invocation is for: decides path flavour (`C:\` or `/`). */
  platform: NodeJS.Platform;
  /** dpkg's root/admindir/instdir, from the agent's own configuration (tests use an isolated root). */
  dpkg?: DpkgOptions;
  /** Expands `%VAR%` in Windows paths (uninstallers, archive folders). @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface Invocation {
  file: string;
  args: string[];
  /** Variables to set on top of the service's own environment (the caller merges them). */
  env?: Record<string, string>;
  timeoutMs: number;
}

export type ExitOutcome =
  | { outcome: 'success' }
  | { outcome: 'reboot-required'; code: number }
  | { outcome: 'retry-later'; code: number; reason: string }
  | { outcome: 'failure'; code: number; reason: string };

export interface InstallBackend {
  kind: InstallerKind;
  /** OS families the backend runs on. */
  platforms: readonly NodeJS.Platform[];
  /**
   * Work to do before the install Invocation runs, when the kind needs any (archive: create and claim the target
   * folder). Throws a PasangError when the variant cannot be installed safely.
   */
  prepare?(variant: InstallerVariant, ctx: InstallContext): Promise<void>;
  /** Throws PasangError UNSAFE_PACKAGE_ID or INSTALLER_INPUT_INVALID when the variant cannot be run safely. */
  install(variant: InstallerVariant, ctx: InstallContext): Invocation;
  /** Same errors as `install`, and UNSUPPORTED_INSTALLER when the kind has no uninstall Invocation. */
  uninstall(variant: InstallerVariant, ctx: InstallContext): Invocation;
  /** One table per backend. `null` (killed by a signal, never started) is a failure with code -1. */
  mapExitCode(code: number | null, variant: InstallerVariant): ExitOutcome;
}

/** SECURITY.md item 4: installers get one hour unless the variant says otherwise. */
export const DEFAULT_INSTALL_TIMEOUT_SEC = 3600;

export function installTimeoutMs(variant: InstallerVariant): number {
  return (variant.timeoutSec ?? DEFAULT_INSTALL_TIMEOUT_SEC) * 1000;
}
