/**
 * Size and free space of the local disk file systems on Linux: the mounts from /proc/mounts, each measured with
 * statfs(2). systeminformation's fsSize() runs a shell for `cat /proc/mounts` and another for `df`; this runs none,
 * which matters to the metrics sampler that asks every 2 s.
 */
import { readFile, statfs } from 'node:fs/promises';
import type { SiFsSize } from '../systemInformationLike';

export interface ProcMount {
  source: string;
  mount: string;
  type: string;
}

/** /proc/mounts escapes space, tab, newline and backslash in paths as octal (\040 …). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseProcMounts(text: string): ProcMount[] {
  const out: ProcMount[] = [];
  for (const line of text.split('\n')) {
    const [source, mount, type] = line.split(' ');
    if (!source || !mount || !type) continue;
    out.push({ source: unescapeMountField(source), mount: unescapeMountField(mount), type });
  }
  return out;
}

/**
 * Block-device file systems (and ZFS datasets, whose source is a pool name). Network file systems are left out on
 * purpose: statfs on a dead NFS server blocks a libuv thread for minutes.
 */
export function isLocalDiskMount(m: ProcMount): boolean {
  if (m.type === 'zfs') return true;
  return m.source.startsWith('/dev/') && !m.source.startsWith('/dev/loop') && m.type !== 'squashfs';
}

export async function readLinuxFsSize(mountsPath = '/proc/mounts'): Promise<SiFsSize[]> {
  const mounts = parseProcMounts(await readFile(mountsPath, 'utf8')).filter(isLocalDiskMount);
  // A mount point mounted over keeps only its last entry, as df shows it.
  const byMount = new Map(mounts.map((m) => [m.mount, m]));
  const sizes = await Promise.all(
    [...byMount.values()].map(async (m): Promise<SiFsSize | undefined> => {
      try {
        const s = await statfs(m.mount);
        const size = s.blocks * s.bsize;
        const used = (s.blocks - s.bfree) * s.bsize;
        // bavail, not bfree: the blocks reserved for root are not free to the people using the PC (df agrees).
        return { fs: m.source, type: m.type, size, used, available: s.bavail * s.bsize, mount: m.mount };
      } catch {
        return undefined; // unmounted meanwhile, or not ours to look at
      }
    }),
  );
  return sizes.filter((s): s is SiFsSize => s !== undefined);
}
