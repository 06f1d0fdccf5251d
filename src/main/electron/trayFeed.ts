/**
 * Feeds the tray from AgentApi: the agent's status (connection, the install running), who the user is (staff? Ketua
 * Tim?), the counts in the menu (sign-offs waiting, approvals waiting), and the notifications that ticket events and
 * install changes call for. Electron-free: the shell passes the state store and a `notify` that shows a native
 * notification; tests pass a fake AgentApi.
 */
import type { AgentApi, AgentStatusView } from '../../shared/agentApi';
import type { Logger } from '../../shared/logger';
import type { PersonView } from '../../shared/protocol/userOps';
import { installNotification, NotificationDeduper, ticketNotification, type TrayNotification } from './notifications';
import { countNeedsSignOff, trayPatchFromPerson, trayPatchFromStatus, type TrayStateStore } from './trayState';

/** The link to the agent service (service mode); in-process there is none. */
export interface ServiceLink {
  readonly link: { linked: boolean };
  onLink(listener: (link: { linked: boolean }) => void): () => void;
}

export interface TrayFeedOptions {
  api: AgentApi;
  store: TrayStateStore;
  /** Shows one notification (already deduplicated here). */
  notify(notification: TrayNotification): void;
  logger: Logger;
  link?: ServiceLink;
  /** @default a NotificationDeduper of 200 keys */
  deduper?: NotificationDeduper;
}

export interface TrayFeed {
  /** Asks again for the person and the counts (after a reconnect, a ticket event, a window closed). */
  refresh(): Promise<void>;
  /** The person the server takes this user to be, as last seen. */
  readonly person: PersonView | null;
  stop(): void;
}

export function startTrayFeed(options: TrayFeedOptions): TrayFeed {
  const { api, store, logger } = options;
  const deduper = options.deduper ?? new NotificationDeduper();
  let person: PersonView | null = null;
  let installing: AgentStatusView['installing'] = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const notify = (n: TrayNotification | null) => {
    if (n && !stopped && deduper.admit(n)) options.notify(n);
  };

  function onStatus(status: AgentStatusView): void {
    const before = store.state.connection;
    notify(installNotification(installing, status.installing, store.state.language));
    installing = status.installing;
    store.update(trayPatchFromStatus(status));
    if (status.connection === 'connected' && before !== 'connected') void refresh();
  }

  async function load(): Promise<void> {
    try {
      person = await api.whoami();
      store.update(trayPatchFromPerson(person));
      const mine = await api.myTickets();
      store.setNeedsSignOff(countNeedsSignOff(mine.items));
      store.setPendingApprovals(store.state.isTeamLead ? (await api.approvals()).items.length : 0);
    } catch (err) {
      // Offline or the service is away: the counts stay as they were until the next refresh.
      logger.debug('tray refresh failed', { error: (err as Error).message, code: (err as { code?: string }).code });
    }
  }

  /** One refresh at a time; a request during one runs once more after it. */
  function refresh(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await load();
      } while (again && !stopped);
      running = null;
    })();
    return running;
  }

  const disposers = [
    api.onStatus(onStatus),
    api.onTicketEvent((event) => {
      notify(ticketNotification(event, { personId: person?.id ?? null }, store.state.language));
      void refresh();
    }),
    api.onCommandFailed((failure) =>
      logger.warn('a queued request was refused', { requestId: failure.requestId, code: failure.code }),
    ),
  ];

  const firstStatus = () =>
    api.status().then(onStatus, (err: Error) => logger.debug('tray status failed', { error: err.message }));

  if (options.link) {
    const link = options.link;
    disposers.push(
      link.onLink((l) => {
        if (!l.linked) {
          store.setConnection('service_down');
          return;
        }
        // The status moves the tray off service_down, and a connected status refreshes the rest.
        void firstStatus();
      }),
    );
    if (!link.link.linked) store.setConnection('service_down');
  }
  void firstStatus();

  return {
    refresh,
    get person() {
      return person;
    },
    stop() {
      stopped = true;
      for (const d of disposers) d();
    },
  };
}
