/**
 * The software catalog's contract: the bodies of /api/v1/catalog and of `pasang-server catalog import`, and the rules a
 * schema cannot say (what each installer kind needs, which OS it runs on). The server, the console and the import all
 * derive their checks from here.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  InstallerVariantSchema,
  Sha256Schema,
  type InstallerKind,
  type InstallerVariant,
  type OsFamily,
} from './install/manifest';
import { RequirementsSchema } from './install/requirements';
import { ReasonCodes } from './install/specCheck';

/** One line of printable text: no control characters (names show in menus, work orders and reports). */
const Line = (min: number, max: number) =>
  Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

/**
 * A small raster icon inline. SVG is left out on purpose: it is a document that can carry script, and the icon is
 * shown in the console and the tray.
 */
export const IconDataUrlSchema = Type.String({
  maxLength: 65_536,
  pattern: '^data:image/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$',
});

export const CatalogItemInputSchema = Type.Object(
  {
    name: Line(1, 200),
    /** @default '' */
    publisher: Type.Optional(Line(0, 200)),
    version: Line(1, 100),
    category: Line(1, 64),
    /** A `data:image/png|jpeg|webp;base64,…` URL, or the SHA-256 of an image uploaded to the repository. */
    icon: Type.Optional(Type.Union([IconDataUrlSchema, Sha256Schema, Type.Null()])),
    /** @default '' */
    descriptionId: Type.Optional(Type.String({ maxLength: 4000 })),
    /** @default '' */
    descriptionEn: Type.Optional(Type.String({ maxLength: 4000 })),
    /** Licences owned; null or absent: unlimited (free software, site licence). */
    licenceSeats: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
    /** @default {} */
    requirements: Type.Optional(RequirementsSchema),
    /** The installers, preferred first: the spec check takes the first that fits a PC. */
    variants: Type.Array(InstallerVariantSchema, { minItems: 1, maxItems: 16 }),
  },
  { additionalProperties: false },
);
export type CatalogItemInput = Static<typeof CatalogItemInputSchema>;

/** A stored variant: the installer as given, with the id install jobs and reports refer to. */
export const CatalogVariantSchema = Type.Object(
  { id: Type.String(), ...InstallerVariantSchema.properties },
  { additionalProperties: false },
);
export type CatalogVariant = Static<typeof CatalogVariantSchema>;

const ItemFields = {
  id: Type.String(),
  name: Type.String(),
  publisher: Type.String(),
  version: Type.String(),
  category: Type.String(),
  icon: Type.Union([Type.String(), Type.Null()]),
  descriptionId: Type.String(),
  descriptionEn: Type.String(),
  licenceSeats: Type.Union([Type.Integer(), Type.Null()]),
  requirements: RequirementsSchema,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const CatalogItemSchema = Type.Object({ ...ItemFields, variants: Type.Array(CatalogVariantSchema) });
export type CatalogItem = Static<typeof CatalogItemSchema>;

/** What the list shows: the item and where it installs, without installer details. */
export const CatalogItemSummarySchema = Type.Object({
  ...ItemFields,
  platforms: Type.Array(
    Type.Object({ os: Type.String(), kind: Type.String(), arch: Type.Optional(Type.Array(Type.String())) }),
  ),
});
export type CatalogItemSummary = Static<typeof CatalogItemSummarySchema>;

export const CatalogListResponseSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(CatalogItemSummarySchema),
});

/** Licence seats per item: owned (null: unlimited) and in use (PCs it is installed on through Pasang). */
export const LicenceSeatsResponseSchema = Type.Object({
  items: Type.Array(
    Type.Object({ itemId: Type.String(), seats: Type.Union([Type.Integer(), Type.Null()]), used: Type.Integer({ minimum: 0 }) }),
  ),
});
export type LicenceSeatsResponse = Static<typeof LicenceSeatsResponseSchema>;

