/**
 * Seeds what the SOP reports read — tickets with their step intervals (ticket_steps), and the technicians — straight
 * into the store, so report tests do not wait on the ticket workflow. Rows look as the ticket service writes them.
 */
import type { Kysely } from 'kysely';
import { standardLimitMs, type SopStepNumber } from '../../src/shared/sop/steps';
import type { Database } from '../../src/server/store/schema';

export interface SeedInterval {
  ticketId: string;
  step: SopStepNumber;
  startedAt: number;
  /** Ended intervals: the active time; leave out for an open one. */
  activeMs?: number;
  pausedMs?: number;
  /** Open intervals that are paused now. */
  pausedSince?: number;
  breachedAt?: number;
  technicianId?: string | null;
  /** @default the step's standard limit (steps.ts) */
  standardMs?: number;
}

export class TicketStepSeeder {
  private tickets = 0;
  private readonly ready: Promise<void>;

  constructor(private readonly db: Kysely<Database>) {
    this.ready = this.base();
  }

  private async base(): Promise<void> {
    await this.db
      .insertInto('users')
      .values({ id: 'seed-requester', username: 'seed-requester', display_name: 'Pemohon Contoh', nip: null, created_at: 0, updated_at: 0 })
      .execute();
    await this.db
      .insertInto('agents')
      .values({
        id: 'seed-pc',
        machine_id: 'seed-machine',
        hostname: 'pc-seed',
        secret_hash: '0'.repeat(64),
        enroll_token_id: null,
        enrolled_at: 0,
        revoked_at: null,
        online: 0,
        last_seen_at: null,
        connected_at: null,
        disconnected_at: null,
        agent_version: null,
        inventory_hash: null,
        inventory_updated_at: null,
        last_metrics: null,
        last_metrics_at: null,
        summary: null,
      })
      .execute();
  }

  async technician(id: string, displayName: string): Promise<string> {
    await this.ready;
    await this.db.insertInto('users').values({ id, username: id, display_name: displayName, nip: null, created_at: 0, updated_at: 0 }).execute();
    await this.db.insertInto('user_roles').values({ user_id: id, role: 'technician' }).execute();
    return id;
  }

  async ticket(over: { id?: string; number?: string | null; itemName?: string } = {}): Promise<string> {
    await this.ready;
    const n = ++this.tickets;
    const id = over.id ?? `seed-ticket-${n}`;
    await this.db
      .insertInto('tickets')
      .values({
        id,
        number: over.number === undefined ? `${n}/17000/2026` : over.number,
        requester_id: 'seed-requester',
        agent_id: 'seed-pc',
        item_id: 'seed-item',
        item_name: over.itemName ?? 'LibreOffice',
        item_version: '24.2',
        justification: 'untuk pengolahan data',
        approval_mode: 'team_lead',
        state: 'done',
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    return id;
  }

  /** Inserts intervals in chunks (one statement per 500 rows). */
  async intervals(list: readonly SeedInterval[]): Promise<void> {
    await this.ready;
    for (let i = 0; i < list.length; i += 500) {
      await this.db
        .insertInto('ticket_steps')
        .values(
          list.slice(i, i + 500).map((s) => ({
            ticket_id: s.ticketId,
            step: s.step,
            started_at: s.startedAt,
            ended_at: s.activeMs === undefined ? null : s.startedAt + s.activeMs + (s.pausedMs ?? 0),
            active_ms: s.activeMs ?? null,
            paused_ms: s.pausedMs ?? 0,
            paused_since: s.pausedSince ?? null,
            standard_ms: s.standardMs ?? standardLimitMs(s.step),
            breached_at: s.breachedAt ?? null,
            technician_id: s.technicianId ?? null,
          })),
        )
        .execute();
    }
  }
}
