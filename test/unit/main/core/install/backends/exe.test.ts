import { exeBackend } from '../../../../../../src/main/core/install/backends/exe';
import { variant, windowsCtx } from '../fixtures';

const ctx = { ...windowsCtx, artifactPath: 'C:\\Staging\\setup.exe' };
const v = variant({ kind: 'exe', args: ['/S'], uninstallArgs: ['/S', '/uninstall'] });

describe('exeBackend', () => {
  it('runs the verified setup program itself with the variant silent switches', () => {
    expect(exeBackend.install(v, ctx)).toEqual({ file: 'C:\\Staging\\setup.exe', args: ['/S'], timeoutMs: 3_600_000 });
  });

  it('runs the uninstaller named by targetDir, expanding %VAR%', () => {
    const inv = exeBackend.uninstall({ ...v, targetDir: '%ProgramFiles%\\App\\uninst.exe' }, ctx);
    expect(inv).toEqual({
      file: 'C:\\Program Files\\App\\uninst.exe',
      args: ['/S', '/uninstall'],
      timeoutMs: 3_600_000,
    });
  });

  it('falls back to the setup program with uninstallArgs', () => {
    expect(exeBackend.uninstall(v, ctx).file).toBe('C:\\Staging\\setup.exe');
  });

  it('refuses to run the setup program again without uninstall switches (it would install again)', () => {
    expect(() => exeBackend.uninstall({ ...v, uninstallArgs: undefined }, ctx)).toThrow(
      expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
    );
  });

  it('refuses an uninstaller path that is not absolute once expanded', () => {
    expect(() => exeBackend.uninstall({ ...v, targetDir: '%NOPE%\\uninst.exe' }, ctx)).toThrow(
      expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
    );
  });

  it.each([
    [0, 'success'],
    [3010, 'reboot-required'],
    [1641, 'reboot-required'],
    [1618, 'retry-later'],
    [1603, 'failure'],
    [2, 'failure'],
  ])('maps %i to %s with the Windows Installer table', (code, outcome) => {
    expect(exeBackend.mapExitCode(code, v).outcome).toBe(outcome);
  });

  it("counts the variant's successExitCodes as success (an Inno Setup 8 the vendor documents as fine)", () => {
    expect(exeBackend.mapExitCode(8, { ...v, successExitCodes: [8] })).toEqual({ outcome: 'success' });
  });
});
