/**
 * What a person at a PC can ask of the server through their agent (the tray's requests), declared once: each query's
 * arguments and result, and each command that changes a ticket. Queries travel as `query` → `reply` and need the
 * server; commands travel through the agent's persistent outbox (`ticket.submit`, `ticket.act`), so a request made
 * offline is sent when the PC is back. The agent names the OS user who asked; the server decides who that person is.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CatalogItemSummarySchema, SpecReasonSchema } from '../catalog';
import { AgentSummarySchema } from '../api';
import { TicketDetailSchema, TicketViewSchema } from '../ticketsApi';
import { MetricsSampleSchema } from './inventory';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
/** An OS account name as the OS reports it (DOMAIN\\user on Windows). */
export const OsUserSchema = Type.String({ minLength: 1, maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

function query<A extends TSchema, R extends TSchema>(args: A, result: R) {
  return { args, result } as const;
}

export const PersonViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nip: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  team: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  /** False while the link of this OS account to the person waits for the Ketua Tim's confirmation. */
  confirmed: Type.Boolean(),
});
export type PersonView = Static<typeof PersonViewSchema>;

/** A catalog item as the tray shows it: with SOP step 3's verdict for this PC, before anyone asks. */
export const CatalogEntryForPcSchema = Type.Object({
  item: CatalogItemSummarySchema,
  suitable: Type.Boolean(),
  reasons: Type.Array(SpecReasonSchema),
});
export type CatalogEntryForPc = Static<typeof CatalogEntryForPcSchema>;

/** An OS account that named a person's NIP at a first request, as the Ketua Tim sees it on the tray. */
export const OsAccountClaimSchema = Type.Object({
  id: Type.String(),
  person: Type.Object({ id: Type.String(), name: Type.String(), nip: Type.Union([Type.String(), Type.Null()]) }),
  osUser: Type.String(),
  /** The PC the claim was made from (null: a link for any PC). */
  agentId: Type.Union([Type.String(), Type.Null()]),
  hostname: Type.Union([Type.String(), Type.Null()]),
  /** Epoch milliseconds. */
  claimedAt: Type.Integer(),
});
export type OsAccountClaim = Static<typeof OsAccountClaimSchema>;

export const OsAccountClaimDecisions = ['confirm', 'refuse'] as const;
export type OsAccountClaimDecision = (typeof OsAccountClaimDecisions)[number];

