/**
 * OS-account claims decided from the tray: unknown OS accounts on Budi's PC name team members' NIPs at their first
 * request; Sari, the Ketua Tim, sees them from her own PC's tray and confirms one and refuses another, while Budi (an
 * employee) is refused both the list and the decision. Real server, real agents, the tray's AgentApi.
 */
import { ErrorCodes } from '../../../src/shared/errors';
import { ok, startSopWorld, type SopWorld } from '../../support/sopWorld';
import { makePdf } from '../../support/tinyPdf';

jest.setTimeout(120_000);

const NIP = {
  budi: '199001012015041001',
  sari: '198505052010122002',
  rina: '199505152020122001',
  dewi: '199606162021012002',
  eko: '199707172022011003',
};

let world: SopWorld;
let itemId = '';

beforeAll(async () => {
  world = await startSopWorld({
    pcs: ['pc-budi', 'pc-sari'],
    people: [
      { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: NIP.budi, osAccount: { pc: 'pc-budi', osUser: 'budi' } },
      { username: 'sari', displayName: 'Sari Wulandari', roles: ['employee', 'team_lead'], nip: NIP.sari, osAccount: { pc: 'pc-sari', osUser: 'sari' } },
      { username: 'rina', displayName: 'Rina Marlina', roles: ['employee'], nip: NIP.rina },
      { username: 'dewi', displayName: 'Dewi Lestari', roles: ['employee'], nip: NIP.dewi },
      // Not in Sari's team: her claim is not Sari's to decide.
      { username: 'eko', displayName: 'Eko Saputra', roles: ['employee'], nip: NIP.eko, inTeam: false },
    ],
    teamLead: 'sari',
  });
  itemId = await world.debItem('pasang-klaim', '1.0.0');
  const notaDinas = { mode: 'nota_dinas' as const, fileName: 'nota-dinas.pdf', pdfBase64: (await makePdf()).toString('base64') };
  for (const [osUser, nip] of [
    ['rina', NIP.rina],
    ['dewi', NIP.dewi],
    ['eko', NIP.eko],
  ] as const) {
    // Eko has no team, so no Ketua Tim to approve: his request carries the signed Nota Dinas.
    const approval = osUser === 'eko' ? notaDinas : { mode: 'team_lead' as const };
    const r = await world.apiFor('pc-budi', osUser).submitRequest({ itemId, justification: 'Permintaan pertama dari akun ini', approval, nip });
    expect(r.queued).toBe(false);
  }
});

afterAll(async () => {
  await world?.close();
});

async function pendingClaims(): Promise<{ id: string; osUser: string; userId: string }[]> {
  return (await ok(world.h.api('GET', '/api/v1/os-accounts?pending=true'))).items;
}

