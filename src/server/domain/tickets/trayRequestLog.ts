/**
 * What the server answered to each ticket request and action a tray sent through its agent's outbox, by request key
 * (`<agent id>:<envelope id>`; the envelope id is the outbox entry's, the same on every resend). The outbox delivers at
 * least once — an ack lost on the way back means the same envelope again — and the answer to a repeat is the one
 * stored the first time, so a resend neither acts twice nor hears something else. An action's row is written inside
 * the action's own transaction (`recordApplied`), its reply right after (`settle`); a refusal changed nothing and is
 * stored on its own. Rows are kept `retentionMs`, far longer than an outbox takes to hear its ack.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';

export type TrayRequestType = 'ticket.submit' | 'ticket.act';

/** The `reply` payload sent for a request, minus its refId. */
export type StoredTrayReply = { ok: true; result: unknown } | { ok: false; code: string; message: string };

/** What is known of a request key: nothing, applied (its reply not stored yet), or answered. */
export type TrayRequestState = { state: 'new' } | { state: 'applied' } | { state: 'answered'; reply: StoredTrayReply };

export interface TrayRequestLogOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** How long an answer is kept for a resend. @default 30 days */
  retentionMs?: number;
}

export const DEFAULT_TRAY_REQUEST_RETENTION_MS = 30 * 86_400_000;

export function trayRequestKey(agentId: string, envelopeId: string): string {
  return `${agentId}:${envelopeId}`;
}

export class TrayRequestLog {
  constructor(private readonly o: TrayRequestLogOptions) {}

  async state(key: string): Promise<TrayRequestState> {
    const row = await this.o.db.selectFrom('tray_requests').select('reply_json').where('request_key', '=', key).executeTakeFirst();
    if (!row) return { state: 'new' };
    return row.reply_json === null ? { state: 'applied' } : { state: 'answered', reply: JSON.parse(row.reply_json) as StoredTrayReply };
  }

  /** In the action's transaction: this request's change is made. A second one for the key fails (primary key). */
  async recordApplied(trx: Kysely<Database>, key: string, agentId: string, type: TrayRequestType): Promise<void> {
    await trx.insertInto('tray_requests').values({ request_key: key, agent_id: agentId, type, reply_json: null, created_at: this.o.clock.now() }).execute();
  }

  /**
   * Stores the reply unless one is stored already, and returns the one stored: the first answer is the answer, even
   * when two copies of a request finish together.
   */
  async settle(key: string, agentId: string, type: TrayRequestType, reply: StoredTrayReply): Promise<StoredTrayReply> {
    const json = JSON.stringify(reply);
    await this.o.db
      .insertInto('tray_requests')
      .values({ request_key: key, agent_id: agentId, type, reply_json: json, created_at: this.o.clock.now() })
      .onConflict((oc) => oc.column('request_key').doUpdateSet({ reply_json: json }).where('tray_requests.reply_json', 'is', null))
      .execute();
    const stored = await this.state(key);
    return stored.state === 'answered' ? stored.reply : reply;
  }

  /** Forgets answers older than the retention. Returns how many. */
  async prune(): Promise<number> {
    const before = this.o.clock.now() - (this.o.retentionMs ?? DEFAULT_TRAY_REQUEST_RETENTION_MS);
    const r = await this.o.db.deleteFrom('tray_requests').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
