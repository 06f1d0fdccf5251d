import { runServerCli } from '../../../../src/server/cli/serverCli';

async function serve(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await runServerCli(['serve', '--port', '0', ...args], { out: () => undefined, err: (l) => err.push(l) });
  return { code, err: err.join('\n') };
}

describe('pasang-server serve --office-code / --work-order-format', () => {
  it('refuses a work-order format without {seq}, or with an unknown placeholder, before starting', async () => {
    expect(await serve(['--work-order-format', '{officeCode}/{year}'])).toMatchObject({ code: 2, err: expect.stringMatching(/--work-order-format: .*needs \{seq\}/) });
    expect(await serve(['--work-order-format', '{seq}/{bulan}'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown placeholder \{bulan\}/) });
  });

  it('refuses an office code that would not fit in a number', async () => {
    expect(await serve(['--office-code', 'BPS Bengkulu/1700'])).toMatchObject({ code: 2, err: expect.stringMatching(/--office-code is 1 to 16/) });
  });
});
