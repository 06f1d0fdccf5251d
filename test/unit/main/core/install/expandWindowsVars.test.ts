import { expandWindowsVars } from '../../../../../src/main/core/install/expandWindowsVars';

describe('expandWindowsVars', () => {
  const env = { ProgramFiles: 'C:\\Program Files', SystemDrive: 'C:' };

  it('expands names case-insensitively, as Windows does', () => {
    expect(expandWindowsVars('%PROGRAMFILES%\\App\\app.exe', env)).toBe('C:\\Program Files\\App\\app.exe');
    expect(expandWindowsVars('%systemdrive%\\Tools', env)).toBe('C:\\Tools');
  });

  it('leaves unknown names and lone percent signs as written', () => {
    expect(expandWindowsVars('%NOPE%\\x', env)).toBe('%NOPE%\\x');
    expect(expandWindowsVars('100% sure', env)).toBe('100% sure');
  });
});
