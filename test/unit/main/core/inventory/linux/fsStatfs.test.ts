import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  isLocalDiskMount,
  parseProcMounts,
  readLinuxFsSize,
} from '../../../../../../src/main/core/inventory/linux/fsStatfs';

const mounts = [
  'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  'tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1631300k,mode=755 0 0',
  '/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0',
  '/dev/loop3 /snap/core22/1380 squashfs ro,nodev,relatime,errors=continue 0 0',
  '/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077 0 0',
  '/dev/sdb1 /media/ana/USB\\040STICK vfat rw,nosuid,nodev,relatime 0 0',
  'rpool/USERDATA/ana /home/ana zfs rw,relatime,xattr,posixacl 0 0',
  'fileserver:/export/home /mnt/home nfs4 rw,relatime,vers=4.2 0 0',
  '//nas/share /mnt/share cifs rw,relatime,vers=3.1.1 0 0',
  '',
].join('\n');

describe('parseProcMounts', () => {
  it('reads source, mount point and type, unescaping spaces in paths', () => {
    const parsed = parseProcMounts(mounts);
    expect(parsed).toHaveLength(10);
    expect(parsed[6]).toEqual({ source: '/dev/sdb1', mount: '/media/ana/USB STICK', type: 'vfat' });
  });
});

describe('isLocalDiskMount', () => {
  it('keeps block devices and ZFS, and leaves out pseudo, image and network file systems', () => {
    expect(
      parseProcMounts(mounts)
        .filter(isLocalDiskMount)
        .map((m) => m.mount),
    ).toEqual(['/', '/boot/efi', '/media/ana/USB STICK', '/home/ana']);
  });
});

describe('readLinuxFsSize', () => {
  it('measures each local disk mount with statfs, as df does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pasang-mounts-'));
    const file = path.join(dir, 'mounts');
    // The root file system of this machine, listed twice (mounted over): one entry.
    writeFileSync(file, '/dev/fake0 / ext4 rw 0 0\n/dev/fake1 / ext4 rw 0 0\n/dev/fake2 /does/not/exist ext4 rw 0 0\n');
    const list = await readLinuxFsSize(file);
    rmSync(dir, { recursive: true, force: true });
    expect(list).toHaveLength(1);
    const root = list[0]!;
    expect(root).toMatchObject({ fs: '/dev/fake1', type: 'ext4', mount: '/' });
    expect(root.size).toBeGreaterThan(0);
    expect(root.used + root.available).toBeLessThanOrEqual(root.size);
  });
});
