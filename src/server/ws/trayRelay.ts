/**
 * The tray's messages on the agent socket: queries are answered with `reply`; ticket requests and actions (which
 * arrive through the agent's outbox) are applied, answered with `reply` and then acknowledged — a refusal is final, so
 * it is acknowledged too, or the agent would resend it forever. Ticket changes go back out as `ticket.event` to the
 * PCs of the people they concern.
 */
import { ErrorCodes, isPasangError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { Envelope, PayloadOf, ServerMessageType } from '../../shared/protocol/messages';
import { UserQueries, type UserQueryName } from '../../shared/protocol/userOps';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { TrayDesk } from '../domain/tickets/trayDesk';
import { formatAjvErrors } from '../../shared/protocol/codec';

export type TrayEnvelope = Envelope<'query'> | Envelope<'ticket.submit'> | Envelope<'ticket.act'>;

export interface TrayRelayOptions {
  desk: TrayDesk;
  ajv: Ajv;
  logger: Logger;
}

export type SendToAgent = <T extends ServerMessageType>(type: T, payload: PayloadOf<T>) => void;

export class TrayRelay {
  private readonly argValidators = new Map<UserQueryName, ValidateFunction>();

  constructor(private readonly o: TrayRelayOptions) {}

  private validateArgs(op: UserQueryName, args: unknown): string | null {
    let v = this.argValidators.get(op);
    if (!v) {
      v = this.o.ajv.compile(UserQueries[op].args);
      this.argValidators.set(op, v);
    }
    return v(args ?? {}) ? null : formatAjvErrors(v.errors);
  }

  /** Handles one tray message from `agentId`; never throws (a failure becomes an error reply). */
  async handle(agentId: string, env: TrayEnvelope, send: SendToAgent): Promise<void> {
    try {
      let result: unknown;
      if (env.type === 'query') {
        const op = env.payload.op as UserQueryName;
        const problem = this.validateArgs(op, env.payload.args);
        if (problem) {
          send('reply', { refId: env.id, ok: false, code: ErrorCodes.INVALID_PAYLOAD, message: `invalid ${op} arguments: ${problem}` });
          return;
        }
        result = await this.o.desk.query(agentId, env.payload.osUser, op, env.payload.args ?? {});
      } else if (env.type === 'ticket.submit') {
        result = await this.o.desk.submit(agentId, env.payload, `${agentId}:${env.id}`);
      } else {
        result = await this.o.desk.act(agentId, env.payload);
      }
      send('reply', { refId: env.id, ok: true, result });
    } catch (err) {
      if (!isPasangError(err)) this.o.logger.error('tray message failed', { agentId, type: env.type, err: err instanceof Error ? err.stack : String(err) });
      const code = isPasangError(err) ? err.code : ErrorCodes.INTERNAL;
      const message = isPasangError(err) ? err.message : 'the server could not handle this request';
      if (code === ErrorCodes.INTERNAL && env.type !== 'query') {
        // Not the request's fault: leave it unacknowledged so the agent resends it later.
        send('error', { code, message, refId: env.id });
        return;
      }
      send('reply', { refId: env.id, ok: false, code, message });
    }
    if (env.type !== 'query') send('ack', { ids: [env.id] });
  }
}

