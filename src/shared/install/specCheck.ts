/**
 * The spec check of SOP step 3 ("Mengecek ketersediaan perangkat lunak di repositori dan spesifikasi PC"): does this
 * PC meet a catalog item's requirements, and which installer variant fits it. Every failed rule becomes a reason with a
 * stable code and a sentence in Bahasa Indonesia and English, so a technician sees *why* a PC is "Belum sesuai".
 *
 * Pure and total: no node:*, no DOM, and it never throws — an inventory is untrusted data from the PC, and a section the
 * agent could not collect is reported as unknown rather than passed.
 */
import type { Inventory } from '../protocol/inventory';
import { compareVersions } from './compareVersions';
import type { InstallerVariant } from './manifest';
import type { OsRequirement, Requirements } from './requirements';

export const ReasonCodes = {
  INVENTORY_MISSING: 'INVENTORY_MISSING',
  OS_UNKNOWN: 'OS_UNKNOWN',
  OS_UNSUPPORTED: 'OS_UNSUPPORTED',
  DISTRO_UNKNOWN: 'DISTRO_UNKNOWN',
  DISTRO_UNSUPPORTED: 'DISTRO_UNSUPPORTED',
  OS_VERSION_UNKNOWN: 'OS_VERSION_UNKNOWN',
  OS_TOO_OLD: 'OS_TOO_OLD',
  ARCH_UNKNOWN: 'ARCH_UNKNOWN',
  ARCH_UNSUPPORTED: 'ARCH_UNSUPPORTED',
  MEMORY_UNKNOWN: 'MEMORY_UNKNOWN',
  MEMORY_TOO_LOW: 'MEMORY_TOO_LOW',
  DISK_UNKNOWN: 'DISK_UNKNOWN',
  DISK_TOO_LOW: 'DISK_TOO_LOW',
  CPU_UNKNOWN: 'CPU_UNKNOWN',
  CPU_TOO_FEW_CORES: 'CPU_TOO_FEW_CORES',
  SOFTWARE_UNKNOWN: 'SOFTWARE_UNKNOWN',
  SOFTWARE_MISSING: 'SOFTWARE_MISSING',
  SOFTWARE_VERSION_UNKNOWN: 'SOFTWARE_VERSION_UNKNOWN',
  SOFTWARE_TOO_OLD: 'SOFTWARE_TOO_OLD',
  NO_VARIANT: 'NO_VARIANT',
} as const;
export type ReasonCode = (typeof ReasonCodes)[keyof typeof ReasonCodes];

/** Why a PC is not suitable: a stable code to branch on, and the sentence to show in each language. */
export interface Reason {
  code: ReasonCode;
  id: string;
  en: string;
}

export interface SpecCheckResult {
  suitable: boolean;
  reasons: Reason[];
}

export type VariantPick<V> = { variant: V; index: number; reason: null } | { variant: null; index: -1; reason: Reason };

/** What pickVariant reads of a variant; catalog rows with ids and more fields pass as they are. */
export type VariantTarget = Pick<InstallerVariant, 'os' | 'kind'> & { arch?: readonly string[] | undefined };

const reason = (code: ReasonCode, id: string, en: string): Reason => ({ code, id, en });

/** The spellings of one architecture, as Node, systeminformation, dpkg, rpm and Windows write them. */
const ArchAliases = new Map<string, string>([
  ['x64', 'x64'],
  ['amd64', 'x64'],
  ['x86_64', 'x64'],
  ['arm64', 'arm64'],
  ['aarch64', 'arm64'],
  ['x86', 'x86'],
  ['ia32', 'x86'],
  ['i386', 'x86'],
  ['i486', 'x86'],
  ['i586', 'x86'],
  ['i686', 'x86'],
  ['arm', 'arm'],
  ['armhf', 'arm'],
  ['armel', 'arm'],
  ['armv7l', 'arm'],
  ['armv7', 'arm'],
]);

/**
 * One name per architecture ("amd64" and "x86_64" are "x64"). Matching stays exact otherwise: an x64 Windows runs
 * 32-bit installers, but whether a given installer is fine there is the admin's call, made by listing both.
 */
export function normalizeArch(arch: string): string {
  const lower = arch.trim().toLowerCase();
  return ArchAliases.get(lower) ?? lower;
}

const OsNames: Record<string, string> = { windows: 'Windows', linux: 'Linux', macos: 'macOS' };
const osName = (family: unknown, lang: 'id' | 'en') =>
  typeof family === 'string' && Object.hasOwn(OsNames, family) ? OsNames[family]! : lang === 'id' ? 'lainnya' : 'other';