describe('OS-account claims on the tray', () => {
  it("lists a Ketua Tim's pending claims: her team's members only, with name, NIP, OS user and PC", async () => {
    const sari = world.apiFor('pc-sari', 'sari');
    const { items } = await sari.osAccountClaims();
    expect(items.map((c) => c.osUser).sort()).toEqual(['dewi', 'rina']);
    const rina = items.find((c) => c.osUser === 'rina')!;
    expect(rina).toMatchObject({
      person: { id: world.userIds.rina, name: 'Rina Marlina', nip: NIP.rina },
      agentId: world.pcs['pc-budi']!.id,
      hostname: expect.any(String),
    });
    expect(rina.hostname).not.toBe('');
    expect(rina.claimedAt).toBeGreaterThan(0);
  });

  it("refuses an employee's PC both the list and a decision, and changes nothing", async () => {
    const budi = world.apiFor('pc-budi', 'budi');
    await expect(budi.osAccountClaims()).rejects.toMatchObject({ code: ErrorCodes.FORBIDDEN });
    const rinaClaim = (await pendingClaims()).find((c) => c.osUser === 'rina')!;
    await expect(budi.decideOsAccountClaim(rinaClaim.id, 'confirm')).rejects.toMatchObject({ code: ErrorCodes.FORBIDDEN });
    await expect(budi.decideOsAccountClaim(rinaClaim.id, 'refuse')).rejects.toMatchObject({ code: ErrorCodes.FORBIDDEN });
    expect((await pendingClaims()).map((c) => c.osUser).sort()).toEqual(['dewi', 'eko', 'rina']);
    // An unconfirmed claimant acts as an employee only: Rina cannot confirm herself either.
    await expect(world.apiFor('pc-budi', 'rina').decideOsAccountClaim(rinaClaim.id, 'confirm')).rejects.toMatchObject({
      code: ErrorCodes.FORBIDDEN,
    });
  });

  it("lets the Ketua Tim confirm a claim from her PC: the OS account is then the person's, confirmed and audited", async () => {
    const sari = world.apiFor('pc-sari', 'sari');
    const claim = (await sari.osAccountClaims()).items.find((c) => c.osUser === 'rina')!;
    expect(await world.apiFor('pc-budi', 'rina').whoami()).toMatchObject({ id: world.userIds.rina, confirmed: false });
    expect(await sari.decideOsAccountClaim(claim.id, 'confirm')).toEqual({ claimId: claim.id, decision: 'confirm' });
    expect(await world.apiFor('pc-budi', 'rina').whoami()).toMatchObject({ id: world.userIds.rina, confirmed: true });
    const link = (await ok(world.h.api('GET', `/api/v1/os-accounts?userId=${world.userIds.rina}`))).items[0];
    expect(link).toMatchObject({ id: claim.id, confirmed: true, confirmedBy: world.userIds.sari });
    const audit = await ok(world.h.api('GET', `/api/v1/audit?target=${encodeURIComponent(`os_account:${claim.id}`)}`));
    expect(audit.items).toContainEqual(
      expect.objectContaining({ action: 'os_account.confirm', actorId: world.userIds.sari, source: `agent:${world.pcs['pc-sari']!.id}` }),
    );
    // Confirmed claims leave her list.
    expect((await sari.osAccountClaims()).items.map((c) => c.osUser)).toEqual(['dewi']);
  });

  it('lets the Ketua Tim refuse a claim: the OS account is unknown again and its next request must name a NIP', async () => {
    const sari = world.apiFor('pc-sari', 'sari');
    const claim = (await sari.osAccountClaims()).items.find((c) => c.osUser === 'dewi')!;
    expect(await sari.decideOsAccountClaim(claim.id, 'refuse')).toEqual({ claimId: claim.id, decision: 'refuse' });
    expect(await world.apiFor('pc-budi', 'dewi').whoami()).toBeNull();
    expect((await sari.osAccountClaims()).items).toEqual([]);
    // Deciding again on what is gone, or on another team's claim, is refused the same way (nothing to probe).
    await expect(sari.decideOsAccountClaim(claim.id, 'confirm')).rejects.toMatchObject({ code: ErrorCodes.FORBIDDEN });
    const eko = (await pendingClaims()).find((c) => c.osUser === 'eko')!;
    await expect(sari.decideOsAccountClaim(eko.id, 'confirm')).rejects.toMatchObject({ code: ErrorCodes.FORBIDDEN });
    expect((await pendingClaims()).map((c) => c.osUser)).toEqual(['eko']);
  });

  it('answers a malformed claim id or an unknown decision with INVALID_PAYLOAD, changing nothing', async () => {
    const sari = world.apiFor('pc-sari', 'sari');
    await expect(sari.decideOsAccountClaim('not an id!', 'confirm')).rejects.toMatchObject({ code: ErrorCodes.INVALID_PAYLOAD });
    await expect(sari.decideOsAccountClaim('abc', 'approve' as never)).rejects.toMatchObject({ code: ErrorCodes.INVALID_PAYLOAD });
    expect((await pendingClaims()).map((c) => c.osUser)).toEqual(['eko']);
  });
});