export const UserQueries = {
  /** Who the server takes this OS user on this PC to be (null: not linked yet — the first request names a NIP). */
  whoami: query(Type.Object({}, { additionalProperties: false }), Type.Union([PersonViewSchema, Type.Null()])),
  catalog: query(
    Type.Object(
      { search: Type.Optional(Type.String({ maxLength: 100 })), category: Type.Optional(Type.String({ maxLength: 64 })) },
      { additionalProperties: false },
    ),
    Type.Object({ items: Type.Array(CatalogEntryForPcSchema), categories: Type.Array(Type.String()) }),
  ),
  my_tickets: query(Type.Object({}, { additionalProperties: false }), Type.Object({ items: Type.Array(TicketViewSchema) })),
  ticket: query(Type.Object({ ticketId: Id }, { additionalProperties: false }), TicketDetailSchema),
  /** A Ketua Tim's pending approvals (the team's submitted requests). */
  approvals: query(Type.Object({}, { additionalProperties: false }), Type.Object({ items: Type.Array(TicketViewSchema) })),
  /**
   * A Ketua Tim's pending OS-account claims: OS accounts on office PCs that named a team member's NIP at a first
   * request, waiting to be confirmed or refused (an admin sees every team's). Others are refused (FORBIDDEN).
   */
  os_account_claims: query(Type.Object({}, { additionalProperties: false }), Type.Object({ items: Type.Array(OsAccountClaimSchema) })),
  /**
   * Confirms or refuses one claim. A decision, yet a query on the wire: it needs the server's answer at once and
   * means nothing queued for later, so it never goes through the outbox.
   */
  os_account_decide: query(
    Type.Object({ claimId: Id, decision: Type.Union(OsAccountClaimDecisions.map((d) => Type.Literal(d))) }, { additionalProperties: false }),
    Type.Object({ claimId: Type.String(), decision: Type.Union(OsAccountClaimDecisions.map((d) => Type.Literal(d))) }),
  ),
  work_order: query(
    Type.Object({ ticketId: Id }, { additionalProperties: false }),
    Type.Object({ fileName: Type.String(), sha256: Type.String(), pdfBase64: Type.String() }),
  ),
  my_pc: query(
    Type.Object({}, { additionalProperties: false }),
    Type.Object({
      agentId: Type.String(),
      hostname: Type.String(),
      online: Type.Boolean(),
      summary: Type.Union([AgentSummarySchema, Type.Null()]),
      lastMetrics: Type.Union([MetricsSampleSchema, Type.Null()]),
      inventoryUpdatedAt: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
} as const;
export type UserQueryName = keyof typeof UserQueries;
export const UserQueryNames = Object.keys(UserQueries) as UserQueryName[];
export type UserQueryArgs<Q extends UserQueryName> = Static<(typeof UserQueries)[Q]['args']>;
export type UserQueryResult<Q extends UserQueryName> = Static<(typeof UserQueries)[Q]['result']>;

/** Largest Nota Dinas a tray can attach (it travels inside one message, base64, under the 8 MiB frame limit). */
export const MAX_TRAY_NOTA_DINAS_BYTES = 4 * 1024 * 1024;

export const TicketSubmitSchema = Type.Object(
  {
    osUser: OsUserSchema,
    itemId: Id,
    justification: Type.String({ minLength: 10, maxLength: 2000 }),
    approval: Type.Union([
      Type.Object({ mode: Type.Literal('team_lead') }, { additionalProperties: false }),
      Type.Object(
        {
          mode: Type.Literal('nota_dinas'),
          fileName: Type.String({ minLength: 1, maxLength: 200 }),
          pdfBase64: Type.String({ minLength: 8, maxLength: Math.ceil(MAX_TRAY_NOTA_DINAS_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
        },
        { additionalProperties: false },
      ),
    ]),
    /** An OS account the server does not know yet names its person by NIP (confirmed later by the Ketua Tim). */
    nip: Type.Optional(Type.String({ minLength: 18, maxLength: 24 })),
  },
  { additionalProperties: false },
);
export type TicketSubmit = Static<typeof TicketSubmitSchema>;

/** The ticket actions a person can take from the tray; staff actions happen in the console. */
export const TrayTicketActions = ['approve', 'reject', 'cancel', 'resubmit', 'sign_off', 'not_working', 'reopen'] as const;
export type TrayTicketAction = (typeof TrayTicketActions)[number];

export const TicketActSchema = Type.Object(
  {
    osUser: OsUserSchema,
    ticketId: Id,
    action: Type.Union(TrayTicketActions.map((a) => Type.Literal(a))),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type TicketAct = Static<typeof TicketActSchema>;

export const QuerySchema = Type.Object(
  {
    osUser: OsUserSchema,
    op: Type.Union(Object.keys(UserQueries).map((q) => Type.Literal(q))),
    /** Checked against the op's own args schema by the server. */
    args: Type.Unknown(),
  },
  { additionalProperties: false },
);

/** The answer to a `query`, `ticket.submit` or `ticket.act` (refId = its envelope id). */
export const ReplySchema = Type.Union([
  Type.Object({ refId: Id, ok: Type.Literal(true), result: Type.Unknown() }, { additionalProperties: false }),
  Type.Object(
    { refId: Id, ok: Type.Literal(false), code: Type.String({ maxLength: 64 }), message: Type.String({ maxLength: 2048 }) },
    { additionalProperties: false },
  ),
]);
export type Reply = Static<typeof ReplySchema>;

/** A ticket changed: the agent tells the OS users on its PC whom it concerns (tray notifications). Lossy by design. */
export const TicketEventSchema = Type.Object({
  osUsers: Type.Array(OsUserSchema, { maxItems: 64 }),
  action: Type.String({ maxLength: 64 }),
  note: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  ticket: TicketViewSchema,
});
export type TicketEvent = Static<typeof TicketEventSchema>;