/** Untrusted text from the PC, cut to a length a sentence can carry (it is encoded wherever it is shown). */
function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/**
 * Sizes as Windows and the shops say them ("8 GB" for 8 GiB). One decimal at most; a PC's own figure is rounded down
 * and a minimum rounded up, so "7,9 GB kurang dari minimum 8 GB" never reads as "8 GB kurang dari minimum 8 GB".
 */
function size(bytes: number, lang: 'id' | 'en', round: 'down' | 'up'): string {
  const [unit, div] = bytes >= GiB ? ['GB', GiB] : bytes >= MiB ? ['MB', MiB] : ['KB', 1024];
  const tenths = (round === 'down' ? Math.floor : Math.ceil)((bytes / div) * 10) / 10;
  const text = Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1);
  return `${lang === 'id' ? text.replace('.', ',') : text} ${unit}`;
}

function orList(items: string[], lang: 'id' | 'en'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'id' ? 'atau' : 'or'} ${items[items.length - 1]}`;
}

/**
 * Installed RAM: the modules' sum when the agent read them, since `totalBytes` is what the OS kept after reserving.
 * (The PC list's RAM filter reads the same figure, kept on the agent's row at ingest.)
 */
export function installedMemory(inv: Inventory): number | null {
  const total = num(inv.memory?.totalBytes);
  const modules = Array.isArray(inv.memory?.modules) ? inv.memory.modules : [];
  const sum = modules.reduce((s, m) => s + (num(m?.sizeBytes) ?? 0), 0);
  if (total === null && sum === 0) return null;
  return Math.max(total ?? 0, sum);
}

/**
 * The system drive's file system: `C:` on Windows, `/` elsewhere; either, in that order, when the OS is unknown (as
 * for a live metrics sample, which names mounts only). The PC list's free-disk filter reads the same drive.
 */
export function systemDrive(inv: {
  fileSystems?: readonly { mount: string; freeBytes: number }[] | undefined;
  os?: { family: string } | undefined;
}): { mount: string; freeBytes: number } | null {
  const list = Array.isArray(inv.fileSystems) ? inv.fileSystems : [];
  const isRoot = (m: string) => m === '/';
  const isC = (m: string) => /^c:\\?$/i.test(m);
  const family = inv.os?.family;
  const wanted = family === 'windows' ? [isC] : family === 'linux' || family === 'macos' ? [isRoot] : [isRoot, isC];
  for (const test of wanted) {
    const fs = list.find((f) => typeof f?.mount === 'string' && test(f.mount));
    const free = num(fs?.freeBytes);
    if (fs && free !== null) return { mount: fs.mount, freeBytes: free };
  }
  return null;
}

function osLabel(inv: Inventory, lang: 'id' | 'en'): string {
  const distro = str(inv.os?.distro);
  const release = str(inv.os?.release);
  const base = inv.os?.family === 'linux' && distro ? clip(distro, 40) : osName(inv.os?.family, lang);
  return release ? `${base} ${clip(release, 40)}` : base;
}

function checkOs(inv: Inventory, wanted: readonly OsRequirement[]): Reason | null {
  const family = str(inv.os?.family);
  if (!family)
    return reason(
      ReasonCodes.OS_UNKNOWN,
      'Sistem operasi PC tidak diketahui (tidak ada di inventaris)',
      "The PC's operating system is unknown (not in the inventory)",
    );
  const candidates = wanted.filter((w) => w.family === family);
  if (candidates.length === 0) {
    const names = (lang: 'id' | 'en') => orList([...new Set(wanted.map((w) => osName(w.family, lang)))], lang);
    return reason(
      ReasonCodes.OS_UNSUPPORTED,
      `Sistem operasi ${osName(family, 'id')} tidak didukung (perlu ${names('id')})`,
      `${osName(family, 'en')} is not supported (needs ${names('en')})`,
    );
  }
  // One candidate that passes is enough; otherwise a version failure says more than a distribution failure.
  const failures: Reason[] = [];
  for (const c of candidates) {
    const r = checkOneOs(inv, c);
    if (!r) return null;
    failures.push(r);
  }
  const distroFailure = failures.find((f) => f.code === ReasonCodes.DISTRO_UNSUPPORTED);
  const other = failures.find((f) => f.code !== ReasonCodes.DISTRO_UNSUPPORTED);
  if (other) return other;
  const distros = candidates.map((c) => c.distro ?? '').filter((d) => d !== '');
  const found = clip(str(inv.os?.distro) ?? '', 40);
  return distroFailure && distros.length > 1
    ? reason(
        ReasonCodes.DISTRO_UNSUPPORTED,
        `Distribusi ${found} tidak didukung (perlu ${orList(distros, 'id')})`,
        `${found} is not supported (needs ${orList(distros, 'en')})`,
      )
    : failures[0]!;
}

function checkOneOs(inv: Inventory, w: OsRequirement): Reason | null {
  if (w.distro) {
    const distro = str(inv.os?.distro);
    if (!distro)
      return reason(
        ReasonCodes.DISTRO_UNKNOWN,
        `Distribusi Linux PC tidak diketahui (perlu ${w.distro})`,
        `The PC's Linux distribution is unknown (needs ${w.distro})`,
      );
    if (!distro.toLowerCase().includes(w.distro.toLowerCase())) {
      return reason(
        ReasonCodes.DISTRO_UNSUPPORTED,
        `Distribusi ${clip(distro, 40)} tidak didukung (perlu ${w.distro})`,
        `${clip(distro, 40)} is not supported (needs ${w.distro})`,
      );
    }
  }
  if (w.minVersion) {
    const release = str(inv.os?.release);
    const cmp = release === null ? null : compareVersions(release, w.minVersion);
    const name = (lang: 'id' | 'en') => (w.distro ? w.distro : osName(w.family, lang));
    if (cmp === null) {
      return reason(
        ReasonCodes.OS_VERSION_UNKNOWN,
        `Versi ${osName(w.family, 'id')} PC tidak diketahui (perlu minimum ${name('id')} ${w.minVersion})`,
        `The PC's ${osName(w.family, 'en')} version is unknown (needs at least ${name('en')} ${w.minVersion})`,
      );
    }
    if (cmp < 0) {
      return reason(
        ReasonCodes.OS_TOO_OLD,
        `${osLabel(inv, 'id')} lebih lama dari minimum ${name('id')} ${w.minVersion}`,
        `${osLabel(inv, 'en')} is older than the minimum ${name('en')} ${w.minVersion}`,
      );
    }
  }
  return null;
}

