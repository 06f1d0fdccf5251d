/**
 * The agent service's local socket, declared once for both ends (the service in src/main/service/localApi, the tray's
 * client in src/main/core/localApi): one JSON object per line. A connection first proves its OS user —
 * `hello {osUser}` → `challenge {path}` (a file only that user can read holds a nonce) → `proof {nonce}` → `ready` —
 * and only then may `call {id, method, args}` one of AgentApi's methods or `subscribe` to one of its events, which
 * arrive as `event {event, payload}`.
 */
import { Type, type Static } from '@sinclair/typebox';
import type Ajv from 'ajv';
import { createAjv, formatAjvErrors } from '../protocol/codec';
import { OsUserSchema } from '../protocol/userOps';

export const LOCAL_API_VERSION = 1;

/** Largest frame either side accepts: a request with a 4 MiB Nota Dinas (≈5.6 M base64 chars) fits, with room. */
export const MAX_LOCAL_API_FRAME_CHARS = 8 * 1024 * 1024;

/** A challenge nonce: 32 random bytes, hex. The client refuses to send back anything else it was pointed at. */
export const CHALLENGE_NONCE_PATTERN = '^[0-9a-f]{64}$';

const CallId = Type.String({ minLength: 1, maxLength: 64 });
/** Checked against AgentApiMethods / AgentApiEvents after the frame's shape, so a wrong name gets UNKNOWN_OPERATION. */
const Name = Type.String({ minLength: 1, maxLength: 64 });
const Code = Type.String({ maxLength: 64 });
const Message = Type.String({ maxLength: 2048 });

export const ClientFrameSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('hello'), version: Type.Integer(), osUser: OsUserSchema },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('proof'), nonce: Type.String({ maxLength: 128 }) }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('call'), id: CallId, method: Name, args: Type.Array(Type.Unknown(), { maxItems: 8 }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('subscribe'), event: Name }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('unsubscribe'), event: Name }, { additionalProperties: false }),
]);
export type ClientFrame = Static<typeof ClientFrameSchema>;

export const ServiceFrameSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('challenge'), path: Type.String({ minLength: 1, maxLength: 4096 }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('ready'), osUser: OsUserSchema }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('result'), id: CallId, ok: Type.Literal(true), result: Type.Unknown() },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('result'), id: CallId, ok: Type.Literal(false), code: Code, message: Message },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('event'), event: Name, payload: Type.Unknown() }, { additionalProperties: false }),
  /** About the connection or a frame that is not a call (a call's failure is its `result`); may precede a close. */
  Type.Object({ type: Type.Literal('error'), code: Code, message: Message }, { additionalProperties: false }),
]);
export type ServiceFrame = Static<typeof ServiceFrameSchema>;

export type FrameCheck<F> = { ok: true; frame: F } | { ok: false; message: string };

/** The service's check of what a client sent (one compiled validator, reused by every connection). */
export function createClientFrameValidator(ajv: Ajv = createAjv()): (value: unknown) => FrameCheck<ClientFrame> {
  const validate = ajv.compile(ClientFrameSchema);
  return (value) =>
    validate(value)
      ? { ok: true, frame: value }
      : { ok: false, message: `bad frame: ${formatAjvErrors(validate.errors)}` };
}
