import { runServerCli } from '../../../../src/server/cli/serverCli';

describe('pasang-server serve --two-person-threshold', () => {
  it.each(['0', '-5', 'lima puluh', '2.5'])('refuses %j with one clear line and exit 2', async (value) => {
    const err: string[] = [];
    const code = await runServerCli(['serve', '--port', '0', `--two-person-threshold=${value}`], {
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--two-person-threshold must be a whole number from 1/);
  });
});
