import { pkgBackend } from '../../../../../../src/main/core/install/backends/pkg';
import { macCtx, variant } from '../fixtures';

const v = variant({ os: 'macos', kind: 'pkg' });

describe('pkgBackend', () => {
  it('installs with installer -pkg onto the boot volume', () => {
    expect(pkgBackend.install(v, macCtx)).toEqual({
      file: 'installer',
      args: ['-pkg', '/Library/Application Support/Pasang/staging/job-1/App.pkg', '-target', '/'],
      timeoutMs: 3_600_000,
    });
  });

  it('uninstalls by running the uninstaller named in targetDir', () => {
    const inv = pkgBackend.uninstall(
      { ...v, targetDir: '/Applications/App.app/Contents/Resources/uninstall', uninstallArgs: ['--quiet'] },
      macCtx,
    );
    expect(inv).toEqual({
      file: '/Applications/App.app/Contents/Resources/uninstall',
      args: ['--quiet'],
      timeoutMs: 3_600_000,
    });
  });

  it('has no uninstall without an uninstaller (macOS keeps none for a .pkg)', () => {
    expect(() => pkgBackend.uninstall(v, macCtx)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_INSTALLER' }));
  });

  it('refuses a relative artifact path', () => {
    expect(() => pkgBackend.install(v, { ...macCtx, artifactPath: 'App.pkg' })).toThrow(
      expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
    );
  });

  it.each([
    [0, 'success'],
    [1, 'failure'],
  ])('maps %i to %s', (code, outcome) => {
    expect(pkgBackend.mapExitCode(code, v).outcome).toBe(outcome);
  });
});
