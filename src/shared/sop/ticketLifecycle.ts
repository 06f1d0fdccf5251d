/**
 * The ticket lifecycle of SOP-052/17000/2025, declared once: every state with the SOP step it belongs to, and every
 * action with the states it leaves, the state it reaches and who may take it. The server enforces this table, the
 * tray and the console read it to show only the actions a person may take, the reports measure steps by it.
 */
import type { SopStepNumber } from './steps';

export const TicketStates = [
  'submitted', // 1: waiting for the Ketua Tim's approval of the request
  'approved', // 2: the work order exists; waiting for allocation to a Teknisi
  'suitable', // 3: Sesuai — in the repository with a variant for the PC, and the PC meets the requirements
  'not_suitable', // 3: Belum sesuai — the technician returns, holds or overrides
  'on_hold', // 3: held until the PC changes (re-checked on every inventory change)
  'returned', // 3: returned to the employee with a note
  'installing', // 4: the install job runs
  'install_failed', // 4: the install (or the test) failed; the technician pushes again
  'testing', // 5: Uji coba — the technician records the test
  'awaiting_signoff', // 6: the employee signs the work order off, or says it does not work
  'done', // closed: signed off (may be reopened within the window)
  'rejected', // closed: rejected by the Ketua Tim (step 1) or the admin (step 2), with a reason
  'cancelled', // closed: cancelled by the employee before installation
] as const;
export type TicketState = (typeof TicketStates)[number];

export interface TicketStateInfo {
  /** The SOP step the ticket is in; null once closed. */
  step: SopStepNumber | null;
  /** Waiting on the employee or on the PC, not on staff: time here is not counted against the step's standard. */
  paused: boolean;
  closed: boolean;
  name: { id: string; en: string };
}

export const TicketStateInfo: Record<TicketState, TicketStateInfo> = {
  submitted: { step: 1, paused: false, closed: false, name: { id: 'Menunggu persetujuan Ketua Tim', en: 'Awaiting team lead approval' } },
  approved: { step: 2, paused: false, closed: false, name: { id: 'Menunggu alokasi teknisi', en: 'Awaiting allocation' } },
  suitable: { step: 3, paused: false, closed: false, name: { id: 'Sesuai', en: 'Suitable' } },
  not_suitable: { step: 3, paused: false, closed: false, name: { id: 'Belum sesuai', en: 'Not suitable' } },
  on_hold: { step: 3, paused: true, closed: false, name: { id: 'Ditahan sampai PC berubah', en: 'On hold until the PC changes' } },
  returned: { step: 3, paused: true, closed: false, name: { id: 'Dikembalikan ke pemohon', en: 'Returned to the requester' } },
  installing: { step: 4, paused: false, closed: false, name: { id: 'Sedang dipasang', en: 'Installing' } },
  install_failed: { step: 4, paused: false, closed: false, name: { id: 'Instalasi perlu diulang', en: 'Install to be repeated' } },
  testing: { step: 5, paused: false, closed: false, name: { id: 'Uji coba', en: 'Testing' } },
  awaiting_signoff: { step: 6, paused: false, closed: false, name: { id: 'Menunggu tanda tangan pemohon', en: 'Awaiting sign-off' } },
  done: { step: null, paused: false, closed: true, name: { id: 'Selesai', en: 'Done' } },
  rejected: { step: null, paused: false, closed: true, name: { id: 'Ditolak', en: 'Rejected' } },
  cancelled: { step: null, paused: false, closed: true, name: { id: 'Dibatalkan', en: 'Cancelled' } },
};

/**
 * Who takes an action, relative to the ticket: its requester, the Ketua Tim of the requester's team, an Admin / PJK TI,
 * the Teknisi allocated to it, any qualified Teknisi (claiming), or the server itself (spec check, job results).
 */
export const TicketActors = ['requester', 'team_lead', 'admin', 'assigned_technician', 'qualified_technician', 'system'] as const;
export type TicketActor = (typeof TicketActors)[number];

export interface TicketActionRule {
  from: readonly TicketState[];
  /** The state reached; `check` means the spec check decides (suitable or not_suitable). */
  to: TicketState | 'check';
  by: readonly TicketActor[];
  /** A reason or note is required (rejections, returns, overrides, failed tests, "not working"). */
  needsNote: boolean;
  name: { id: string; en: string };
}

