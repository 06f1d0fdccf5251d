import { SopSteps, standardLimitMs } from '../../../../src/shared/sop/steps';
import { TicketActionNames, TicketActions, TicketStateInfo, TicketStates, actionsFrom, mayTake, type TicketState } from '../../../../src/shared/sop/ticketLifecycle';

describe('the SOP table', () => {
  it('has the six steps of SOP-052/17000/2025 with their standard times', () => {
    expect(SopSteps.map((s) => [s.step, s.name.id, s.standardMinutes.min, s.standardMinutes.max])).toEqual([
      [1, 'Pengajuan tiket permohonan', 5, 5],
      [2, 'Menerima alokasi tugas', 5, 5],
      [3, 'Mengecek ketersediaan perangkat lunak di repositori dan spesifikasi PC', 5, 10],
      [4, 'Proses instalasi', 20, 30],
      [5, 'Uji coba hasil instalasi', 20, 20],
      [6, 'Proses instalasi selesai', 30, 30],
    ]);
    expect(standardLimitMs(3)).toBe(10 * 60_000);
  });
});

describe('the ticket lifecycle', () => {
  it('reaches every state from a new request', () => {
    const seen = new Set<TicketState>(['submitted', 'approved']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const a of TicketActionNames) {
        const rule = TicketActions[a];
        if (!rule.from.some((s) => seen.has(s))) continue;
        for (const to of rule.to === 'check' ? (['suitable', 'not_suitable'] as const) : [rule.to]) {
          if (!seen.has(to)) {
            seen.add(to);
            changed = true;
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...TicketStates].sort());
  });

  it('leaves closed states only by reopening, and every open state has a way on', () => {
    for (const s of TicketStates) {
      const out = actionsFrom(s);
      if (TicketStateInfo[s].closed) expect(out.filter((a) => a !== 'reopen')).toEqual([]);
      else expect(out.length).toBeGreaterThan(0);
    }
  });

  it('lets the employee cancel only before installation', () => {
    const cancellable = TicketStates.filter((s) => actionsFrom(s).includes('cancel'));
    expect(cancellable.every((s) => (TicketStateInfo[s].step ?? 9) <= 3)).toBe(true);
    expect(cancellable).not.toContain('installing');
  });

  it('asks for a reason wherever someone says no', () => {
    for (const a of ['reject', 'return', 'override', 'test_failed', 'not_working', 'reopen'] as const) expect(TicketActions[a].needsNote).toBe(true);
  });

  it('decides by relation: the requester signs off, a technician cannot, the server reports install results', () => {
    expect(mayTake('sign_off', 'awaiting_signoff', new Set(['requester']))).toBe(true);
    expect(mayTake('sign_off', 'awaiting_signoff', new Set(['assigned_technician', 'admin']))).toBe(false);
    expect(mayTake('install_succeeded', 'installing', new Set(['admin']))).toBe(false);
    expect(mayTake('install_succeeded', 'installing', new Set(['system']))).toBe(true);
    expect(mayTake('approve', 'approved', new Set(['team_lead']))).toBe(false);
  });
});
