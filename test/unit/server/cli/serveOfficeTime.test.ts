import { officeTimeOption } from '../../../../src/server/cli/officeTimeOption';
import { runServerCli } from '../../../../src/server/cli/serverCli';

async function serve(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await runServerCli(['serve', '--port', '0', ...args], { out: () => undefined, err: (l) => err.push(l) });
  return { code, err: err.join('\n') };
}

describe('pasang-server serve --office-time-zone / --office-zone-label', () => {
  it("gives Indonesia's zones their usual labels, and keeps a label given", () => {
    expect(officeTimeOption('Asia/Makassar', undefined)).toEqual({ timeZone: 'Asia/Makassar', zoneLabel: 'WITA' });
    expect(officeTimeOption('Asia/Jayapura', undefined)).toEqual({ timeZone: 'Asia/Jayapura', zoneLabel: 'WIT' });
    expect(officeTimeOption('Asia/Pontianak', undefined)).toEqual({ timeZone: 'Asia/Pontianak', zoneLabel: 'WIB' });
    expect(officeTimeOption('Asia/Makassar', 'WITA')).toEqual({ timeZone: 'Asia/Makassar', zoneLabel: 'WITA' });
    expect(officeTimeOption('Europe/Berlin', undefined)).toEqual({ timeZone: 'Europe/Berlin', zoneLabel: 'Europe/Berlin' });
    expect(officeTimeOption(undefined, undefined)).toBeNull();
  });

  it('refuses a zone that does not exist, a label alone and a label that is not a short word, before starting', async () => {
    expect(await serve(['--office-time-zone', 'Asia/Bengkulu'])).toMatchObject({ code: 2, err: expect.stringContaining('--office-time-zone: office time zone "Asia/Bengkulu" is not an IANA time zone') });
    expect(await serve(['--office-zone-label', 'WITA'])).toMatchObject({ code: 2, err: expect.stringContaining('--office-zone-label needs --office-time-zone') });
    expect(await serve(['--office-time-zone', 'Asia/Makassar', '--office-zone-label', 'WITA <b>'])).toMatchObject({ code: 2, err: expect.stringContaining('--office-zone-label is 1 to 8 letters') });
  });
});
