/**
 * Pure mappings for the sections that describe the running system rather than the hardware: file systems, network
 * interfaces (all of their addresses, which systeminformation reduces to one of each family), the OS and sessions.
 */
import type os from 'node:os';
import type { Inventory } from '../../../shared/protocol/inventory';
import { bool, compact, compareText, int, num, requiredText, text } from './schemaValues';
import type { SiFsSize, SiNetworkInterface, SiOs, SiUser } from './systemInformationLike';

type Section<K extends keyof Inventory> = NonNullable<Inventory[K]>;

/** Memory-backed and image file systems: not storage anyone manages, and they come and go with every login. */
const PseudoFileSystems = new Set([
  'tmpfs',
  'devtmpfs',
  'ramfs',
  'squashfs',
  'efivarfs',
  'overlay',
  'nsfs',
  'devfs',
  'autofs',
]);

export function mapFileSystems(list: readonly SiFsSize[]): Section<'fileSystems'> {
  return list
    .filter((f) => !PseudoFileSystems.has((f.type ?? '').toLowerCase()) && text(f.mount) !== undefined)
    .map((f) =>
      compact({
        fs: requiredText(f.fs, 512, '?'),
        type: text(f.type, 64),
        mount: requiredText(f.mount, 512, '?'),
        sizeBytes: int(f.size) ?? 0,
        usedBytes: int(f.used) ?? 0,
        freeBytes: int(f.available) ?? 0,
      }),
    )
    .sort((a, b) => compareText(a.mount, b.mount) || compareText(a.fs, b.fs))
    .slice(0, 256);
}

/** The all-zero MAC of loopback and tunnels says nothing. */
function mac(value: string | undefined): string | undefined {
  const m = text(value, 64)?.toLowerCase();
  return m && !/^[0:]+$/.test(m) ? m : undefined;
}

/** IPv6 link-local addresses carry a zone ("fe80::1%eth0") on some platforms; the interface already says which. */
function addressList(
  addrs: readonly os.NetworkInterfaceInfo[] | undefined,
  family: 'IPv4' | 'IPv6',
  fallback: string,
  max: number,
): string[] {
  const list = (addrs ?? []).filter((a) => a.family === family).map((a) => a.address.replace(/%.*$/, ''));
  if (list.length === 0 && fallback) list.push(fallback.replace(/%.*$/, ''));
  return [...new Set(list)]
    .map((a) => text(a, max))
    .filter((a): a is string => a !== undefined)
    .sort(compareText)
    .slice(0, 32);
}

/**
 * Interfaces as systeminformation (or the Linux sysfs reader) describes them, with their full address lists from
 * os.networkInterfaces(), sorted by name.
 */
export function mapNetwork(
  interfaces: readonly SiNetworkInterface[],
  addresses: NodeJS.Dict<os.NetworkInterfaceInfo[]>,
): Section<'network'> {
  return interfaces
    .map((n) =>
      compact({
        name: requiredText(n.iface, 128, '?'),
        mac: mac(n.mac) ?? mac(addresses[n.iface]?.[0]?.mac),
        ip4: addressList(addresses[n.iface], 'IPv4', n.ip4, 64),
        ip6: addressList(addresses[n.iface], 'IPv6', n.ip6, 128),
        type: text(n.type, 64),
        speedMbps: num(n.speed) || undefined,
        virtual: bool(n.virtual),
        up: n.operstate ? n.operstate === 'up' : undefined,
      }),
    )
    .sort((a, b) => compareText(a.name, b.name))
    .slice(0, 256);
}

export function osFamily(platform: NodeJS.Platform): Section<'os'>['family'] {
  switch (platform) {
    case 'win32':
      return 'windows';
    case 'linux':
      return 'linux';
    case 'darwin':
      return 'macos';
    default:
      return 'other';
  }
}

export function mapOs(o: SiOs, platform: NodeJS.Platform, fallbackHostname: string): Section<'os'> {
  return compact({
    platform: requiredText(platform, 64, 'unknown'),
    family: osFamily(platform),
    distro: text(o.distro),
    release: text(o.release),
    codename: text(o.codename),
    kernel: text(o.kernel),
    arch: requiredText(o.arch, 64, 'unknown'),
    hostname: requiredText(o.hostname, 255, fallbackHostname.slice(0, 255) || 'unknown'),
    fqdn: text(o.fqdn),
    build: text(o.build),
  });
}

export function mapUsers(users: readonly SiUser[]): Section<'users'> {
  return users
    .filter((u) => text(u.user, 256) !== undefined)
    .map((u) =>
      compact({
        user: text(u.user, 256)!,
        tty: text(u.tty, 64),
        date: text([u.date, u.time].filter(Boolean).join(' '), 64),
        ip: text(u.ip, 128),
      }),
    )
    .sort(
      (a, b) =>
        compareText(a.user, b.user) || compareText(a.tty ?? '', b.tty ?? '') || compareText(a.date ?? '', b.date ?? ''),
    )
    .slice(0, 256);
}
