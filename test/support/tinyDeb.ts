/** Builds a tiny real .deb with dpkg-deb, for tests that change what a PC has installed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export function buildTinyDeb(
  name: string,
  version: string,
  files: Record<string, string> = {},
  scripts: { postinst?: string; prerm?: string } = {},
): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `deb-${name}-`));
  const pkg = path.join(root, 'pkg');
  fs.mkdirSync(path.join(pkg, 'DEBIAN'), { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'DEBIAN', 'control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: all\nMaintainer: Pasang Tests <tests@pasang.invalid>\nDescription: tiny package built by a Pasang test\n`,
  );
  for (const [script, body] of Object.entries(scripts)) {
    fs.writeFileSync(path.join(pkg, 'DEBIAN', script), body, { mode: 0o755 });
  }
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(pkg, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  const out = path.join(root, `${name}_${version}_all.deb`);
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', pkg, out], { stdio: 'pipe' });
  return out;
}
