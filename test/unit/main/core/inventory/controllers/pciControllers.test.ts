/** PCI controllers: pci.ids names, the Linux sysfs reader on a sysfs tree made here, and the Windows CIM mapping. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { parsePciIds } from '../../../../../../src/main/core/inventory/controllers/pciIds';
import { readLinuxPciControllers } from '../../../../../../src/main/core/inventory/controllers/linuxPciControllers';
import { parseWindowsPciControllers, WINDOWS_PCI_QUERY_ARGV } from '../../../../../../src/main/core/inventory/controllers/windowsPciControllers';
import { ControllerSchema } from '../../../../../../src/shared/protocol/inventory';

const PCI_IDS = [
  '# pci.ids excerpt',
  '8086  Intel Corporation',
  '\t0d57  Tiger Lake-H Host Bridge',
  '\t9a49  TigerLake-LP GT2 [Iris Xe Graphics]',
  '\t\t1028 0a2f  Iris Xe for Latitude',
  '10ec  Realtek Semiconductor Co., Ltd.',
  '\t8168  RTL8111/8168/8211/8411 PCI Express Gigabit Ethernet Controller',
  'C 02  Network controller',
  '\t00  Ethernet controller',
  'C 03  Display controller',
  '\t00  VGA compatible controller',
  '\t\t00  VGA controller',
  'C 06  Bridge',
  '\t00  Host bridge',
  '',
].join('\n');

describe('parsePciIds', () => {
  it('names the wanted vendors and devices, and classes by subclass before class', () => {
    const names = parsePciIds(Buffer.from(PCI_IDS, 'latin1'), new Set(['8086:9a49']));
    expect(names.vendor('8086')).toBe('Intel Corporation');
    expect(names.device('8086', '9a49')).toBe('TigerLake-LP GT2 [Iris Xe Graphics]');
    // Not wanted: not kept.
    expect(names.device('8086', '0d57')).toBeUndefined();
    expect(names.vendor('10ec')).toBeUndefined();
    expect(names.className('030000')).toBe('VGA compatible controller');
    expect(names.className('020000')).toBe('Ethernet controller');
    expect(names.className('038000')).toBe('Display controller');
    expect(names.className('ff0000')).toBeUndefined();
  });
});

describe('readLinuxPciControllers', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pasang-pci-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function device(slot: string, attrs: Record<string, string>, driver?: string): void {
    const dir = join(root, 'devices', slot);
    mkdirSync(dir, { recursive: true });
    for (const [name, value] of Object.entries(attrs)) writeFileSync(join(dir, name), `${value}\n`);
    if (driver) {
      mkdirSync(join(root, 'drivers', driver), { recursive: true });
      symlinkSync(join(root, 'drivers', driver), join(dir, 'driver'));
    }
  }

  it('reads each device, names it from pci.ids, and falls back to its ids', async () => {
    device('0000:00:02.0', { vendor: '0x8086', device: '0x9a49', class: '0x030000', subsystem_vendor: '0x1028', subsystem_device: '0x0a2f', revision: '0x01' }, 'i915');
    device('0000:02:00.0', { vendor: '0x10ec', device: '0x8168', class: '0x020000', revision: '0x15' }, 'r8169');
    device('0000:03:00.0', { vendor: '0x1b21', device: '0x1242', class: '0x0c0330' });
    device('0000:04:00.0', { vendor: 'garbage' });
    writeFileSync(join(root, 'pci.ids'), PCI_IDS);
    const controllers = await readLinuxPciControllers({ root: join(root, 'devices'), pciIdsPaths: [join(root, 'missing.ids'), join(root, 'pci.ids')] });
    expect(controllers).toEqual([
      { name: 'TigerLake-LP GT2 [Iris Xe Graphics]', manufacturer: 'Intel Corporation', type: 'VGA compatible controller', pciId: '8086:9a49', pciClass: '0300', pciSubsystemId: '1028:0a2f', pciSlot: '0000:00:02.0', revision: '01', driver: 'i915' },
      { name: 'RTL8111/8168/8211/8411 PCI Express Gigabit Ethernet Controller', manufacturer: 'Realtek Semiconductor Co., Ltd.', type: 'Ethernet controller', pciId: '10ec:8168', pciClass: '0200', pciSlot: '0000:02:00.0', revision: '15', driver: 'r8169' },
      { name: '[1b21:1242]', pciId: '1b21:1242', pciClass: '0c03', pciSlot: '0000:03:00.0' },
    ]);
    for (const c of controllers) expect(Value.Check(ControllerSchema, c)).toBe(true);
  });

  it('gives ids without names when no pci.ids is installed', async () => {
    device('0000:00:02.0', { vendor: '0x8086', device: '0x9a49', class: '0x030000' });
    const controllers = await readLinuxPciControllers({ root: join(root, 'devices'), pciIdsPaths: [join(root, 'none')] });
    expect(controllers).toEqual([{ name: '[8086:9a49]', pciId: '8086:9a49', pciClass: '0300', pciSlot: '0000:00:02.0' }]);
  });

  it('fails (and the section says why) when there is no PCI bus in sysfs', async () => {
    await expect(readLinuxPciControllers({ root: join(root, 'no-such-dir') })).rejects.toThrow(/ENOENT/);
  });
});

describe('Windows PCI controllers', () => {
  it('asks CIM for the PCI devices, as JSON, without a profile', () => {
    expect(WINDOWS_PCI_QUERY_ARGV.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    // WQL escapes the backslash of PCI\ in its string literal.
    expect(WINDOWS_PCI_QUERY_ARGV[3]).toBe(
      `Get-CimInstance Win32_PnPEntity -Filter "PNPDeviceID LIKE 'PCI\\\\%'" | Select-Object Name,Manufacturer,PNPClass,PNPDeviceID,Service | ConvertTo-Json -Compress`,
    );
  });

  it('maps ConvertTo-Json output, one object or many, and skips what is not a PCI id', () => {
    const one = JSON.stringify({ Name: 'Intel(R) Iris(R) Xe Graphics', Manufacturer: 'Intel Corporation', PNPClass: 'Display', PNPDeviceID: 'PCI\\VEN_8086&DEV_9A49&SUBSYS_0A2F1028&REV_01\\3&11583659&0&10', Service: 'igfx' });
    expect(parseWindowsPciControllers(one)).toEqual([
      { name: 'Intel(R) Iris(R) Xe Graphics', manufacturer: 'Intel Corporation', type: 'Display', pciId: '8086:9a49', pciSubsystemId: '1028:0a2f', revision: '01', driver: 'igfx' },
    ]);
    const many = JSON.stringify([
      { Name: null, Manufacturer: '', PNPClass: null, PNPDeviceID: 'PCI\\VEN_10EC&DEV_8168\\4&1', Service: null },
      { Name: 'USB hub', PNPDeviceID: 'USB\\VID_1234&PID_5678\\1' },
    ]);
    expect(parseWindowsPciControllers(many)).toEqual([{ name: '[10ec:8168]', pciId: '10ec:8168' }]);
    expect(parseWindowsPciControllers('')).toEqual([]);
    expect(() => parseWindowsPciControllers('not json')).toThrow();
  });
});
