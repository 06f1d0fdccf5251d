import { chocoBackend } from '../../../../../../src/main/core/install/backends/choco';
import { UnsafeIds, variant, windowsCtx } from '../fixtures';

const v = variant({ kind: 'choco', packageId: 'googlechrome' });

describe('chocoBackend', () => {
  it('installs with -y and requires checksums', () => {
    expect(chocoBackend.install(v, windowsCtx)).toEqual({
      file: 'choco',
      args: ['install', 'googlechrome', '-y', '--no-progress', '--require-checksums'],
      timeoutMs: 3_600_000,
    });
  });

  it('uninstalls with -y', () => {
    expect(chocoBackend.uninstall(v, windowsCtx)).toEqual({
      file: 'choco',
      args: ['uninstall', 'googlechrome', '-y', '--no-progress'],
      timeoutMs: 3_600_000,
    });
  });

  it('passes none of the variant args (they could turn checksums off)', () => {
    expect(chocoBackend.install({ ...v, args: ['--ignore-checksums'] }, windowsCtx).args).not.toContain(
      '--ignore-checksums',
    );
  });

  it.each([...UnsafeIds, 'pkg:with-colon', 'user/pkg'])('refuses the id %j', (id) => {
    expect(() => chocoBackend.install({ ...v, packageId: id }, windowsCtx)).toThrow(
      expect.objectContaining({ code: 'UNSAFE_PACKAGE_ID' }),
    );
  });

  it.each([
    [0, 'success'],
    [3010, 'reboot-required'],
    [1641, 'reboot-required'],
    [350, 'retry-later'],
    [1604, 'retry-later'],
    [1618, 'retry-later'],
    [1, 'failure'],
    [-1, 'failure'],
    [42, 'failure'],
  ])('maps exit code %i to %s', (code, outcome) => {
    expect(chocoBackend.mapExitCode(code, v).outcome).toBe(outcome);
  });

  it('reports a process killed by a signal as a failure without an exit code', () => {
    expect(chocoBackend.mapExitCode(null, v)).toEqual({
      outcome: 'failure',
      code: -1,
      reason: 'choco left no exit code (killed by a signal)',
    });
  });
});
