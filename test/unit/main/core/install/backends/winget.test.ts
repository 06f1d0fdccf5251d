import { isPasangError } from '../../../../../../src/shared/errors';
import { mapWingetExitCode, wingetBackend } from '../../../../../../src/main/core/install/backends/winget';
import { UnsafeIds, variant, windowsCtx } from '../fixtures';

const v = variant({ kind: 'winget', packageId: 'Mozilla.Firefox', timeoutSec: 600 });

describe('wingetBackend', () => {
  describe('install', () => {
    it('installs machine-wide, silently, by exact id, with every agreement accepted up front', () => {
      expect(wingetBackend.install(v, windowsCtx)).toEqual({
        file: 'winget',
        args: [
          'install',
          '--exact',
          '--id',
          'Mozilla.Firefox',
          '--silent',
          '--accept-package-agreements',
          '--accept-source-agreements',
          '--disable-interactivity',
          '--scope',
          'machine',
        ],
        timeoutMs: 600_000,
      });
    });

    it('never skips the installer hash check, even when the variant asks for it in args', () => {
      const inv = wingetBackend.install({ ...v, args: ['--ignore-security-hash', '--override', '/x'] }, windowsCtx);
      expect(inv.args).not.toContain('--ignore-security-hash');
      expect(inv.args).not.toContain('--override');
    });

    it('uses the one-hour default timeout when the variant has none', () => {
      expect(wingetBackend.install(variant({ kind: 'winget', packageId: 'Git.Git' }), windowsCtx).timeoutMs).toBe(
        3_600_000,
      );
    });

    it.each(UnsafeIds)('refuses the id %j with UNSAFE_PACKAGE_ID', (id) => {
      expect(() => wingetBackend.install({ ...v, packageId: id }, windowsCtx)).toThrow(
        expect.objectContaining({ code: 'UNSAFE_PACKAGE_ID' }),
      );
    });

    it('refuses a variant without a packageId with INSTALLER_INPUT_INVALID', () => {
      let error: unknown;
      try {
        wingetBackend.install(variant({ kind: 'winget' }), windowsCtx);
      } catch (err) {
        error = err;
      }
      expect(isPasangError(error, 'INSTALLER_INPUT_INVALID')).toBe(true);
    });
  });

  describe('uninstall', () => {
    it('uninstalls by exact id, silently, machine-wide', () => {
      expect(wingetBackend.uninstall(v, windowsCtx)).toEqual({
        file: 'winget',
        args: [
          'uninstall',
          '--exact',
          '--id',
          'Mozilla.Firefox',
          '--silent',
          '--accept-source-agreements',
          '--disable-interactivity',
          '--scope',
          'machine',
        ],
        timeoutMs: 600_000,
      });
    });
  });

  describe('mapExitCode', () => {
    it.each([
      [0, 'success'],
      [0x8a15002b, 'success'], // no applicable update: already installed
      [0x8a150061, 'success'], // package already installed
      [0x8a15010d, 'success'], // install: already installed
      [0x8a150109, 'reboot-required'],
      [0x8a15010b, 'reboot-required'],
      [3010, 'reboot-required'],
      [1641, 'reboot-required'],
      [0x8a150102, 'retry-later'], // another install in progress
      [0x8a150101, 'retry-later'], // application running
      [0x8a150103, 'retry-later'],
      [0x8a15010a, 'retry-later'],
      [1618, 'retry-later'],
      [0x8a150011, 'failure'], // hash mismatch
      [0x8a150014, 'failure'], // no package found
      [0x8a150010, 'failure'],
      [1, 'failure'],
    ])('maps %i to %s', (code, outcome) => {
      expect(mapWingetExitCode(code, v).outcome).toBe(outcome);
    });

    it('reads an HRESULT the same whether it arrives unsigned or signed', () => {
      expect(mapWingetExitCode(2316632081, v)).toEqual(mapWingetExitCode(-1978335215, v));
      expect(mapWingetExitCode(-1978335215, v)).toEqual({
        outcome: 'failure',
        code: -1978335215,
        reason: "the installer's hash does not match the manifest: refused",
      });
    });

    it('gives a failure a reason in English', () => {
      expect(mapWingetExitCode(0x8a150014, v)).toMatchObject({ reason: 'no package found with this id' });
    });

    it("counts the variant's successExitCodes as success", () => {
      expect(mapWingetExitCode(0x8a150014, { ...v, successExitCodes: [-1978335212] }).outcome).toBe('success');
    });
  });
});
