/**
 * The Dokumen Perintah Kerja (work order) of SOP-052/17000/2025 as data, declared once: what the PDF prints, what the
 * public verification page shows, and what the content hash covers (the canonical JSON of everything here except
 * `contentSha256`). Times are ISO 8601 UTC strings; a value the workflow has not produced yet is null, never omitted,
 * so that the same ticket always gives the same JSON.
 */
import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Text = Type.String({ maxLength: 10_000 });
const Time = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Bilingual = Type.Object({ id: Type.String(), en: Type.String() });

/** Bumped when the meaning of a field changes: part of the hashed content, so old hashes stay unambiguous. */
export const WorkOrderFormat = 'pasang.work-order/1';

export const OfficeHeaderSchema = Type.Object({
  /** @default "Badan Pusat Statistik Provinsi Bengkulu" */
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** @default "Tim Teknologi Informasi dan Pengembangan Inovasi" */
  unit: Type.String({ minLength: 1, maxLength: 200 }),
  /** @default "SOP-052/17000/2025" */
  sopNumber: Type.String({ minLength: 1, maxLength: 100 }),
  /** @default "Permintaan Instalasi Perangkat Lunak" */
  sopTitle: Type.String({ minLength: 1, maxLength: 200 }),
});
export type OfficeHeader = Static<typeof OfficeHeaderSchema>;

export const DefaultOfficeHeader: OfficeHeader = {
  name: 'Badan Pusat Statistik Provinsi Bengkulu',
  unit: 'Tim Teknologi Informasi dan Pengembangan Inovasi',
  sopNumber: 'SOP-052/17000/2025',
  sopTitle: 'Permintaan Instalasi Perangkat Lunak',
};

/** A person as the document names them. */
export const WorkOrderPersonSchema = Type.Object({
  name: Type.String(),
  nip: Nullable(Type.String()),
});
export type WorkOrderPerson = Static<typeof WorkOrderPersonSchema>;

/** The PC's key specs as the spec check (step 3) recorded them; null fields were not reported. */
export const WorkOrderPcSchema = Type.Object({
  hostname: Type.String(),
  os: Nullable(Type.String()),
  cpu: Nullable(Type.String()),
  cores: Type.Union([Type.Integer(), Type.Null()]),
  memoryTotalBytes: Type.Union([Type.Number(), Type.Null()]),
  diskFreeBytes: Type.Union([Type.Number(), Type.Null()]),
  /** When step 3 checked the PC; null: not checked yet (hostname from the PC's record). */
  checkedAt: Nullable(Time),
  /** Step 3's verdict: true Sesuai, false Belum sesuai, null not checked. */
  suitable: Type.Union([Type.Boolean(), Type.Null()]),
});

/** What the request rests on: the signed Nota Dinas, or the Ketua Tim's digital approval. */
export const WorkOrderBasisSchema = Type.Union([
  Type.Object({ kind: Type.Literal('nota_dinas'), fileName: Type.String(), sha256: Sha256 }),
  Type.Object({ kind: Type.Literal('digital'), by: Nullable(Type.String()), at: Nullable(Time) }),
]);
export type WorkOrderBasis = Static<typeof WorkOrderBasisSchema>;

/** A decision that authorised the work: the Ketua Tim's approval, the allocation or claim, an override of step 3. */
export const WorkOrderApprovalSchema = Type.Object({
  action: Type.String(),
  name: Bilingual,
  by: Type.Union([WorkOrderPersonSchema, Type.Null()]),
  at: Time,
  note: Nullable(Type.String()),
});

/** One interval of a ticket in a step (a step repeated after a failed test has several). */
export const WorkOrderIntervalSchema = Type.Object({
  startedAt: Time,
  /** Null while the step is still running. */
  endedAt: Nullable(Time),
  /** Time counted against the standard (paused time excluded); null while running. */
  activeMs: Type.Union([Type.Integer(), Type.Null()]),
  pausedMs: Type.Integer(),
  breached: Type.Boolean(),
  breachedAt: Nullable(Time),
});
export type WorkOrderInterval = Static<typeof WorkOrderIntervalSchema>;

