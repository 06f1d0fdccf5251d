/**
 * System, baseboard and BIOS identity on Linux, read straight from the kernel's DMI export in /sys/class/dmi/id.
 * systeminformation gets the same values by running dmidecode (and blocking shells) three times; these are file reads.
 */
import { readFile } from 'node:fs/promises';
import type { SiBaseboard, SiBios, SiSystem } from '../systemInformationLike';

export const DMI_SYSFS_ROOT = '/sys/class/dmi/id';

/** One DMI attribute, '' when the kernel does not export it (serials are readable by root only). */
async function attr(root: string, name: string): Promise<string> {
  try {
    return (await readFile(`${root}/${name}`, 'utf8')).trim();
  } catch {
    return '';
  }
}

/** Hypervisors that name themselves in the DMI vendor or product string. */
const VirtualProducts =
  /vmware|virtualbox|kvm|qemu|bochs|xen|parallels|virtual machine|hvm domu|amazon ec2|google compute|openstack|cloud hypervisor|firecracker/i;

/** True when the CPU flags say a hypervisor runs this kernel (the flag every x86 hypervisor sets). */
async function hasHypervisorFlag(cpuinfoPath: string): Promise<boolean> {
  try {
    const text = await readFile(cpuinfoPath, 'utf8');
    const flags = /^flags\s*:(.*)$/m.exec(text);
    return flags !== null && / hypervisor( |$)/.test(flags[1] ?? '');
  } catch {
    return false;
  }
}

export async function readDmiSystem(root = DMI_SYSFS_ROOT, cpuinfoPath = '/proc/cpuinfo'): Promise<SiSystem> {
  const [manufacturer, model, serial, uuid, sku, flagged] = await Promise.all([
    attr(root, 'sys_vendor'),
    attr(root, 'product_name'),
    attr(root, 'product_serial'),
    attr(root, 'product_uuid'),
    attr(root, 'product_sku'),
    hasHypervisorFlag(cpuinfoPath),
  ]);
  return {
    manufacturer,
    model,
    serial,
    uuid,
    sku,
    virtual: flagged || VirtualProducts.test(`${manufacturer} ${model}`),
  };
}

export async function readDmiBaseboard(root = DMI_SYSFS_ROOT): Promise<SiBaseboard> {
  const [manufacturer, model, serial, version] = await Promise.all([
    attr(root, 'board_vendor'),
    attr(root, 'board_name'),
    attr(root, 'board_serial'),
    attr(root, 'board_version'),
  ]);
  return { manufacturer, model, serial, version };
}

/** The kernel writes bios_date as MM/DD/YYYY; the inventory (like systeminformation) uses YYYY-MM-DD. */
export function isoBiosDate(date: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
  if (!m) return date;
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

export async function readDmiBios(root = DMI_SYSFS_ROOT): Promise<SiBios> {
  const [vendor, version, date] = await Promise.all([
    attr(root, 'bios_vendor'),
    attr(root, 'bios_version'),
    attr(root, 'bios_date'),
  ]);
  // The BIOS has no serial of its own in sysfs; the system serial is reported under `system`.
  return { vendor, version, releaseDate: isoBiosDate(date) };
}
