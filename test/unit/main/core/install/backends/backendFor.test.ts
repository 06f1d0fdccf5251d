import { InstallerKinds, type InstallerKind } from '../../../../../../src/shared/install/manifest';
import { backendFor, Backends } from '../../../../../../src/main/core/install/backends/backendFor';
import { macCtx, linuxCtx, variant, windowsCtx } from '../fixtures';

/** A variant each backend can build both Invocations from. */
function fullVariant(kind: InstallerKind) {
  const os = { win32: 'windows', linux: 'linux', darwin: 'macos' } as const;
  const platform = Backends[kind].platforms[0]!;
  return variant({
    os: os[platform as keyof typeof os],
    kind,
    packageId: kind === 'choco' ? 'git' : kind === 'winget' ? 'Git.Git' : 'git',
    args: ['/S'],
    uninstallArgs: ['/S'],
    targetDir: platform === 'win32' ? 'C:\\Tools\\App\\uninstall.exe' : '/opt/pasang/app',
  });
}

function ctxFor(kind: InstallerKind) {
  const platform = Backends[kind].platforms[0]!;
  return platform === 'win32' ? windowsCtx : platform === 'darwin' ? macCtx : linuxCtx;
}

describe('backendFor', () => {
  it.each(InstallerKinds)('has a backend for %s that says it is that kind', (kind) => {
    expect(backendFor(kind).kind).toBe(kind);
  });

  it.each([
    ['winget', 'win32'],
    ['choco', 'win32'],
    ['msi', 'win32'],
    ['exe', 'win32'],
    ['apt', 'linux'],
    ['deb', 'linux'],
    ['brew', 'darwin'],
    ['pkg', 'darwin'],
    ['archive', 'win32'],
    ['archive', 'linux'],
    ['archive', 'darwin'],
  ] as const)('runs %s on %s', (kind, platform) => {
    expect(backendFor(kind, platform).kind).toBe(kind);
  });

  it.each([
    ['msi', 'linux'],
    ['apt', 'win32'],
    ['deb', 'darwin'],
    ['pkg', 'win32'],
  ] as const)('refuses %s on %s with UNSUPPORTED_INSTALLER', (kind, platform) => {
    expect(() => backendFor(kind, platform)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_INSTALLER' }));
  });

  it('refuses a kind that is not in the catalogue (data from the wire), including prototype names', () => {
    for (const kind of ['snap', 'toString', '__proto__']) {
      expect(() => backendFor(kind as InstallerKind)).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED_INSTALLER' }),
      );
    }
  });

  describe('every backend', () => {
    const shells = /^(cmd|cmd\.exe|powershell|pwsh|sh|bash|zsh)$/i;

    it.each(InstallerKinds.filter((k) => k !== 'archive'))(
      '%s builds argv arrays for a program, never a shell line',
      (kind) => {
        const backend = backendFor(kind);
        for (const inv of [
          backend.install(fullVariant(kind), ctxFor(kind)),
          backend.uninstall(fullVariant(kind), ctxFor(kind)),
        ]) {
          expect(inv.file).not.toMatch(shells);
          expect(Array.isArray(inv.args)).toBe(true);
          expect(inv.args).not.toEqual(
            expect.arrayContaining(['/c', '-c', '--ignore-security-hash', '--allow-unauthenticated']),
          );
        }
      },
    );

    it.each(InstallerKinds)('%s maps 0 to success and a signal kill to failure', (kind) => {
      const backend = backendFor(kind);
      expect(backend.mapExitCode(0, fullVariant(kind))).toEqual({ outcome: 'success' });
      expect(backend.mapExitCode(null, fullVariant(kind))).toMatchObject({ outcome: 'failure', code: -1 });
    });
  });
});
