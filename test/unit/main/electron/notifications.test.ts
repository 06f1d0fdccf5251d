import {
  installNotification,
  NotificationDeduper,
  ticketNotification,
  updateNotification,
  type TrayNotification,
} from '../../../../src/main/electron/notifications';
import type { TicketEvent } from '../../../../src/shared/protocol/userOps';

const REQUESTER = { id: 'p-budi', name: 'Budi', nip: null };
function event(action: string, note: string | null = null): TicketEvent {
  return {
    osUsers: ['budi'],
    action,
    note,
    ticket: {
      id: 'tkt_1',
      jobId: 'job_1',
      updatedAt: 1000,
      requester: REQUESTER,
      item: { id: 'itm', name: 'LibreOffice', version: '7.6' },
    } as never,
  };
}
const asRequester = { personId: 'p-budi' };
const asLead = { personId: 'p-lead' };
const titleBody = (n: TrayNotification | null) => (n ? [n.kind, n.title, n.body, n.page] : null);

describe('ticketNotification', () => {
  it.each([
    [
      'approve',
      null,
      ['approved', 'Permintaan disetujui', 'LibreOffice disetujui Ketua Tim dan diteruskan ke teknisi.', 'my-requests'],
    ],
    ['reject', 'Tidak relevan', ['rejected', 'Permintaan ditolak', 'LibreOffice: Tidak relevan', 'my-requests']],
    ['return', 'RAM kurang', ['returned', 'Permintaan dikembalikan', 'LibreOffice: RAM kurang', 'my-requests']],
    ['install', null, ['install_started', 'Pemasangan dimulai', 'LibreOffice sedang disiapkan.', 'my-requests']],
    ['install_succeeded', null, ['install_done', 'Pemasangan selesai', 'LibreOffice terpasang.', 'my-requests']],
    [
      'install_failed',
      null,
      [
        'install_failed',
        'Pemasangan gagal',
        'LibreOffice gagal dipasang. Teknisi akan menindaklanjuti.',
        'my-requests',
      ],
    ],
    [
      'test_passed',
      null,
      [
        'sign_off',
        'Mohon tanda tangani',
        'LibreOffice sudah terpasang dan diuji. Tandatangani perintah kerja, atau laporkan jika tidak berfungsi.',
        'sign-off',
      ],
    ],
  ])('tells the requester of %s', (action, note, expected) => {
    expect(titleBody(ticketNotification(event(action, note), asRequester, 'id'))).toEqual(expected);
  });

  it('tells the Ketua Tim that a request waits for their approval, and not the requester who made it', () => {
    expect(titleBody(ticketNotification(event('submit'), asLead, 'en'))).toEqual([
      'approval_needed',
      'Approval needed',
      'Budi requests LibreOffice.',
      'approvals',
    ]);
    expect(ticketNotification(event('submit'), asRequester, 'en')).toBeNull();
  });

  it('does not tell the Ketua Tim about a request’s later steps (they are the requester’s)', () => {
    expect(ticketNotification(event('approve'), asLead, 'id')).toBeNull();
    expect(ticketNotification(event('test_passed'), asLead, 'id')).toBeNull();
  });

  it('takes a user the server has not linked to a person yet for the requester', () => {
    expect(ticketNotification(event('approve'), { personId: null }, 'en')?.title).toBe('Request approved');
  });

  it('stays quiet for staff-side steps', () => {
    for (const a of ['allocate', 'claim', 'recheck', 'hold', 'override', 'sign_off', 'cancel', 'something_new']) {
      expect(ticketNotification(event(a), asRequester, 'id')).toBeNull();
    }
  });

  it('opens the page on the ticket it is about', () => {
    expect(ticketNotification(event('test_passed'), asRequester, 'id')).toMatchObject({
      page: 'sign-off',
      params: ['tkt_1'],
    });
    expect(ticketNotification(event('submit'), asLead, 'id')).toMatchObject({ page: 'approvals', params: ['tkt_1'] });
  });

  it('speaks English', () => {
    expect(titleBody(ticketNotification(event('reject', 'Not needed'), asRequester, 'en'))).toEqual([
      'rejected',
      'Request rejected',
      'LibreOffice: Not needed',
      'my-requests',
    ]);
  });
});

describe('installNotification', () => {
  const job = (state: string, itemName: string | null = 'R') => ({
    jobId: 'job_1',
    itemName,
    state,
    bytes: null,
    totalBytes: null,
  });

  it('tells start, each later phase once, and the end', () => {
    const seq = [
      null,
      job('downloading'),
      job('downloading'),
      job('verified'),
      job('installing'),
      job('checking'),
      job('succeeded'),
      null,
    ];
    const out = seq.slice(1).map((next, i) => titleBody(installNotification(seq[i]!, next, 'id')));
    expect(out).toEqual([
      ['install_started', 'Pemasangan dimulai', 'R sedang disiapkan.', 'my-requests'],
      null,
      null,
      ['install_progress', 'Sedang memasang', 'R: memasang', 'my-requests'],
      ['install_progress', 'Sedang memasang', 'R: memeriksa hasil', 'my-requests'],
      ['install_done', 'Pemasangan selesai', 'R terpasang.', 'my-requests'],
      null,
    ]);
  });

  it('tells a failure, and nothing for a cancel', () => {
    expect(installNotification(job('installing'), job('failed'), 'en')?.title).toBe('Installation failed');
    expect(installNotification(job('installing'), job('cancelled'), 'en')).toBeNull();
  });

  it('names an install without an item as software', () => {
    expect(installNotification(null, job('downloading', null), 'en')?.body).toBe('Preparing Software.');
  });

  it('takes a new job id for a new start', () => {
    const other = { ...job('installing'), jobId: 'job_2' };
    expect(installNotification(job('checking'), other, 'en')?.kind).toBe('install_started');
  });
});

describe('NotificationDeduper', () => {
  it('shows one install’s end once, whether the ticket or the job told it first', () => {
    const d = new NotificationDeduper();
    const fromTicket = ticketNotification(event('install_succeeded'), asRequester, 'id')!;
    const fromJob = installNotification(
      { jobId: 'job_1', itemName: 'R', state: 'checking', bytes: null, totalBytes: null },
      { jobId: 'job_1', itemName: 'R', state: 'succeeded', bytes: null, totalBytes: null },
      'id',
    )!;
    expect([d.admit(fromJob), d.admit(fromTicket)]).toEqual([true, false]);
  });

  it('forgets the oldest keys past its size', () => {
    const d = new NotificationDeduper(2);
    const n = (key: string) => ({ key }) as TrayNotification;
    expect([d.admit(n('a')), d.admit(n('b')), d.admit(n('c')), d.admit(n('a')), d.admit(n('c'))]).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('updateNotification', () => {
  it('says an update is ready, in Indonesian first and in English, once per version', () => {
    const id = updateNotification('0.2.0', 'id');
    expect(titleBody(id)).toEqual([
      'update_ready',
      'Pembaruan tersedia',
      'Pasang 0.2.0 sudah diunduh dan diperiksa. Dipasang saat Pasang ditutup atau PC dimatikan.',
      'settings',
    ]);
    expect(titleBody(updateNotification('0.2.0', 'en'))?.slice(1, 2)).toEqual(['Update ready']);
    const dedupe = new NotificationDeduper();
    expect([dedupe.admit(id), dedupe.admit(updateNotification('0.2.0', 'en')), dedupe.admit(updateNotification('0.3.0', 'id'))]).toEqual([true, false, true]);
  });
});
