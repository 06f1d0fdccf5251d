import { aptBackend } from '../../../../../../src/main/core/install/backends/apt';
import { linuxCtx, UnsafeIds, variant } from '../fixtures';

const v = variant({ os: 'linux', kind: 'apt', packageId: 'vlc' });
const OPTIONS = [
  '-o',
  'DPkg::Lock::Timeout=300',
  '-o',
  'Dpkg::Options::=--force-confdef',
  '-o',
  'Dpkg::Options::=--force-confold',
];

describe('aptBackend', () => {
  it('installs without recommends, non-interactively, waiting for the dpkg lock', () => {
    expect(aptBackend.install(v, linuxCtx)).toEqual({
      file: 'apt-get',
      args: ['install', '-y', '--no-install-recommends', ...OPTIONS, 'vlc'],
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      timeoutMs: 3_600_000,
    });
  });

  it('removes with apt-get remove -y', () => {
    expect(aptBackend.uninstall(v, linuxCtx)).toEqual({
      file: 'apt-get',
      args: ['remove', '-y', ...OPTIONS, 'vlc'],
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      timeoutMs: 3_600_000,
    });
  });

  it('never installs unauthenticated packages, whatever the variant args say', () => {
    const inv = aptBackend.install({ ...v, args: ['--allow-unauthenticated'] }, linuxCtx);
    expect(inv.args.join(' ')).not.toMatch(/allow-unauthenticated|AllowUnauthenticated/);
  });

  it.each(['libc6:amd64', 'vlc/bookworm-backports', 'g++', 'libfoo1.2'])('accepts the Debian name %j', (id) => {
    expect(aptBackend.install({ ...v, packageId: id }, linuxCtx).args.at(-1)).toBe(id);
  });

  it.each([...UnsafeIds, 'tmp/evil.deb', 'VLC', 'x', 'pkg@1'])('refuses %j', (id) => {
    expect(() => aptBackend.install({ ...v, packageId: id }, linuxCtx)).toThrow(
      expect.objectContaining({ code: 'UNSAFE_PACKAGE_ID' }),
    );
  });

  it.each([
    [0, 'success'],
    [100, 'failure'],
    [1, 'failure'],
  ])('maps %i to %s', (code, outcome) => {
    expect(aptBackend.mapExitCode(code, v).outcome).toBe(outcome);
  });
});
