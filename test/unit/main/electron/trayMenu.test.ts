import { buildTrayMenu, type TrayMenuItem } from '../../../../src/main/electron/trayMenu';
import { INITIAL_TRAY_STATE, type TrayState } from '../../../../src/main/electron/trayState';

const state = (patch: Partial<TrayState> = {}): TrayState => ({
  ...INITIAL_TRAY_STATE,
  connection: 'connected',
  ...patch,
});
/** The menu as `id: label` lines (separators as `—`), what a user reads top to bottom. */
const lines = (items: TrayMenuItem[]) => items.map((i) => (i.type === 'separator' ? '—' : `${i.id}: ${i.label}`));
const byId = (items: TrayMenuItem[], id: string) => items.find((i) => i.id === id);

describe('buildTrayMenu', () => {
  it('gives an employee the request, my requests, my PC, language, show and quit, in Bahasa Indonesia', () => {
    expect(lines(buildTrayMenu(state()))).toEqual([
      'status: Terhubung ke server',
      '—',
      'request: Minta perangkat lunak…',
      'my-requests: Permintaan saya',
      'my-pc: PC saya',
      '—',
      'language: Bahasa',
      '—',
      'show: Tampilkan Pasang',
      'quit: Keluar',
    ]);
  });

  it('adds Persetujuan with its count for a Ketua Tim, and Buka konsol for staff', () => {
    expect(
      lines(buildTrayMenu(state({ isTeamLead: true, isStaff: true, pendingApprovals: 3, needsSignOff: 1 }))),
    ).toEqual([
      'status: Menunggu tanda tangan Anda',
      '—',
      'request: Minta perangkat lunak…',
      'my-requests: Permintaan saya (1)',
      'approvals: Persetujuan (3)',
      'my-pc: PC saya',
      'console: Buka konsol',
      '—',
      'language: Bahasa',
      '—',
      'show: Tampilkan Pasang',
      'quit: Keluar',
    ]);
  });

  it('shows Persetujuan without a count when none wait, and never to a non-lead however many there are', () => {
    expect(byId(buildTrayMenu(state({ isTeamLead: true })), 'approvals')?.label).toBe('Persetujuan');
    expect(byId(buildTrayMenu(state({ isTeamLead: false, pendingApprovals: 5 })), 'approvals')).toBeUndefined();
    expect(byId(buildTrayMenu(state({ isStaff: false })), 'console')).toBeUndefined();
  });

  it('speaks English when asked, with each language named in itself', () => {
    const menu = buildTrayMenu(state({ language: 'en', isTeamLead: true, isStaff: true, pendingApprovals: 2 }));
    expect(lines(menu)).toEqual([
      'status: Connected to the server',
      '—',
      'request: Request software…',
      'my-requests: My requests',
      'approvals: Approvals (2)',
      'my-pc: My PC',
      'console: Open console',
      '—',
      'language: Language',
      '—',
      'show: Show Pasang',
      'quit: Quit',
    ]);
    expect(byId(menu, 'language')?.submenu).toEqual([
      {
        id: 'language-id',
        type: 'radio',
        label: 'Indonesia',
        checked: false,
        enabled: true,
        action: { kind: 'language', language: 'id' },
      },
      {
        id: 'language-en',
        type: 'radio',
        label: 'English',
        checked: true,
        enabled: true,
        action: { kind: 'language', language: 'en' },
      },
    ]);
  });

  it('binds each item to its action', () => {
    const menu = buildTrayMenu(state({ isTeamLead: true, isStaff: true }));
    expect(Object.fromEntries(menu.filter((i) => i.action).map((i) => [i.id, i.action]))).toEqual({
      request: { kind: 'open', page: 'request' },
      'my-requests': { kind: 'open', page: 'my-requests' },
      approvals: { kind: 'open', page: 'approvals' },
      'my-pc': { kind: 'open', page: 'my-pc' },
      console: { kind: 'console' },
      show: { kind: 'show' },
      quit: { kind: 'quit' },
    });
    expect(byId(menu, 'status')).toMatchObject({ enabled: false });
    expect(byId(menu, 'status')?.action).toBeUndefined();
  });

  it.each<Partial<TrayState>>([
    { connection: 'offline' },
    { connection: 'service_down' },
    { connection: 'refused' },
    { installing: { jobId: 'j', itemName: 'LibreOffice', state: 'installing' } },
    { language: 'en', isStaff: true },
  ])('always has Show and Quit, enabled, last (%j)', (patch) => {
    const menu = buildTrayMenu(state(patch));
    expect(menu.slice(-2).map((i) => [i.id, i.enabled])).toEqual([
      ['show', true],
      ['quit', true],
    ]);
  });

  it('says when it is offline, installing, or without its service — and then greys out the pages', () => {
    expect(byId(buildTrayMenu(state({ connection: 'offline' })), 'status')?.label).toBe(
      'Tidak terhubung — permintaan dikirim saat kembali online',
    );
    expect(
      byId(buildTrayMenu(state({ installing: { jobId: 'j', itemName: null, state: 'downloading' } })), 'status')?.label,
    ).toBe('Sedang memasang perangkat lunak');
    const down = buildTrayMenu(state({ connection: 'service_down', isTeamLead: true }));
    expect(byId(down, 'status')?.label).toBe('Layanan Pasang tidak berjalan di PC ini');
    expect(['request', 'my-requests', 'approvals', 'my-pc'].map((id) => byId(down, id)?.enabled)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    // Offline the pages still open: requests are queued and sent when the PC is back.
    expect(byId(buildTrayMenu(state({ connection: 'offline' })), 'request')?.enabled).toBe(true);
  });

  it('is pure: the same state gives an equal menu, and the state is not touched', () => {
    const s = Object.freeze(state({ isTeamLead: true, pendingApprovals: 1 }));
    expect(buildTrayMenu(s)).toEqual(buildTrayMenu({ ...s }));
  });
});
