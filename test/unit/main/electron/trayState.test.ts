import {
  countNeedsSignOff,
  trayPatchFromPerson,
  trayPatchFromStatus,
  TrayStateStore,
  type TrayState,
} from '../../../../src/main/electron/trayState';
import { FAKE_STATUS } from '../../../support/fakeAgentApi';

function store() {
  const renders: TrayState[] = [];
  return { renders, store: new TrayStateStore((s) => renders.push({ ...s })) };
}

describe('TrayStateStore', () => {
  it('renders once per real change and returns early when nothing changed', () => {
    const { renders, store: s } = store();
    expect(s.setConnection('connected')).toBe(true);
    expect(s.setConnection('connected')).toBe(false);
    expect(s.update({ needsSignOff: 2, pendingApprovals: 1 })).toBe(true);
    expect(s.update({ needsSignOff: 2 })).toBe(false);
    expect(s.setInstalling({ jobId: 'j', itemName: 'X', state: 'downloading' })).toBe(true);
    // An equal object is no change.
    expect(s.setInstalling({ jobId: 'j', itemName: 'X', state: 'downloading' })).toBe(false);
    expect(s.setInstalling({ jobId: 'j', itemName: 'X', state: 'installing' })).toBe(true);
    expect(s.setLanguage('en')).toBe(true);
    expect(renders.map((r) => [r.connection, r.needsSignOff, r.installing?.state ?? null, r.language])).toEqual([
      ['connected', 0, null, 'id'],
      ['connected', 2, null, 'id'],
      ['connected', 2, 'downloading', 'id'],
      ['connected', 2, 'installing', 'id'],
      ['connected', 2, 'installing', 'en'],
    ]);
  });

  it('starts connecting, in Bahasa Indonesia, with no counts and no roles', () => {
    const { renders, store: s } = store();
    s.renderNow();
    expect(renders).toEqual([
      {
        connection: 'connecting',
        installing: null,
        needsSignOff: 0,
        pendingApprovals: 0,
        isStaff: false,
        isTeamLead: false,
        language: 'id',
      },
    ]);
  });
});

describe('tray patches', () => {
  it('takes the connection and the install (not its byte counts) from the status', () => {
    expect(
      trayPatchFromStatus({
        ...FAKE_STATUS,
        installing: { jobId: 'j', itemName: 'R', state: 'downloading', bytes: 10, totalBytes: 100 },
      }),
    ).toEqual({ connection: 'connected', installing: { jobId: 'j', itemName: 'R', state: 'downloading' } });
  });

  it.each([
    [['employee'], { isStaff: false, isTeamLead: false }],
    [['team_lead', 'employee'], { isStaff: false, isTeamLead: true }],
    [['technician'], { isStaff: true, isTeamLead: false }],
    [['admin', 'team_lead'], { isStaff: true, isTeamLead: true }],
  ])('roles %j → %j', (roles, patch) => {
    expect(trayPatchFromPerson({ id: 'p', name: 'n', nip: null, roles, team: null, confirmed: true })).toEqual(patch);
  });

  it('gives a person the server does not know yet no extra entries', () => {
    expect(trayPatchFromPerson(null)).toEqual({ isStaff: false, isTeamLead: false });
  });

  it('counts the tickets waiting for the user’s own sign-off', () => {
    const t = (state: string, actions: string[]) => ({ state, actions }) as never;
    expect(
      countNeedsSignOff([
        t('awaiting_signoff', ['sign_off', 'not_working']),
        t('awaiting_signoff', []),
        t('testing', []),
        t('done', ['reopen']),
      ]),
    ).toBe(1);
  });
});
