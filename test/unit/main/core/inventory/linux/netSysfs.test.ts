import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type os from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  readLinuxNetworkCounters,
  readLinuxNetworkInterfaces,
} from '../../../../../../src/main/core/inventory/linux/netSysfs';

describe('readLinuxNetworkInterfaces', () => {
  let root: string;

  function iface(name: string, files: Record<string, string>, dirs: string[] = []) {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const [f, v] of Object.entries(files)) writeFileSync(path.join(dir, f), `${v}\n`);
    for (const d of dirs) mkdirSync(path.join(dir, d));
  }

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'pasang-net-'));
    iface('lo', { address: '00:00:00:00:00:00', operstate: 'unknown', flags: '0x9', type: '772' }, ['statistics']);
    iface('enp3s0', { address: '8c:16:45:aa:bb:cc', operstate: 'up', flags: '0x1003', type: '1', speed: '1000' }, [
      'device',
      'statistics',
    ]);
    iface('wlp2s0', { address: 'f8:34:41:dd:ee:ff', operstate: 'down', flags: '0x1002', type: '1' }, [
      'device',
      'wireless',
      'statistics',
    ]);
    iface('docker0', { address: '02:42:8a:00:00:01', operstate: 'down', flags: '0x1003', type: '1', speed: '-1' }, [
      'statistics',
    ]);
    const counters: Record<string, [number, number]> = {
      lo: [5, 5],
      enp3s0: [1000, 200],
      wlp2s0: [30, 40],
      docker0: [700, 700],
    };
    for (const [name, [rx, tx]] of Object.entries(counters)) {
      writeFileSync(path.join(root, name, 'statistics', 'rx_bytes'), `${rx}\n`);
      writeFileSync(path.join(root, name, 'statistics', 'tx_bytes'), `${tx}\n`);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const addresses: NodeJS.Dict<os.NetworkInterfaceInfo[]> = {
    lo: [
      {
        address: '127.0.0.1',
        netmask: '255.0.0.0',
        family: 'IPv4',
        mac: '00:00:00:00:00:00',
        internal: true,
        cidr: '127.0.0.1/8',
      },
    ],
    enp3s0: [
      {
        address: '10.1.2.3',
        netmask: '255.255.255.0',
        family: 'IPv4',
        mac: '8c:16:45:aa:bb:cc',
        internal: false,
        cidr: '10.1.2.3/24',
      },
      {
        address: 'fe80::1',
        netmask: 'ffff:ffff:ffff:ffff::',
        family: 'IPv6',
        mac: '8c:16:45:aa:bb:cc',
        internal: false,
        cidr: 'fe80::1/64',
        scopeid: 2,
      },
    ],
  };

  it('describes wired, wireless, virtual and loopback interfaces from sysfs', async () => {
    const list = await readLinuxNetworkInterfaces(root, addresses);
    const byName = Object.fromEntries(list.map((n) => [n.iface, n]));
    expect(byName.enp3s0).toEqual({
      iface: 'enp3s0',
      mac: '8c:16:45:aa:bb:cc',
      ip4: '10.1.2.3',
      ip6: 'fe80::1',
      internal: false,
      virtual: false,
      operstate: 'up',
      type: 'wired',
      speed: 1000,
    });
    expect(byName.wlp2s0).toMatchObject({ type: 'wireless', operstate: 'down', speed: null, ip4: '' });
    expect(byName.docker0).toMatchObject({ type: 'virtual', virtual: true, speed: null });
  });

  it('calls loopback up when its flags say so, although its operstate is "unknown"', async () => {
    const lo = (await readLinuxNetworkInterfaces(root, addresses)).find((n) => n.iface === 'lo');
    expect(lo).toMatchObject({ operstate: 'up', internal: true, type: 'virtual' });
  });

  it('falls back to the interfaces Node knows when sysfs is not there', async () => {
    const list = await readLinuxNetworkInterfaces(path.join(root, 'missing'), addresses);
    expect(list.map((n) => n.iface).sort()).toEqual(['enp3s0', 'lo']);
  });
});

describe('readLinuxNetworkCounters', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'pasang-netstat-'));
    const add = (name: string, type: string, physical: boolean, rx: number, tx: number) => {
      mkdirSync(path.join(root, name, 'statistics'), { recursive: true });
      if (physical) mkdirSync(path.join(root, name, 'device'));
      writeFileSync(path.join(root, name, 'type'), `${type}\n`);
      writeFileSync(path.join(root, name, 'statistics', 'rx_bytes'), `${rx}\n`);
      writeFileSync(path.join(root, name, 'statistics', 'tx_bytes'), `${tx}\n`);
    };
    add('lo', '772', false, 5, 5);
    add('enp3s0', '1', true, 1000, 200);
    add('docker0', '1', false, 700, 700);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('counts the real network cards only, so bridged traffic is not counted twice', async () => {
    expect(await readLinuxNetworkCounters(root)).toEqual([{ iface: 'enp3s0', rx_bytes: 1000, tx_bytes: 200 }]);
  });

  it('counts every interface but loopback when the machine has no real card', async () => {
    rmSync(path.join(root, 'enp3s0'), { recursive: true });
    expect(await readLinuxNetworkCounters(root)).toEqual([{ iface: 'docker0', rx_bytes: 700, tx_bytes: 700 }]);
  });
});
