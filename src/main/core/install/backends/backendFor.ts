/** The one place that maps an installer kind to its backend, and refuses a kind this OS cannot run. */
import { ErrorCodes, PasangError } from '../../../../shared/errors';
import type { InstallerKind } from '../../../../shared/install/manifest';
import { aptBackend } from './apt';
import { archiveBackend } from './archive';
import type { InstallBackend } from './backend';
import { brewBackend } from './brew';
import { chocoBackend } from './choco';
import { dpkgBackend } from './dpkg';
import { exeBackend } from './exe';
import { msiBackend } from './msi';
import { pkgBackend } from './pkg';
import { wingetBackend } from './winget';

/** `satisfies` makes a new InstallerKind without a backend a compile error here. */
export const Backends = {
  winget: wingetBackend,
  choco: chocoBackend,
  msi: msiBackend,
  exe: exeBackend,
  apt: aptBackend,
  deb: dpkgBackend,
  brew: brewBackend,
  pkg: pkgBackend,
  archive: archiveBackend,
} as const satisfies Record<InstallerKind, InstallBackend>;

/**
 * The backend for `kind`; with `platform`, only when it runs there. Throws UNSUPPORTED_INSTALLER otherwise (a kind
 * from the wire is data, so an unknown one is a runtime fault, not a programmer error).
 */
export function backendFor(kind: InstallerKind, platform?: NodeJS.Platform): InstallBackend {
  const backend: InstallBackend | undefined = Object.hasOwn(Backends, kind) ? Backends[kind] : undefined;
  if (!backend)
    throw new PasangError(ErrorCodes.UNSUPPORTED_INSTALLER, `no installer backend for kind ${String(kind)}`);
  if (platform !== undefined && !backend.platforms.includes(platform)) {
    throw new PasangError(ErrorCodes.UNSUPPORTED_INSTALLER, `${kind} installers do not run on ${platform}`);
  }
  return backend;
}
