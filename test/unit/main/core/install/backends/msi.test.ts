import { msiBackend } from '../../../../../../src/main/core/install/backends/msi';
import { variant, windowsCtx } from '../fixtures';

const v = variant({ kind: 'msi', artifact: { sha256: 'a'.repeat(64), sizeBytes: 1, fileName: 'app.msi' } });
const staging = 'C:\\ProgramData\\Pasang\\staging\\job-1';

describe('msiBackend', () => {
  describe('install', () => {
    it('runs msiexec /i quietly, without restarting, with a verbose log in the staging folder', () => {
      expect(msiBackend.install(v, windowsCtx)).toEqual({
        file: 'msiexec',
        args: ['/i', `${staging}\\app.msi`, '/qn', '/norestart', '/L*v', `${staging}\\msiexec-install.log`],
        timeoutMs: 3_600_000,
      });
    });

    it('appends the variant MSI properties after the fixed switches', () => {
      const inv = msiBackend.install({ ...v, args: ['ALLUSERS=1', 'INSTALLDIR=C:\\Apps\\X'] }, windowsCtx);
      expect(inv.args.slice(-2)).toEqual(['ALLUSERS=1', 'INSTALLDIR=C:\\Apps\\X']);
    });

    it.each([undefined, 'app.msi', '-i evil.msi'])('refuses the artifact path %j (not absolute)', (artifactPath) => {
      expect(() => msiBackend.install(v, { ...windowsCtx, artifactPath })).toThrow(
        expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
      );
    });
  });

  describe('uninstall', () => {
    it('removes by the .msi when the job has it', () => {
      expect(msiBackend.uninstall(v, windowsCtx).args).toEqual([
        '/x',
        `${staging}\\app.msi`,
        '/qn',
        '/norestart',
        '/L*v',
        `${staging}\\msiexec-uninstall.log`,
      ]);
    });

    it('removes by product code, adding the braces the package-id pattern cannot carry', () => {
      const byCode = { ...v, packageId: '23170f69-40c1-2702-2409-000001000000' };
      expect(msiBackend.uninstall(byCode, { ...windowsCtx, artifactPath: undefined }).args.slice(0, 2)).toEqual([
        '/x',
        '{23170F69-40C1-2702-2409-000001000000}',
      ]);
    });

    it('refuses when it has neither the .msi nor a product code', () => {
      expect(() =>
        msiBackend.uninstall({ ...v, packageId: 'Some.App' }, { ...windowsCtx, artifactPath: undefined }),
      ).toThrow(expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }));
    });
  });

  describe('mapExitCode', () => {
    it.each([
      [0, 'success'],
      [3010, 'reboot-required'],
      [1641, 'reboot-required'],
      [1618, 'retry-later'],
      [1602, 'failure'],
      [1603, 'failure'],
      [1619, 'failure'],
      [1620, 'failure'],
      [1633, 'failure'],
      [1638, 'failure'],
      [5, 'failure'],
    ])('maps %i to %s', (code, outcome) => {
      expect(msiBackend.mapExitCode(code, v).outcome).toBe(outcome);
    });

    it('explains the common failures in English', () => {
      expect(msiBackend.mapExitCode(1603, v)).toEqual({
        outcome: 'failure',
        code: 1603,
        reason: 'fatal error during installation',
      });
      expect(msiBackend.mapExitCode(1618, v)).toEqual({
        outcome: 'retry-later',
        code: 1618,
        reason: 'another installation is already in progress',
      });
      expect(msiBackend.mapExitCode(3010, v)).toEqual({ outcome: 'reboot-required', code: 3010 });
    });

    it('names the tool and the code for an unknown failure', () => {
      expect(msiBackend.mapExitCode(5, v)).toMatchObject({ reason: 'msiexec exited with code 5' });
    });
  });
});
