/**
 * What the tray tells the user as native notifications, as pure functions: a ticket event (approval, rejection,
 * "please sign off", install started/done/failed) or a change of the install running on this PC (started, progress
 * by phase, done, failed) → a notification or null. Both sources can report the same install; each notification
 * carries a key (`done:<jobId>`…) so the shell's NotificationDeduper shows it once.
 */
import type { AgentStatusView } from '../../shared/agentApi';
import type { Language } from '../../shared/i18n/language';
import { TrayStrings } from '../../shared/i18n/trayStrings';
import type { TicketEvent } from '../../shared/protocol/userOps';
import type { TrayPage } from '../../shared/trayPages';

export type TrayNotificationKind =
  | 'approval_needed'
  | 'approved'
  | 'rejected'
  | 'returned'
  | 'sign_off'
  | 'install_started'
  | 'install_progress'
  | 'install_done'
  | 'install_failed'
  | 'update_ready';

export interface TrayNotification {
  kind: TrayNotificationKind;
  /** Same key, same news: shown once. */
  key: string;
  title: string;
  body: string;
  /** Where clicking it takes the user. */
  page: TrayPage;
  /** After the page: the ticket it is about, shown first. */
  params: string[];
}

/** Who is looking: their person id, once the server has linked this OS account to a person. */
export interface NotificationViewer {
  personId: string | null;
}

type Installing = AgentStatusView['installing'];

const N = TrayStrings.notify;

export function ticketNotification(
  event: TicketEvent,
  viewer: NotificationViewer,
  lang: Language,
): TrayNotification | null {
  const t = event.ticket;
  const item = t.item.name;
  const job = t.jobId ?? t.id;
  // The server sends a ticket's events to its requester and its Ketua Tim; without a person yet, we are the requester.
  const isRequester = viewer.personId === null || viewer.personId === t.requester.id;
  const note = event.note ?? '';
  if (event.action === 'submit') {
    return isRequester
      ? null
      : {
          kind: 'approval_needed',
          key: `submit:${t.id}`,
          title: N.approvalNeeded.title[lang],
          body: N.approvalNeeded.body[lang](t.requester.name, item),
          page: 'approvals',
          params: [t.id],
        };
  }
  if (!isRequester) return null;
  switch (event.action) {
    case 'approve':
      return {
        kind: 'approved',
        key: `approve:${t.id}`,
        title: N.approved.title[lang],
        body: N.approved.body[lang](item),
        page: 'my-requests',
        params: [t.id],
      };
    case 'reject':
      return {
        kind: 'rejected',
        key: `reject:${t.id}`,
        title: N.rejected.title[lang],
        body: note ? N.rejected.body[lang](item, note) : item,
        page: 'my-requests',
        params: [t.id],
      };
    case 'return':
      return {
        kind: 'returned',
        key: `return:${t.id}:${t.updatedAt}`,
        title: N.returned.title[lang],
        body: note ? N.returned.body[lang](item, note) : item,
        page: 'my-requests',
        params: [t.id],
      };
    case 'test_passed':
      return {
        kind: 'sign_off',
        key: `signoff:${t.id}:${t.updatedAt}`,
        title: N.signOff.title[lang],
        body: N.signOff.body[lang](item),
        page: 'sign-off',
        params: [t.id],
      };
    case 'install':
      return {
        kind: 'install_started',
        key: `started:${job}`,
        title: N.installStarted.title[lang],
        body: N.installStarted.body[lang](item),
        page: 'my-requests',
        params: [t.id],
      };
    case 'install_succeeded':
      return {
        kind: 'install_done',
        key: `done:${job}`,
        title: N.installDone.title[lang],
        body: N.installDone.body[lang](item),
        page: 'my-requests',
        params: [t.id],
      };
    case 'install_failed':
      return {
        kind: 'install_failed',
        key: `failed:${job}`,
        title: N.installFailed.title[lang],
        body: N.installFailed.body[lang](item),
        page: 'my-requests',
        params: [t.id],
      };
    default:
      return null;
  }
}

/** Phases worth a notification once the install has started (downloading is the start itself). */
const PROGRESS_PHASES = ['installing', 'checking'] as const;

export function installNotification(prev: Installing, next: Installing, lang: Language): TrayNotification | null {
  if (!next) return null;
  const item = next.itemName ?? TrayStrings.someSoftware[lang];
  const sameJob = prev !== null && prev.jobId === next.jobId;
  if (sameJob && prev.state === next.state) return null;
  if (next.state === 'succeeded') {
    return {
      kind: 'install_done',
      key: `done:${next.jobId}`,
      title: N.installDone.title[lang],
      body: N.installDone.body[lang](item),
      page: 'my-requests',
      params: [],
    };
  }
  if (next.state === 'failed') {
    return {
      kind: 'install_failed',
      key: `failed:${next.jobId}`,
      title: N.installFailed.title[lang],
      body: N.installFailed.body[lang](item),
      page: 'my-requests',
      params: [],
    };
  }
  if (next.state === 'cancelled') return null;
  if (!sameJob) {
    return {
      kind: 'install_started',
      key: `started:${next.jobId}`,
      title: N.installStarted.title[lang],
      body: N.installStarted.body[lang](item),
      page: 'my-requests',
      params: [],
    };
  }
  const phase = PROGRESS_PHASES.find((p) => p === next.state);
  if (!phase) return null;
  return {
    kind: 'install_progress',
    key: `progress:${next.jobId}:${phase}`,
    title: N.installProgress.title[lang],
    body: N.installProgress.body[lang](item, TrayStrings.phase[phase][lang]),
    page: 'my-requests',
    params: [],
  };
}

/** The agent app's own update, downloaded and its SHA-512 checked against the signed feed (core/update/updateFlow.ts). */
export function updateNotification(version: string, lang: Language): TrayNotification {
  return {
    kind: 'update_ready',
    key: `update:${version}`,
    title: N.updateReady.title[lang],
    body: N.updateReady.body[lang](version),
    page: 'settings',
    params: [],
  };
}

/** Remembers the last `max` keys shown, so one install's "done" from the ticket and from the job shows once. */
export class NotificationDeduper {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 200) {}

  /** True the first time a key is seen (and it is remembered). */
  admit(notification: TrayNotification): boolean {
    if (this.seen.has(notification.key)) return false;
    this.seen.add(notification.key);
    if (this.seen.size > this.max) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
