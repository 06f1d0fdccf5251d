/**
 * Writes a ticket's rows straight into the store, as the ticket service would have left them at a given stage, so
 * that work-order tests do not depend on driving the whole workflow: people and a team, a PC, the ticket with its
 * spec-check and test-record JSON, its events and its step intervals (step 4 run twice, the first time past its
 * standard).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/store/schema';
import { standardLimitMs } from '../../src/shared/sop/steps';

export type SeedStage = 'submitted' | 'approved' | 'testing' | 'done';

export interface SeedOptions {
  /** @default 'done' */
  stage?: SeedStage;
  /** 'team_lead': the Ketua Tim approves digitally; 'nota_dinas': the attachment given. @default 'team_lead' */
  approval?: { mode: 'team_lead' } | { mode: 'nota_dinas'; attachmentId: string };
  requesterName?: string;
  hostname?: string;
  justification?: string;
  /** Epoch ms of the request. @default 2026-11-30 09:00 WIB */
  t0?: number;
  number?: string;
}

export interface SeededTicket {
  ticketId: string;
  requesterId: string;
  leadId: string;
  adminId: string;
  technicianId: string;
  agentId: string;
  teamId: string;
  /** Epoch ms of each event by action name (the last of each). */
  times: Record<string, number>;
}

const MIN = 60_000;

