import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandRunner } from '../../../../../../src/main/core/process/commandRunner';
import { parseOsRelease, readLinuxOsInfo } from '../../../../../../src/main/core/inventory/linux/osRelease';
import { runResult as result } from '../../../../../support/runResult';

const debian = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
# a comment
HOME_URL="https://www.debian.org/"
QUOTED='single quoted'
ESCAPED="say \\"hi\\" for \\$5"
`;


describe('parseOsRelease', () => {
  it('reads quoted, unquoted and escaped values and ignores comments', () => {
    const f = parseOsRelease(debian);
    expect(f).toMatchObject({
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      VERSION_CODENAME: 'bookworm',
      QUOTED: 'single quoted',
    });
    expect(f.ESCAPED).toBe('say "hi" for $5');
    expect(Object.keys(f)).not.toContain('#');
  });
});

describe('readLinuxOsInfo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pasang-osrel-'));
    writeFileSync(path.join(dir, 'os-release'), debian);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('combines os-release, the kernel and the fully qualified host name', async () => {
    const runner: CommandRunner = { run: async () => result({ stdout: 'pc-042.office.example\n' }) };
    const info = await readLinuxOsInfo({
      runner,
      osReleasePaths: [path.join(dir, 'missing'), path.join(dir, 'os-release')],
    });
    expect(info).toEqual({
      distro: 'Debian GNU/Linux',
      release: '12',
      codename: 'bookworm',
      kernel: os.release(),
      arch: os.arch(),
      hostname: os.hostname(),
      fqdn: 'pc-042.office.example',
      build: '',
    });
  });

  it('falls back to the plain host name when the resolver fails', async () => {
    const runner: CommandRunner = {
      run: async () => result({ exitCode: 1, stderr: 'hostname: Name or service not known' }),
    };
    const info = await readLinuxOsInfo({ runner, osReleasePaths: [path.join(dir, 'os-release')] });
    expect(info.fqdn).toBe(os.hostname());
  });
});
