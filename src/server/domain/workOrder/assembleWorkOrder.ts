/**
 * Builds a work order's content from the rows the workflow wrote (ticket, its events and step intervals, the people
 * named, the Nota Dinas). Pure: the same rows give the same content, byte for byte once canonicalised — which is what
 * lets the PDF be regenerated identically. The JSON columns are written by the ticket service; they are read
 * defensively here (a field of the wrong type reads as absent), since a document must still render from old rows.
 */
import { SopSteps, type SopStepNumber } from '../../../shared/sop/steps';
import { TicketActions, TicketStateInfo, type TicketAction, type TicketState } from '../../../shared/sop/ticketLifecycle';
import { isQualification, Qualifications } from '../../../shared/people/qualifications';
import {
  WorkOrderFormat,
  type OfficeHeader,
  type WorkOrderBasis,
  type WorkOrderContent,
  type WorkOrderInterval,
  type WorkOrderPerson,
} from '../../../shared/workOrder';

/** The columns of `tickets` the document reads. */
export interface TicketSource {
  id: string;
  number: string | null;
  requester_id: string;
  item_name: string;
  item_version: string;
  justification: string;
  approval_mode: string;
  state: string;
  technician_id: string | null;
  spec_check: string | null;
  test_record: string | null;
  created_at: number;
}

export interface EventSource {
  id: number;
  at: number;
  action: string;
  actor_id: string | null;
  note: string | null;
}

export interface StepSource {
  id: number;
  step: number;
  started_at: number;
  ended_at: number | null;
  active_ms: number | null;
  paused_ms: number;
  breached_at: number | null;
}

export interface PersonSource {
  display_name: string;
  nip: string | null;
  qualification: string | null;
}

export interface WorkOrderSource {
  ticket: TicketSource;
  events: readonly EventSource[];
  steps: readonly StepSource[];
  /** Everyone the ticket and its events name, by user id. */
  people: ReadonlyMap<string, PersonSource>;
  teamName: string | null;
  /** The PC's hostname as enrolled: used when step 3 has not recorded one. */
  agentHostname: string | null;
  notaDinas: { file_name: string; sha256: string } | null;
  /** The install job's detected version: used when the test record carries no detection. */
  jobDetectedVersion: string | null;
}

export interface AssembleOptions {
  office: OfficeHeader;
  verificationUrl: string;
}

/** Decisions that authorised the work, in the order they were taken. */
const APPROVAL_ACTIONS: readonly TicketAction[] = ['approve', 'allocate', 'claim', 'override'];
/** Actions after which an earlier sign-off no longer stands. */
const VOIDS_SIGN_OFF: readonly string[] = ['reopen', 'not_working'];