export const WorkOrderStepSchema = Type.Object({
  step: Type.Integer({ minimum: 1, maximum: 6 }),
  key: Type.String(),
  name: Bilingual,
  standardMinutes: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  intervals: Type.Array(WorkOrderIntervalSchema),
});
export type WorkOrderStep = Static<typeof WorkOrderStepSchema>;

export const WorkOrderDataSchema = Type.Object({
  format: Type.Literal(WorkOrderFormat),
  office: OfficeHeaderSchema,
  number: Type.String(),
  ticketId: Type.String(),
  /** When the work order came to exist: the approval. */
  issuedAt: Time,
  status: Type.Object({ state: Type.String(), name: Bilingual }),
  requester: Type.Object({ name: Type.String(), nip: Nullable(Type.String()), team: Nullable(Type.String()) }),
  pc: WorkOrderPcSchema,
  software: Type.Object({ name: Type.String(), version: Type.String() }),
  justification: Text,
  basis: WorkOrderBasisSchema,
  approvals: Type.Array(WorkOrderApprovalSchema),
  technician: Type.Union([
    Type.Object({ name: Type.String(), nip: Nullable(Type.String()), qualification: Type.Union([Bilingual, Type.Null()]) }),
    Type.Null(),
  ]),
  steps: Type.Array(WorkOrderStepSchema, { minItems: 6, maxItems: 6 }),
  verification: Type.Object({
    /** What the agent's detection found after the install; null: not run yet. */
    detection: Type.Union([Type.Object({ installed: Type.Boolean(), version: Nullable(Type.String()) }), Type.Null()]),
    /** The technician's test (Uji coba); null: not recorded yet. */
    test: Type.Union([
      Type.Object({ passed: Type.Boolean(), note: Nullable(Type.String()), by: Type.Union([WorkOrderPersonSchema, Type.Null()]), at: Time }),
      Type.Null(),
    ]),
  }),
  /** The requester's sign-off (step 6); null: not yet signed (or reopened since). */
  signOff: Type.Union([Type.Object({ by: WorkOrderPersonSchema, at: Time }), Type.Null()]),
  /** Where the QR code leads: the public verification page of this work order. */
  verificationUrl: Type.String(),
  /** SHA-256 of the canonical JSON of every other field. */
  contentSha256: Sha256,
});
export type WorkOrderData = Static<typeof WorkOrderDataSchema>;

/** Everything the content hash covers. */
export type WorkOrderContent = Omit<WorkOrderData, 'contentSha256'>;

/** A PDF of the work order issued at some time: each distinct PDF is remembered so that older copies still verify. */
export const WorkOrderVersionSchema = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  contentSha256: Sha256,
  pdfSha256: Sha256,
  firstIssuedAt: Time,
});
export type WorkOrderVersion = Static<typeof WorkOrderVersionSchema>;

/** The public verification page's facts, as JSON (`GET /api/v1/verify/work-orders/:code`). */
export const WorkOrderVerificationSchema = Type.Object({
  workOrder: WorkOrderDataSchema,
  pdfSha256: Sha256,
  pdfUrl: Type.String(),
  /** Every PDF issued, oldest first; the last is the current one. */
  versions: Type.Array(WorkOrderVersionSchema),
});
export type WorkOrderVerification = Static<typeof WorkOrderVerificationSchema>;

export const WorkOrderCheckRequestSchema = Type.Object({ sha256: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

/**
 * Whether a copy is the original: `current` — it is the latest PDF, or carries its content hash; `superseded` — it is
 * a PDF this server issued earlier for this work order (the ticket moved on since); `mismatch` — neither.
 */
export const WorkOrderCheckResultSchema = Type.Object({
  verdict: Type.Union([Type.Literal('current'), Type.Literal('superseded'), Type.Literal('mismatch')]),
  /** What was compared: the SHA-256 of the uploaded file, or the pasted one. */
  sha256: Sha256,
  /** What it matched: the PDF's bytes or the content hash; null on mismatch. */
  matched: Type.Union([Type.Literal('pdf'), Type.Literal('content'), Type.Null()]),
  version: Type.Union([WorkOrderVersionSchema, Type.Null()]),
  current: Type.Object({ contentSha256: Sha256, pdfSha256: Sha256 }),
});
export type WorkOrderCheckResult = Static<typeof WorkOrderCheckResultSchema>;
