import {
  assertSafePackageId,
  isSafePackageId,
  PackageIdSyntax,
  requireAbsolutePath,
} from '../../../../../../src/main/core/install/backends/variantInputs';
import { UnsafeIds, windowsCtx, linuxCtx } from '../fixtures';

describe('isSafePackageId', () => {
  it.each(['Mozilla.Firefox', '7zip.7zip', 'Notepad++.Notepad++', 'python@3.12', 'libc6:amd64', 'a'])(
    'accepts %j',
    (id) => {
      expect(isSafePackageId(id)).toBe(true);
    },
  );

  it.each(UnsafeIds)('refuses %j', (id) => {
    expect(isSafePackageId(id)).toBe(false);
  });

  it('also applies the tool syntax it is given', () => {
    expect(isSafePackageId('Firefox', PackageIdSyntax.debian)).toBe(false);
    expect(isSafePackageId('firefox-esr', PackageIdSyntax.debian)).toBe(true);
  });

  it('throws a PasangError UNSAFE_PACKAGE_ID that quotes the id', () => {
    expect(() => assertSafePackageId('a;b')).toThrow(
      expect.objectContaining({ code: 'UNSAFE_PACKAGE_ID', message: 'refused package id "a;b"' }),
    );
  });
});

describe('requireAbsolutePath', () => {
  it('expands %VAR% on Windows only', () => {
    expect(requireAbsolutePath('%ProgramFiles%\\X\\u.exe', 'p', windowsCtx)).toBe('C:\\Program Files\\X\\u.exe');
    expect(() => requireAbsolutePath('%HOME%/x', 'p', { ...linuxCtx, env: { HOME: '/root' } })).toThrow(
      expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
    );
  });

  it.each(['relative\\x.exe', '-x', 'C:relative.exe', ''])('refuses %j on Windows', (p) => {
    expect(() => requireAbsolutePath(p, 'p', windowsCtx)).toThrow(
      expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
    );
  });

  it('refuses a path with a line break', () => {
    expect(() => requireAbsolutePath('/opt/x\n-rf', 'p', linuxCtx)).toThrow(
      expect.objectContaining({ code: 'INSTALLER_INPUT_INVALID' }),
    );
  });
});
