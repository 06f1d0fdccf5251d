/**
 * Every wire message between agent and server, declared once: its `type`, its payload schema and who may send it.
 * The TypeScript types, the runtime validators (validate.ts) and the OpenAPI/JSON-Schema document all derive from
 * this table.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ErrorCodes } from '../errors';
import { InventorySchema, MetricsSampleSchema } from './inventory';
import { JobCommandSchema, JobProgressSchema, JobResultSchema } from '../install/job';
import { QuerySchema, ReplySchema, TicketActSchema, TicketEventSchema, TicketSubmitSchema } from './userOps';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const AgentSettingsSchema = Type.Object({
  /** How often the agent sends a metrics sample when nobody is watching. */
  metricsIntervalSec: Type.Integer({ minimum: 1, maximum: 86_400 }),
  /** True while someone watches this PC: the agent then samples every `liveIntervalSec`. */
  live: Type.Boolean(),
  liveIntervalSec: Type.Integer({ minimum: 1, maximum: 60 }),
  /** How often the agent re-collects its inventory to see whether it changed. */
  inventoryCheckSec: Type.Integer({ minimum: 60, maximum: 7 * 86_400 }),
});
export type AgentSettings = Static<typeof AgentSettingsSchema>;

const ErrorPayloadSchema = Type.Object({
  code: Type.Union(Object.values(ErrorCodes).map((c) => Type.Literal(c))),
  message: Type.String({ maxLength: 2048 }),
  /** The id of the message this error answers, when there was one. */
  refId: Type.Optional(Type.String({ maxLength: 64 })),
});

const AckPayloadSchema = Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 1000 }) });

/** Direction a message may travel. */
type From = 'agent' | 'server' | 'both';

function message<F extends From, T extends TSchema>(from: F, payload: T, options: { acked: boolean }) {
  return { from, payload, acked: options.acked } as const;
}

export const Messages = {
  hello: message(
    'agent',
    Type.Object({
      agentVersion: Type.String({ maxLength: 64 }),
      protocol: Type.Integer({ minimum: 1 }),
      capabilities: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 }),
      /** Hash of the inventory the agent last had acknowledged, so the server can ask for one if it lacks it. */
      inventoryHash: Type.Optional(Sha256Hex),
    }),
    { acked: false },
  ),
  inventory: message('agent', Type.Object({ hash: Sha256Hex, inventory: InventorySchema }), { acked: true }),
  metrics: message('agent', Type.Object({ sample: MetricsSampleSchema }), { acked: true }),
  welcome: message(
    'server',
    Type.Object({
      serverVersion: Type.String({ maxLength: 64 }),
      protocol: Type.Integer({ minimum: 1 }),
      capabilities: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 }),
      agentId: Id,
      settings: AgentSettingsSchema,
      /** The server has no inventory with the agent's hash: send a full one now. */
      inventoryWanted: Type.Boolean(),
    }),
    { acked: false },
  ),
  settings: message('server', AgentSettingsSchema, { acked: false }),
  'inventory.request': message('server', Type.Object({}), { acked: false }),
  /** An install or uninstall to run (signed; see install/job.ts). Delivered at least once, run at most once. */
  job: message('server', JobCommandSchema, { acked: true }),
  'job.cancel': message('server', Type.Object({ jobId: Id }, { additionalProperties: false }), { acked: true }),
  /** Where a job is (lossy: the next one or the result supersedes it). */
  'job.progress': message('agent', JobProgressSchema, { acked: false }),
  'job.result': message('agent', JobResultSchema, { acked: true }),
  /** SOP step 1 from the tray: a person at this PC requests software (through the outbox: works offline). */
  'ticket.submit': message('agent', TicketSubmitSchema, { acked: true }),
  /** A person at this PC acts on a ticket: approve/reject (Ketua Tim), cancel, sign off, "not working", … */
  'ticket.act': message('agent', TicketActSchema, { acked: true }),
  /** A person at this PC asks for something (catalog with verdicts, their tickets, approvals, work order PDF). */
  query: message('agent', QuerySchema, { acked: false }),
  /** The answer to a query, ticket.submit or ticket.act. */
  reply: message('server', ReplySchema, { acked: false }),
  /** A ticket that concerns people on this PC changed (for tray notifications). */
  'ticket.event': message('server', TicketEventSchema, { acked: false }),
  ack: message('both', AckPayloadSchema, { acked: false }),
  error: message('both', ErrorPayloadSchema, { acked: false }),
} as const;

export type MessageType = keyof typeof Messages;
export type PayloadOf<T extends MessageType> = Static<(typeof Messages)[T]['payload']>;

type TypesFrom<F extends From> = {
  [K in MessageType]: (typeof Messages)[K]['from'] extends F | 'both' ? K : never;
}[MessageType];
export type AgentMessageType = TypesFrom<'agent'>;
export type ServerMessageType = TypesFrom<'server'>;

export const MessageTypes = Object.keys(Messages) as MessageType[];

export const EnvelopeSchema = Type.Object({
  v: Type.Integer({ minimum: 1, maximum: 1000 }),
  id: Id,
  type: Type.String({ minLength: 1, maxLength: 64 }),
  ts: Type.Integer({ minimum: 0 }),
  payload: Type.Unknown(),
});

export interface Envelope<T extends MessageType = MessageType> {
  v: number;
  id: string;
  type: T;
  ts: number;
  payload: PayloadOf<T>;
}

export type AnyEnvelope = { [K in MessageType]: Envelope<K> }[MessageType];
export type EnvelopeFromAgent = { [K in AgentMessageType]: Envelope<K> }[AgentMessageType];
export type EnvelopeFromServer = { [K in ServerMessageType]: Envelope<K> }[ServerMessageType];
