import { brewBackend } from '../../../../../../src/main/core/install/backends/brew';
import { macCtx, UnsafeIds, variant } from '../fixtures';

const v = variant({ os: 'macos', kind: 'brew', packageId: 'wget' });
const env = { HOMEBREW_NO_AUTO_UPDATE: '1', HOMEBREW_NO_ENV_HINTS: '1', NONINTERACTIVE: '1' };

describe('brewBackend', () => {
  it('installs with brew install, without auto-update', () => {
    expect(brewBackend.install(v, macCtx)).toEqual({
      file: 'brew',
      args: ['install', 'wget'],
      env,
      timeoutMs: 3_600_000,
    });
  });

  it('uninstalls with brew uninstall', () => {
    expect(brewBackend.uninstall(v, macCtx)).toEqual({
      file: 'brew',
      args: ['uninstall', 'wget'],
      env,
      timeoutMs: 3_600_000,
    });
  });

  it.each(['python@3.12', 'homebrew/cask/firefox', 'user/tap/tool'])('accepts the name %j', (id) => {
    expect(brewBackend.install({ ...v, packageId: id }, macCtx).args).toEqual(['install', id]);
  });

  it.each([...UnsafeIds, 'a:b', 'a/b/c/d'])('refuses %j', (id) => {
    expect(() => brewBackend.install({ ...v, packageId: id }, macCtx)).toThrow(
      expect.objectContaining({ code: 'UNSAFE_PACKAGE_ID' }),
    );
  });

  it.each([
    [0, 'success'],
    [1, 'failure'],
  ])('maps %i to %s', (code, outcome) => {
    expect(brewBackend.mapExitCode(code, v).outcome).toBe(outcome);
  });
});
