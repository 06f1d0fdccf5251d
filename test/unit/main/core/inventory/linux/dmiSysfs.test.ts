import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  isoBiosDate,
  readDmiBaseboard,
  readDmiBios,
  readDmiSystem,
} from '../../../../../../src/main/core/inventory/linux/dmiSysfs';

describe('readDmi*', () => {
  let root: string;
  let cpuinfo: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'pasang-dmi-'));
    const files: Record<string, string> = {
      sys_vendor: 'LENOVO\n',
      product_name: '20XW0055GE\n',
      product_serial: 'PF3ABC12\n',
      product_uuid: '4c4c4544-0042-3510-8051-b4c04f4e5a31\n',
      product_sku: 'LENOVO_MT_20XW_BU_Think_FM_ThinkPad X1 Carbon Gen 9\n',
      board_vendor: 'LENOVO\n',
      board_name: '20XW0055GE\n',
      board_serial: 'L1HF16Q00AB\n',
      board_version: 'SDK0J40697 WIN\n',
      bios_vendor: 'LENOVO\n',
      bios_version: 'N32ET86W (1.62 )\n',
      bios_date: '06/14/2023\n',
    };
    for (const [name, value] of Object.entries(files)) writeFileSync(path.join(root, name), value);
    cpuinfo = path.join(root, 'cpuinfo');
    writeFileSync(cpuinfo, 'processor\t: 0\nflags\t\t: fpu vme de pse tsc msr\n');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads the system identity from sysfs', async () => {
    expect(await readDmiSystem(root, cpuinfo)).toEqual({
      manufacturer: 'LENOVO',
      model: '20XW0055GE',
      serial: 'PF3ABC12',
      uuid: '4c4c4544-0042-3510-8051-b4c04f4e5a31',
      sku: 'LENOVO_MT_20XW_BU_Think_FM_ThinkPad X1 Carbon Gen 9',
      virtual: false,
    });
  });

  it('reads the baseboard and the BIOS, with the date as YYYY-MM-DD', async () => {
    expect(await readDmiBaseboard(root)).toEqual({
      manufacturer: 'LENOVO',
      model: '20XW0055GE',
      serial: 'L1HF16Q00AB',
      version: 'SDK0J40697 WIN',
    });
    expect(await readDmiBios(root)).toEqual({
      vendor: 'LENOVO',
      version: 'N32ET86W (1.62 )',
      releaseDate: '2023-06-14',
    });
  });

  it('answers with empty strings where the kernel exports no DMI table', async () => {
    const missing = path.join(root, 'nope');
    expect(await readDmiBaseboard(missing)).toEqual({ manufacturer: '', model: '', serial: '', version: '' });
  });

  it('calls a machine virtual when the CPU flags name a hypervisor or the product is a known one', async () => {
    const flagged = path.join(root, 'cpuinfo-vm');
    writeFileSync(flagged, 'flags\t\t: fpu vme hypervisor lahf_lm\n');
    expect((await readDmiSystem(path.join(root, 'nope'), flagged)).virtual).toBe(true);
    const qemu = mkdtempSync(path.join(tmpdir(), 'pasang-dmi-qemu-'));
    writeFileSync(path.join(qemu, 'sys_vendor'), 'QEMU\n');
    writeFileSync(path.join(qemu, 'product_name'), 'Standard PC (Q35 + ICH9, 2009)\n');
    expect((await readDmiSystem(qemu, cpuinfo)).virtual).toBe(true);
    rmSync(qemu, { recursive: true, force: true });
  });
});

describe('isoBiosDate', () => {
  it('turns MM/DD/YYYY into YYYY-MM-DD and leaves other text alone', () => {
    expect(isoBiosDate('1/2/2020')).toBe('2020-01-02');
    expect(isoBiosDate('2020-01-02')).toBe('2020-01-02');
    expect(isoBiosDate('')).toBe('');
  });
});