export function assembleWorkOrder(src: WorkOrderSource, options: AssembleOptions): WorkOrderContent | null {
  const t = src.ticket;
  if (t.number === null) return null; // no work order before the approval gives it a number
  const person = (id: string | null): WorkOrderPerson | null => {
    const p = id === null ? undefined : src.people.get(id);
    return p ? { name: p.display_name, nip: p.nip } : null;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const events = [...src.events].sort((a, b) => a.at - b.at || a.id - b.id);
  const approve = [...events].reverse().find((e) => e.action === 'approve') ?? null;

  const approvals = events
    .filter((e) => (APPROVAL_ACTIONS as readonly string[]).includes(e.action))
    .map((e) => ({
      action: e.action,
      name: { ...TicketActions[e.action as TicketAction].name },
      by: person(e.actor_id),
      at: iso(e.at),
      note: e.note,
    }));

  let signOff: WorkOrderContent['signOff'] = null;
  for (const e of events) {
    if (e.action === 'sign_off') {
      const by = person(e.actor_id) ?? person(t.requester_id);
      signOff = by ? { by, at: iso(e.at) } : null;
    } else if (VOIDS_SIGN_OFF.includes(e.action)) signOff = null;
  }

  const basis: WorkOrderBasis =
    t.approval_mode === 'nota_dinas' && src.notaDinas
      ? { kind: 'nota_dinas', fileName: src.notaDinas.file_name, sha256: src.notaDinas.sha256 }
      : { kind: 'digital', by: person(approve?.actor_id ?? null)?.name ?? null, at: approve ? iso(approve.at) : null };

  const check = readSpecCheck(t.spec_check);
  const test = readTestRecord(t.test_record);
  const detection = test.detection ?? (src.jobDetectedVersion !== null ? { installed: true, version: src.jobDetectedVersion } : null);

  const requester = src.people.get(t.requester_id);
  const technician = t.technician_id === null ? undefined : src.people.get(t.technician_id);
  const state = (Object.prototype.hasOwnProperty.call(TicketStateInfo, t.state) ? t.state : null) as TicketState | null;

  return {
    format: WorkOrderFormat,
    office: { ...options.office },
    number: t.number,
    ticketId: t.id,
    issuedAt: iso(approve?.at ?? t.created_at),
    status: { state: t.state, name: state ? { ...TicketStateInfo[state].name } : { id: t.state, en: t.state } },
    requester: { name: requester?.display_name ?? '—', nip: requester?.nip ?? null, team: src.teamName },
    pc: {
      hostname: check.pc.hostname ?? src.agentHostname ?? '—',
      os: check.pc.os,
      cpu: check.pc.cpu,
      cores: check.pc.cores,
      memoryTotalBytes: check.pc.memoryTotalBytes,
      diskFreeBytes: check.pc.diskFreeBytes,
      checkedAt: check.checkedAt === null ? null : iso(check.checkedAt),
      suitable: check.suitable,
    },
    software: { name: t.item_name, version: t.item_version },
    justification: t.justification,
    basis,
    approvals,
    technician: technician
      ? {
          name: technician.display_name,
          nip: technician.nip,
          qualification: isQualification(technician.qualification) ? { ...Qualifications[technician.qualification] } : null,
        }
      : null,
    steps: SopSteps.map((s) => ({
      step: s.step,
      key: s.key,
      name: { ...s.name },
      standardMinutes: { ...s.standardMinutes },
      intervals: src.steps
        .filter((r) => r.step === (s.step as SopStepNumber))
        .sort((a, b) => a.started_at - b.started_at || a.id - b.id)
        .map(
          (r): WorkOrderInterval => ({
            startedAt: iso(r.started_at),
            endedAt: r.ended_at === null ? null : iso(r.ended_at),
            // A running step has no duration yet: printing a live one would make every copy different.
            activeMs: r.ended_at === null ? null : (r.active_ms ?? Math.max(0, r.ended_at - r.started_at - r.paused_ms)),
            pausedMs: r.paused_ms,
            breached: r.breached_at !== null,
            breachedAt: r.breached_at === null ? null : iso(r.breached_at),
          }),
        ),
    })),
    verification: {
      detection,
      test: test.record ? { passed: test.record.passed, note: test.record.note, by: person(test.record.by), at: iso(test.record.at) } : null,
    },
    signOff,
    verificationUrl: options.verificationUrl,
  };
}

type Json = Record<string, unknown>;

function parseObject(text: string | null): Json | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** Epoch ms, or an ISO string (the shared view schema writes times as strings). */
const time = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isFinite(ms) && ms > 0 ? ms : null;
  }
  return null;
};

function readSpecCheck(text: string | null) {
  const o = parseObject(text);
  const pc = o && typeof o.pc === 'object' && o.pc !== null ? (o.pc as Json) : {};
  const cores = num(pc.cores);
  return {
    checkedAt: o ? time(o.checkedAt) : null,
    suitable: o && typeof o.suitable === 'boolean' ? o.suitable : null,
    pc: {
      hostname: str(pc.hostname),
      os: str(pc.os),
      cpu: str(pc.cpu),
      cores: cores === null ? null : Math.trunc(cores),
      memoryTotalBytes: num(pc.memoryTotalBytes),
      diskFreeBytes: num(pc.diskFreeBytes),
    },
  };
}

function readTestRecord(text: string | null) {
  const o = parseObject(text);
  const d = o && typeof o.detection === 'object' && o.detection !== null ? (o.detection as Json) : null;
  const detection = d && typeof d.installed === 'boolean' ? { installed: d.installed, version: str(d.version) } : null;
  // The ticket service keeps the detection in a placeholder record (no author, no time) until the technician tests.
  const at = o ? time(o.at) : null;
  const record =
    o && typeof o.passed === 'boolean' && at !== null ? { passed: o.passed, note: str(o.note), by: str(o.by), at } : null;
  return { detection, record };
}
