/**
 * The checked inputs a backend builds argv from: package ids (defence in depth: the schema already refuses shell
 * metacharacters and leading dashes, but a backend must not trust that it ran), artifact and folder paths.
 */
import path from 'node:path';
import { ErrorCodes, PasangError } from '../../../../shared/errors';
import { PackageIdSchema, type InstallerVariant } from '../../../../shared/install/manifest';
import { expandWindowsVars } from '../expandWindowsVars';
import type { InstallContext } from './backend';

/** The manifest's own pattern, so the two can never disagree. */
const ManifestPackageId = new RegExp(PackageIdSchema.pattern ?? '^$');
const MAX_PACKAGE_ID_LENGTH = PackageIdSchema.maxLength ?? 200;

/** Stricter per-tool syntaxes: each refuses what its tool would read as something other than a name. */
export const PackageIdSyntax = {
  /** Debian names (policy 5.6.7) with an optional `:arch` and `/release`; never a `*.deb` path apt would open. */
  debian: /^(?!.*\.(?:deb|dsc|changes)$)[a-z0-9][a-z0-9+.-]+(?::[a-z0-9-]+)?(?:\/[A-Za-z0-9.~+-]+)?$/,
  winget: /^[A-Za-z0-9][A-Za-z0-9._+-]*$/,
  choco: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  /** Formulae and casks, tapped ones as `user/tap/name`, versioned ones as `name@3.12`. */
  brew: /^[A-Za-z0-9][A-Za-z0-9._+@-]*(?:\/[A-Za-z0-9._+@-]+){0,2}$/,
} as const;

export function isSafePackageId(id: string, syntax?: RegExp): boolean {
  return (
    id.length > 0 &&
    id.length <= MAX_PACKAGE_ID_LENGTH &&
    ManifestPackageId.test(id) &&
    (syntax === undefined || syntax.test(id))
  );
}

/** Throws UNSAFE_PACKAGE_ID for an id that could be read as an option or a shell word. */
export function assertSafePackageId(id: string, syntax?: RegExp): string {
  if (!isSafePackageId(id, syntax)) {
    throw new PasangError(ErrorCodes.UNSAFE_PACKAGE_ID, `refused package id ${JSON.stringify(id)}`);
  }
  return id;
}

export function requirePackageId(variant: InstallerVariant, syntax?: RegExp): string {
  if (variant.packageId === undefined) {
    throw new PasangError(ErrorCodes.INSTALLER_INPUT_INVALID, `a ${variant.kind} variant needs a packageId`);
  }
  return assertSafePackageId(variant.packageId, syntax);
}

/** `path.win32` or `path.posix`: an Invocation is built for its target OS, which in tests is not the host's. */
export function platformPath(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** An absolute path on the target OS (after `%VAR%` expansion on Windows), so it can never read as an option. */
export function requireAbsolutePath(
  value: string | undefined,
  what: string,
  ctx: Pick<InstallContext, 'platform' | 'env'>,
): string {
  if (value === undefined || value === '') {
    throw new PasangError(ErrorCodes.INSTALLER_INPUT_INVALID, `${what} is missing`);
  }
  const expanded = ctx.platform === 'win32' ? expandWindowsVars(value, ctx.env ?? process.env) : value;
  if (!platformPath(ctx.platform).isAbsolute(expanded) || /[\0\r\n]/.test(expanded)) {
    throw new PasangError(ErrorCodes.INSTALLER_INPUT_INVALID, `${what} must be an absolute path: ${value}`);
  }
  return expanded;
}

export function requireArtifactPath(variant: InstallerVariant, ctx: InstallContext): string {
  return requireAbsolutePath(ctx.artifactPath, `the ${variant.kind} artifact path`, ctx);
}
