import type { CommandRunner } from '../../../../../../src/main/core/process/commandRunner';
import {
  collectWindowsRegistry,
  isoInstallDate,
  parseLoadedUserHives,
  parseRegQuery,
  parseWindowsRegistry,
} from '../../../../../../src/main/core/inventory/software/windowsRegistry';
import { runResult as result } from '../../../../../support/runResult';

const K = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

// `reg query <Uninstall> /s` as reg.exe prints it: CRLF, a blank line between keys, four-space separators.
const hklm = [
  '',
  K,
  '',
  `${K}\\7-Zip`,
  '    DisplayName    REG_SZ    7-Zip 23.01 (x64)',
  '    DisplayVersion    REG_SZ    23.01',
  '    Publisher    REG_SZ    Igor Pavlov',
  '    EstimatedSize    REG_DWORD    0x1706',
  '    NoModify    REG_DWORD    0x1',
  '    UninstallString    REG_SZ    "C:\\Program Files\\7-Zip\\Uninstall.exe"',
  '',
  `${K}\\AddressBook`,
  '',
  `${K}\\Connection Manager`,
  '    SystemComponent    REG_DWORD    0x1',
  '    DisplayName    REG_SZ    Connection Manager',
  '',
  `${K}\\{90160000-008C-0000-1000-0000000FF1CE}`,
  '    DisplayName    REG_SZ    Microsoft Office 64-bit Components 2016',
  '    DisplayVersion    REG_SZ    16.0.4266.1001',
  '    Publisher    REG_SZ    Microsoft Corporation',
  '    InstallDate    REG_SZ    20230214',
  '    SystemComponent    REG_DWORD    0x0',
  '',
  `${K}\\{90160000-008C-0000-1000-0000000FF1CE}_Office16.PROPLUS_{KB5002243}`,
  '    DisplayName    REG_SZ    Security Update for Microsoft Office 2016 (KB5002243) 64-Bit Edition',
  '    ParentKeyName    REG_SZ    Office16.PROPLUS',
  '    ReleaseType    REG_SZ    Security Update',
  '',
  `${K}\\Notepad++`,
  '    DisplayName    REG_SZ    Notepad++ (64-bit x64)',
  '    DisplayVersion    REG_SZ    8.6.2',
  '    Publisher    REG_SZ    Notepad++ Team',
  '    Inno Setup: App Path    REG_SZ    C:\\Program Files\\Notepad++',
  '    InstallDate    REG_SZ    2/14/2023',
  '',
  `${K}\\WeChat`,
  '    DisplayName    REG_SZ    微信',
  '    DisplayVersion    REG_SZ',
  '    Publisher    REG_SZ    腾讯科技(深圳)有限公司',
  '',
  `${K}\\LegacyTool`,
  '    DisplayName    REG_SZ    Legacy Reporting Tool',
  '    Comments    REG_SZ    Line one of a comment',
  'line two of the same comment',
  '    DisplayVersion    REG_SZ    ',
  '    Publisher    REG_SZ    Contoso    Ltd.',
  '',
  `${K}\\SplitName`,
  '    DisplayName    REG_SZ    Contoso Scanner',
  'Driver Package',
  '    DisplayVersion    REG_SZ    1.2',
  '',
].join('\r\n');

describe('parseRegQuery', () => {
  it('splits the dump into keys with their values by lower-cased name', () => {
    const keys = parseRegQuery(hklm);
    expect(keys.map((k) => k.path.slice(K.length))).toEqual([
      '',
      '\\7-Zip',
      '\\AddressBook',
      '\\Connection Manager',
      '\\{90160000-008C-0000-1000-0000000FF1CE}',
      '\\{90160000-008C-0000-1000-0000000FF1CE}_Office16.PROPLUS_{KB5002243}',
      '\\Notepad++',
      '\\WeChat',
      '\\LegacyTool',
      '\\SplitName',
    ]);
    expect(keys[1]!.values.get('estimatedsize')).toEqual({ type: 'REG_DWORD', data: '0x1706' });
  });

  it('reads value names that contain spaces and data that contains the separator', () => {
    const keys = parseRegQuery(hklm);
    const notepad = keys.find((k) => k.path.endsWith('Notepad++'))!;
    expect(notepad.values.get('inno setup: app path')?.data).toBe('C:\\Program Files\\Notepad++');
    const legacy = keys.find((k) => k.path.endsWith('LegacyTool'))!;
    expect(legacy.values.get('publisher')?.data).toBe('Contoso    Ltd.');
  });

  it('joins a value that reg.exe printed over several lines', () => {
    const legacy = parseRegQuery(hklm).find((k) => k.path.endsWith('LegacyTool'))!;
    expect(legacy.values.get('comments')?.data).toBe('Line one of a comment line two of the same comment');
  });
});