export const SpecReasonSchema = Type.Object({
  code: Type.Union(Object.values(ReasonCodes).map((c) => Type.Literal(c))),
  id: Type.String(),
  en: Type.String(),
});

/** SOP step 3 for one PC: does it meet the item's requirements, which installer fits, and is that installer here. */
export const CatalogCheckResponseSchema = Type.Object({
  itemId: Type.String(),
  agentId: Type.String(),
  suitable: Type.Boolean(),
  reasons: Type.Array(SpecReasonSchema),
  variant: Type.Union([CatalogVariantSchema, Type.Null()]),
});

/** A catalog file for `pasang-server catalog import`: an array of items, or `{ "items": [...] }`. */
export const CatalogImportFileSchema = Type.Union([
  Type.Array(CatalogItemInputSchema, { maxItems: 10_000 }),
  Type.Object({ items: Type.Array(CatalogItemInputSchema, { maxItems: 10_000 }) }, { additionalProperties: false }),
]);

/** Kinds that install an uploaded file: they name an artifact of the repository. */
export const ArtifactKinds: readonly InstallerKind[] = ['msi', 'exe', 'deb', 'pkg', 'archive'];
/** Kinds that ask a package manager: they name a package. */
export const PackageKinds: readonly InstallerKind[] = ['winget', 'choco', 'apt', 'brew'];

/** Where each kind runs. Homebrew runs on Linux too; an archive is unpacked anywhere. */
export const KindOs: Record<InstallerKind, readonly OsFamily[]> = {
  winget: ['windows'],
  choco: ['windows'],
  msi: ['windows'],
  exe: ['windows'],
  apt: ['linux'],
  deb: ['linux'],
  brew: ['macos', 'linux'],
  pkg: ['macos'],
  archive: ['windows', 'linux', 'macos'],
};

const DetectionOs: Partial<Record<InstallerVariant['detection']['kind'], readonly OsFamily[]>> = {
  registry: ['windows'],
  winget: ['windows'],
  choco: ['windows'],
  dpkg: ['linux'],
  rpm: ['linux'],
  brew: ['macos', 'linux'],
};

/** A problem with one field, named by its JSON pointer as Ajv names it (`/variants/0/packageId`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * What the schema lets through but no PC could run: an msi without its installer, a winget variant without a package
 * id, a .deb for Windows, a registry check on Linux. Whether the artifact is actually in the repository is the
 * server's to check.
 */
export function variantProblems(variant: InstallerVariant, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { kind, os } = variant;
  if (!KindOs[kind].includes(os)) {
    problems.push({
      path: `${path}/kind`,
      message: `a ${kind} installer runs on ${KindOs[kind].join(' or ')}, not ${os}`,
    });
  }
  if (ArtifactKinds.includes(kind)) {
    if (!variant.artifact)
      problems.push({
        path: `${path}/artifact`,
        message: `a ${kind} variant needs the artifact (sha256, sizeBytes, fileName) of an uploaded installer`,
      });
    if (variant.packageId !== undefined)
      problems.push({ path: `${path}/packageId`, message: `a ${kind} variant installs a file, not a package id` });
  } else {
    if (variant.packageId === undefined)
      problems.push({ path: `${path}/packageId`, message: `a ${kind} variant needs a packageId` });
    if (variant.artifact !== undefined)
      problems.push({
        path: `${path}/artifact`,
        message: `a ${kind} variant installs a package, not an uploaded file`,
      });
  }
  const detectionOs = DetectionOs[variant.detection.kind];
  if (detectionOs && !detectionOs.includes(os)) {
    problems.push({
      path: `${path}/detection/kind`,
      message: `a ${variant.detection.kind} detection rule works on ${detectionOs.join(' or ')}, not ${os}`,
    });
  }
  return problems;
}

/** Every rule-level problem of an item that already passed CatalogItemInputSchema. */
export function catalogItemProblems(input: CatalogItemInput): FieldProblem[] {
  return input.variants.flatMap((v, i) => variantProblems(v, `/variants/${i}`));
}