export async function seedTicket(db: Kysely<Database>, o: SeedOptions = {}): Promise<SeededTicket> {
  const t0 = o.t0 ?? Date.UTC(2026, 10, 30, 2, 0, 0);
  const stage = o.stage ?? 'done';
  const approval = o.approval ?? { mode: 'team_lead' as const };
  const u = () => randomUUID();
  const ids = { requesterId: u(), leadId: u(), adminId: u(), technicianId: u(), agentId: u(), teamId: u(), ticketId: u() };
  const suffix = ids.ticketId.slice(0, 8);
  // 18 digits, unique per person and (almost surely) per seeded ticket.
  const nipOf = (n: number) => `1987031520101${n}${(parseInt(suffix, 16) % 10000).toString().padStart(4, '0')}`;

  await db.insertInto('teams').values({ id: ids.teamId, name: `Tim Statistik Sosial ${suffix}`, created_at: t0 }).execute();
  const people: [string, string, string | null, string[], string | null][] = [
    [ids.requesterId, o.requesterName ?? 'Siti Aminah Nasution', nipOf(1), ['employee'], null],
    [ids.leadId, 'Budi Santoso', nipOf(2), ['team_lead', 'employee'], null],
    [ids.adminId, 'Rina Admin', null, ['admin'], null],
    [ids.technicianId, 'Andi Pratama', nipOf(3), ['technician'], 'computing_degree'],
  ];
  for (const [id, name, nip, roles, qualification] of people) {
    await db
      .insertInto('users')
      .values({
        id,
        username: `${name.toLowerCase().replace(/[^a-z]+/g, '.').slice(0, 40)}.${suffix}.${id.slice(0, 4)}`,
        display_name: name,
        nip,
        team_id: ids.teamId,
        qualification,
        created_at: t0,
        updated_at: t0,
      })
      .execute();
    for (const role of roles) await db.insertInto('user_roles').values({ user_id: id, role }).execute();
  }
  await db.updateTable('teams').set({ lead_user_id: ids.leadId }).where('id', '=', ids.teamId).execute();
  await db
    .insertInto('agents')
    .values({ id: ids.agentId, machine_id: `m-${suffix}`, hostname: o.hostname ?? 'BPS-1700-PC042', secret_hash: 'x'.repeat(64), enroll_token_id: null, enrolled_at: t0, revoked_at: null, online: 0, last_seen_at: null, connected_at: null, disconnected_at: null, agent_version: null, inventory_hash: null, inventory_updated_at: null, last_metrics: null, last_metrics_at: null, summary: null })
    .execute();

  // The events of a ticket that went the whole way, in order; a stage keeps a prefix of them.
  const all: [string, number, string | null, string | null, string, string | null][] = [
    ['submit', 0, ids.requesterId, null, 'submitted', null],
    ['approve', 4, ids.leadId, 'submitted', 'approved', null],
    ['allocate', 9, ids.adminId, 'approved', 'suitable', null],
    ['install', 20, ids.technicianId, 'suitable', 'installing', null],
    ['install_succeeded', 55, null, 'installing', 'testing', null],
    ['test_failed', 58, ids.technicianId, 'testing', 'install_failed', 'Aplikasi tidak mau terbuka'],
    ['install', 60, ids.technicianId, 'install_failed', 'installing', null],
    ['install_succeeded', 75, null, 'installing', 'testing', null],
    ['test_passed', 80, ids.technicianId, 'testing', 'awaiting_signoff', null],
    ['sign_off', 90, ids.requesterId, 'awaiting_signoff', 'done', null],
  ];
  const upTo = { submitted: 1, approved: 2, testing: 8, done: 10 }[stage];
  // With a signed Nota Dinas the memo is the approval: the request is approved as it is submitted.
  const events = all
    .slice(0, upTo)
    .filter((e) => approval.mode !== 'nota_dinas' || e[0] !== 'approve')
    .map((e): (typeof all)[number] => (approval.mode === 'nota_dinas' && e[0] === 'submit' ? [e[0], e[1], e[2], e[3], 'approved', e[5]] : e));
  const last = events[events.length - 1]!;
  const times: Record<string, number> = {};
  for (const e of events) times[e[0]] = t0 + e[1] * MIN;
  const numbered = stage !== 'submitted' || approval.mode === 'nota_dinas';
  const checked = upTo >= 3;
  const tested = upTo >= 9;

  await db
    .insertInto('tickets')
    .values({
      id: ids.ticketId,
      number: numbered ? (o.number ?? `${(parseInt(suffix, 16) % 9000) + 1}/1700/2026`) : null,
      requester_id: ids.requesterId,
      agent_id: ids.agentId,
      os_user: 'siti',
      item_id: 'item-qgis',
      item_name: 'QGIS',
      item_version: '3.34.4',
      justification: o.justification ?? 'Pengolahan peta wilayah kerja statistik – kebutuhan mendesak',
      approval_mode: approval.mode,
      nota_dinas_attachment_id: approval.mode === 'nota_dinas' ? approval.attachmentId : null,
      team_id: ids.teamId,
      state: last[4],
      step: null,
      technician_id: checked ? ids.technicianId : null,
      spec_check: checked
        ? JSON.stringify({
            checkedAt: t0 + 9 * MIN,
            suitable: true,
            reasons: [],
            variant: { os: 'linux', kind: 'deb' },
            pc: { hostname: o.hostname ?? 'BPS-1700-PC042', os: 'Ubuntu 24.04', cpu: 'Intel(R) Core(TM) i5-10500', cores: 6, memoryTotalBytes: 16 * 1024 ** 3, diskFreeBytes: 120 * 1024 ** 3 },
          })
        : null,
      test_record:
        upTo >= 5
          ? JSON.stringify(
              tested
                ? { passed: true, note: 'Membuka proyek contoh – berhasil', by: ids.technicianId, at: t0 + 80 * MIN, detection: { installed: true, version: '3.34.4' } }
                : { passed: false, note: null, by: '', at: 0, detection: { installed: true, version: '3.34.4' } },
            )
          : null,
      created_at: t0,
      updated_at: t0 + last[1] * MIN,
      closed_at: stage === 'done' ? t0 + 90 * MIN : null,
    })
    .execute();
  if (approval.mode === 'nota_dinas') await db.updateTable('attachments').set({ ticket_id: ids.ticketId }).where('id', '=', approval.attachmentId).execute();
  for (const [action, min, actor, from, to, note] of events) {
    await db
      .insertInto('ticket_events')
      .values({ ticket_id: ids.ticketId, at: t0 + min * MIN, action, from_state: from, to_state: to, actor_kind: actor ? 'user' : 'system', actor_id: actor, via: 'console', note, data: null })
      .execute();
  }
  // Step intervals [step, start, end] in minutes from t0; step 4's first run breached its 30-minute standard.
  const intervals: [number, number, number | null][] = [
    [1, 0, 4],
    [2, 4, 9],
    [3, 9, 20],
    [4, 20, 55],
    [5, 55, 58],
    [4, 58, 75],
    [5, 75, 80],
    [6, 80, 90],
  ];
  const reachedUntil = last[1]; // minutes from t0, like the intervals
  for (const [step, start, end] of intervals) {
    if (start > reachedUntil) continue;
    const open = end === null || end > reachedUntil;
    const activeMs = open ? null : (end! - start) * MIN;
    const breached = step === 4 && start === 20;
    await db
      .insertInto('ticket_steps')
      .values({
        ticket_id: ids.ticketId,
        step,
        started_at: t0 + start * MIN,
        ended_at: open ? null : t0 + end! * MIN,
        active_ms: activeMs,
        paused_ms: 0,
        standard_ms: standardLimitMs(step as 1),
        breached_at: breached ? t0 + 50 * MIN : null,
        technician_id: step >= 3 && step <= 5 ? ids.technicianId : null,
      })
      .execute();
  }
  return { ...ids, times };
}
