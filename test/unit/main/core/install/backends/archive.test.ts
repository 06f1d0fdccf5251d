import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ARCHIVE_MARKER,
  archiveBackend,
  archiveTargetDir,
  prepareArchiveTarget,
  removeArchiveTarget,
} from '../../../../../../src/main/core/install/backends/archive';
import type { InstallContext } from '../../../../../../src/main/core/install/backends/backend';
import { detect } from '../../../../../../src/main/core/install/detect';
import { createCommandRunner } from '../../../../../../src/main/core/process/commandRunner';
import { linuxCtx, variant, windowsCtx } from '../fixtures';

const v = variant({ os: 'linux', kind: 'archive', targetDir: '/opt/pasang/tool' });

describe('archiveBackend', () => {
  describe('argv', () => {
    it('unpacks with tar into the target folder, not keeping the archive owners', () => {
      expect(archiveBackend.install(v, { ...linuxCtx, artifactPath: '/staging/tool.tar.gz' })).toEqual({
        file: 'tar',
        args: ['-x', '--no-same-owner', '-f', '/staging/tool.tar.gz', '-C', '/opt/pasang/tool'],
        timeoutMs: 3_600_000,
      });
    });

    it('uses the Windows tar (bsdtar) with Windows paths, expanding %VAR%', () => {
      const win = { ...v, os: 'windows' as const, targetDir: '%ProgramFiles%\\Tools\\App' };
      expect(archiveBackend.install(win, { ...windowsCtx, artifactPath: 'C:\\Staging\\app.zip' }).args).toEqual([
        '-x',
        '--no-same-owner',
        '-f',
        'C:\\Staging\\app.zip',
        '-C',
        'C:\\Program Files\\Tools\\App',
      ]);
    });

    it('has no uninstall command: removeArchiveTarget does it', () => {
      expect(() => archiveBackend.uninstall(v, linuxCtx)).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED_INSTALLER' }),
      );
    });

    it.each([
      [undefined, 'linux'],
      ['relative/dir', 'linux'],
      ['/', 'linux'],
      ['/opt', 'linux'],
      ['/opt/', 'linux'],
      ['/opt/x/../..', 'linux'],
      ['/opt/../etc/x', 'linux'],
      ['C:\\', 'win32'],
      ['C:\\Program Files', 'win32'],
      ['%ProgramFiles%', 'win32'],
      ['D:relative\\x', 'win32'],
    ] as const)('refuses the target folder %j on %s', (targetDir, platform) => {
      expect(() => archiveTargetDir({ ...v, targetDir }, { platform, env: windowsCtx.env })).toThrow(
        expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
      );
    });

    it('normalizes the folder it accepts', () => {
      expect(archiveTargetDir({ ...v, targetDir: '/opt//pasang/./tool/' }, linuxCtx)).toBe('/opt/pasang/tool');
    });

    it.each([
      [0, 'success'],
      [1, 'failure'],
      [2, 'failure'],
    ])('maps %i to %s', (code, outcome) => {
      expect(archiveBackend.mapExitCode(code, v).outcome).toBe(outcome);
    });
  });

  (process.platform === 'win32' ? describe.skip : describe)('for real, with tar', () => {
    const runner = createCommandRunner();
    let work: string;
    beforeEach(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-archive-'));
    });
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    /** A .tar.gz holding tool/bin/tool and tool/README, as a vendor would ship it. */
    function makeTarGz(): string {
      const src = path.join(work, 'src');
      fs.mkdirSync(path.join(src, 'bin'), { recursive: true });
      fs.writeFileSync(path.join(src, 'bin', 'tool'), '#!/bin/sh\necho tool 1.0\n', { mode: 0o755 });
      fs.writeFileSync(path.join(src, 'README'), 'read me\n');
      const out = path.join(work, 'tool.tar.gz');
      execFileSync('tar', ['-czf', out, '-C', src, '.']);
      return out;
    }

    it('prepares the folder, unpacks, is detected by a file rule, and uninstalls', async () => {
      const targetDir = path.join(work, 'apps', 'tool');
      const tool = { ...v, targetDir, detection: { kind: 'file' as const, path: path.join(targetDir, 'bin', 'tool') } };
      const ctx: InstallContext = { platform: process.platform, stagingDir: work, artifactPath: makeTarGz() };
      const deps = { runner, platform: process.platform };
      expect(await detect(tool.detection, deps)).toMatchObject({ installed: false });

      await archiveBackend.prepare!(tool, ctx);
      const inv = archiveBackend.install(tool, ctx);
      const result = await runner.run(inv.file, inv.args, { timeoutMs: inv.timeoutMs });
      expect(archiveBackend.mapExitCode(result.exitCode, tool)).toEqual({ outcome: 'success' });
      expect(fs.readFileSync(path.join(targetDir, 'README'), 'utf8')).toBe('read me\n');
      expect(fs.statSync(path.join(targetDir, 'bin', 'tool')).mode & 0o111).not.toBe(0);
      expect(await detect(tool.detection, deps)).toMatchObject({ installed: true });

      await removeArchiveTarget(tool, ctx);
      expect(fs.existsSync(targetDir)).toBe(false);
      expect(await detect(tool.detection, deps)).toMatchObject({ installed: false });
      // Removing what is already gone is done, not an error.
      await expect(removeArchiveTarget(tool, ctx)).resolves.toBeUndefined();
    });

    it('empties its own folder before a reinstall, so no stale file survives', async () => {
      const targetDir = path.join(work, 'apps', 'tool');
      const tool = { ...v, targetDir };
      const ctx: InstallContext = { platform: process.platform, stagingDir: work };
      await prepareArchiveTarget(tool, ctx);
      fs.writeFileSync(path.join(targetDir, 'stale.dll'), 'old');
      await prepareArchiveTarget(tool, ctx);
      expect(fs.readdirSync(targetDir)).toEqual([ARCHIVE_MARKER]);
    });

    it('refuses to unpack into, or delete, a folder it did not make', async () => {
      const targetDir = path.join(work, 'theirs');
      fs.mkdirSync(targetDir);
      fs.writeFileSync(path.join(targetDir, 'precious.txt'), 'keep me');
      const tool = { ...v, targetDir };
      const ctx: InstallContext = { platform: process.platform, stagingDir: work };

      await expect(prepareArchiveTarget(tool, ctx)).rejects.toMatchObject({ code: 'INSTALLER_INPUT_INVALID' });
      await expect(removeArchiveTarget(tool, ctx)).rejects.toMatchObject({ code: 'INSTALLER_INPUT_INVALID' });
      expect(fs.readFileSync(path.join(targetDir, 'precious.txt'), 'utf8')).toBe('keep me');
    });

    it('reports a corrupt archive as a tar failure', async () => {
      const targetDir = path.join(work, 'apps', 'broken');
      const junk = path.join(work, 'junk.tar.gz');
      fs.writeFileSync(junk, 'not gzip at all');
      const tool = { ...v, targetDir };
      const ctx: InstallContext = { platform: process.platform, stagingDir: work, artifactPath: junk };
      await archiveBackend.prepare!(tool, ctx);
      const inv = archiveBackend.install(tool, ctx);
      const result = await runner.run(inv.file, inv.args, { timeoutMs: inv.timeoutMs });
      expect(archiveBackend.mapExitCode(result.exitCode, tool)).toMatchObject({ outcome: 'failure', code: 2 });
    });

    it('never lets a member climb out of the folder with ".."', async () => {
      const src = path.join(work, 'evil');
      fs.mkdirSync(path.join(src, 'a'), { recursive: true });
      fs.writeFileSync(path.join(work, 'outside.txt'), 'from the archive');
      fs.writeFileSync(path.join(src, 'a', 'f'), 'x');
      const evil = path.join(work, 'evil.tar');
      // GNU tar stores "a/../../outside.txt" as given when asked with -P; the extractor must still refuse it.
      execFileSync('tar', ['-cPf', evil, '-C', src, 'a/f', 'a/../../outside.txt'], { stdio: 'pipe' });
      expect(execFileSync('tar', ['-tPf', evil], { encoding: 'utf8', stdio: 'pipe' })).toContain('a/../../outside.txt');
      fs.writeFileSync(path.join(work, 'outside.txt'), 'original');
      const targetDir = path.join(work, 'apps', 'evil');
      const tool = { ...v, targetDir };
      const ctx: InstallContext = { platform: process.platform, stagingDir: work, artifactPath: evil };
      await archiveBackend.prepare!(tool, ctx);
      const inv = archiveBackend.install(tool, ctx);
      await runner.run(inv.file, inv.args, { timeoutMs: inv.timeoutMs });
      expect(fs.readFileSync(path.join(work, 'outside.txt'), 'utf8')).toBe('original');
      expect(fs.readFileSync(path.join(targetDir, 'a', 'f'), 'utf8')).toBe('x');
      // GNU tar strips the climbing prefix and unpacks the member inside the folder; bsdtar skips it.
      expect(['from the archive', undefined]).toContain(
        fs.existsSync(path.join(targetDir, 'outside.txt'))
          ? fs.readFileSync(path.join(targetDir, 'outside.txt'), 'utf8')
          : undefined,
      );
    });
  });
});
