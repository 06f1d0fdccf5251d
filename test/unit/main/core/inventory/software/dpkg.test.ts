import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createCommandRunner } from '../../../../../../src/main/core/process/commandRunner';
import {
  DPKG_QUERY_FORMAT,
  collectDpkg,
  maintainerName,
  parseDpkg,
} from '../../../../../../src/main/core/inventory/software/dpkg';

// What `dpkg-query -W -f=DPKG_QUERY_FORMAT` prints: status, package, version, arch, maintainer, Installed-Size.
const fixture = [
  'install ok installed\tadduser\t3.134\tall\tDebian Adduser Developers <adduser@packages.debian.org>\t849',
  'install ok installed\tlibc6\t2.36-9+deb12u4\tamd64\tGNU Libc Maintainers <debian-glibc@lists.debian.org>\t12997',
  'install ok installed\tlibc6\t2.36-9+deb12u4\ti386\tGNU Libc Maintainers <debian-glibc@lists.debian.org>\t12690',
  'deinstall ok config-files\told-thing\t1.0-1\tamd64\tSomeone <s@example.org>\t10',
  'install ok half-configured\tbroken-pkg\t2.0\tamd64\tSomeone <s@example.org>\t10',
  'install ok unpacked\tunpacked-pkg\t2.0\tamd64\tSomeone <s@example.org>\t10',
  'unknown ok not-installed\tnever-installed\t\t\t\t',
  'hold ok installed\tfirefox-esr\t115.6.0esr-1~deb12u1\tamd64\tMozilla Team <team+pkg-mozilla@tracker.debian.org>\t250036',
  'install ok installed\tfonts-noto-cjk\t1:20220127+repack1-1\tall\tDebian Fonts Task Force <debian-fonts@lists.debian.org>\t\t',
  'install ok installed\tnode-ms\t2.1.3+~cs0.7.31-3\tall\tDebian Javascript Maintainers <pkg-javascript-devel@alioth-lists.debian.net>\t29',
  'install ok installed\tjosé-tools\t0.1\tamd64\tJosé Núñez Müller <jose@example.org>\t1',
  'install ok installed\tlocal-build\t0.0.1\tamd64\t\t4',
  '',
].join('\n');

describe('parseDpkg', () => {
  const parsed = parseDpkg(fixture);

  it('keeps only installed packages', () => {
    expect(parsed.map((p) => p.name)).toEqual([
      'adduser',
      'libc6',
      'libc6',
      'firefox-esr',
      'fonts-noto-cjk',
      'node-ms',
      'josé-tools',
      'local-build',
    ]);
  });

  it('keeps a held package, which is installed all the same', () => {
    expect(parsed.find((p) => p.name === 'firefox-esr')).toMatchObject({ version: '115.6.0esr-1~deb12u1' });
  });

  it('reads name, version, architecture, publisher and size in bytes', () => {
    expect(parsed[0]).toEqual({
      name: 'adduser',
      version: '3.134',
      publisher: 'Debian Adduser Developers',
      arch: 'all',
      sizeBytes: 849 * 1024,
      source: 'dpkg',
    });
  });

  it('keeps one entry per architecture of a multi-arch package', () => {
    expect(parsed.filter((p) => p.name === 'libc6').map((p) => p.arch)).toEqual(['amd64', 'i386']);
  });

  it('keeps epochs and tildes in versions as dpkg prints them', () => {
    expect(parsed.find((p) => p.name === 'fonts-noto-cjk')?.version).toBe('1:20220127+repack1-1');
  });

  it('leaves the size out when dpkg does not know it', () => {
    expect(parsed.find((p) => p.name === 'fonts-noto-cjk')).not.toHaveProperty('sizeBytes');
  });

  it('keeps non-ASCII names and publishers intact', () => {
    expect(parsed.find((p) => p.name === 'josé-tools')?.publisher).toBe('José Núñez Müller');
  });

  it('leaves the publisher out of a package without maintainer', () => {
    expect(parsed.find((p) => p.name === 'local-build')).not.toHaveProperty('publisher');
  });

  it('returns nothing for empty output', () => {
    expect(parseDpkg('')).toEqual([]);
  });
});

describe('maintainerName', () => {
  it('drops the e-mail address', () => {
    expect(maintainerName('Jane Doe <jane@example.org>')).toBe('Jane Doe');
  });

  it('keeps a bare address rather than returning nothing', () => {
    expect(maintainerName('<jane@example.org>')).toBe('jane@example.org');
  });
});

const hasDpkg = existsSync('/usr/bin/dpkg-query');
(hasDpkg ? describe : describe.skip)('collectDpkg on this machine', () => {
  function installedCount(): number {
    const out = execFileSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}\n'], { encoding: 'utf8' });
    // "ii" = want install, installed; "hi" = held, installed (no hold on a fresh machine, but counted like parseDpkg).
    return out.split('\n').filter((l) => /^[ih]i/.test(l)).length;
  }

  it('lists as many packages as dpkg-query reports installed', async () => {
    // Other work on this machine may install packages meanwhile: count before and after and accept either.
    const before = installedCount();
    const software = await collectDpkg(createCommandRunner());
    const after = installedCount();
    expect(software.length).toBeGreaterThan(100);
    expect([before, after]).toContain(software.length);
    expect(software.every((s) => s.source === 'dpkg' && s.name.length > 0)).toBe(true);
    expect(software.find((s) => s.name === 'dpkg')?.version).toMatch(/^\d/);
  });

  it('asks dpkg-query for the fields in the order the parser reads them', () => {
    expect(DPKG_QUERY_FORMAT.split('\t')).toHaveLength(6);
    expect(DPKG_QUERY_FORMAT.startsWith('${Status}\t${Package}\t')).toBe(true);
  });
});
