import {
  challengeFileAclArgs,
  challengeFolderAclArgs,
  isWindowsUserName,
  windowsChallengePath,
} from '../../../../../src/main/service/localApi/windowsChallenger';
import {
  challengeDirFor,
  defaultLocalApiEndpoint,
  WINDOWS_PIPE,
} from '../../../../../src/main/core/localApi/localApiEndpoint';

describe('windowsChallenger', () => {
  describe('isWindowsUserName', () => {
    it.each(['alice', 'BPS\\alice', 'BPS1700\\budi.santoso', 'Nama Panjang'])('takes %j', (name) => {
      expect(isWindowsUserName(name)).toBe(true);
    });

    it.each(['', 'a\\b\\c', 'alice:(F)', 'alice,bob', '/grant', '-x', 'a"b', 'x*', 'a\u0000b', 'x'.repeat(105)])(
      'refuses %j (icacls would read part of it as a permission or an option)',
      (name) => {
        expect(isWindowsUserName(name)).toBe(false);
      },
    );
  });

  it('locks the folder to SYSTEM and Administrators by well-known SID, Users traverse only', () => {
    expect(challengeFolderAclArgs('C:\\ProgramData\\Pasang\\agent\\challenge')).toEqual([
      'C:\\ProgramData\\Pasang\\agent\\challenge',
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-18:(OI)(CI)F',
      '/grant:r',
      '*S-1-5-32-544:(OI)(CI)F',
      '/grant:r',
      '*S-1-5-32-545:(X)',
    ]);
  });

  it('grants the nonce file to the claimed account alone, as one argv element each', () => {
    expect(challengeFileAclArgs('C:\\x\\ab.nonce', 'BPS\\alice')).toEqual([
      'C:\\x\\ab.nonce',
      '/grant:r',
      'BPS\\alice:(R)',
    ]);
  });

  it('builds Windows paths on any OS', () => {
    expect(windowsChallengePath('C:\\ProgramData\\Pasang\\agent\\challenge', 'ab12')).toBe(
      'C:\\ProgramData\\Pasang\\agent\\challenge\\ab12.nonce',
    );
    expect(defaultLocalApiEndpoint({ platform: 'win32', env: { ProgramData: 'D:\\PD' } })).toEqual({
      socketPath: WINDOWS_PIPE,
      challengeDir: 'D:\\PD\\Pasang\\agent\\challenge',
    });
    expect(WINDOWS_PIPE).toBe('\\\\.\\pipe\\pasang-agent');
  });

  it('puts the challenges beside any POSIX socket, and in ProgramData for any pipe', () => {
    expect(challengeDirFor('/srv/x/api.sock', { platform: 'linux' })).toBe('/srv/x/challenge');
    expect(challengeDirFor('\\\\.\\pipe\\other', { platform: 'win32', env: { ProgramData: 'C:\\PD' } })).toBe(
      'C:\\PD\\Pasang\\agent\\challenge',
    );
  });

  it('keeps the socket and challenges in root-owned run folders on Linux and macOS', () => {
    expect(defaultLocalApiEndpoint({ platform: 'linux', env: {} })).toEqual({
      socketPath: '/run/pasang-agent/api.sock',
      challengeDir: '/run/pasang-agent/challenge',
    });
    expect(defaultLocalApiEndpoint({ platform: 'darwin', env: {} }).socketPath).toBe('/var/run/pasang-agent/api.sock');
  });
});