const BEFORE_INSTALL: readonly TicketState[] = ['submitted', 'approved', 'suitable', 'not_suitable', 'on_hold', 'returned'];
const STAFF_ON_IT: readonly TicketActor[] = ['assigned_technician', 'admin'];

export const TicketActions = {
  approve: { from: ['submitted'], to: 'approved', by: ['team_lead'], needsNote: false, name: { id: 'Setujui', en: 'Approve' } },
  reject: { from: ['submitted', 'approved'], to: 'rejected', by: ['team_lead', 'admin'], needsNote: true, name: { id: 'Tolak', en: 'Reject' } },
  allocate: { from: ['approved'], to: 'check', by: ['admin'], needsNote: false, name: { id: 'Alokasikan ke teknisi', en: 'Allocate to a technician' } },
  claim: { from: ['approved'], to: 'check', by: ['qualified_technician'], needsNote: false, name: { id: 'Ambil tugas', en: 'Claim' } },
  recheck: { from: ['suitable', 'not_suitable', 'on_hold'], to: 'check', by: [...STAFF_ON_IT, 'system'], needsNote: false, name: { id: 'Cek ulang', en: 'Check again' } },
  return: { from: ['not_suitable', 'on_hold'], to: 'returned', by: STAFF_ON_IT, needsNote: true, name: { id: 'Kembalikan ke pemohon', en: 'Return to the requester' } },
  hold: { from: ['not_suitable'], to: 'on_hold', by: STAFF_ON_IT, needsNote: false, name: { id: 'Tahan sampai PC berubah', en: 'Hold until the PC changes' } },
  override: { from: ['not_suitable', 'on_hold'], to: 'suitable', by: STAFF_ON_IT, needsNote: true, name: { id: 'Lanjutkan dengan alasan', en: 'Override with a reason' } },
  resubmit: { from: ['returned'], to: 'check', by: ['requester'], needsNote: false, name: { id: 'Ajukan kembali', en: 'Resubmit' } },
  install: { from: ['suitable', 'install_failed'], to: 'installing', by: STAFF_ON_IT, needsNote: false, name: { id: 'Pasang', en: 'Install' } },
  install_succeeded: { from: ['installing'], to: 'testing', by: ['system'], needsNote: false, name: { id: 'Terpasang', en: 'Installed' } },
  install_failed: { from: ['installing'], to: 'install_failed', by: ['system'], needsNote: false, name: { id: 'Instalasi gagal', en: 'Install failed' } },
  test_passed: { from: ['testing'], to: 'awaiting_signoff', by: STAFF_ON_IT, needsNote: false, name: { id: 'Uji coba berhasil', en: 'Test passed' } },
  test_failed: { from: ['testing'], to: 'install_failed', by: STAFF_ON_IT, needsNote: true, name: { id: 'Uji coba gagal', en: 'Test failed' } },
  sign_off: { from: ['awaiting_signoff'], to: 'done', by: ['requester'], needsNote: false, name: { id: 'Tandatangani', en: 'Sign off' } },
  not_working: { from: ['awaiting_signoff'], to: 'testing', by: ['requester'], needsNote: true, name: { id: 'Tidak berfungsi', en: 'Not working' } },
  cancel: { from: BEFORE_INSTALL, to: 'cancelled', by: ['requester'], needsNote: false, name: { id: 'Batalkan', en: 'Cancel' } },
  reopen: { from: ['done'], to: 'testing', by: ['requester', 'admin'], needsNote: true, name: { id: 'Buka kembali', en: 'Reopen' } },
} as const satisfies Record<string, TicketActionRule>;

export type TicketAction = keyof typeof TicketActions;
export const TicketActionNames = Object.keys(TicketActions) as TicketAction[];

/** Actions a person or the server may take on a ticket in this state (before checking who they are). */
export function actionsFrom(state: TicketState): TicketAction[] {
  return TicketActionNames.filter((a) => (TicketActions[a].from as readonly TicketState[]).includes(state));
}

/** Whether `actor` may take `action` from `state`: the one question the server asks before every transition. */
export function mayTake(action: TicketAction, state: TicketState, actors: ReadonlySet<TicketActor>): boolean {
  const rule: TicketActionRule = TicketActions[action];
  return rule.from.includes(state) && rule.by.some((b) => actors.has(b));
}

export function stepOf(state: TicketState): SopStepNumber | null {
  return TicketStateInfo[state].step;
}
