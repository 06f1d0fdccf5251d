import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detect } from '../../../../../src/main/core/install/detect';
import { createCommandRunner } from '../../../../../src/main/core/process/commandRunner';
import type { DetectionRule } from '../../../../../src/shared/install/manifest';
import { scriptedRunner } from './fixtures';

const FAILED = 'DETECTION_FAILED';

describe('detect', () => {
  describe('dpkg', () => {
    const rule: DetectionRule = { kind: 'dpkg', package: 'vlc' };

    it('asks dpkg-query for status and version, in the C locale, with the context admindir', async () => {
      const runner = scriptedRunner({ stdout: 'install ok installed\t3.0.21-0+deb12u1\n' });
      const result = await detect(rule, { runner, platform: 'linux', dpkg: { admindir: '/srv/db', log: '/dev/null' } });
      expect(result).toEqual({
        installed: true,
        version: '3.0.21-0+deb12u1',
        detail: 'dpkg: vlc 3.0.21-0+deb12u1 installed',
      });
      expect(runner.calls[0]).toMatchObject({
        file: 'dpkg-query',
        args: ['--admindir=/srv/db', '-W', '--showformat=${Status}\t${Version}\n', 'vlc'],
      });
      expect(runner.calls[0]!.options?.env?.LC_ALL).toBe('C');
    });

    it.each([
      ['deinstall ok config-files\t1.0\n', false],
      ['install ok half-configured\t1.0\n', false],
      ['install ok unpacked\t1.0\n', false],
      ['hold ok installed\t1.0\n', true],
    ])('reads the status line %j as installed=%s', async (stdout, installed) => {
      expect((await detect(rule, { runner: scriptedRunner({ stdout }), platform: 'linux' })).installed).toBe(installed);
    });

    it('matches a wanted version exactly, treating epoch 0 as none', async () => {
      const runner = scriptedRunner({ stdout: 'install ok installed\t0:1.2-1\n' });
      expect(await detect({ ...rule, version: '1.2-1' }, { runner, platform: 'linux' })).toMatchObject({
        installed: true,
      });
      expect(await detect({ ...rule, version: '1.3-1' }, { runner, platform: 'linux' })).toEqual({
        installed: false,
        version: '0:1.2-1',
        detail: 'dpkg: vlc 0:1.2-1 installed, 1.3-1 wanted',
      });
    });

    it('reads exit 1 (no packages found) as not installed, and other codes as a failed detection', async () => {
      const missing = scriptedRunner({ exitCode: 1, stderr: 'dpkg-query: no packages found matching vlc\n' });
      expect(await detect(rule, { runner: missing, platform: 'linux' })).toEqual({
        installed: false,
        detail: 'dpkg: vlc is not installed',
      });
      const broken = scriptedRunner({ exitCode: 2, stderr: 'dpkg-query: error: parsing file status\n' });
      expect(await detect(rule, { runner: broken, platform: 'linux' })).toMatchObject({
        installed: false,
        errorCode: FAILED,
      });
    });

    (fs.existsSync('/usr/bin/dpkg-query') ? it : it.skip)('finds dpkg itself on this machine', async () => {
      const result = await detect(
        { kind: 'dpkg', package: 'dpkg' },
        { runner: createCommandRunner(), platform: 'linux' },
      );
      expect(result).toMatchObject({ installed: true, version: expect.stringMatching(/^\d+\.\d+/) });
    });
  });

  describe('rpm', () => {
    const rule: DetectionRule = { kind: 'rpm', package: 'kernel', version: '5.14.0' };

    it('queries VERSION-RELEASE, one line per installed instance', async () => {
      const runner = scriptedRunner({ stdout: '5.14.0-362.el9\n5.14.0-427.el9\n' });
      expect(await detect(rule, { runner, platform: 'linux' })).toMatchObject({
        installed: true,
        version: '5.14.0-362.el9',
      });
      expect(runner.calls[0]!.args).toEqual(['-q', '--qf', '%{VERSION}-%{RELEASE}\n', 'kernel']);
      expect(await detect({ ...rule, version: '5.14.0-427.el9' }, { runner, platform: 'linux' })).toMatchObject({
        version: '5.14.0-427.el9',
      });
      expect(await detect({ ...rule, version: '5.14' }, { runner, platform: 'linux' })).toMatchObject({
        installed: false,
      });
    });

    it('reads exit 1 as not installed', async () => {
      const runner = scriptedRunner({ exitCode: 1, stdout: 'package kernel is not installed\n' });
      expect(await detect(rule, { runner, platform: 'linux' })).toEqual({
        installed: false,
        detail: 'rpm: kernel is not installed',
      });
    });

    it('says so when rpm is not on this machine, without throwing', async () => {
      const runner = scriptedRunner({ exitCode: null, error: 'spawn rpm ENOENT', errorCode: 'ENOENT' });
      expect(await detect(rule, { runner, platform: 'linux' })).toEqual({
        installed: false,
        detail: 'rpm is not installed',
        errorCode: FAILED,
      });
    });
  });

  describe('file', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-detect-'));
      fs.writeFileSync(path.join(dir, 'app.bin'), '');
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is installed when the file exists', async () => {
      const runner = scriptedRunner();
      expect(
        await detect({ kind: 'file', path: path.join(dir, 'app.bin') }, { runner, platform: 'linux' }),
      ).toMatchObject({
        installed: true,
      });
      expect(await detect({ kind: 'file', path: path.join(dir, 'nope') }, { runner, platform: 'linux' })).toMatchObject(
        {
          installed: false,
        },
      );
      expect(runner.calls).toEqual([]);
    });

    it('expands %VAR% on Windows only', async () => {
      const runner = scriptedRunner();
      // On this POSIX host a Windows path cannot exist; the detail shows the expansion happened.
      const win = await detect(
        { kind: 'file', path: '%ProgramFiles%\\App\\app.exe' },
        { runner, platform: 'win32', env: { PROGRAMFILES: 'C:\\Program Files' } },
      );
      expect(win).toEqual({ installed: false, detail: 'file: no C:\\Program Files\\App\\app.exe' });
      const posix = await detect({ kind: 'file', path: `%D%/app.bin` }, { runner, platform: 'linux', env: { D: dir } });
      expect(posix).toMatchObject({ installed: false, errorCode: FAILED });
    });
  });

  describe('registry', () => {
    const rule: DetectionRule = {
      kind: 'registry',
      key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip',
      valueName: 'DisplayVersion',
      equals: '24.08',
    };
    const output =
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip\r\n    DisplayVersion    REG_SZ    24.08\r\n\r\n';

    it('reads the value with reg query /v and compares it', async () => {
      const runner = scriptedRunner({ stdout: output });
      expect(await detect(rule, { runner, platform: 'win32' })).toMatchObject({ installed: true, version: '24.08' });
      expect(runner.calls[0]).toMatchObject({ file: 'reg', args: ['query', rule.key, '/v', 'DisplayVersion'] });
      expect(await detect({ ...rule, equals: '23.01' }, { runner, platform: 'win32' })).toMatchObject({
        installed: false,
        version: '24.08',
      });
    });

    it('compares DWORDs by number', async () => {
      const runner = scriptedRunner({
        stdout: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    Installed    REG_DWORD    0x1\r\n',
      });
      const dword: DetectionRule = { kind: 'registry', key: 'HKLM\\SOFTWARE\\X', valueName: 'Installed', equals: '1' };
      expect(await detect(dword, { runner, platform: 'win32' })).toMatchObject({ installed: true });
    });

    it('checks a key alone, and the default value with /ve', async () => {
      const runner = scriptedRunner({
        stdout: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    (Standard)    REG_SZ    yes\r\n',
      });
      expect(await detect({ kind: 'registry', key: 'HKLM\\SOFTWARE\\X' }, { runner, platform: 'win32' })).toMatchObject(
        {
          installed: true,
        },
      );
      expect(runner.calls[0]!.args).toEqual(['query', 'HKLM\\SOFTWARE\\X']);
      const ve = await detect(
        { kind: 'registry', key: 'HKLM\\SOFTWARE\\X', valueName: '', equals: 'yes' },
        { runner, platform: 'win32' },
      );
      expect(ve).toMatchObject({ installed: true });
      expect(runner.calls[1]!.args).toEqual(['query', 'HKLM\\SOFTWARE\\X', '/ve']);
    });

    it('reads exit 1 as absent, and refuses to run off Windows', async () => {
      expect(await detect(rule, { runner: scriptedRunner({ exitCode: 1 }), platform: 'win32' })).toMatchObject({
        installed: false,
      });
      expect(await detect(rule, { runner: scriptedRunner(), platform: 'linux' })).toMatchObject({ errorCode: FAILED });
    });
  });

  describe('command', () => {
    it('runs argv (no shell), checks the exit code and takes the version from a capture group', async () => {
      const rule: DetectionRule = {
        kind: 'command',
        argv: [process.execPath, '--version'],
        stdoutMatches: '^v(\\d+)\\.',
      };
      const result = await detect(rule, { runner: createCommandRunner(), platform: process.platform });
      expect(result).toMatchObject({ installed: true, version: process.versions.node.split('.')[0] });
    });

    it('is not installed on another exit code or output', async () => {
      const runner = scriptedRunner({ exitCode: 3, stdout: 'x' });
      expect(await detect({ kind: 'command', argv: ['tool'] }, { runner, platform: 'linux' })).toMatchObject({
        installed: false,
      });
      expect(
        await detect(
          { kind: 'command', argv: ['tool'], exitCode: 3, stdoutMatches: '^y' },
          { runner, platform: 'linux' },
        ),
      ).toMatchObject({ installed: false });
      expect(
        await detect({ kind: 'command', argv: ['tool'], exitCode: 3 }, { runner, platform: 'linux' }),
      ).toMatchObject({
        installed: true,
      });
    });

    it('reads a program that does not exist as plainly not installed', async () => {
      const rule: DetectionRule = { kind: 'command', argv: ['pasang-no-such-program-xyz', '--version'] };
      expect(await detect(rule, { runner: createCommandRunner(), platform: process.platform })).toEqual({
        installed: false,
        detail: 'command: no pasang-no-such-program-xyz',
      });
    });

    it('fails the detection, without throwing, on a bad pattern or a timeout', async () => {
      expect(
        await detect(
          { kind: 'command', argv: ['tool'], stdoutMatches: '(' },
          { runner: scriptedRunner(), platform: 'linux' },
        ),
      ).toMatchObject({ installed: false, errorCode: FAILED });
      const slow = scriptedRunner({ exitCode: null, timedOut: true });
      expect(
        await detect({ kind: 'command', argv: ['tool'] }, { runner: slow, platform: 'linux', timeoutMs: 5 }),
      ).toEqual({
        installed: false,
        detail: 'tool timed out after 5 ms',
        errorCode: FAILED,
      });
    });
  });

  describe('winget', () => {
    const rule: DetectionRule = { kind: 'winget', id: 'Mozilla.Firefox' };

    it('lists by exact id and reads the version column', async () => {
      const stdout =
        '   - \r   \\ \r\r\nName                        Id              Version Source\r\n---------------------------------------------------------\r\nMozilla Firefox (x64 en-US) Mozilla.Firefox 128.0.3 winget\r\n';
      const runner = scriptedRunner({ stdout });
      expect(await detect(rule, { runner, platform: 'win32' })).toEqual({
        installed: true,
        version: '128.0.3',
        detail: 'winget: Mozilla.Firefox 128.0.3 installed',
      });
      expect(runner.calls[0]).toMatchObject({
        file: 'winget',
        args: ['list', '--exact', '--id', 'Mozilla.Firefox', '--accept-source-agreements', '--disable-interactivity'],
      });
    });

    it('reads NO_APPLICATIONS_FOUND, signed or not, as not installed', async () => {
      for (const exitCode of [0x8a150014, -1978335212]) {
        expect(await detect(rule, { runner: scriptedRunner({ exitCode }), platform: 'win32' })).toEqual({
          installed: false,
          detail: 'winget: Mozilla.Firefox is not installed',
        });
      }
    });

    it('fails the detection when winget itself is missing', async () => {
      const runner = scriptedRunner({ exitCode: null, error: 'spawn winget ENOENT', errorCode: 'ENOENT' });
      expect(await detect(rule, { runner, platform: 'win32' })).toMatchObject({ installed: false, errorCode: FAILED });
    });
  });

  describe('choco', () => {
    const rule: DetectionRule = { kind: 'choco', id: 'git' };

    it('lists local packages by exact name and reads name|version', async () => {
      const runner = scriptedRunner({ stdout: 'git|2.45.1\r\n' });
      expect(await detect(rule, { runner, platform: 'win32' })).toMatchObject({ installed: true, version: '2.45.1' });
      expect(runner.calls[0]!.args).toEqual(['list', '--exact', 'git', '--limit-output']);
    });

    it('reads empty output, or enhanced exit code 2, as not installed', async () => {
      expect(await detect(rule, { runner: scriptedRunner({ stdout: '' }), platform: 'win32' })).toMatchObject({
        installed: false,
      });
      expect(await detect(rule, { runner: scriptedRunner({ exitCode: 2 }), platform: 'win32' })).toEqual({
        installed: false,
        detail: 'choco: git is not installed',
      });
      expect(await detect(rule, { runner: scriptedRunner({ exitCode: 1 }), platform: 'win32' })).toMatchObject({
        errorCode: FAILED,
      });
    });
  });

  describe('brew', () => {
    const rule: DetectionRule = { kind: 'brew', name: 'wget' };

    it('reads the first version brew lists', async () => {
      const runner = scriptedRunner({ stdout: 'wget 1.24.5 1.21.4\n' });
      expect(await detect(rule, { runner, platform: 'darwin' })).toMatchObject({ installed: true, version: '1.24.5' });
      expect(runner.calls[0]).toMatchObject({ file: 'brew', args: ['list', '--versions', 'wget'] });
      expect(runner.calls[0]!.options?.env?.HOMEBREW_NO_AUTO_UPDATE).toBe('1');
    });

    it('reads exit 1 as not installed', async () => {
      expect(await detect(rule, { runner: scriptedRunner({ exitCode: 1 }), platform: 'darwin' })).toMatchObject({
        installed: false,
      });
    });
  });

  describe('defence in depth', () => {
    it.each([
      { kind: 'dpkg', package: '-a' },
      { kind: 'rpm', package: 'x;reboot' },
      { kind: 'winget', id: '--ignore-security-hash' },
      { kind: 'choco', id: 'a b' },
      { kind: 'brew', name: '$(id)' },
    ] as DetectionRule[])('refuses the unsafe id in %j without running anything', async (rule) => {
      const runner = scriptedRunner();
      expect(await detect(rule, { runner, platform: 'linux' })).toMatchObject({ installed: false, errorCode: FAILED });
      expect(runner.calls).toEqual([]);
    });

    it('answers, never throws, for a rule it does not know or a broken runner', async () => {
      const runner = scriptedRunner();
      expect(
        await detect({ kind: 'snap', name: 'x' } as unknown as DetectionRule, { runner, platform: 'linux' }),
      ).toMatchObject({
        errorCode: FAILED,
      });
      const broken = { run: () => Promise.reject(new Error('runner broke')) };
      expect(await detect({ kind: 'dpkg', package: 'vlc' }, { runner: broken, platform: 'linux' })).toEqual({
        installed: false,
        detail: 'dpkg: runner broke',
        errorCode: FAILED,
      });
      expect(
        await detect({ kind: 'dpkg', package: 'vlc' }, { runner, platform: 'linux', dpkg: { admindir: 'relative' } }),
      ).toMatchObject({ errorCode: FAILED });
    });
  });
});
