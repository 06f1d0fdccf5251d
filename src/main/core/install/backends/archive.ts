/**
 * Archives unpacked into a folder: `tar -xf file -C targetDir` (GNU tar on Linux, bsdtar on macOS and on Windows 10+,
 * where bsdtar also reads .zip). An archive install owns its folder: `prepareArchiveTarget` creates it and leaves a
 * marker, refuses a non-empty folder without one, and empties its own folder before a reinstall; uninstall is
 * `removeArchiveTarget`, which deletes only a folder carrying the marker. Both tars refuse `..` members and strip
 * leading `/` unless told otherwise, so an archive cannot write outside the folder.
 */
import fs from 'node:fs';
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
import { platformPath, requireAbsolutePath, requireArtifactPath } from './variantInputs';

/** Written into every folder an archive install unpacks to: the proof that deleting it is ours to do. */
export const ARCHIVE_MARKER = '.pasang-archive';

/**
 * The target folder, absolute and at least two levels deep: a server typo such as `/opt` or `C:\` must never become a
 * folder we empty or delete.
 */
export function archiveTargetDir(variant: InstallerVariant, ctx: Pick<InstallContext, 'platform' | 'env'>): string {
  const p = platformPath(ctx.platform);
  const raw = requireAbsolutePath(variant.targetDir, 'the archive target folder (targetDir)', ctx);
  if (raw.split(/[\\/]/).includes('..')) {
    throw new PasangError(ErrorCodes.INSTALLER_INPUT_INVALID, `the archive target folder may not contain "..": ${raw}`);
  }
  const dir = p.normalize(raw);
  const { root } = p.parse(dir);
  const depth = dir.slice(root.length).split(p.sep).filter(Boolean).length;
  if (depth < 2) {
    throw new PasangError(
      ErrorCodes.INSTALLER_INPUT_INVALID,
      `the archive target folder is too close to the root: ${raw}`,
    );
  }
  return dir.length > root.length && dir.endsWith(p.sep) ? dir.slice(0, -1) : dir;
}

/** Creates and claims the folder; a folder that is ours is emptied so a reinstall leaves no stale files. */
export async function prepareArchiveTarget(variant: InstallerVariant, ctx: InstallContext): Promise<void> {
  const dir = archiveTargetDir(variant, ctx);
  const p = platformPath(ctx.platform);
  await fs.promises.mkdir(dir, { recursive: true });
  const entries = await fs.promises.readdir(dir);
  if (entries.length > 0) {
    if (!entries.includes(ARCHIVE_MARKER)) {
      throw new PasangError(
        ErrorCodes.INSTALLER_INPUT_INVALID,
        `the archive target folder is not empty and was not unpacked by Pasang: ${dir}`,
      );
    }
    for (const entry of entries) await fs.promises.rm(p.join(dir, entry), { recursive: true, force: true });
  }
  await fs.promises.writeFile(p.join(dir, ARCHIVE_MARKER), 'Unpacked by Pasang: uninstalling deletes this folder.\n');
}

export function archiveInstall(variant: InstallerVariant, ctx: InstallContext): Invocation {
  const archive = requireArtifactPath(variant, ctx);
  // Running as root, GNU tar would keep the archive's owners; the files should belong to the service's user.
  return {
    file: 'tar',
    args: ['-x', '--no-same-owner', '-f', archive, '-C', archiveTargetDir(variant, ctx)],
    timeoutMs: installTimeoutMs(variant),
  };
}

/** There is no portable argv to delete a folder without a shell: archive uninstall is `removeArchiveTarget`. */
export function archiveUninstall(_variant: InstallerVariant, _ctx: InstallContext): Invocation {
  throw new PasangError(
    ErrorCodes.UNSUPPORTED_INSTALLER,
    'an archive has no uninstall command: call removeArchiveTarget() instead',
  );
}

/** Deletes the folder an archive install made. Gone already: done. Without the marker: refused, nothing deleted. */
export async function removeArchiveTarget(
  variant: InstallerVariant,
  ctx: Pick<InstallContext, 'platform' | 'env'>,
): Promise<void> {
  const dir = archiveTargetDir(variant, ctx);
  if (!fs.existsSync(dir)) return;
  if (!fs.existsSync(platformPath(ctx.platform).join(dir, ARCHIVE_MARKER))) {
    throw new PasangError(ErrorCodes.INSTALLER_INPUT_INVALID, `not removing ${dir}: it was not unpacked by Pasang`);
  }
  try {
    await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    throw new PasangError(ErrorCodes.INSTALL_FAILED, `could not remove ${dir}`, { cause: err });
  }
}

export const ArchiveExitCodes = exitCodeTable([
  [0, E.success],
  [1, E.failure('tar: some files differ from the archive')],
  [2, E.failure('tar: fatal error (unreadable or corrupt archive, or the folder is not writable)')],
]);

export function mapArchiveExitCode(code: number | null, variant: InstallerVariant): ExitOutcome {
  return mapExitCodeWithTable(code, variant, ArchiveExitCodes, 'tar');
}

export const archiveBackend: InstallBackend = {
  kind: 'archive',
  platforms: ['win32', 'linux', 'darwin'],
  prepare: prepareArchiveTarget,
  install: archiveInstall,
  uninstall: archiveUninstall,
  mapExitCode: mapArchiveExitCode,
};