function checkArch(inv: Inventory, wanted: readonly string[]): Reason | null {
  const arch = str(inv.os?.arch);
  const needs = [...new Set(wanted.map(normalizeArch))];
  if (!arch) {
    return reason(
      ReasonCodes.ARCH_UNKNOWN,
      `Arsitektur PC tidak diketahui (perlu ${orList(needs, 'id')})`,
      `The PC's architecture is unknown (needs ${orList(needs, 'en')})`,
    );
  }
  if (needs.includes(normalizeArch(arch))) return null;
  return reason(
    ReasonCodes.ARCH_UNSUPPORTED,
    `Arsitektur ${clip(arch, 16)} tidak didukung (perlu ${orList(needs, 'id')})`,
    `Architecture ${clip(arch, 16)} is not supported (needs ${orList(needs, 'en')})`,
  );
}

function checkMemory(inv: Inventory, min: number): Reason | null {
  const have = installedMemory(inv);
  if (have === null)
    return reason(
      ReasonCodes.MEMORY_UNKNOWN,
      `Jumlah RAM tidak diketahui (perlu minimum ${size(min, 'id', 'up')})`,
      `RAM size is unknown (needs at least ${size(min, 'en', 'up')})`,
    );
  if (have >= min) return null;
  return reason(
    ReasonCodes.MEMORY_TOO_LOW,
    `RAM ${size(have, 'id', 'down')} kurang dari minimum ${size(min, 'id', 'up')}`,
    `RAM ${size(have, 'en', 'down')} is below the minimum of ${size(min, 'en', 'up')}`,
  );
}

function checkDisk(inv: Inventory, min: number): Reason | null {
  const drive = systemDrive(inv);
  if (!drive) {
    return reason(
      ReasonCodes.DISK_UNKNOWN,
      `Ruang kosong drive sistem tidak diketahui (perlu minimum ${size(min, 'id', 'up')})`,
      `Free space on the system drive is unknown (needs at least ${size(min, 'en', 'up')})`,
    );
  }
  if (drive.freeBytes >= min) return null;
  return reason(
    ReasonCodes.DISK_TOO_LOW,
    `Ruang kosong ${drive.mount} ${size(drive.freeBytes, 'id', 'down')} kurang dari minimum ${size(min, 'id', 'up')}`,
    `Free space on ${drive.mount} ${size(drive.freeBytes, 'en', 'down')} is below the minimum of ${size(min, 'en', 'up')}`,
  );
}

