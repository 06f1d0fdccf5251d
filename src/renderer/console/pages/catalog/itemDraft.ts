/**
 * The editor's form state (strings, as inputs hold them) and its conversion to and from the API's CatalogItemInput.
 * Empty fields are left out rather than sent empty, so the server's defaults apply.
 */
import type { CatalogItem, CatalogItemInput } from '../../../../shared/catalog';
import type { DetectionRule, InstallerKind, InstallerVariant, OsFamily } from '../../../../shared/install/manifest';
import type { Requirements } from '../../../../shared/install/requirements';

export interface VariantDraft {
  os: OsFamily;
  kind: InstallerKind;
  packageId: string;
  /** The SHA-256 of a repository file; its size and name are filled in from the repository list. */
  artifactSha256: string;
  artifact: { sha256: string; sizeBytes: number; fileName: string } | null;
  args: string;
  detectionKind: DetectionRule['kind'];
  /** The rule's main value: package, path, key, argv (one a line), id or name. */
  detectionValue: string;
  /** dpkg/rpm version, or registry value name. */
  detectionExtra: string;
  timeoutSec: string;
}

export interface ItemDraft {
  name: string;
  publisher: string;
  version: string;
  category: string;
  icon: string | null;
  descriptionId: string;
  descriptionEn: string;
  licenceSeats: string;
  os: Partial<Record<OsFamily, { minVersion: string }>>;
  architectures: string;
  minMemoryGb: string;
  minDiskGb: string;
  minCores: string;
  software: string;
  variants: VariantDraft[];
}

const GB = 1024 ** 3;

export function emptyVariant(): VariantDraft {
  return {
    os: 'windows',
    kind: 'winget',
    packageId: '',
    artifactSha256: '',
    artifact: null,
    args: '',
    detectionKind: 'winget',
    detectionValue: '',
    detectionExtra: '',
    timeoutSec: '',
  };
}

export function emptyDraft(): ItemDraft {
  return {
    name: '',
    publisher: '',
    version: '',
    category: '',
    icon: null,
    descriptionId: '',
    descriptionEn: '',
    licenceSeats: '',
    os: {},
    architectures: '',
    minMemoryGb: '',
    minDiskGb: '',
    minCores: '',
    software: '',
    variants: [emptyVariant()],
  };
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));

function detectionOf(v: VariantDraft): DetectionRule {
  const value = v.detectionValue.trim();
  const extra = v.detectionExtra.trim();
  switch (v.detectionKind) {
    case 'dpkg':
    case 'rpm':
      return { kind: v.detectionKind, package: value, ...(extra ? { version: extra } : {}) };
    case 'file':
      return { kind: 'file', path: value };
    case 'registry':
      return { kind: 'registry', key: value, ...(extra ? { valueName: extra } : {}) };
    case 'command':
      return { kind: 'command', argv: lines(v.detectionValue) };
    case 'winget':
    case 'choco':
      return { kind: v.detectionKind, id: value };
    case 'brew':
      return { kind: 'brew', name: value };
  }
}

export function variantOf(v: VariantDraft): InstallerVariant {
  const args = lines(v.args);
  const timeout = num(v.timeoutSec);
  return {
    os: v.os,
    kind: v.kind,
    ...(v.packageId.trim() ? { packageId: v.packageId.trim() } : {}),
    ...(v.artifact ? { artifact: v.artifact } : {}),
    ...(args.length ? { args } : {}),
    detection: detectionOf(v),
    ...(timeout !== undefined ? { timeoutSec: timeout } : {}),
  };
}

export function requirementsOf(d: ItemDraft): Requirements {
  const os = (Object.entries(d.os) as [OsFamily, { minVersion: string }][]).map(([family, o]) => ({
    family,
    ...(o.minVersion.trim() ? { minVersion: o.minVersion.trim() } : {}),
  }));
  const architectures = d.architectures
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const mem = num(d.minMemoryGb);
  const disk = num(d.minDiskGb);
  const cores = num(d.minCores);
  const software = lines(d.software).map((l) => {
    const m = /^(.*?)\s*>=\s*(\S+)$/.exec(l);
    return m ? { name: m[1]!, minVersion: m[2]! } : { name: l };
  });
  return {
    ...(os.length ? { os } : {}),
    ...(architectures.length ? { architectures } : {}),
    ...(mem !== undefined ? { minMemoryBytes: Math.round(mem * GB) } : {}),
    ...(disk !== undefined ? { minFreeDiskBytes: Math.round(disk * GB) } : {}),
    ...(cores !== undefined ? { minCpuCores: cores } : {}),
    ...(software.length ? { software } : {}),
  };
}

export function inputOf(d: ItemDraft): CatalogItemInput {
  const seats = num(d.licenceSeats);
  return {
    name: d.name.trim(),
    publisher: d.publisher.trim(),
    version: d.version.trim(),
    category: d.category.trim(),
    icon: d.icon,
    descriptionId: d.descriptionId,
    descriptionEn: d.descriptionEn,
    licenceSeats: seats === undefined ? null : seats,
    requirements: requirementsOf(d),
    variants: d.variants.map(variantOf),
  };
}

function detectionDraft(r: DetectionRule): Pick<VariantDraft, 'detectionKind' | 'detectionValue' | 'detectionExtra'> {
  switch (r.kind) {
    case 'dpkg':
    case 'rpm':
      return { detectionKind: r.kind, detectionValue: r.package, detectionExtra: r.version ?? '' };
    case 'file':
      return { detectionKind: 'file', detectionValue: r.path, detectionExtra: '' };
    case 'registry':
      return { detectionKind: 'registry', detectionValue: r.key, detectionExtra: r.valueName ?? '' };
    case 'command':
      return { detectionKind: 'command', detectionValue: r.argv.join('\n'), detectionExtra: '' };
    case 'winget':
    case 'choco':
      return { detectionKind: r.kind, detectionValue: r.id, detectionExtra: '' };
    case 'brew':
      return { detectionKind: 'brew', detectionValue: r.name, detectionExtra: '' };
  }
}

export function draftOf(item: CatalogItem): ItemDraft {
  const req = item.requirements;
  const os: ItemDraft['os'] = {};
  for (const o of req.os ?? []) os[o.family] = { minVersion: o.minVersion ?? '' };
  const gb = (b: number | undefined) => (b === undefined ? '' : String(Math.round((b / GB) * 100) / 100));
  return {
    name: item.name,
    publisher: item.publisher,
    version: item.version,
    category: item.category,
    icon: item.icon,
    descriptionId: item.descriptionId,
    descriptionEn: item.descriptionEn,
    licenceSeats: item.licenceSeats === null ? '' : String(item.licenceSeats),
    os,
    architectures: (req.architectures ?? []).join(', '),
    minMemoryGb: gb(req.minMemoryBytes),
    minDiskGb: gb(req.minFreeDiskBytes),
    minCores: req.minCpuCores === undefined ? '' : String(req.minCpuCores),
    software: (req.software ?? []).map((s) => (s.minVersion ? `${s.name} >= ${s.minVersion}` : s.name)).join('\n'),
    variants: item.variants.map((v) => ({
      os: v.os,
      kind: v.kind,
      packageId: v.packageId ?? '',
      artifactSha256: v.artifact?.sha256 ?? '',
      artifact: v.artifact ?? null,
      args: (v.args ?? []).join('\n'),
      ...detectionDraft(v.detection),
      timeoutSec: v.timeoutSec === undefined ? '' : String(v.timeoutSec),
    })),
  };
}
