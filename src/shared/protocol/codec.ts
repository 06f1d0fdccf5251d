/**
 * Turning frames into validated envelopes and back. One Ajv instance compiles every message schema once; decoding
 * never throws: it returns either the envelope or a typed error to send back.
 */
import Ajv, { type ValidateFunction, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { ErrorCodes, type ErrorCode } from '../errors';
import { PROTOCOL_VERSION } from './version';
import {
  EnvelopeSchema,
  Messages,
  type AnyEnvelope,
  type Envelope,
  type MessageType,
  type PayloadOf,
} from './messages';

export type DecodeResult<E> =
  | { ok: true; envelope: E }
  | { ok: false; code: ErrorCode; message: string; refId?: string };

export interface Codec {
  /** Parse and validate one frame that arrived from `from`. */
  decode(frame: string, from: 'agent' | 'server'): DecodeResult<AnyEnvelope>;
  encode<T extends MessageType>(type: T, payload: PayloadOf<T>, id: string, ts: number): string;
  validatePayload<T extends MessageType>(type: T, payload: unknown): string | null;
}

export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false, removeAdditional: false });
  addFormats(ajv, ['date-time', 'uri', 'email']);
  return ajv;
}

export function createCodec(ajv: Ajv = createAjv()): Codec {
  const validateEnvelope = ajv.compile(EnvelopeSchema);
  // Compiled on first use: an agent only ever decodes the server's few small messages, and compiling the inventory
  // schema it never checks would cost it ~15 MB of resident memory.
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (type: MessageType): ValidateFunction => {
    let v = validators.get(type);
    if (!v) {
      v = ajv.compile(Messages[type].payload);
      validators.set(type, v);
    }
    return v;
  };

  return {
    decode(frame, from) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(frame);
      } catch {
        return { ok: false, code: ErrorCodes.BAD_MESSAGE, message: 'frame is not valid JSON' };
      }
      if (!validateEnvelope(parsed)) {
        const refId = typeof (parsed as { id?: unknown })?.id === 'string' ? (parsed as { id: string }).id : undefined;
        return {
          ok: false,
          code: ErrorCodes.BAD_MESSAGE,
          message: `bad envelope: ${formatAjvErrors(validateEnvelope.errors)}`,
          ...(refId && refId.length <= 64 ? { refId } : {}),
        };
      }
      const env = parsed as { v: number; id: string; type: string; payload: unknown };
      if (env.v !== PROTOCOL_VERSION) {
        return {
          ok: false,
          code: ErrorCodes.UNSUPPORTED_VERSION,
          message: `protocol version ${env.v} is not supported (this side speaks ${PROTOCOL_VERSION})`,
          refId: env.id,
        };
      }
      const def = Object.hasOwn(Messages, env.type) ? Messages[env.type as MessageType] : undefined;
      if (!def || (def.from !== 'both' && def.from !== from)) {
        return { ok: false, code: ErrorCodes.UNKNOWN_TYPE, message: `unknown message type "${env.type}"`, refId: env.id };
      }
      const validate = validatorFor(env.type as MessageType);
      if (!validate(env.payload)) {
        return {
          ok: false,
          code: ErrorCodes.INVALID_PAYLOAD,
          message: `invalid ${env.type}: ${formatAjvErrors(validate.errors)}`,
          refId: env.id,
        };
      }
      return { ok: true, envelope: parsed as AnyEnvelope };
    },

    encode(type, payload, id, ts) {
      const envelope: Envelope = { v: PROTOCOL_VERSION, id, type, ts, payload } as Envelope;
      return JSON.stringify(envelope);
    },

    validatePayload(type, payload) {
      const validate = validatorFor(type);
      return validate(payload) ? null : formatAjvErrors(validate.errors);
    },
  };
}
