import { startTrayFeed, type ServiceLink } from '../../../../src/main/electron/trayFeed';
import type { TrayNotification } from '../../../../src/main/electron/notifications';
import { TrayStateStore, type TrayState } from '../../../../src/main/electron/trayState';
import { ErrorCodes, PasangError } from '../../../../src/shared/errors';
import { silentLogger } from '../../../../src/shared/logger';
import { FAKE_STATUS, FakeAgentHost } from '../../../support/fakeAgentApi';

/** Lets the feed's promise chains run (no timers involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise((r) => setImmediate(r));
}

class FakeLink implements ServiceLink {
  link = { linked: true };
  private listeners = new Set<(l: { linked: boolean }) => void>();
  onLink(l: (l: { linked: boolean }) => void) {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  }
  set(linked: boolean) {
    this.link = { linked };
    for (const l of this.listeners) l(this.link);
  }
}

function setup(options: { link?: FakeLink; roles?: string[] } = {}) {
  const host = new FakeAgentHost();
  host.results.set('whoami', {
    id: 'p-budi',
    name: 'Budi',
    nip: null,
    roles: options.roles ?? ['employee'],
    team: null,
    confirmed: true,
  });
  host.results.set('myTickets', {
    items: [
      { state: 'awaiting_signoff', actions: ['sign_off'] },
      { state: 'testing', actions: [] },
    ],
  });
  host.results.set('approvals', { items: [{}, {}, {}] });
  const renders: TrayState[] = [];
  const store = new TrayStateStore((s) => renders.push({ ...s }));
  const shown: TrayNotification[] = [];
  const feed = startTrayFeed({
    api: host.apiFor({ osUser: 'budi' }),
    store,
    notify: (n) => shown.push(n),
    logger: silentLogger,
    ...(options.link ? { link: options.link } : {}),
  });
  return { host, store, renders, shown, feed };
}

const ticket = (action: string) => ({
  osUsers: ['budi'],
  action,
  note: null,
  ticket: {
    id: 'tkt_1',
    jobId: 'job_1',
    updatedAt: 1,
    requester: { id: 'p-budi', name: 'Budi', nip: null },
    item: { id: 'i', name: 'R', version: '4' },
  },
});

describe('startTrayFeed', () => {
  it('fills the tray from the status, the person and the counts', async () => {
    const { store, feed } = setup({ roles: ['team_lead', 'employee'] });
    await settle();
    expect(store.state).toEqual({
      connection: 'connected',
      installing: null,
      needsSignOff: 1,
      pendingApprovals: 3,
      isStaff: false,
      isTeamLead: true,
      language: 'id',
    });
    expect(feed.person?.id).toBe('p-budi');
    feed.stop();
  });

  it('does not ask an employee for approvals', async () => {
    const { store, host, feed } = setup();
    await settle();
    expect(store.state.pendingApprovals).toBe(0);
    expect(host.calls.map((c) => c.method)).not.toContain('approvals');
    feed.stop();
  });

  it('notifies an install’s start, phases and end once, even when the ticket tells the end too', async () => {
    const { host, shown, store, feed } = setup();
    await settle();
    const inst = (state: string) => ({
      ...FAKE_STATUS,
      installing: { jobId: 'job_1', itemName: 'R', state, bytes: null, totalBytes: null },
    });
    for (const s of ['downloading', 'downloading', 'installing', 'checking', 'succeeded'])
      host.emit('onStatus', inst(s));
    host.emit('onTicketEvent', ticket('install_succeeded'));
    host.emit('onStatus', FAKE_STATUS);
    await settle();
    expect(shown.map((n) => n.kind)).toEqual([
      'install_started',
      'install_progress',
      'install_progress',
      'install_done',
    ]);
    expect(store.state.installing).toBeNull();
    feed.stop();
  });

  it('notifies ticket news in the tray’s language and refreshes the counts', async () => {
    const { host, shown, store, feed } = setup();
    await settle();
    store.setLanguage('en');
    host.results.set('myTickets', { items: [] });
    host.emit('onTicketEvent', ticket('approve'));
    await settle();
    expect(shown.map((n) => [n.kind, n.title])).toEqual([['approved', 'Request approved']]);
    expect(store.state.needsSignOff).toBe(0);
    feed.stop();
  });

  it('keeps the counts it had when the server cannot answer', async () => {
    const { host, store, feed } = setup();
    await settle();
    host.failures.set('myTickets', new PasangError(ErrorCodes.AGENT_OFFLINE, 'offline'));
    await feed.refresh();
    expect(store.state.needsSignOff).toBe(1);
    feed.stop();
  });

  it('shows the service as down while the link is, and refreshes when it is back', async () => {
    const link = new FakeLink();
    const { host, store, feed } = setup({ link });
    await settle();
    link.set(false);
    expect(store.state.connection).toBe('service_down');
    const before = host.calls.length;
    link.set(true);
    await settle();
    expect(store.state.connection).toBe('connected');
    expect(host.calls.slice(before).map((c) => c.method)).toEqual(['status', 'whoami', 'myTickets']);
    feed.stop();
  });

  it('stops listening when stopped', async () => {
    const { host, shown, feed } = setup();
    await settle();
    feed.stop();
    expect([
      host.listenerCount('onStatus'),
      host.listenerCount('onTicketEvent'),
      host.listenerCount('onCommandFailed'),
    ]).toEqual([0, 0, 0]);
    host.emit('onTicketEvent', ticket('approve'));
    expect(shown).toEqual([]);
  });
});
