import { dpkgOptionArgs } from '../../../../../src/main/core/install/dpkgOptions';

describe('dpkgOptionArgs', () => {
  const all = {
    root: '/r',
    admindir: '/r/db',
    instdir: '/r/i',
    log: '/dev/null',
    force: ['not-root', 'script-chrootless'],
  };

  it('gives dpkg every option as one --opt=value element', () => {
    expect(dpkgOptionArgs(all, 'dpkg')).toEqual([
      '--root=/r',
      '--admindir=/r/db',
      '--instdir=/r/i',
      '--log=/dev/null',
      '--force-not-root',
      '--force-script-chrootless',
    ]);
  });

  it('gives dpkg-query only what it knows', () => {
    expect(dpkgOptionArgs(all, 'dpkg-query')).toEqual(['--root=/r', '--admindir=/r/db']);
  });

  it('adds nothing for the real system', () => {
    expect(dpkgOptionArgs(undefined, 'dpkg')).toEqual([]);
    expect(dpkgOptionArgs({}, 'dpkg-query')).toEqual([]);
  });

  it.each([{ root: 'relative' }, { admindir: 'var/lib/dpkg' }, { force: ['all,bad'] }, { force: ['Bad'] }])(
    'refuses %j',
    (options) => {
      expect(() => dpkgOptionArgs(options, 'dpkg')).toThrow(
        expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
      );
    },
  );
});