function checkCpu(inv: Inventory, min: number): Reason | null {
  const cores = num(inv.cpu?.cores);
  if (cores === null || cores === 0) {
    return reason(
      ReasonCodes.CPU_UNKNOWN,
      `Jumlah inti CPU tidak diketahui (perlu minimum ${min} inti)`,
      `The number of CPU cores is unknown (needs at least ${min})`,
    );
  }
  if (cores >= min) return null;
  return reason(
    ReasonCodes.CPU_TOO_FEW_CORES,
    `CPU ${cores} inti kurang dari minimum ${min} inti`,
    `CPU has ${cores} cores, below the minimum of ${min}`,
  );
}

function checkSoftware(inv: Inventory, wanted: NonNullable<Requirements['software']>): Reason[] {
  if (wanted.length === 0) return [];
  if (!Array.isArray(inv.software)) {
    const names = wanted.map((w) => `"${w.name}"`).join(', ');
    return [
      reason(
        ReasonCodes.SOFTWARE_UNKNOWN,
        `Daftar perangkat lunak PC tidak diketahui (perlu ${names})`,
        `The PC's installed software is unknown (needs ${names})`,
      ),
    ];
  }
  const installed = inv.software;
  const reasons: Reason[] = [];
  for (const w of wanted) {
    const key = w.name.toLowerCase();
    const prefix = key.endsWith('*') ? key.slice(0, -1) : null;
    const matches = installed.filter((s) => {
      const n = typeof s?.name === 'string' ? s.name.toLowerCase() : null;
      return n !== null && (prefix !== null ? n.startsWith(prefix) : n === key);
    });
    const label = `"${w.name}"`;
    if (matches.length === 0) {
      reasons.push(
        reason(
          ReasonCodes.SOFTWARE_MISSING,
          `Perangkat lunak prasyarat ${label} belum terpasang`,
          `Prerequisite ${label} is not installed`,
        ),
      );
      continue;
    }
    if (!w.minVersion) continue;
    const min = w.minVersion;
    let best: string | null = null;
    for (const m of matches) {
      const v = str(m.version);
      if (v === null || compareVersions(v, min) === null) continue;
      if (best === null || compareVersions(v, best) === 1) best = v;
    }
    if (best === null) {
      reasons.push(
        reason(
          ReasonCodes.SOFTWARE_VERSION_UNKNOWN,
          `Versi ${label} di PC tidak diketahui (perlu minimum ${min})`,
          `The installed version of ${label} is unknown (needs at least ${min})`,
        ),
      );
    } else if (compareVersions(best, min) === -1) {
      const v = clip(best, 40);
      reasons.push(
        reason(
          ReasonCodes.SOFTWARE_TOO_OLD,
          `${label} versi ${v} lebih lama dari minimum ${min}`,
          `${label} ${v} is older than the minimum ${min}`,
        ),
      );
    }
  }
  return reasons;
}

const inventoryMissing = () =>
  reason(
    ReasonCodes.INVENTORY_MISSING,
    'Inventaris PC belum diterima, spesifikasinya tidak diketahui',
    'No inventory has been received from this PC: its specification is unknown',
  );

/**
 * Checks every requirement and reports each one the PC fails or cannot be shown to meet. A PC without an inventory is
 * never suitable, even for an item that asks for nothing: step 3 of the SOP is to look at the PC, and there is nothing
 * to look at.
 */
export function checkRequirements(inventory: Inventory | null, requirements: Requirements): SpecCheckResult {
  if (inventory === null || typeof inventory !== 'object') return { suitable: false, reasons: [inventoryMissing()] };
  const req: Requirements = requirements !== null && typeof requirements === 'object' ? requirements : {};
  const reasons: Reason[] = [];
  const add = (r: Reason | null) => {
    if (r) reasons.push(r);
  };
  if (Array.isArray(req.os) && req.os.length > 0) add(checkOs(inventory, req.os));
  if (Array.isArray(req.architectures) && req.architectures.length > 0) add(checkArch(inventory, req.architectures));
  if (typeof req.minMemoryBytes === 'number' && req.minMemoryBytes > 0) add(checkMemory(inventory, req.minMemoryBytes));
  if (typeof req.minFreeDiskBytes === 'number' && req.minFreeDiskBytes > 0)
    add(checkDisk(inventory, req.minFreeDiskBytes));
  if (typeof req.minCpuCores === 'number') add(checkCpu(inventory, req.minCpuCores));
  if (Array.isArray(req.software)) reasons.push(...checkSoftware(inventory, req.software));
  return { suitable: reasons.length === 0, reasons };
}

