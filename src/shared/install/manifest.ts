/**
 * What a PC may install and how, kept apart from when and where (the job): the installer variants of a catalog item,
 * their detection rules, and the manifest the agent runs. The manifest and the job are what the server signs.
 */
import { Type, type Static } from '@sinclair/typebox';

export const InstallerKinds = ['winget', 'choco', 'msi', 'exe', 'apt', 'deb', 'brew', 'pkg', 'archive'] as const;
export type InstallerKind = (typeof InstallerKinds)[number];

export const OsFamilies = ['windows', 'linux', 'macos'] as const;
export type OsFamily = (typeof OsFamilies)[number];

/** Package ids and names: no shell metacharacters, no leading dash (never an option to the package manager). */
export const PackageIdSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9._+:@/-]*$' });
/** One argument for an installer: printable, no NUL or newline. */
export const InstallerArgSchema = Type.String({ maxLength: 1024, pattern: '^[^\\u0000\\r\\n]*$' });
export const Sha256Schema = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const VersionSchema = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._+:~-]+$' });

export const DetectionRuleSchema = Type.Union([
  /** A Debian package is installed (and at this version, when given). */
  Type.Object({ kind: Type.Literal('dpkg'), package: PackageIdSchema, version: Type.Optional(VersionSchema) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('rpm'), package: PackageIdSchema, version: Type.Optional(VersionSchema) }, { additionalProperties: false }),
  /** A file exists (absolute path; `%ProgramFiles%`-style variables expand on Windows). */
  Type.Object({ kind: Type.Literal('file'), path: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
  /** A registry key (and value) exists on Windows, optionally equal to `equals`. */
  Type.Object(
    {
      kind: Type.Literal('registry'),
      key: Type.String({ minLength: 1, maxLength: 512, pattern: '^(HKLM|HKCU|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER)\\\\' }),
      valueName: Type.Optional(Type.String({ maxLength: 256 })),
      equals: Type.Optional(Type.String({ maxLength: 512 })),
    },
    { additionalProperties: false },
  ),
  /** A command's exit code (and output): argv, never a shell string. */
  Type.Object(
    {
      kind: Type.Literal('command'),
      argv: Type.Array(InstallerArgSchema, { minItems: 1, maxItems: 32 }),
      exitCode: Type.Optional(Type.Integer()),
      stdoutMatches: Type.Optional(Type.String({ maxLength: 256 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('winget'), id: PackageIdSchema }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('choco'), id: PackageIdSchema }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('brew'), name: PackageIdSchema }, { additionalProperties: false }),
]);
export type DetectionRule = Static<typeof DetectionRuleSchema>;

export const ArtifactSchema = Type.Object(
  {
    sha256: Sha256Schema,
    sizeBytes: Type.Integer({ minimum: 1 }),
    fileName: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9][A-Za-z0-9._ ()+-]*$' }),
  },
  { additionalProperties: false },
);
export type Artifact = Static<typeof ArtifactSchema>;

export const InstallerVariantSchema = Type.Object(
  {
    os: Type.Union(OsFamilies.map((o) => Type.Literal(o))),
    arch: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 8 })),
    kind: Type.Union(InstallerKinds.map((k) => Type.Literal(k))),
    /** winget/choco/apt/brew package id. */
    packageId: Type.Optional(PackageIdSchema),
    /** The uploaded installer (msi, exe, deb, pkg, archive), content-addressed by SHA-256. */
    artifact: Type.Optional(ArtifactSchema),
    /** Extra arguments (silent switches for exe installers). */
    args: Type.Optional(Type.Array(InstallerArgSchema, { maxItems: 64 })),
    uninstallArgs: Type.Optional(Type.Array(InstallerArgSchema, { maxItems: 64 })),
    /** For exe uninstallers and archives: where to unpack / what to run to uninstall. */
    targetDir: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    detection: DetectionRuleSchema,
    /** Exit codes that mean success besides the backend's own table. */
    successExitCodes: Type.Optional(Type.Array(Type.Integer(), { maxItems: 16 })),
    /** @default 3600 */
    timeoutSec: Type.Optional(Type.Integer({ minimum: 10, maximum: 6 * 3600 })),
  },
  { additionalProperties: false },
);
export type InstallerVariant = Static<typeof InstallerVariantSchema>;
