/**
 * Tickets as the API, the agent (for the tray) and the console see them, declared once: the view of a ticket with its
 * SOP timeline, and the bodies of a request and of an action. The HTTP routes, the wire messages and the OpenAPI
 * document derive from these schemas.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TicketActionNames, TicketStates } from './sop/ticketLifecycle';
import { SopStepNumbers } from './sop/steps';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Text = (max: number) => Type.String({ maxLength: max });
const Time = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const TicketStateSchema = Type.Union(TicketStates.map((s) => Type.Literal(s)));
export const TicketActionSchema = Type.Union(TicketActionNames.map((a) => Type.Literal(a)));
export const SopStepSchema = Type.Union(SopStepNumbers.map((n) => Type.Literal(n)));

export const ReasonSchema = Type.Object({ code: Type.String(), id: Type.String(), en: Type.String() });

/** SOP step 3's result, as recorded on the ticket (and printed on the work order). */
export const SpecCheckRecordSchema = Type.Object({
  checkedAt: Time,
  suitable: Type.Boolean(),
  reasons: Type.Array(ReasonSchema),
  variant: Nullable(Type.Object({ os: Type.String(), kind: Type.String() })),
  /** The PC's key specs at the time of the check. */
  pc: Type.Object({
    hostname: Nullable(Type.String()),
    os: Nullable(Type.String()),
    cpu: Nullable(Type.String()),
    cores: Nullable(Type.Integer()),
    memoryTotalBytes: Nullable(Type.Integer()),
    diskFreeBytes: Nullable(Type.Integer()),
  }),
  /** Set when a technician overrode a Belum sesuai verdict. */
  override: Type.Optional(Type.Object({ by: Type.String(), at: Time, reason: Type.String() })),
});
export type SpecCheckRecord = Static<typeof SpecCheckRecordSchema>;

/** SOP step 5's result: what detection found after the install, and the technician's own test. */
export const TestRecordSchema = Type.Object({
  passed: Type.Boolean(),
  note: Nullable(Type.String()),
  by: Type.String(),
  at: Time,
  detection: Nullable(Type.Object({ installed: Type.Boolean(), version: Nullable(Type.String()) })),
});
export type TestRecord = Static<typeof TestRecordSchema>;

const PersonRef = Type.Object({ id: Type.String(), name: Type.String(), nip: Nullable(Type.String()) });

/** One interval of the ticket in one SOP step, measured against the step's standard. */
export const TicketStepViewSchema = Type.Object({
  step: SopStepSchema,
  startedAt: Time,
  endedAt: Nullable(Time),
  /** Counted against the standard (time waiting on the employee or the PC excluded); live while the step is open. */
  activeMs: Type.Integer({ minimum: 0 }),
  standardMs: Type.Integer({ minimum: 0 }),
  breachedAt: Nullable(Time),
});
export type TicketStepView = Static<typeof TicketStepViewSchema>;

export const TicketEventViewSchema = Type.Object({
  at: Time,
  action: Type.String(),
  fromState: Nullable(TicketStateSchema),
  toState: TicketStateSchema,
  actor: Nullable(PersonRef),
  via: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const TicketViewSchema = Type.Object({
  id: Type.String(),
  /** The work order's number (Dokumen Perintah Kerja), once approved. */
  number: Nullable(Type.String()),
  state: TicketStateSchema,
  step: Nullable(SopStepSchema),
  requester: PersonRef,
  team: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  agentId: Type.String(),
  hostname: Nullable(Type.String()),
  osUser: Nullable(Type.String()),
  item: Type.Object({ id: Type.String(), name: Type.String(), version: Type.String() }),
  justification: Type.String(),
  approvalMode: Type.Union([Type.Literal('nota_dinas'), Type.Literal('team_lead')]),
  notaDinas: Nullable(Type.Object({ attachmentId: Type.String(), fileName: Type.String(), sha256: Type.String() })),
  technician: Nullable(PersonRef),
  jobId: Nullable(Type.String()),
  /** The install job's progress while step 4 runs. */
  job: Nullable(
    Type.Object({
      state: Type.String(),
      bytes: Nullable(Type.Integer()),
      totalBytes: Nullable(Type.Integer()),
      message: Nullable(Type.String()),
      errorCode: Nullable(Type.String()),
    }),
  ),
  specCheck: Nullable(SpecCheckRecordSchema),
  test: Nullable(TestRecordSchema),
  createdAt: Time,
  updatedAt: Time,
  closedAt: Nullable(Time),
  stepStartedAt: Nullable(Time),
  /** The current step is past its standard. */
  breached: Type.Boolean(),
  steps: Type.Array(TicketStepViewSchema),
  /** What the caller may do now (names of TicketActions). */
  actions: Type.Array(TicketActionSchema),
});
export type TicketView = Static<typeof TicketViewSchema>;

export const TicketDetailSchema = Type.Object({
  ...TicketViewSchema.properties,
  events: Type.Array(TicketEventViewSchema),
});
export type TicketDetail = Static<typeof TicketDetailSchema>;

export const TicketListResponseSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(TicketViewSchema),
});

/** How the request is approved: with the signed Nota Dinas attached (a PDF), or by the Ketua Tim digitally. */
export const ApprovalRequestSchema = Type.Union([
  Type.Object({ mode: Type.Literal('team_lead') }, { additionalProperties: false }),
  Type.Object({ mode: Type.Literal('nota_dinas'), attachmentId: Id }, { additionalProperties: false }),
]);

/** SOP step 1 through the API (console or script, for an employee at a known PC). */
export const CreateTicketRequestSchema = Type.Object(
  {
    itemId: Id,
    agentId: Id,
    justification: Type.String({ minLength: 10, maxLength: 2000 }),
    approval: ApprovalRequestSchema,
    /** For staff filing on an employee's behalf; an employee files for themself. */
    requesterId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateTicketRequest = Static<typeof CreateTicketRequestSchema>;

export const TicketActionRequestSchema = Type.Object(
  {
    action: TicketActionSchema,
    /** Reason or note: required for reject, return, override, test_failed, not_working, reopen. */
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    /** allocate: the technician. */
    technicianId: Type.Optional(Id),
    /** test_passed / test_failed may carry what the technician checked. */
    test: Type.Optional(Type.Object({ checks: Type.Optional(Text(2000)) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type TicketActionRequest = Static<typeof TicketActionRequestSchema>;
