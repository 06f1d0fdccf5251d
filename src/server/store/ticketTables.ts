/**
 * Table types and migration of the SOP workflow: tickets (each becoming a work order once approved), every transition
 * with who, when and why, each step's measured interval against its standard, attachments (the Nota Dinas), and the
 * work-order number counters.
 */
import type { ColumnDefinitionBuilder, ColumnType, Generated, Kysely, Migration } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface TicketsTable {
  id: string;
  /** Work order number (Dokumen Perintah Kerja), given at approval; null before. */
  number: Defaulted<string | null>;
  requester_id: string;
  /** The PC the software is for, and the OS user who asked from it. */
  agent_id: string;
  os_user: Defaulted<string | null>;
  item_id: string;
  /** The item as it was when requested (the catalog may change later). */
  item_name: string;
  item_version: string;
  justification: string;
  /** 'nota_dinas': a signed memo PDF is attached; 'team_lead': the Ketua Tim approves digitally. */
  approval_mode: string;
  nota_dinas_attachment_id: Defaulted<string | null>;
  /** The requester's team at request time; its Ketua Tim approves. */
  team_id: Defaulted<string | null>;
  state: string;
  /** The SOP step of `state` (null once closed), kept for indexes and queue filters. */
  step: Defaulted<number | null>;
  technician_id: Defaulted<string | null>;
  /** The install job currently or last pushed for this ticket. */
  job_id: Defaulted<string | null>;
  /** JSON: the last spec check (verdict, reasons, PC specs at that time). */
  spec_check: Defaulted<string | null>;
  /** JSON: the technician's last test record. */
  test_record: Defaulted<string | null>;
  /** JSON: what detection found after the last install, `{ installed, version, alreadyInstalled }`. */
  detection: Defaulted<string | null>;
  /** Client-chosen id of the request (the agent's outbox entry): a resubmitted request is not stored twice. */
  request_key: Defaulted<string | null>;
  created_at: number;
  updated_at: number;
  /** When the current step began (for the live timer and the breach watch). */
  step_started_at: Defaulted<number | null>;
  closed_at: Defaulted<number | null>;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: string;
  at: number;
  action: string;
  from_state: string | null;
  to_state: string;
  /** 'user' (with actor_id), 'system' */
  actor_kind: string;
  actor_id: string | null;
  /** How the person acted: console, api-token, agent (tray). */
  via: string | null;
  note: string | null;
  /** JSON: extra facts of the transition (spec check reasons, job id, test result). */
  data: string | null;
}

/** One interval of a ticket in one SOP step; a ticket sent back to a step gets a new interval. */
export interface TicketStepsTable {
  id: Generated<number>;
  ticket_id: string;
  step: number;
  started_at: number;
  ended_at: Defaulted<number | null>;
  /** Time counted against the standard (paused states excluded), set when the interval ends. */
  active_ms: Defaulted<number | null>;
  /** Time spent in paused states (waiting on the employee or the PC) within this interval. */
  paused_ms: Defaulted<number>;
  /** When paused time began, while the ticket is paused. */
  paused_since: Defaulted<number | null>;
  standard_ms: number;
  /** Set the moment the step exceeded its standard. */
  breached_at: Defaulted<number | null>;
  /** Who was responsible while in this step (technician for 3–5). */
  technician_id: Defaulted<string | null>;
}

export interface AttachmentsTable {
  id: string;
  ticket_id: Defaulted<string | null>;
  kind: string;
  sha256: string;
  size: number;
  file_name: string;
  content_type: string;
  uploaded_by: string | null;
  uploaded_at: number;
}

export interface WorkOrderCountersTable {
  /** The counter's scope, e.g. the year. */
  scope: string;
  value: number;
}

export interface TicketDatabase {
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ticket_steps: TicketStepsTable;
  attachments: AttachmentsTable;
  work_order_counters: WorkOrderCountersTable;
}

export function ticketsMigration(dialect: 'sqlite' | 'postgres'): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  const serialId = dialect === 'postgres' ? 'bigserial' : 'integer';
  const serialPk = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', bigint, (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text')
        .addColumn('uploaded_at', bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tickets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('os_user', 'text')
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .addColumn('item_version', 'text', (c) => c.notNull())
        .addColumn('justification', 'text', (c) => c.notNull())
        .addColumn('approval_mode', 'text', (c) => c.notNull())
        .addColumn('nota_dinas_attachment_id', 'text', (c) => c.references('attachments.id'))
        .addColumn('team_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('step', 'integer')
        .addColumn('technician_id', 'text')
        .addColumn('job_id', 'text')
        .addColumn('spec_check', 'text')
        .addColumn('test_record', 'text')
        .addColumn('detection', 'text')
        .addColumn('request_key', 'text', (c) => c.unique())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('updated_at', bigint, (c) => c.notNull())
        .addColumn('step_started_at', bigint)
        .addColumn('closed_at', bigint)
        .execute();
      await db.schema.createIndex('tickets_requester').on('tickets').columns(['requester_id', 'created_at']).execute();
      await db.schema.createIndex('tickets_state').on('tickets').columns(['state', 'created_at']).execute();
      await db.schema.createIndex('tickets_team_state').on('tickets').columns(['team_id', 'state']).execute();
      await db.schema.createIndex('tickets_technician').on('tickets').columns(['technician_id', 'state']).execute();
      await db.schema.createIndex('tickets_agent').on('tickets').columns(['agent_id', 'state']).execute();
      await db.schema.createIndex('tickets_job').on('tickets').column('job_id').execute();
      await db.schema
        .createTable('ticket_events')
        .addColumn('id', serialId, serialPk)
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('at', bigint, (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('via', 'text')
        .addColumn('note', 'text')
        .addColumn('data', 'text')
        .execute();
      await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'id']).execute();
      await db.schema
        .createTable('ticket_steps')
        .addColumn('id', serialId, serialPk)
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('started_at', bigint, (c) => c.notNull())
        .addColumn('ended_at', bigint)
        .addColumn('active_ms', bigint)
        .addColumn('paused_ms', bigint, (c) => c.notNull().defaultTo(0))
        .addColumn('paused_since', bigint)
        .addColumn('standard_ms', bigint, (c) => c.notNull())
        .addColumn('breached_at', bigint)
        .addColumn('technician_id', 'text')
        .execute();
      await db.schema.createIndex('ticket_steps_ticket').on('ticket_steps').columns(['ticket_id', 'step']).execute();
      await db.schema.createIndex('ticket_steps_open').on('ticket_steps').columns(['ended_at', 'breached_at']).execute();
      await db.schema.createIndex('ticket_steps_started').on('ticket_steps').columns(['started_at', 'step']).execute();
      await db.schema
        .createTable('work_order_counters')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('value', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
