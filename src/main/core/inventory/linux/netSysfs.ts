/**
 * Network interfaces on Linux from /sys/class/net and os.networkInterfaces(). systeminformation's version runs two
 * synchronous shells per interface (~130 ms each, blocking the event loop), which alone cost more than the rest of
 * the inventory on a PC with a few bridges.
 */
import { readdir, readFile, access } from 'node:fs/promises';
import os from 'node:os';
import type { SiNetworkInterface, SiNetworkStats } from '../systemInformationLike';

export const NET_SYSFS_ROOT = '/sys/class/net';

async function attr(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    // e.g. `speed` of a link that is down answers EINVAL
    return '';
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** ARPHRD_LOOPBACK in include/uapi/linux/if_arp.h. */
const ARPHRD_LOOPBACK = '772';
/** IFF_UP in include/uapi/linux/if.h (sysfs `flags` holds the administrative flags, not IFF_RUNNING). */
const IFF_UP = 0x1;

/**
 * Loopback and many tunnels report operstate "unknown" although they carry traffic: the interface flags say whether
 * they are up.
 */
function effectiveOperstate(operstate: string, flags: string): string {
  if (operstate !== '' && operstate !== 'unknown') return operstate;
  const f = parseInt(flags, 16);
  if (Number.isFinite(f) && (f & IFF_UP) !== 0) return 'up';
  return operstate || 'unknown';
}

export async function readLinuxNetworkInterfaces(
  root = NET_SYSFS_ROOT,
  addresses: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): Promise<SiNetworkInterface[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    names = Object.keys(addresses);
  }
  return Promise.all(
    names.map(async (iface): Promise<SiNetworkInterface> => {
      const dir = `${root}/${iface}`;
      const [address, operstate, flags, speed, arpType, wireless, physical] = await Promise.all([
        attr(`${dir}/address`),
        attr(`${dir}/operstate`),
        attr(`${dir}/flags`),
        attr(`${dir}/speed`),
        attr(`${dir}/type`),
        exists(`${dir}/wireless`),
        // Only interfaces backed by a device (PCI, USB, ...) have this link; bridges, veths, tunnels do not.
        exists(`${dir}/device`),
      ]);
      const addrs = addresses[iface] ?? [];
      const loopback = arpType === ARPHRD_LOOPBACK;
      const speedMbps = Number(speed);
      return {
        iface,
        mac: address || addrs[0]?.mac || '',
        ip4: addrs.find((a) => a.family === 'IPv4')?.address ?? '',
        ip6: addrs.find((a) => a.family === 'IPv6')?.address ?? '',
        internal: loopback || addrs.some((a) => a.internal),
        virtual: !physical,
        operstate: effectiveOperstate(operstate, flags),
        type: loopback || !physical ? 'virtual' : wireless ? 'wireless' : 'wired',
        // The kernel reports -1 (or nothing) when it does not know the link speed.
        speed: speed !== '' && Number.isFinite(speedMbps) && speedMbps > 0 ? speedMbps : null,
      };
    }),
  );
}

/**
 * Byte counters of the interfaces backed by a device (the PC's real network cards), from
 * /sys/class/net/IFACE/statistics. Bridges, veths and tunnels are left out: their traffic also crosses a real card
 * and would be counted twice. Without any such card (some VMs), every interface but loopback counts.
 */
export async function readLinuxNetworkCounters(root = NET_SYSFS_ROOT): Promise<SiNetworkStats[]> {
  const names = await readdir(root);
  const all = await Promise.all(
    names.map(async (iface) => {
      const dir = `${root}/${iface}`;
      const [rx, tx, arpType, physical] = await Promise.all([
        attr(`${dir}/statistics/rx_bytes`),
        attr(`${dir}/statistics/tx_bytes`),
        attr(`${dir}/type`),
        exists(`${dir}/device`),
      ]);
      return {
        iface,
        rx_bytes: Number(rx),
        tx_bytes: Number(tx),
        physical,
        loopback: arpType === ARPHRD_LOOPBACK,
        ok: rx !== '' && tx !== '',
      };
    }),
  );
  const usable = all.filter((i) => i.ok && !i.loopback);
  const chosen = usable.some((i) => i.physical) ? usable.filter((i) => i.physical) : usable;
  return chosen.map(({ iface, rx_bytes, tx_bytes }) => ({ iface, rx_bytes, tx_bytes }));
}