/** apt and .deb need dpkg: a PC whose programs all come from rpm is a Fedora or SUSE box, whatever its name says. */
function lacksDpkg(inv: Inventory): boolean {
  const list = Array.isArray(inv.software) ? inv.software : [];
  return list.length > 0 && !list.some((s) => s?.source === 'dpkg') && list.some((s) => s?.source === 'rpm');
}

/**
 * The installer variant for this PC: same OS family, an architecture the variant lists (a variant listing none fits
 * any), and a package manager the PC has. A variant naming the PC's architecture beats one that fits any; among equals
 * the catalog's order decides, so the admin lists the preferred installer first.
 */
export function pickVariant<V extends VariantTarget>(
  inventory: Inventory | null,
  variants: readonly V[],
): VariantPick<V> {
  const none = (r: Reason): VariantPick<V> => ({ variant: null, index: -1, reason: r });
  if (inventory === null || typeof inventory !== 'object') return none(inventoryMissing());
  const family = str(inventory.os?.family);
  if (!family)
    return none(
      reason(
        ReasonCodes.OS_UNKNOWN,
        'Sistem operasi PC tidak diketahui (tidak ada di inventaris)',
        "The PC's operating system is unknown (not in the inventory)",
      ),
    );
  const list = Array.isArray(variants) ? variants : [];
  const sameOs = list.map((v, index) => ({ v, index })).filter(({ v }) => v?.os === family);
  if (sameOs.length === 0) {
    const have = (lang: 'id' | 'en') => orList([...new Set(list.map((v) => osName(v?.os, lang)))], lang);
    return none(
      reason(
        ReasonCodes.NO_VARIANT,
        list.length === 0
          ? 'Belum ada penginstal untuk perangkat lunak ini'
          : `Tidak ada penginstal untuk ${osName(family, 'id')} (hanya untuk ${have('id')})`,
        list.length === 0
          ? 'This software has no installer yet'
          : `There is no installer for ${osName(family, 'en')} (only for ${have('en')})`,
      ),
    );
  }
  const arch = str(inventory.os?.arch);
  const pcArch = arch === null ? null : normalizeArch(arch);
  const noDpkg = lacksDpkg(inventory);
  let anyArch: { v: V; index: number } | null = null;
  for (const c of sameOs) {
    if (noDpkg && (c.v.kind === 'apt' || c.v.kind === 'deb')) continue;
    const raw: unknown = c.v.arch;
    const archs = Array.isArray(raw) ? (raw as unknown[]).filter((a): a is string => typeof a === 'string') : [];
    if (archs.length === 0) anyArch ??= c;
    else if (pcArch !== null && archs.some((a) => normalizeArch(a) === pcArch))
      return { variant: c.v, index: c.index, reason: null };
  }
  if (anyArch) return { variant: anyArch.v, index: anyArch.index, reason: null };
  if (pcArch === null) {
    return none(
      reason(
        ReasonCodes.ARCH_UNKNOWN,
        'Arsitektur PC tidak diketahui, penginstal tidak dapat dipilih',
        "The PC's architecture is unknown: no installer can be chosen",
      ),
    );
  }
  const offered = [
    ...new Set(
      sameOs.flatMap(({ v }) =>
        Array.isArray(v.arch)
          ? (v.arch as unknown[]).filter((a): a is string => typeof a === 'string').map(normalizeArch)
          : [],
      ),
    ),
  ];
  if (offered.length > 0 && !offered.includes(pcArch)) {
    return none(
      reason(
        ReasonCodes.NO_VARIANT,
        `Tidak ada penginstal ${osName(family, 'id')} untuk arsitektur ${clip(arch!, 16)} (hanya ${orList(offered, 'id')})`,
        `There is no ${osName(family, 'en')} installer for ${clip(arch!, 16)} (only ${orList(offered, 'en')})`,
      ),
    );
  }
  return none(
    reason(
      ReasonCodes.NO_VARIANT,
      `Tidak ada penginstal ${osName(family, 'id')} yang cocok: PC ini tidak memakai dpkg/apt`,
      `No ${osName(family, 'en')} installer fits: this PC does not use dpkg/apt`,
    ),
  );
}
