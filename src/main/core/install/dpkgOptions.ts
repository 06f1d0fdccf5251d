/**
 * Where dpkg and dpkg-query look: the real system by default, or an isolated root for tests. These come from the
 * agent's own configuration, never from a server-sent variant: the server must not choose where dpkg writes.
 */
import path from 'node:path';
import { ErrorCodes, PasangError } from '../../../shared/errors';

export interface DpkgOptions {
  /** Install under this directory instead of `/`; dpkg then uses `ROOT/var/lib/dpkg` as its database. */
  root?: string;
  /** The package database, instead of `/var/lib/dpkg` (or `ROOT/var/lib/dpkg`). */
  admindir?: string;
  /** Where package files are unpacked, without moving the database. */
  instdir?: string;
  /**
   * `--force-THING` names for dpkg (not dpkg-query), e.g. `['not-root', 'script-chrootless']` when a fake root has no
   * shell to chroot into or the agent is not root. @default none
   */
  force?: string[];
  /** dpkg's action log; `/dev/null` keeps a test out of `/var/log/dpkg.log`. @default dpkg's own */
  log?: string;
}

const ForceName = /^[a-z][a-z-]*$/;

function absolute(value: string, name: string): string {
  if (!path.isAbsolute(value)) {
    throw new PasangError(ErrorCodes.INSTALLER_INPUT_INVALID, `dpkg ${name} must be an absolute path: ${value}`);
  }
  return value;
}

/**
 * The options to put before dpkg's action. dpkg-query knows only `--root` and `--admindir`; the rest apply to dpkg.
 * The `--opt=value` form keeps each option and its value one argv element, so a value can never read as an action.
 */
export function dpkgOptionArgs(options: DpkgOptions | undefined, tool: 'dpkg' | 'dpkg-query'): string[] {
  if (!options) return [];
  const args: string[] = [];
  if (options.root !== undefined) args.push(`--root=${absolute(options.root, 'root')}`);
  if (options.admindir !== undefined) args.push(`--admindir=${absolute(options.admindir, 'admindir')}`);
  if (tool === 'dpkg-query') return args;
  if (options.instdir !== undefined) args.push(`--instdir=${absolute(options.instdir, 'instdir')}`);
  if (options.log !== undefined) args.push(`--log=${absolute(options.log, 'log')}`);
  for (const thing of options.force ?? []) {
    if (!ForceName.test(thing)) {
      throw new PasangError(ErrorCodes.INSTALLER_INPUT_INVALID, `not a dpkg force option: ${JSON.stringify(thing)}`);
    }
    args.push(`--force-${thing}`);
  }
  return args;
}
