/**
 * What a catalog item needs of a PC (SOP step 3, "Mengecek … spesifikasi PC"): operating system and its minimum
 * version, processor architecture, RAM, free space on the system drive, CPU cores and prerequisite programs. Every
 * field is optional; an empty object asks for nothing.
 */
import { Type, type Static } from '@sinclair/typebox';
import { OsFamilies } from './manifest';

/** A minimum version as an admin writes it: dotted numbers, with a Debian epoch when one matters ("1:2.3"). */
export const MinVersionSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^([0-9]{1,9}:)?[0-9]{1,18}(\\.[0-9]{1,18}){0,7}$',
});

/**
 * Architecture names as Node and systeminformation report them ("x64", "arm64", "ia32"), or their package-manager
 * spellings ("amd64", "x86_64", "aarch64", "i386"); the spec check treats the spellings of one architecture alike.
 */
export const ArchitectureSchema = Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9_]+$' });

export const OsRequirementSchema = Type.Object(
  {
    family: Type.Union(OsFamilies.map((f) => Type.Literal(f))),
    /** Compared with the inventory's `os.release`: Windows "10.0.19041", Debian "12", macOS "13.5". */
    minVersion: Type.Optional(MinVersionSchema),
    /** Linux only: a word the inventory's `os.distro` must contain, case-insensitively ("debian", "ubuntu"). */
    distro: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type OsRequirement = Static<typeof OsRequirementSchema>;

export const SoftwareRequirementSchema = Type.Object(
  {
    /** Matched case-insensitively against the inventory's program names; a trailing `*` matches by prefix. */
    name: Type.String({ minLength: 1, maxLength: 256 }),
    minVersion: Type.Optional(MinVersionSchema),
  },
  { additionalProperties: false },
);
export type SoftwareRequirement = Static<typeof SoftwareRequirementSchema>;

export const RequirementsSchema = Type.Object(
  {
    /** The PC must run one of these; absent: any OS. */
    os: Type.Optional(Type.Array(OsRequirementSchema, { minItems: 1, maxItems: 8 })),
    architectures: Type.Optional(Type.Array(ArchitectureSchema, { minItems: 1, maxItems: 8 })),
    /** Installed RAM in bytes. */
    minMemoryBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Free bytes on the system drive: `/` on Linux and macOS, `C:` on Windows. */
    minFreeDiskBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Logical processors (the inventory's `cpu.cores`). */
    minCpuCores: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096 })),
    /** Programs that must already be installed. */
    software: Type.Optional(Type.Array(SoftwareRequirementSchema, { maxItems: 32 })),
  },
  { additionalProperties: false },
);
export type Requirements = Static<typeof RequirementsSchema>;
