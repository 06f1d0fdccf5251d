import { GenericProvider } from 'electron-updater/out/providers/GenericProvider';
import { parseUpdateInfo } from 'electron-updater/out/providers/Provider';
import { getChannelFilename } from 'electron-updater/out/util';
import { createHash } from 'node:crypto';
import { updateFeedFileName, updatePlatformOf, UpdatePlatforms } from '../../../../src/shared/updates/agentUpdates';
import { compareSemVer, parseSemVer } from '../../../../src/shared/updates/semver';
import { renderUpdateFeed } from '../../../../src/server/http/updateFeed';

// electron-updater's own provider code runs in plain Node (only its updaters need Electron): our names and our YAML
// are checked against it, not against a copy of its rules.
function electronUpdaterChannelFile(nodePlatform: 'win32' | 'linux' | 'darwin', channel: string | null): string {
  const provider = new GenericProvider(
    { provider: 'generic', url: 'http://127.0.0.1:1/updates/x' },
    { channel } as never,
    { platform: nodePlatform, executor: null as never, isUseMultipleRangeRequest: false },
  );
  // `channel` is private in its typings; it is what getLatestVersion() builds the URL from.
  return getChannelFilename((provider as unknown as { channel: string }).channel);
}

describe('update feed names', () => {
  const arch = process.env.TEST_UPDATER_ARCH;
  beforeAll(() => (process.env.TEST_UPDATER_ARCH = 'x64')); // the Linux build is x64 (electron-builder.yml)
  afterAll(() => (arch === undefined ? delete process.env.TEST_UPDATER_ARCH : (process.env.TEST_UPDATER_ARCH = arch)));

  it.each([
    ['win32', 'win', 'latest.yml'],
    ['linux', 'linux', 'latest-linux.yml'],
    ['darwin', 'mac', 'latest-mac.yml'],
  ] as const)('on %s are what electron-updater asks for (%s: %s)', (nodePlatform, platform, name) => {
    expect(updatePlatformOf(nodePlatform)).toBe(platform);
    expect(updateFeedFileName(platform)).toBe(name);
    expect(electronUpdaterChannelFile(nodePlatform, null)).toBe(name);
    expect(updateFeedFileName(platform, 'beta')).toBe(electronUpdaterChannelFile(nodePlatform, 'beta'));
  });

  it('has no platform for an OS the app is not built for', () => {
    expect(updatePlatformOf('freebsd')).toBeNull();
    expect(UpdatePlatforms).toEqual(['win', 'linux', 'mac']);
  });
});

describe('renderUpdateFeed', () => {
  it("writes what electron-updater's own parser reads back field for field", () => {
    const sha512 = createHash('sha512').update('x').digest('base64');
    const release = {
      platform: 'linux' as const,
      channel: 'latest',
      version: '2.0.0-rc.1',
      fileName: 'pasang_2.0.0-rc.1_amd64.deb',
      sha512,
      sha256: 'a'.repeat(64),
      sizeBytes: 1234,
      publishedAt: '2025-01-02T03:04:05.000Z',
      publishedBy: null,
    };
    const text = renderUpdateFeed(release);
    expect(parseUpdateInfo(text, 'latest-linux.yml', new URL('http://127.0.0.1:1/updates/linux/latest-linux.yml'))).toEqual({
      version: '2.0.0-rc.1',
      files: [{ url: 'pasang_2.0.0-rc.1_amd64.deb', sha512, size: 1234 }],
      path: 'pasang_2.0.0-rc.1_amd64.deb',
      sha512,
      releaseDate: '2025-01-02T03:04:05.000Z',
    });
    expect(renderUpdateFeed(release)).toBe(text); // the same release, the same bytes (and so the same signature)
  });
});

describe('semver', () => {
  it('reads only strict semantic versions', () => {
    for (const ok of ['0.1.0', '1.2.3', '10.20.30', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-0.3.7', '1.0.0+build.5', '1.0.0-rc.1+sha.abc']) {
      expect([ok, parseSemVer(ok) !== null]).toEqual([ok, true]);
    }
    for (const bad of ['1.2', '1.2.3.4', 'v1.2.3', '01.2.3', '1.2.3-', '1.2.3-01', '1.2.3+', ' 1.2.3', '1.2.3 ', '', 'x'.repeat(65)]) {
      expect([bad, parseSemVer(bad)]).toEqual([bad, null]);
    }
  });

  it('orders by precedence as semver.org §11 does', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0', '10.0.0'];
    for (let i = 0; i < ordered.length - 1; i++) {
      const [a, b] = [parseSemVer(ordered[i]!)!, parseSemVer(ordered[i + 1]!)!];
      expect([ordered[i], ordered[i + 1], compareSemVer(a, b), compareSemVer(b, a)]).toEqual([ordered[i], ordered[i + 1], -1, 1]);
    }
    expect(compareSemVer(parseSemVer('1.0.0+a')!, parseSemVer('1.0.0+b')!)).toBe(0);
  });
});
