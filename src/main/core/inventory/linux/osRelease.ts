/**
 * The OS section on Linux from /etc/os-release and the kernel, without systeminformation's osInfo(), which runs
 * half a dozen shells (some synchronously, blocking every other probe) to learn the same few strings.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { CommandRunner } from '../../process/commandRunner';
import type { SiOs } from '../systemInformationLike';

/** Parses os-release(5): KEY=value lines, values optionally quoted with shell-style escapes. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = m[2]!.trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    out[m[1]!] = value;
  }
  return out;
}

export interface LinuxOsInfoOptions {
  runner: CommandRunner;
  /** @default ['/etc/os-release', '/usr/lib/os-release'] (the second is the documented fallback) */
  osReleasePaths?: readonly string[];
}

export async function readLinuxOsInfo(options: LinuxOsInfoOptions): Promise<SiOs> {
  const paths = options.osReleasePaths ?? ['/etc/os-release', '/usr/lib/os-release'];
  let fields: Record<string, string> = {};
  for (const p of paths) {
    try {
      fields = parseOsRelease(await readFile(p, 'utf8'));
      break;
    } catch {
      // try the next one
    }
  }
  const hostname = os.hostname();
  // `hostname -f` asks the resolver; a broken DNS must cost a second at most, never the section.
  const fqdnRun = await options.runner.run('hostname', ['-f'], { timeoutMs: 1000, maxOutputBytes: 4096 });
  const fqdn = fqdnRun.exitCode === 0 ? fqdnRun.stdout.split('\n')[0]!.trim() : '';
  return {
    distro: fields.NAME ?? fields.PRETTY_NAME ?? 'Linux',
    release: fields.VERSION_ID ?? '',
    codename: fields.VERSION_CODENAME ?? '',
    kernel: os.release(),
    arch: os.arch(),
    hostname,
    fqdn: fqdn || hostname,
    build: fields.BUILD_ID ?? '',
  };
}
