import { runServerCli } from '../../../../src/server/cli/serverCli';

describe('pasang-server serve --public-url', () => {
  it.each(['ftp://pasang.example', 'not a url', 'https://pasang.example/?x=1', 'https://user:pw@pasang.example'])('refuses %j with one clear line and exit 2', async (value) => {
    const err: string[] = [];
    const code = await runServerCli(['serve', '--port', '0', '--public-url', value], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--public-url must be/);
  });
});
