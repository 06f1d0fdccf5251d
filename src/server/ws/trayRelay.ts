/**
 * The tray's messages on the agent socket: queries are answered with `reply`; ticket requests and actions (which
 * arrive through the agent's outbox) are applied, answered with `reply` and then acknowledged — a refusal is final, so
 * it is acknowledged too, or the agent would resend it forever. The outbox sends at least once, so a request is known
 * by its envelope id (trayRequestLog.ts): a repeat — after a lost ack, or while the first copy is still running — gets
 * the reply stored for the first, and nothing is submitted or acted on twice. Ticket changes go back out as
 * `ticket.event` to the PCs of the people they concern.
 */
import { ErrorCodes, isPasangError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { Envelope, PayloadOf, ServerMessageType } from '../../shared/protocol/messages';
import { UserQueries, type UserQueryName } from '../../shared/protocol/userOps';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { TrayDesk } from '../domain/tickets/trayDesk';
import { trayRequestKey, type StoredTrayReply, type TrayRequestLog } from '../domain/tickets/trayRequestLog';
import { formatAjvErrors } from '../../shared/protocol/codec';

export type TrayEnvelope = Envelope<'query'> | Envelope<'ticket.submit'> | Envelope<'ticket.act'>;

export interface TrayRelayOptions {
  desk: TrayDesk;
  /** The replies to ticket requests and actions, by request id. */
  requests: TrayRequestLog;
  ajv: Ajv;
  logger: Logger;
}

export type SendToAgent = <T extends ServerMessageType>(type: T, payload: PayloadOf<T>) => void;

/** A command's outcome: the reply to send (stored, then acknowledged), or a fault that leaves it for a resend. */
type CommandOutcome = { reply: StoredTrayReply } | { fault: { code: typeof ErrorCodes.INTERNAL; message: string } };

export class TrayRelay {
  private readonly argValidators = new Map<UserQueryName, ValidateFunction>();
  /** Commands being applied now, by request key: a copy arriving meanwhile waits for the same outcome. */
  private readonly running = new Map<string, Promise<CommandOutcome>>();

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
    if (env.type === 'query') return this.answerQuery(agentId, env, send);
    const key = trayRequestKey(agentId, env.id);
    let outcome = this.running.get(key);
    if (!outcome) {
      outcome = this.command(agentId, env, key).finally(() => this.running.delete(key));
      this.running.set(key, outcome);
    }
    const r = await outcome;
    if ('fault' in r) {
      // Not the request's fault: left unacknowledged, so the agent resends it later.
      send('error', { ...r.fault, refId: env.id });
      return;
    }
    send('reply', { refId: env.id, ...r.reply });
    send('ack', { ids: [env.id] });
  }

  private async answerQuery(agentId: string, env: Envelope<'query'>, send: SendToAgent): Promise<void> {
    try {
      const op = env.payload.op as UserQueryName;
      const problem = this.validateArgs(op, env.payload.args);
      if (problem) {
        send('reply', { refId: env.id, ok: false, code: ErrorCodes.INVALID_PAYLOAD, message: `invalid ${op} arguments: ${problem}` });
        return;
      }
      const result = await this.o.desk.query(agentId, env.payload.osUser, op, env.payload.args ?? {});
      send('reply', { refId: env.id, ok: true, result });
    } catch (err) {
      const { code, message } = this.refusal(agentId, env.type, err);
      send('reply', { refId: env.id, ok: false, code, message });
    }
  }

  /** Applies a submit or an action once per request key, and stores its reply before it is sent. */
  private async command(agentId: string, env: Envelope<'ticket.submit'> | Envelope<'ticket.act'>, key: string): Promise<CommandOutcome> {
    try {
      const known = await this.o.requests.state(key);
      if (known.state === 'answered') return { reply: known.reply };
      let result: unknown;
      if (env.type === 'ticket.submit') {
        // A submit is idempotent by its key in the ticket itself (tickets.request_key): a repeat returns that ticket.
        result = await this.o.desk.submit(agentId, env.payload, key);
      } else if (known.state === 'applied') {
        // Applied, and the process stopped before its reply was stored: the ticket as it is now, not a second action.
        result = await this.o.desk.actedOn(agentId, env.payload);
      } else {
        result = await this.o.desk.act(agentId, env.payload, (trx) => this.o.requests.recordApplied(trx, key, agentId, 'ticket.act'));
      }
      return { reply: await this.o.requests.settle(key, agentId, env.type, { ok: true, result }) };
    } catch (err) {
      const { code, message } = this.refusal(agentId, env.type, err);
      if (code === ErrorCodes.INTERNAL) return { fault: { code, message } };
      try {
        return { reply: await this.o.requests.settle(key, agentId, env.type, { ok: false, code, message }) };
      } catch (storeErr) {
        this.refusal(agentId, env.type, storeErr);
        return { fault: { code: ErrorCodes.INTERNAL, message: 'the server could not handle this request' } };
      }
    }
  }

  /** The refusal an error means for the tray; unexpected errors are logged and become INTERNAL. */
  private refusal(agentId: string, type: TrayEnvelope['type'], err: unknown): { code: string; message: string } {
    if (isPasangError(err)) return { code: err.code, message: err.message };
    this.o.logger.error('tray message failed', { agentId, type, err: err instanceof Error ? err.stack : String(err) });
    return { code: ErrorCodes.INTERNAL, message: 'the server could not handle this request' };
  }
}
