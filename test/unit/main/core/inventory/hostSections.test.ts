import type os from 'node:os';
import {
  mapFileSystems,
  mapNetwork,
  mapOs,
  mapUsers,
  osFamily,
} from '../../../../../src/main/core/inventory/hostSections';

describe('mapFileSystems', () => {
  it('leaves out memory-backed file systems and sorts by mount point', () => {
    const fs = mapFileSystems([
      { fs: '/dev/nvme0n1p2', type: 'ext4', size: 500e9, used: 120e9, available: 355e9, mount: '/' },
      { fs: 'tmpfs', type: 'tmpfs', size: 8e9, used: 1e6, available: 8e9, mount: '/run' },
      { fs: '/dev/nvme0n1p1', type: 'vfat', size: 536866816, used: 6.2e6, available: 530666816.5, mount: '/boot/efi' },
      { fs: 'C:', type: 'NTFS', size: 255e9, used: 100e9, available: 155e9, mount: 'C:' },
    ]);
    expect(fs.map((f) => f.mount)).toEqual(['/', '/boot/efi', 'C:']);
    expect(fs[1]).toEqual({
      fs: '/dev/nvme0n1p1',
      type: 'vfat',
      mount: '/boot/efi',
      sizeBytes: 536866816,
      usedBytes: 6200000,
      freeBytes: 530666817,
    });
  });
});

describe('mapNetwork', () => {
  const addresses: NodeJS.Dict<os.NetworkInterfaceInfo[]> = {
    eth0: [
      {
        address: '10.0.0.9',
        netmask: '255.255.255.0',
        family: 'IPv4',
        mac: 'AA:BB:CC:00:11:22',
        internal: false,
        cidr: null,
      },
      {
        address: '10.0.0.5',
        netmask: '255.255.255.0',
        family: 'IPv4',
        mac: 'AA:BB:CC:00:11:22',
        internal: false,
        cidr: null,
      },
      {
        address: 'fe80::1%eth0',
        netmask: 'ffff:ffff:ffff:ffff::',
        family: 'IPv6',
        mac: 'AA:BB:CC:00:11:22',
        internal: false,
        cidr: null,
        scopeid: 2,
      },
    ],
  };

  it('lists every address of an interface, not only the first, sorted', () => {
    const [eth0] = mapNetwork(
      [
        {
          iface: 'eth0',
          mac: 'AA:BB:CC:00:11:22',
          ip4: '10.0.0.9',
          ip6: 'fe80::1',
          internal: false,
          virtual: false,
          operstate: 'up',
          type: 'wired',
          speed: 1000,
        },
      ],
      addresses,
    );
    expect(eth0).toEqual({
      name: 'eth0',
      mac: 'aa:bb:cc:00:11:22',
      ip4: ['10.0.0.5', '10.0.0.9'],
      ip6: ['fe80::1'],
      type: 'wired',
      speedMbps: 1000,
      virtual: false,
      up: true,
    });
  });

  it('drops the all-zero MAC and falls back to the single address systeminformation gives', () => {
    const [wg] = mapNetwork(
      [
        {
          iface: 'wg0',
          mac: '00:00:00:00:00:00',
          ip4: '10.8.0.2',
          ip6: '',
          internal: false,
          virtual: true,
          operstate: 'unknown',
          type: 'virtual',
          speed: null,
        },
      ],
      {},
    );
    expect(wg).toEqual({ name: 'wg0', ip4: ['10.8.0.2'], ip6: [], type: 'virtual', virtual: true, up: false });
  });

  it('sorts interfaces by name', () => {
    const base = { mac: '', ip4: '', ip6: '', internal: false, virtual: false, operstate: '', type: '', speed: null };
    expect(
      mapNetwork(
        [
          { ...base, iface: 'wlan0' },
          { ...base, iface: 'eth1' },
        ],
        {},
      ).map((n) => n.name),
    ).toEqual(['eth1', 'wlan0']);
  });
});

describe('osFamily', () => {
  it('maps Node platforms to the four families', () => {
    expect(['win32', 'linux', 'darwin', 'freebsd'].map((p) => osFamily(p as NodeJS.Platform))).toEqual([
      'windows',
      'linux',
      'macos',
      'other',
    ]);
  });
});

describe('mapOs', () => {
  it('always names platform, family, arch and host name, even when the probe knows nothing', () => {
    const o = mapOs(
      { distro: '', release: '', codename: '', kernel: '', arch: '', hostname: '', fqdn: '', build: '' },
      'win32',
      'PC-042',
    );
    expect(o).toEqual({ platform: 'win32', family: 'windows', arch: 'unknown', hostname: 'PC-042' });
  });
});

describe('mapUsers', () => {
  it('sorts sessions and joins date and time', () => {
    const users = mapUsers([
      { user: 'zoe', tty: 'pts/1', date: '2024-05-02', time: '09:12', ip: '10.0.0.7' },
      { user: 'ana', tty: 'tty2', date: '2024-05-02', time: '08:01', ip: '' },
      { user: '', tty: 'pts/9', date: '', time: '', ip: '' },
    ]);
    expect(users).toEqual([
      { user: 'ana', tty: 'tty2', date: '2024-05-02 08:01' },
      { user: 'zoe', tty: 'pts/1', date: '2024-05-02 09:12', ip: '10.0.0.7' },
    ]);
  });
});
