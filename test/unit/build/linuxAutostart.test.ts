import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { HIDDEN_FLAG } from '../../../src/main/electron/shellConfig';

// The tray's start at login on Linux: an XDG autostart file the deb installs into /etc/xdg/autostart. Checked with
// the real validators (desktop-file-validate from desktop-file-utils, shellcheck), which .ci/run installs.
const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const DESKTOP = 'build/linux/pasang-tray.desktop';

function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is needed (see .ci/run's apt list): ${r.error.message}`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('build/linux/pasang-tray.desktop', () => {
  it('passes desktop-file-validate', () => {
    expect(run('desktop-file-validate', [path.join(ROOT, DESKTOP)])).toEqual({ status: 0, out: '' });
  });

  it('starts the installed tray hidden (its icon only), named in Indonesian and English', () => {
    const config = load(read('electron-builder.yml')) as { productName: string; linux: { executableName: string } };
    const entry = read(DESKTOP);
    expect(entry).toMatch(/^\[Desktop Entry\]$/m);
    expect(/^Exec=(.+)$/m.exec(entry)?.[1]).toBe(`/opt/${config.productName}/${config.linux.executableName} ${HIDDEN_FLAG}`);
    expect(entry).toMatch(/^Type=Application$/m);
    expect(entry).toMatch(/^Comment\[id\]=Permintaan instalasi perangkat lunak/m);
    expect(entry).toMatch(/^Comment=Software installation requests/m);
  });

  it('ships as resources/linux/pasang-tray.desktop, which after-install puts in /etc/xdg/autostart and after-remove takes away', () => {
    const config = load(read('electron-builder.yml')) as { linux: { extraResources: { from: string; to: string }[] } };
    expect(config.linux.extraResources).toContainEqual({ from: DESKTOP, to: 'linux/pasang-tray.desktop' });
    const install = read('build/linux/after-install.sh');
    expect(install).toContain('AUTOSTART_SOURCE="$APP_DIR/resources/linux/pasang-tray.desktop"');
    expect(install).toContain("AUTOSTART_TARGET='/etc/xdg/autostart/pasang-tray.desktop'");
    expect(install).toContain('install -D -m 0644 "$AUTOSTART_SOURCE" "$AUTOSTART_TARGET"');
    const remove = read('build/linux/after-remove.sh');
    const removal = remove.slice(remove.indexOf('remove | purge | 0)'), remove.indexOf(';;'));
    expect(removal).toContain('rm -f /etc/xdg/autostart/pasang-tray.desktop');
  });

  it('has deb scripts that bash parses and shellcheck passes (its notes on the template macros aside)', () => {
    for (const file of ['build/linux/after-install.sh', 'build/linux/after-remove.sh']) {
      expect([file, run('bash', ['-n', path.join(ROOT, file)])]).toEqual([file, { status: 0, out: '' }]);
      // Severity "warning": the single-quoted ${executable} is electron-builder's template macro, on purpose (SC2016, info).
      expect([file, run('shellcheck', ['--severity=warning', path.join(ROOT, file)])]).toEqual([file, { status: 0, out: '' }]);
    }
  });
});