describe('parseWindowsRegistry', () => {
  const parsed = parseWindowsRegistry(hklm);

  it('skips system components, entries without DisplayName and updates of another product', () => {
    expect(parsed.map((p) => p.name)).toEqual([
      '7-Zip 23.01 (x64)',
      'Microsoft Office 64-bit Components 2016',
      'Notepad++ (64-bit x64)',
      '微信',
      'Legacy Reporting Tool',
      'Contoso Scanner Driver Package',
    ]);
  });

  it('reads version, publisher, install date and the size in KiB', () => {
    expect(parsed[0]).toEqual({
      name: '7-Zip 23.01 (x64)',
      version: '23.01',
      publisher: 'Igor Pavlov',
      sizeBytes: 0x1706 * 1024,
      source: 'windows-registry',
    });
    expect(parsed[1]).toMatchObject({ installDate: '2023-02-14', publisher: 'Microsoft Corporation' });
  });

  it('keeps an install date in another format as written', () => {
    expect(parsed.find((p) => p.name.startsWith('Notepad++'))?.installDate).toBe('2/14/2023');
  });

  it('leaves out empty values and keeps unicode names', () => {
    const wechat = parsed.find((p) => p.name === '微信')!;
    expect(wechat).toEqual({ name: '微信', publisher: '腾讯科技(深圳)有限公司', source: 'windows-registry' });
    expect(parsed.find((p) => p.name === 'Legacy Reporting Tool')).not.toHaveProperty('version');
  });

  it('tags entries with the architecture the key implies', () => {
    expect(parseWindowsRegistry(hklm, 'x86').every((p) => p.arch === 'x86')).toBe(true);
  });
});

describe('isoInstallDate', () => {
  it('turns YYYYMMDD into YYYY-MM-DD', () => {
    expect(isoInstallDate('20240131')).toBe('2024-01-31');
    expect(isoInstallDate('  ')).toBeUndefined();
    expect(isoInstallDate(undefined)).toBeUndefined();
  });
});

describe('parseLoadedUserHives', () => {
  it('lists the loaded user hives, not the service accounts nor the _Classes hives', () => {
    const out = [
      '',
      'HKEY_USERS\\.DEFAULT',
      'HKEY_USERS\\S-1-5-19',
      'HKEY_USERS\\S-1-5-20',
      'HKEY_USERS\\S-1-5-21-3623811015-3361044348-30300820-1013',
      'HKEY_USERS\\S-1-5-21-3623811015-3361044348-30300820-1013_Classes',
      'HKEY_USERS\\S-1-5-18',
      '',
    ].join('\r\n');
    expect(parseLoadedUserHives(out)).toEqual(['HKU\\S-1-5-21-3623811015-3361044348-30300820-1013']);
  });
});


describe('collectWindowsRegistry', () => {
  const userHive = 'HKU\\S-1-5-21-1-2-3-1001';
  const userDump = [
    `HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Zoom`,
    '    DisplayName    REG_SZ    Zoom Workplace',
    '    DisplayVersion    REG_SZ    6.0.2',
    '',
    `HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip`,
    '    DisplayName    REG_SZ    7-Zip 23.01 (x64)',
    '    DisplayVersion    REG_SZ    23.01',
    '',
  ].join('\r\n');

  it('reads machine, 32-bit, current-user and loaded user keys and drops duplicates', async () => {
    const calls: string[] = [];
    const runner: CommandRunner = {
      async run(file, args) {
        calls.push([file, ...args].join(' '));
        const key = args[1] ?? '';
        if (args.length === 2)
          return result({ stdout: `\r\nHKEY_USERS\\S-1-5-18\r\n${userHive.replace('HKU', 'HKEY_USERS')}\r\n` });
        if (key.startsWith('HKLM\\Software\\Microsoft')) return result({ stdout: hklm });
        if (key.includes('WOW6432Node'))
          return result({
            stdout: hklm.split('\\Notepad++')[0]!.replace(/SOFTWARE\\Microsoft/g, 'SOFTWARE\\WOW6432Node\\Microsoft'),
          });
        if (key.startsWith('HKCU'))
          return result({
            exitCode: 1,
            stderr: 'ERROR: The system was unable to find the specified registry key or value.',
          });
        if (key.startsWith(userHive)) return result({ stdout: userDump });
        return result({ exitCode: 1 });
      },
    };
    const software = await collectWindowsRegistry(runner);
    expect(calls).toContain(`reg query ${userHive}\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s`);
    expect(calls.every((c) => c.startsWith('reg query '))).toBe(true);
    expect(software.filter((s) => s.name === '7-Zip 23.01 (x64)').map((s) => s.arch ?? 'native')).toEqual([
      'native',
      'x86',
    ]);
    expect(software.map((s) => s.name)).toContain('Zoom Workplace');
  });

  it('fails with the reason when no key at all can be read', async () => {
    const runner: CommandRunner = {
      run: async (file) => result({ exitCode: null, error: `spawn ${file} EACCES`, errorCode: 'EACCES' }),
    };
    await expect(collectWindowsRegistry(runner)).rejects.toThrow(/EACCES/);
  });
});
